import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  REPORT_KINDS,
  type ReportKind,
  type ReportSettingsView,
  type SignerSetting,
} from '../../../common/api/methods/reports.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { reportStrings } from './strings.ts';

type Logo = { mime: 'image/png' | 'image/jpeg'; dataBase64: string } | null | undefined;

const EMPTY_SIGNER: SignerSetting = { caption: '', position: '', name: '', rank: '', nip: '' };

/** Letterhead, city, and per report the signatories and NIK masking (admins change them). */
export function ReportSettingsForm() {
  const s = useStrings(reportStrings);
  const call = useCall();
  const can = useCan();
  const editable = can('settings.manage');
  const [form, setForm] = useState<ReportSettingsView | null>(null);
  const [logo, setLogo] = useState<Logo>(undefined);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void call('reports.settings', {}).then((r) => {
      if (r.ok) setForm(r.value);
      else setMessage({ tone: 'error', text: r.error.message });
    });
  }, [call]);

  if (!form) return message ? <Notice tone="error">{message.text}</Notice> : null;

  const kop = form.kop;
  const setKop = (patch: Partial<ReportSettingsView['kop']>) =>
    setForm({ ...form, kop: { ...kop, ...patch } });
  const setReport = (kind: ReportKind, patch: Partial<ReportSettingsView['reports'][ReportKind]>) =>
    setForm({ ...form, reports: { ...form.reports, [kind]: { ...form.reports[kind], ...patch } } });
  const setSigner = (kind: ReportKind, i: number, patch: Partial<SignerSetting>) =>
    setReport(kind, {
      signers: form.reports[kind].signers.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    });

  const pickLogo = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > 300 * 1024) return setMessage({ tone: 'error', text: s.logoTooBig });
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      const mime = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
      setLogo({ mime, dataBase64: url.slice(url.indexOf(',') + 1) });
      setForm({ ...form, logo: url });
    };
    reader.readAsDataURL(file);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('reports.saveSettings', {
      kop: { ...kop, lines: kop.lines.filter((l, i) => i === 0 || l.trim() !== '') },
      city: form.city,
      reports: form.reports,
      ...(logo !== undefined ? { logo } : {}),
    });
    if (!result.ok) {
      setErrors(fieldErrors(result.error));
      return setMessage({ tone: 'error', text: result.error.message });
    }
    setErrors({});
    setForm(result.value);
    setLogo(undefined);
    setMessage({ tone: 'success', text: s.settingsSaved });
  };

  const lines = [...kop.lines, '', '', '', ''].slice(0, 4);
  return (
    <form className="card report-settings" onSubmit={save}>
      <p>{s.settingsIntro}</p>
      {!editable ? <Notice tone="info">{s.settingsReadOnly}</Notice> : null}
      <fieldset disabled={!editable}>
        <h2>{s.kop}</h2>
        <div className="form-grid">
          {lines.map((line, i) => (
            <TextField
              key={i}
              label={s.kopLine(i + 1)}
              value={line}
              onChange={(e) => setKop({ lines: lines.map((l, j) => (j === i ? e.target.value : l)) })}
              error={errors[`kop.lines.${i}`]}
            />
          ))}
        </div>
        <TextField
          label={s.address}
          value={kop.address}
          onChange={(e) => setKop({ address: e.target.value })}
        />
        <div className="form-grid">
          <TextField label={s.phone} value={kop.phone} onChange={(e) => setKop({ phone: e.target.value })} />
          <TextField label={s.email} value={kop.email} onChange={(e) => setKop({ email: e.target.value })} />
          <TextField
            label={s.website}
            value={kop.website}
            onChange={(e) => setKop({ website: e.target.value })}
          />
          <TextField
            label={s.city}
            hint={s.cityHint}
            value={form.city}
            onChange={(e) => setForm({ ...form, city: e.target.value })}
            error={errors.city}
          />
        </div>
        <div className="field">
          <label htmlFor="report-logo">{s.logo}</label>
          <div className="btn-row">
            {form.logo ? (
              <img src={form.logo} alt="" className="report-logo" />
            ) : (
              <span className="muted">{s.noLogo}</span>
            )}
            <input id="report-logo" type="file" accept="image/png,image/jpeg" onChange={pickLogo} />
            {form.logo ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => {
                  setLogo(null);
                  setForm({ ...form, logo: null });
                }}
              >
                {s.removeLogo}
              </button>
            ) : null}
          </div>
          {errors.logo ? <div className="error">{errors.logo}</div> : null}
        </div>

        <h2>{s.perReport}</h2>
        {REPORT_KINDS.map((kind) => (
          <details key={kind} className="report-signers">
            <summary>{s.kinds[kind]}</summary>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.reports[kind].maskNik}
                onChange={(e) => setReport(kind, { maskNik: e.target.checked })}
              />
              {s.maskNik}
            </label>
            {form.reports[kind].signers.map((signer, i) => (
              <fieldset key={i} className="signer-fields">
                <legend>{s.signer(i + 1)}</legend>
                <div className="form-grid">
                  <TextField
                    label={s.caption}
                    value={signer.caption}
                    onChange={(e) => setSigner(kind, i, { caption: e.target.value })}
                  />
                  <TextField
                    label={s.position}
                    value={signer.position}
                    onChange={(e) => setSigner(kind, i, { position: e.target.value })}
                  />
                  <TextField
                    label={s.name}
                    value={signer.name}
                    onChange={(e) => setSigner(kind, i, { name: e.target.value })}
                  />
                  <TextField
                    label={s.rank}
                    value={signer.rank}
                    onChange={(e) => setSigner(kind, i, { rank: e.target.value })}
                  />
                  <TextField
                    label={s.nip}
                    value={signer.nip}
                    inputMode="numeric"
                    onChange={(e) => setSigner(kind, i, { nip: e.target.value })}
                    error={errors[`reports.${kind}.signers.${i}.nip`]}
                  />
                </div>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() =>
                    setReport(kind, { signers: form.reports[kind].signers.filter((_, j) => j !== i) })
                  }
                >
                  {s.removeSigner}
                </button>
              </fieldset>
            ))}
            {form.reports[kind].signers.length < 3 ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => setReport(kind, { signers: [...form.reports[kind].signers, EMPTY_SIGNER] })}
              >
                + {s.addSigner}
              </button>
            ) : null}
          </details>
        ))}
      </fieldset>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {editable ? (
        <button type="submit" className="btn btn-primary">
          {s.saveSettings}
        </button>
      ) : null}
    </form>
  );
}
