import { useId, useState, type FormEvent } from 'react';
import { SIGNAL_KINDS, type SignalKind, type SignalView } from '../../../common/api/methods/signals.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField } from '../../components/Field.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { SignalsCard } from './SignalsCard.tsx';
import { signalStrings } from './strings.ts';
import './signals.css';

type Include = 'open' | 'checked' | 'all';

/** #/sinyal: every signal with its count; #/sinyal/KIND: that signal's list. */
export function SignalsPage() {
  const path = useRoute();
  const kind = path.split('/')[2] as SignalKind | undefined;
  return kind && (SIGNAL_KINDS as readonly string[]).includes(kind) ? (
    <SignalList kind={kind} />
  ) : (
    <Overview />
  );
}

function Overview() {
  const s = useStrings(signalStrings);
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      <SignalsCard />
    </>
  );
}

function SignalList({ kind }: { kind: SignalKind }) {
  const s = useStrings(signalStrings);
  const call = useCall();
  const can = useCan();
  const [include, setInclude] = useState<Include>('open');
  const list = useLoad(() => call('signals.list', { kind, include }), [call, kind, include]);
  const [checking, setChecking] = useState<SignalView | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <a href="#/sinyal">← {s.back}</a>
      </p>
      <PageHeader title={s.kindTitle(kind)} intro={s.kindExplain(kind)} />
      <div className="toolbar">
        <SelectField label={s.show} value={include} onChange={(e) => setInclude(e.target.value as Include)}>
          <option value="open">{s.showOpen}</option>
          <option value="checked">{s.showChecked}</option>
          <option value="all">{s.showAll}</option>
        </SelectField>
      </div>
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      {!list.value && list.loading ? <p className="muted">{s.loading}</p> : null}
      {list.value?.truncated ? (
        <Notice tone="info">
          {s.truncated(
            list.value.rows.length.toLocaleString('id-ID'),
            list.value.total.toLocaleString('id-ID'),
          )}
        </Notice>
      ) : null}
      {list.value && !list.value.rows.length ? <p className="muted">{s.empty}</p> : null}
      {list.value?.rows.length ? (
        <div className="table-wrap">
          <table className="data signal-table">
            <thead>
              <tr>
                <th scope="col">{s.families}</th>
                <th scope="col">{s.reason}</th>
                <th scope="col">{s.status}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.rows.map((row) => (
                <tr key={row.key}>
                  <td>
                    <ul className="signal-families">
                      {row.families.map((f) => (
                        <li key={f.householdId}>
                          {f.desaName !== '' ? (
                            <>
                              <a href={`#/keluarga/${f.householdId}`}>{f.headName ?? s.noHead}</a>
                              <div className="muted">
                                {s.kk(f.kkNumber)} · {f.desaName}
                              </div>
                            </>
                          ) : (
                            // A family outside the caller's area comes with no KK, head or desa.
                            <span className="muted">{s.outsideArea}</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{row.reason}</td>
                  <td>
                    {row.checked ? (
                      <>
                        <div>{row.checked.note}</div>
                        <div className="muted">
                          {s.checkedBy(row.checked.by ?? '—', formatDateTimeId(row.checked.at))}
                        </div>
                      </>
                    ) : can('duplicates.review') ? (
                      <button type="button" className="btn" onClick={() => setChecking(row)}>
                        {s.check}
                      </button>
                    ) : (
                      <span className="muted">{s.notChecked}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {checking ? (
        <CheckDialog
          signal={checking}
          onClose={() => setChecking(null)}
          onDone={() => {
            setChecking(null);
            setFlash(s.saved);
            void list.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CheckDialog({
  signal,
  onClose,
  onDone,
}: {
  signal: SignalView;
  onClose: () => void;
  onDone: () => void;
}) {
  const s = useStrings(signalStrings);
  const call = useCall();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const noteError = fieldErrors(error).note;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('signals.check', { kind: signal.kind, key: signal.key, note });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };
  return (
    <Dialog title={s.checkTitle} onClose={onClose}>
      <p>{signal.reason}</p>
      {error && !noteError ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={id}>{s.note}</label>
          <textarea
            id={id}
            rows={4}
            maxLength={500}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              setError(null);
            }}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={`${id}-hint${noteError ? ` ${id}-error` : ''}`}
          />
          <div className="hint" id={`${id}-hint`}>
            {s.noteHint}
          </div>
          {noteError ? (
            <div className="error" id={`${id}-error`} role="alert">
              {noteError}
            </div>
          ) : null}
        </div>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.saving : s.save}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
