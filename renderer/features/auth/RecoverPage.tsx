import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../common/api/methods/auth.ts';
import type { AppError } from '../../../common/result.ts';
import { call, fieldErrors } from '../../api/bridge.ts';
import { PasswordField, TextField } from '../../components/Field.tsx';
import { Brand, CenteredCard } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PasswordHelp } from '../../components/PasswordHelp.tsx';
import { useT } from '../../i18n/i18n.tsx';

export function RecoverPage({
  onDone,
  onBack,
}: {
  onDone: (session: SessionView) => void;
  onBack: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ recoveryCode: '', username: '', newPassword: '' });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('auth.recover', form);
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setError(result.error);
  };

  return (
    <CenteredCard>
      <Brand />
      <h1>{t.recover.title}</h1>
      <p>{t.recover.intro}</p>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t.recover.code}
          hint={t.recover.codeHint}
          value={form.recoveryCode}
          onChange={set('recoveryCode')}
          error={errors.recoveryCode}
          className="mono"
          autoFocus
          spellCheck={false}
        />
        <TextField
          label={t.recover.username}
          value={form.username}
          onChange={set('username')}
          error={errors.username}
          autoCapitalize="none"
          spellCheck={false}
        />
        <PasswordField
          label={t.recover.newPassword}
          hint={<PasswordHelp value={form.newPassword} />}
          value={form.newPassword}
          onChange={set('newPassword')}
          error={errors.newPassword}
        />
        <div className="btn-row">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {t.recover.submit}
          </button>
          <button className="btn" type="button" onClick={onBack}>
            {t.common.back}
          </button>
        </div>
      </form>
    </CenteredCard>
  );
}
