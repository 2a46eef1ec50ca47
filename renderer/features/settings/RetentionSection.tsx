import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { RETENTION_YEARS, type RetentionPreviewView } from '../../../common/api/methods/admin.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { retentionStrings } from './retentionStrings.ts';

/**
 * UU PDP retention: how long a removed family's data is kept, who the next purge would remove
 * (and who waits, and why), and the purge itself, asked for first and never undone.
 */
export function RetentionSection() {
  const s = useStrings(retentionStrings);
  const call = useCall();
  const [preview, setPreview] = useState<RetentionPreviewView | null>(null);
  const [years, setYears] = useState<number | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const errors = fieldErrors(error);

  const load = useCallback(async () => {
    const result = await call('retention.preview', {});
    if (!result.ok) return setError(result.error);
    setPreview(result.value);
    setYears((current) => current ?? result.value.years);
  }, [call]);
  useEffect(() => void load(), [load]);

  const saveYears = async (e: FormEvent) => {
    e.preventDefault();
    if (years === null) return;
    const result = await call('settings.update', { retentionYears: years });
    if (!result.ok) return setError(result.error);
    setError(null);
    setMessage(s.yearsSaved(result.value.retentionYears));
    await load();
  };

  const purge = async () => {
    if (!preview) return;
    const result = await call('retention.purge', { expected: preview.due });
    setConfirming(false);
    if (!result.ok) {
      setError(result.error);
      return load();
    }
    setError(null);
    setMessage(s.purged(result.value.households, result.value.people));
    await load();
  };

  if (!preview) return error ? <Notice tone="error">{error.message}</Notice> : null;
  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">{s.title}</h2>
      <p>{s.intro}</p>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={saveYears} noValidate style={{ maxWidth: 420 }}>
        <TextField
          label={s.years}
          hint={s.yearsHint}
          type="number"
          min={RETENTION_YEARS.min}
          max={RETENTION_YEARS.max}
          value={years ?? ''}
          onChange={(e) => setYears(Number(e.target.value))}
          error={errors.retentionYears}
        />
        <button type="submit" className="btn">
          {s.saveYears}
        </button>
      </form>
      <h3 id="retention-preview">{s.previewTitle(preview.cutoff)}</h3>
      {preview.items.length === 0 ? (
        <p className="muted">{s.nothingDue}</p>
      ) : (
        <table className="data" aria-labelledby="retention-preview">
          <thead>
            <tr>
              <th scope="col">{s.who}</th>
              <th scope="col">{s.desa}</th>
              <th scope="col">{s.removedAt}</th>
              <th scope="col">{s.people}</th>
              <th scope="col">{s.state}</th>
            </tr>
          </thead>
          <tbody>
            {preview.items.map((item) => (
              <tr key={item.id}>
                <td>
                  {item.kind === 'keluarga' ? s.family : s.person}: {item.label}
                </td>
                <td>{item.desaName}</td>
                <td>{item.removedAt}</td>
                <td>{item.people}</td>
                <td>{item.deferredBecause ?? s.willPurge}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.due > 0 ? (
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
          {s.purgeButton(preview.due)}
        </button>
      ) : null}
      {confirming ? (
        <Dialog title={s.confirmTitle} onClose={() => setConfirming(false)}>
          <p>{s.confirmText(preview.due)}</p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {s.back}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void purge()}>
              {s.confirmPurge}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
