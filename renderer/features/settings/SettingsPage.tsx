import { useEffect, useState, type FormEvent } from 'react';
import type { ImportLimitsView, SettingsView } from '../../../common/api/methods/admin.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { PasswordField, SelectField, TextField } from '../../components/Field.tsx';
import { JobStatus } from '../../components/JobStatus.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { jobBusy, useJob } from '../../components/useJob.ts';
import { useI18n, type Locale } from '../../i18n/i18n.tsx';
import { RetentionSection } from './RetentionSection.tsx';

export function SettingsPage() {
  const { t, locale, setLocale } = useI18n();
  const can = useCan();
  return (
    <>
      <PageHeader title={t.settings.title} />
      <GeneralSettings editable={can('settings.manage')} />
      <section className="card">
        <h2>{t.settings.language}</h2>
        <div style={{ maxWidth: 320 }}>
          <SelectField
            label={t.settings.language}
            value={locale}
            onChange={(e) => setLocale(e.target.value as Locale)}
          >
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </SelectField>
        </div>
      </section>
      {can('backup.run') ? <BackupSection /> : null}
      {can('keys.manage') ? <KeySection /> : null}
      {can('retention.purge') ? <RetentionSection /> : null}
    </>
  );
}

const IMPORT_LIMIT_FIELDS = [
  'maxFileMb',
  'maxUncompressedMb',
  'maxCompressionRatio',
  'maxRows',
  'maxColumns',
] as const satisfies readonly (keyof ImportLimitsView)[];

function GeneralSettings({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const call = useCall();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error);

  useEffect(() => {
    void call('settings.get', {}).then((r) => (r.ok ? setSettings(r.value) : setError(r.error)));
  }, [call]);

  if (!settings) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('settings.update', settings);
    setSaved(result.ok);
    if (result.ok) {
      setSettings(result.value);
      setError(null);
    } else setError(result.error);
  };
  return (
    <section className="card">
      <h2>{t.settings.general}</h2>
      {saved ? <Notice tone="success">{t.settings.saved}</Notice> : null}
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="form-grid">
            <TextField
              label={t.settings.officeName}
              value={settings.officeName}
              onChange={(e) => setSettings({ ...settings, officeName: e.target.value })}
              error={errors.officeName}
            />
            <TextField
              label={t.settings.idleLock}
              hint={t.settings.idleLockHint}
              type="number"
              min={1}
              max={240}
              value={settings.idleLockMinutes}
              onChange={(e) => setSettings({ ...settings, idleLockMinutes: Number(e.target.value) })}
              error={errors.idleLockMinutes}
            />
            <TextField
              label={t.settings.cityPrefix}
              hint={t.settings.cityPrefixHint}
              value={settings.cityPrefix}
              inputMode="numeric"
              onChange={(e) => setSettings({ ...settings, cityPrefix: e.target.value })}
              error={errors.cityPrefix}
            />
          </div>
          <h3>{t.settings.importLimits}</h3>
          <p className="muted">{t.settings.importLimitsIntro}</p>
          <div className="form-grid">
            {IMPORT_LIMIT_FIELDS.map((field) => (
              <TextField
                key={field}
                label={t.settings.limit[field]}
                type="number"
                min={1}
                value={settings.importLimits[field]}
                onChange={(e) =>
                  setSettings({
                    ...settings,
                    importLimits: { ...settings.importLimits, [field]: Number(e.target.value) },
                  })
                }
                error={errors[`importLimits.${field}`]}
              />
            ))}
          </div>
          {editable ? (
            <button type="submit" className="btn btn-primary">
              {t.common.save}
            </button>
          ) : null}
        </fieldset>
      </form>
    </section>
  );
}

function BackupSection() {
  const { t } = useI18n();
  const call = useCall();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJob(jobId);

  const start = async () => {
    setError(null);
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const chosen = await call('files.chooseSave', {
      purpose: 'backup',
      suggestedName: `bansos-${stamp}.bansos-backup`,
    });
    if (!chosen.ok) return setError(chosen.error.message);
    if (!chosen.value) return;
    const started = await call('backup.start', { target: chosen.value.handle });
    if (started.ok) setJobId(started.value.jobId);
    else setError(started.error.message);
  };

  const result = job?.state === 'done' ? (job.result as { fileName: string }) : null;
  return (
    <section className="card">
      <h2>{t.settings.backup}</h2>
      <p>{t.settings.backupIntro}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <JobStatus job={job} />
      {result ? (
        <Notice tone="success">
          {t.settings.backupDone(result.fileName)}{' '}
          {window.location.protocol.startsWith('http') ? (
            <a href={`/downloads/${encodeURIComponent(result.fileName)}`}>{t.settings.download}</a>
          ) : null}
        </Notice>
      ) : null}
      <button type="button" className="btn btn-primary" onClick={start} disabled={jobBusy(jobId, job)}>
        {t.settings.backupNow}
      </button>
    </section>
  );
}

function KeySection() {
  const { t } = useI18n();
  const call = useCall();
  const [asking, setAsking] = useState<'rotate' | 'recovery' | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (asking === 'rotate') {
      const result = await call('keys.rotate', { password });
      if (!result.ok) return setError(result.error.message);
      setMessage(t.settings.rotateDone(formatDateTimeId(result.value.rotatedAt)));
    } else {
      const result = await call('keys.newRecoveryCode', { password });
      if (!result.ok) return setError(result.error.message);
      setRecoveryCode(result.value.recoveryCode);
    }
    setAsking(null);
    setPassword('');
    setError(null);
  };

  return (
    <section className="card">
      <h2>{t.settings.keys}</h2>
      <p>{t.settings.keysIntro}</p>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {recoveryCode ? (
        <>
          <Notice tone="warning">{t.settings.newRecoveryIntro}</Notice>
          <div className="recovery-code">{recoveryCode}</div>
        </>
      ) : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={() => setAsking('rotate')}>
          {t.settings.rotate}
        </button>
        <button type="button" className="btn" onClick={() => setAsking('recovery')}>
          {t.settings.newRecovery}
        </button>
      </div>
      {asking ? (
        <Dialog
          title={asking === 'rotate' ? t.settings.rotate : t.settings.newRecovery}
          onClose={() => setAsking(null)}
        >
          <form onSubmit={confirm} noValidate>
            <PasswordField
              label={t.settings.confirmPassword}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={error ?? undefined}
            />
            <div className="btn-row">
              <button type="submit" className="btn btn-primary" disabled={!password}>
                {t.common.continue}
              </button>
              <button type="button" className="btn" onClick={() => setAsking(null)}>
                {t.common.cancel}
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </section>
  );
}
