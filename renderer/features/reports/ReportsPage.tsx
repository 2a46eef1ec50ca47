import { useRef, useState, type FormEvent } from 'react';
import {
  REPORT_KINDS,
  type ReportKind,
  type ReportParams,
  type ReportPreview,
} from '../../../common/api/methods/reports.ts';
import { formatDateId } from '../../../common/format.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { MonthField, monthsAgoWib } from '../../components/MonthField.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { ReportFrame, type ReportFrameHandle } from './ReportFrame.tsx';
import { ReportSettingsForm } from './ReportSettingsForm.tsx';
import { reportStrings } from './strings.ts';
import './reports.css';

type Tab = 'cetak' | 'pengaturan' | 'kode';

/** #/laporan (print), #/laporan/pengaturan (settings), #/laporan/kode (check a code). */
export function ReportsPage() {
  const s = useStrings(reportStrings);
  const can = useCan();
  const path = useRoute();
  const requested: Tab = path.endsWith('/pengaturan')
    ? 'pengaturan'
    : path.endsWith('/kode')
      ? 'kode'
      : 'cetak';
  const tabs: { key: Tab; label: string }[] = [
    ...(can('reports.read') ? [{ key: 'cetak' as const, label: s.tabPrint }] : []),
    ...(can('settings.manage') || can('reports.read')
      ? [{ key: 'pengaturan' as const, label: s.tabSettings }]
      : []),
    ...(can('reports.read') ? [{ key: 'kode' as const, label: s.tabVerify }] : []),
  ];
  const active = tabs.find((t) => t.key === requested)?.key ?? tabs[0]?.key;
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      {!active ? (
        <Notice tone="info">{s.noAccess}</Notice>
      ) : (
        <Tabs<Tab>
          tabs={tabs}
          active={active}
          onChange={(k) =>
            navigate(
              k === 'cetak' ? '/laporan' : k === 'pengaturan' ? '/laporan/pengaturan' : '/laporan/kode',
            )
          }
        >
          {active === 'cetak' ? (
            <PrintPanel />
          ) : active === 'pengaturan' ? (
            <ReportSettingsForm />
          ) : (
            <VerifyPanel />
          )}
        </Tabs>
      )}
    </>
  );
}

const NEEDS: Record<
  ReportKind,
  { period: boolean; program: 'optional' | 'required' | 'no'; desa: boolean; nik: boolean }
> = {
  bulanan: { period: true, program: 'optional', desa: false, nik: false },
  bnba: { period: true, program: 'required', desa: true, nik: false },
  rekap: { period: true, program: 'optional', desa: false, nik: false },
  verifikasi: { period: true, program: 'no', desa: false, nik: false },
  pengaduan: { period: true, program: 'no', desa: false, nik: false },
  'data-saya': { period: false, program: 'no', desa: false, nik: true },
};

function PrintPanel() {
  const s = useStrings(reportStrings);
  const call = useCall();
  const can = useCan();
  const [kind, setKind] = useState<ReportKind>('bulanan');
  const [period, setPeriod] = useState(() => monthsAgoWib(1));
  const [programCode, setProgramCode] = useState('');
  const [desaCode, setDesaCode] = useState('');
  const [nik, setNik] = useState('');
  const [preview, setPreview] = useState<ReportPreview | null>(null);
  const [shownParams, setShownParams] = useState<ReportParams | null>(null);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState<null | 'preview' | 'pdf' | 'xlsx'>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [reissuing, setReissuing] = useState(false);
  const frame = useRef<ReportFrameHandle>(null);
  const programs = useLoad(() => call('reference.programs', {}), [call]);
  const regions = useLoad(() => call('regions.list', {}), [call]);
  const need = NEEDS[kind];
  const programList = (programs.value ?? []).filter((p) => kind === 'rekap' || p.benefit === 'cash');
  const desaList = (regions.value ?? []).filter((r) => r.level === 'desa' || r.level === 'kelurahan');

  const params = (): ReportParams => ({
    report: kind,
    ...(need.period ? { period } : {}),
    ...(need.program !== 'no' && programCode ? { programCode } : {}),
    ...(need.desa && desaCode ? { desaCode } : {}),
    ...(need.nik ? { nik: nik.trim() } : {}),
  });

  const show = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy('preview');
    setSaved(null);
    const p = params();
    const result = await call('reports.preview', { params: p });
    setBusy(null);
    if (!result.ok) {
      setPreview(null);
      return setError({ message: result.error.message, fields: fieldErrors(result.error) });
    }
    setError(null);
    setPreview(result.value);
    setShownParams(p);
  };

  const save = async (format: 'pdf' | 'xlsx') => {
    if (!preview || !shownParams) return;
    setBusy(format);
    setSaved(null);
    const chosen = await call('files.chooseSave', {
      purpose: 'report',
      suggestedName: `${preview.fileStem}.${format}`,
    });
    if (!chosen.ok || !chosen.value) {
      setBusy(null);
      if (!chosen.ok) setError({ message: chosen.error.message, fields: {} });
      return;
    }
    const result = await call('reports.save', { params: shownParams, format, target: chosen.value.handle });
    setBusy(null);
    if (!result.ok) return setError({ message: result.error.message, fields: {} });
    setError(null);
    setSaved(result.value.fileName);
  };

  const print = async () => {
    if (!shownParams) return;
    const noted = await call('reports.notePrint', { params: shownParams });
    if (!noted.ok) return setError({ message: noted.error.message, fields: {} });
    frame.current?.print();
  };

  const count = (n: number) => n.toLocaleString('id-ID');
  return (
    <>
      <form className="card report-form" onSubmit={show} aria-label={s.tabPrint}>
        <div className="toolbar">
          <SelectField
            label={s.kind}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ReportKind);
              setPreview(null);
            }}
          >
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {s.kinds[k]}
              </option>
            ))}
          </SelectField>
          {need.period ? (
            <MonthField
              label={s.month}
              value={period}
              max={monthsAgoWib(0)}
              required
              onChange={(e) => setPeriod(e.target.value)}
              error={error?.fields['params.period']}
            />
          ) : null}
          {need.program !== 'no' ? (
            <SelectField
              label={s.program}
              value={programCode}
              onChange={(e) => setProgramCode(e.target.value)}
              error={error?.fields['params.programCode']}
            >
              <option value="">{need.program === 'required' ? s.choose : s.allPrograms}</option>
              {programList.map((p) => (
                <option key={p.id} value={p.code}>
                  {p.code} · {p.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {need.desa ? (
            <SelectField label={s.desa} value={desaCode} onChange={(e) => setDesaCode(e.target.value)}>
              <option value="">{s.allDesa}</option>
              {desaList.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {need.nik ? (
            <TextField
              label={s.nik}
              hint={s.nikHint}
              value={nik}
              inputMode="numeric"
              maxLength={16}
              onChange={(e) => setNik(e.target.value.replace(/\D/g, ''))}
              error={error?.fields['params.nik']}
            />
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy !== null}>
            {busy === 'preview' ? s.loading : s.showPreview}
          </button>
        </div>
        <p className="muted" style={{ margin: '0.75rem 0 0' }}>
          {s.printAudit}
        </p>
      </form>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {preview ? (
        <section className="report-preview" aria-label={s.previewLabel}>
          <div className="report-actions">
            <div className="btn-row">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void print()}
                disabled={busy !== null}
              >
                {s.print}
              </button>
              <button type="button" className="btn" onClick={() => void save('pdf')} disabled={busy !== null}>
                {busy === 'pdf' ? s.saving : s.savePdf}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => void save('xlsx')}
                disabled={busy !== null}
              >
                {busy === 'xlsx' ? s.saving : s.saveXlsx}
              </button>
              {preview.frozen && can('disbursement.close') ? (
                <button type="button" className="btn btn-sm" onClick={() => setReissuing(true)}>
                  {s.reissue}
                </button>
              ) : null}
            </div>
          </div>
          {saved ? (
            <Notice tone="success">
              {s.saved(saved)}{' '}
              {window.location.protocol.startsWith('http') ? (
                <a href={`/downloads/${encodeURIComponent(saved)}`}>{s.download}</a>
              ) : null}
            </Notice>
          ) : null}
          {preview.frozen ? (
            <Notice tone="info">
              {s.frozen(preview.frozen.code, formatDateId(preview.frozen.closedAt))}
              {preview.frozen.revision > 1 ? ` (${s.revision(preview.frozen.revision)})` : ''}
            </Notice>
          ) : null}
          {preview.provisional ? <Notice tone="warning">{s.provisional}</Notice> : null}
          {preview.notices.map((n) => (
            <Notice key={n} tone="warning">
              {n}
            </Notice>
          ))}
          {preview.truncated ? (
            <Notice tone="info">
              {s.truncated(count(preview.truncated.shown), count(preview.truncated.total))}
            </Notice>
          ) : null}
          <ReportFrame ref={frame} preview={preview} label={s.previewLabel} />
        </section>
      ) : !error ? (
        <div className="card">
          <EmptyState title={s.emptyTitle}>
            <p>{s.emptyBody}</p>
          </EmptyState>
        </div>
      ) : null}
      {reissuing && shownParams ? (
        <ReissueDialog
          params={shownParams}
          onClose={() => setReissuing(false)}
          onDone={(next) => {
            setReissuing(false);
            setPreview(next);
          }}
        />
      ) : null}
    </>
  );
}

function ReissueDialog({
  params,
  onClose,
  onDone,
}: {
  params: ReportParams;
  onClose: () => void;
  onDone: (preview: ReportPreview) => void;
}) {
  const s = useStrings(reportStrings);
  const call = useCall();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('reports.reissue', { params, reason });
    if (!result.ok) return setError(result.error.message);
    onDone(result.value);
  };
  return (
    <Dialog title={s.reissueTitle} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{s.reissueBody}</p>
        <TextField
          label={s.reason}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={5}
        />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary">
            {s.reissue}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            ✕
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function VerifyPanel() {
  const s = useStrings(reportStrings);
  const call = useCall();
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<{ tone: 'success' | 'error' | 'warning'; text: string }[] | null>(
    null,
  );
  const check = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('reports.verify', { code });
    if (!result.ok) return setAnswer([{ tone: 'error', text: result.error.message }]);
    const v = result.value;
    if (!v.found) return setAnswer([{ tone: 'error', text: s.notFound }]);
    setAnswer([
      v.intact
        ? {
            tone: 'success',
            text: s.verified(v.title ?? '', formatDateId(v.closedAt!), formatDateId(v.frozenAt!)),
          }
        : { tone: 'error', text: s.tampered },
      ...(v.superseded ? [{ tone: 'warning' as const, text: s.superseded }] : []),
    ]);
  };
  return (
    <form className="card" onSubmit={check}>
      <div className="toolbar">
        <TextField
          label={s.code}
          hint={s.codeHint}
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          maxLength={11}
          className="mono"
        />
        <button type="submit" className="btn btn-primary">
          {s.check}
        </button>
      </div>
      {answer?.map((a) => (
        <Notice key={a.text} tone={a.tone}>
          {a.text}
        </Notice>
      ))}
    </form>
  );
}
