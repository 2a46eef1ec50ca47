import { useEffect, useState, type FormEvent } from 'react';
import type { SessionView } from '../../../common/api/methods/auth.ts';
import type { AppError } from '../../../common/result.ts';
import { call } from '../../api/bridge.ts';
import { PasswordField, TextField } from '../../components/Field.tsx';
import { Brand, CenteredCard } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

export function LoginPage({
  notice,
  demo,
  onLogin,
  onForgot,
}: {
  notice?: string | undefined;
  demo: boolean;
  onLogin: (session: SessionView) => void;
  onForgot: () => void;
}) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  }, [waitUntil, now]);

  const waiting = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('auth.login', { username, password });
    setBusy(false);
    if (result.ok) return onLogin(result.value);
    setError(result.error);
    setPassword('');
    if (result.error.retryAfterSeconds) {
      setWaitUntil(Date.now() + result.error.retryAfterSeconds * 1000);
      setNow(Date.now());
    }
  };

  return (
    <CenteredCard>
      <Brand />
      {demo ? <Notice tone="warning">{t.app.demoBanner}</Notice> : null}
      <h1>{t.login.title}</h1>
      {notice && !error ? <Notice tone="info">{notice}</Notice> : null}
      {error ? (
        <Notice tone="error">
          {error.message}
          {waiting > 0 ? ` ${t.login.waitSeconds(waiting)}` : ''}
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t.login.username}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
        />
        <PasswordField
          label={t.login.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button
          className="btn btn-primary"
          type="submit"
          disabled={busy || waiting > 0 || !username || !password}
        >
          {busy ? t.login.submitting : t.login.submit}
        </button>
      </form>
      <p style={{ marginTop: '1.25rem' }}>
        <button type="button" className="btn btn-link" onClick={onForgot}>
          {t.login.forgot}
        </button>
      </p>
      <p className="muted">{t.login.forgotOther}</p>
    </CenteredCard>
  );
}
