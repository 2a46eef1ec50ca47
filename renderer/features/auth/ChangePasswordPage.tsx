import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../common/api/methods/auth.ts';
import type { AppError } from '../../../common/result.ts';
import { call, fieldErrors } from '../../api/bridge.ts';
import { PasswordField } from '../../components/Field.tsx';
import { Brand, CenteredCard, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PasswordHelp } from '../../components/PasswordHelp.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** Forced after a temporary password (full screen), or from "Akun Saya" inside the app. */
export function ChangePasswordPage({
  forced = false,
  onDone,
  onLogout,
}: {
  forced?: boolean;
  onDone: (session: SessionView) => void;
  /** On the forced screen: a way out for someone who cannot choose a password now. */
  onLogout?: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', again: '' });
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (form.newPassword !== form.again) {
      setError({
        code: 'VALIDATION',
        message: t.setup.mismatch,
        fields: [{ path: 'again', message: t.setup.mismatch }],
      });
      return;
    }
    setBusy(true);
    const result = await call('auth.changePassword', {
      currentPassword: form.currentPassword,
      newPassword: form.newPassword,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setForm({ currentPassword: '', newPassword: '', again: '' });
    setDone(true);
    onDone(result.value);
  };

  const body = (
    <>
      {done ? <Notice tone="success">{t.changePassword.done}</Notice> : null}
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate style={{ maxWidth: 520 }}>
        <PasswordField
          label={t.changePassword.current}
          value={form.currentPassword}
          onChange={set('currentPassword')}
          error={errors.currentPassword}
          autoFocus={forced}
        />
        <PasswordField
          label={t.changePassword.next}
          hint={<PasswordHelp value={form.newPassword} />}
          value={form.newPassword}
          onChange={set('newPassword')}
          error={errors.newPassword}
        />
        <PasswordField
          label={t.changePassword.nextAgain}
          value={form.again}
          onChange={set('again')}
          error={errors.again}
        />
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {t.changePassword.submit}
        </button>
      </form>
    </>
  );

  if (forced) {
    return (
      <CenteredCard>
        <Brand />
        <h1>{t.changePassword.title}</h1>
        <Notice tone="info">{t.changePassword.forcedIntro}</Notice>
        {body}
        {onLogout ? (
          <p style={{ marginTop: '1rem' }}>
            <button type="button" className="btn btn-link" onClick={onLogout}>
              {t.nav.logout}
            </button>
          </p>
        ) : null}
      </CenteredCard>
    );
  }
  return (
    <>
      <PageHeader title={t.changePassword.title} intro={t.changePassword.intro} />
      <div className="card">{body}</div>
    </>
  );
}
