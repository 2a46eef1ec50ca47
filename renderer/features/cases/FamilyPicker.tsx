import { useState, type FormEvent } from 'react';
import type { PersonRow } from '../../../common/api/methods/registry.ts';
import type { AppError } from '../../../common/result.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { casesStrings } from './strings.ts';

export interface PickedFamily {
  householdId: string;
  personId: string;
  members: { id: string; name: string }[];
}

/** Finds a family by a member's name, NIK or KK number, then hands over its members. */
export function FamilyPicker({
  onClose,
  onPicked,
}: {
  onClose: () => void;
  onPicked: (family: PickedFamily) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<PersonRow[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('registry.findPeople', { query: query.trim(), limit: 30 });
    setBusy(false);
    if (result.ok) {
      setRows(result.value);
      setError(null);
    } else setError(result.error);
  };

  const pick = async (row: PersonRow) => {
    const result = await call('households.get', { id: row.householdId });
    if (!result.ok) return setError(result.error);
    onPicked({
      householdId: row.householdId,
      personId: row.personId,
      members: result.value.members
        .filter((m) => m.status === 'aktif')
        .map((m) => ({ id: m.id, name: m.name })),
    });
  };

  return (
    <Dialog title={s.pickFamilyTitle} onClose={onClose}>
      <p>{s.pickFamilyIntro}</p>
      <form onSubmit={search} noValidate className="toolbar">
        <div style={{ flex: 1 }}>
          <TextField
            label={s.search}
            hint={s.searchHint}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            error={error?.fields?.[0]?.message}
            autoComplete="off"
          />
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || query.trim().length < 2}
          style={{ marginBottom: '1.6rem' }}
        >
          {busy ? s.searching : s.searchButton}
        </button>
      </form>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      {rows && rows.length === 0 ? <Notice tone="info">{s.noPeople}</Notice> : null}
      {rows && rows.length > 0 ? (
        <ul style={{ listStyle: 'none', padding: 0, margin: '0 0 1rem' }}>
          {rows.map((r) => (
            <li
              key={r.personId}
              style={{
                display: 'flex',
                gap: '0.75rem',
                alignItems: 'center',
                justifyContent: 'space-between',
                padding: '0.5rem 0',
                borderBottom: '1px solid var(--border)',
              }}
            >
              <span>
                <strong>{r.name}</strong>
                <br />
                <span className="muted" style={{ fontSize: '0.92rem' }}>
                  {s.nikLabel} <span className="mono">{r.nik ?? '—'}</span> · {s.kkLabel}{' '}
                  <span className="mono">{r.kkNumber ?? '—'}</span> · {r.desaName}
                </span>
              </span>
              <button type="button" className="btn btn-sm" onClick={() => void pick(r)}>
                {s.choose}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onClose}>
          {s.cancel}
        </button>
      </div>
    </Dialog>
  );
}
