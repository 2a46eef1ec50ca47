import { useState, type FormEvent } from 'react';
import type { LockReason, SessionView } from '../../../common/api/methods/auth.ts';
import type { AppError } from '../../../common/result.ts';
import { call } from '../../api/bridge.ts';
import { PasswordField } from '../../components/Field.tsx';
import { Brand, CenteredCard } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** Covers everything: nothing of the data stays on screen while the computer is unattended. */
export function LockScreen({
  session,
  reason,
  onUnlock,
  onLogout,
}: {
  session: SessionView;
  reason: LockReason;
  onUnlock: (session: SessionView) => void;
  onLogout: () => void;
}) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('auth.unlock', { password });
    setBusy(false);
    setPassword('');
    if (result.ok) onUnlock(result.value);
    else setError(result.error);
  };

  return (
    <CenteredCard>
      <Brand />
      <h1>{t.lock.title}</h1>
      <p>{t.lock[reason]}</p>
      <p>
        <strong>{t.lock.lockedFor(`${session.user.fullName} (${session.user.username})`)}</strong>
      </p>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <PasswordField
          label={t.login.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
        />
        <div className="btn-row">
          <button className="btn btn-primary" type="submit" disabled={busy || !password}>
            {t.lock.unlock}
          </button>
          <button className="btn" type="button" onClick={onLogout}>
            {t.lock.otherUser}
          </button>
        </div>
      </form>
    </CenteredCard>
  );
}
