import { useState } from 'react';
import { EXPORT_KIND_LABELS, EXPORT_KINDS, type ExportKind } from '../../../common/domain/exportKinds.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import { useCall } from '../../app/session.tsx';
import { DesaPicker, useDesaChoices } from '../../components/DesaPicker.tsx';
import { DateField, SelectField } from '../../components/Field.tsx';
import { ProgressBar } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useJob } from '../../components/useJob.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { useReference } from '../registry/useReference.ts';
import { Download } from './Download.tsx';
import { exportFileName } from './exportFileName.ts';
import { importStrings } from './strings.ts';

/**
 * A list out of the registry. NIK and KK are masked unless the clerk chooses otherwise: most
 * lists leave the office (to a desa, a bank, a printer), and a full NIK on paper is personal data
 * handed on (UU PDP).
 */
export function ExportPanel() {
  const s = useStrings(importStrings);
  const call = useCall();
  const reference = useReference();
  const desa = useDesaChoices();
  const periods = useLoad(() => call('disbursement.periods', {}), [call]);
  const [kind, setKind] = useState<ExportKind>('recipients');
  const [desaCode, setDesaCode] = useState('');
  const [programCode, setProgramCode] = useState('');
  const [periodId, setPeriodId] = useState('');
  const [desilMax, setDesilMax] = useState('');
  const [approvedFrom, setApprovedFrom] = useState(() => `${todayWib().slice(0, 8)}01`);
  const [approvedTo, setApprovedTo] = useState(() => todayWib());
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const [maskNik, setMaskNik] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJob(jobId);
  const needsPeriod = kind === 'payments' || kind === 'nominatif';
  // Proposals to the ministry: approvals in a date range, NIK in full (matched by NIK there).
  const proposals = kind === 'siksNg';
  const period = (periods.value ?? []).find((p) => p.id === periodId);
  const programName = (code: string) => reference?.programs.find((p) => p.code === code)?.name ?? code;

  const start = async () => {
    setError(null);
    const suggestedName = exportFileName(
      kind,
      {
        ...(needsPeriod && period ? { programCode: period.programCode, periodLabel: period.label } : {}),
        ...(!needsPeriod && !proposals && programCode ? { programCode } : {}),
        ...(proposals ? { periodLabel: `${approvedFrom} ${approvedTo}` } : {}),
        ...(desaCode ? { desaName: desa.nameOf(desaCode) } : {}),
      },
      format,
    );
    const target = await call('files.chooseSave', { purpose: 'export', suggestedName });
    if (!target.ok) return setError(target.error.message);
    if (!target.value) return;
    const started = await call('export.start', {
      kind,
      format,
      delimiter,
      maskNik: proposals ? false : maskNik,
      target: target.value.handle,
      filters: {
        ...(desaCode ? { desaCode } : {}),
        ...(programCode && !needsPeriod && !proposals ? { programCode } : {}),
        ...(proposals ? { approvedFrom, approvedTo } : {}),
        ...(needsPeriod && periodId ? { periodId } : {}),
        ...(desilMax ? { desilMax: Number(desilMax) } : {}),
      },
    });
    if (started.ok) setJobId(started.value.jobId);
    else setError(started.error.message);
  };

  const made = job?.state === 'done' ? (job.result as { rows: number; fileName: string }) : null;
  return (
    <section className="card">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="form-grid">
        <SelectField
          label={s.exportKind}
          value={kind}
          onChange={(e) => setKind(e.target.value as ExportKind)}
        >
          {EXPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {EXPORT_KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {needsPeriod ? (
          <SelectField label={s.exportPeriod} value={periodId} onChange={(e) => setPeriodId(e.target.value)}>
            <option value="">{s.choosePeriod}</option>
            {(periods.value ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {programName(p.programCode)} · {p.label}
              </option>
            ))}
          </SelectField>
        ) : proposals ? (
          <>
            <DateField
              label={s.approvedFrom}
              value={approvedFrom}
              onChange={(e) => setApprovedFrom(e.target.value)}
            />
            <DateField
              label={s.approvedTo}
              value={approvedTo}
              onChange={(e) => setApprovedTo(e.target.value)}
            />
          </>
        ) : (
          <SelectField label={s.program} value={programCode} onChange={(e) => setProgramCode(e.target.value)}>
            <option value="">{s.allPrograms}</option>
            {reference?.programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </SelectField>
        )}
        <DesaPicker label={s.desa} value={desaCode} onChange={setDesaCode} emptyLabel={s.allDesa} />
        {kind === 'recipients' ? (
          <SelectField label={s.desilMax} value={desilMax} onChange={(e) => setDesilMax(e.target.value)}>
            <option value="">{s.anyDesil}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
              <option key={d} value={d}>
                ≤ {d}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField
          label={s.fileFormat}
          value={format}
          onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')}
        >
          <option value="xlsx">{s.xlsx}</option>
          <option value="csv">{s.csv}</option>
        </SelectField>
        {format === 'csv' ? (
          <SelectField
            label={s.delimiter}
            value={delimiter}
            onChange={(e) => setDelimiter(e.target.value as ';' | ',')}
          >
            <option value=";">{s.semicolon}</option>
            <option value=",">{s.comma}</option>
          </SelectField>
        ) : null}
      </div>
      {proposals ? (
        <Notice tone="info">{s.siksNgNote}</Notice>
      ) : (
        <fieldset className="field">
          <legend>{s.nikLegend}</legend>
          <label className="checkbox">
            <input type="radio" name="mask-nik" checked={maskNik} onChange={() => setMaskNik(true)} />
            {s.maskNik}
          </label>
          <label className="checkbox">
            <input type="radio" name="mask-nik" checked={!maskNik} onChange={() => setMaskNik(false)} />
            {s.fullNik}
          </label>
        </fieldset>
      )}
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void start()}
        disabled={
          job?.state === 'running' ||
          (needsPeriod && !periodId) ||
          (proposals && (!approvedFrom || !approvedTo))
        }
      >
        {s.exportNow}
      </button>
      {job?.state === 'running' ? (
        <ProgressBar
          fraction={job.fraction}
          label={`${s.exporting} (${job.rowsDone.toLocaleString('id-ID')})`}
        />
      ) : null}
      {made ? (
        <Notice tone="success">
          {s.exported(made.rows, made.fileName)} <Download name={made.fileName} />
        </Notice>
      ) : null}
      {job?.state === 'failed' ? <Notice tone="error">{job.error?.message}</Notice> : null}
    </section>
  );
}
