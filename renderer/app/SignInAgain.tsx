import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../common/api/methods/auth.ts';
import type { AppError } from '../../common/result.ts';
import { call } from '../api/bridge.ts';
import { PasswordField, TextField } from '../components/Field.tsx';
import { Brand, CenteredCard } from '../components/Layout.tsx';
import { Notice } from '../components/Notice.tsx';
import { useStrings, useT } from '../i18n/i18n.tsx';
import { unsavedStrings } from './unsavedStrings.ts';

/**
 * Shown over the page, like the lock screen, when the session ended (logged out in another
 * tab, password changed) while a form held typed work: the page stays mounted, hidden and
 * inert, so after signing in again the work is there to save. Who signs in is decided by App.
 */
export function SignInAgain({
  session,
  reason,
  onSignedIn,
  onDiscard,
}: {
  session: SessionView;
  reason: string;
  onSignedIn: (session: SessionView) => void;
  onDiscard: () => void;
}) {
  const t = useT();
  const u = useStrings(unsavedStrings);
  const [username, setUsername] = useState(session.user.username);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('auth.login', { username, password });
    setBusy(false);
    setPassword('');
    if (result.ok) onSignedIn(result.value);
    else setError(result.error);
  };

  return (
    <CenteredCard>
      <Brand />
      <h1>{u.endedTitle}</h1>
      <Notice tone="info">{reason}</Notice>
      <p>
        <strong>{u.endedKeep}</strong>
      </p>
      <p>{u.endedSameUser(`${session.user.fullName} (${session.user.username})`)}</p>
      <p className="muted">{u.endedOtherUser}</p>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t.login.username}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <PasswordField
          label={t.login.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
        />
        <div className="btn-row">
          <button className="btn btn-primary" type="submit" disabled={busy || !password || !username}>
            {u.signIn}
          </button>
          <button className="btn" type="button" onClick={onDiscard}>
            {u.discard}
          </button>
        </div>
      </form>
    </CenteredCard>
  );
}
