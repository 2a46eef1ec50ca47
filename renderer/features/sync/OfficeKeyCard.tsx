import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useCall } from '../../app/session.tsx';
import { TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { K } from './officeKeyStrings.ts';

/**
 * The office files key (issue 16): made on the first workstation and typed on the others, so
 * attachment files cross the central server sealed. The code shows only on request (audited).
 */
export function OfficeKeyCard() {
  const call = useCall();
  const [present, setPresent] = useState<boolean | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call('attachments.officeKey', { reveal: false });
    if (result.ok) setPresent(result.value.present);
    else setError(result.error.message);
  }, [call]);
  useEffect(() => void load(), [load]);

  const install = async (input: { code?: string }) => {
    setBusy(true);
    setError(null);
    const result = await call('attachments.setOfficeKey', input);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setPresent(true);
    // The first workstation sees its new code at once; another one already has it on paper.
    setCode(input.code ? null : result.value.code);
    setTyped('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void install({ code: typed });
  };
  const reveal = async () => {
    const result = await call('attachments.officeKey', { reveal: true });
    if (result.ok) setCode(result.value.code);
    else setError(result.error.message);
  };

  if (present === null) return error ? <Notice tone="error">{error}</Notice> : null;
  return (
    <section className="card" aria-labelledby="office-key" data-testid="office-key">
      <h2 id="office-key">{K.title}</h2>
      <p className="muted">{K.intro}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {present ? (
        <>
          <Notice tone="success">{K.present}</Notice>
          {code ? (
            <>
              <p>{K.codeShown}</p>
              <p
                data-testid="office-key-code"
                style={{ fontFamily: 'monospace', fontSize: '1.15rem', overflowWrap: 'anywhere' }}
              >
                {code}
              </p>
              <button type="button" className="btn" onClick={() => setCode(null)}>
                {K.hide}
              </button>
            </>
          ) : (
            <button type="button" className="btn" onClick={() => void reveal()}>
              {K.reveal}
            </button>
          )}
        </>
      ) : (
        <>
          <Notice tone="warning">{K.missing}</Notice>
          <h3>{K.firstTitle}</h3>
          <p>{K.firstExplain}</p>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void install({})}>
            {busy ? K.working : K.make}
          </button>
          <h3>{K.otherTitle}</h3>
          <p>{K.otherExplain}</p>
          <form onSubmit={submit}>
            <TextField
              label={K.codeLabel}
              hint={K.codeHint}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              required
            />
            <button type="submit" className="btn" disabled={busy || !typed.trim()}>
              {busy ? K.working : K.install}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
