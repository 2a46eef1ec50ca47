import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../common/api/methods/auth.ts';
import type { AppError } from '../../../common/result.ts';
import { call, fieldErrors } from '../../api/bridge.ts';
import { PasswordField, TextField } from '../../components/Field.tsx';
import { Brand, CenteredCard } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PasswordHelp } from '../../components/PasswordHelp.tsx';
import { useT } from '../../i18n/i18n.tsx';

export function SetupPage({ onDone }: { onDone: (recoveryCode: string, session: SessionView) => void }) {
  const t = useT();
  const [form, setForm] = useState({
    officeName: 'Dinas Sosial Kota Batu',
    fullName: '',
    username: '',
    password: '',
    again: '',
  });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.password !== form.again) {
      setError({
        code: 'VALIDATION',
        message: t.setup.mismatch,
        fields: [{ path: 'again', message: t.setup.mismatch }],
      });
      return;
    }
    setBusy(true);
    const result = await call('setup.init', {
      officeName: form.officeName,
      fullName: form.fullName,
      username: form.username,
      password: form.password,
    });
    setBusy(false);
    if (result.ok) onDone(result.value.recoveryCode, result.value.session);
    else setError(result.error);
  };

  return (
    <CenteredCard>
      <Brand />
      <h1>{t.setup.title}</h1>
      <p>{t.setup.intro}</p>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t.setup.officeName}
          value={form.officeName}
          onChange={set('officeName')}
          error={errors.officeName}
          required
        />
        <TextField
          label={t.setup.fullName}
          value={form.fullName}
          onChange={set('fullName')}
          error={errors.fullName}
          autoComplete="name"
          required
          autoFocus
        />
        <TextField
          label={t.setup.username}
          hint={t.setup.usernameHint}
          value={form.username}
          onChange={set('username')}
          error={errors.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <PasswordField
          label={t.setup.password}
          hint={<PasswordHelp value={form.password} />}
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          required
        />
        <PasswordField
          label={t.setup.passwordAgain}
          value={form.again}
          onChange={set('again')}
          error={errors.again}
          required
        />
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t.setup.creating : t.setup.create}
        </button>
      </form>
    </CenteredCard>
  );
}
