import { useEffect, useState } from 'react';
import type { ImportResultView, InspectView } from '../../../common/api/methods/importExport.ts';
import type { PeriodView } from '../../../common/api/methods/casework.ts';
import { EXPORT_KIND_LABELS, EXPORT_KINDS, type ExportKind } from '../../../common/domain/exportKinds.ts';
import { IMPORT_KIND_LABELS, IMPORT_KINDS, type ImportKind } from '../../../common/domain/importFields.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { EmptyState, PageHeader, ProgressBar } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useJob } from '../../components/useJob.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { useReference } from '../registry/useReference.ts';
import { initialChoices, MappingStep, openItems, type MappingChoices } from './MappingStep.tsx';
import { importStrings } from './strings.ts';
import { UndoImportDialog, type UndoableBatch } from './UndoImportDialog.tsx';

type Tab = 'import' | 'export' | 'history';

/** #/impor-ekspor, #/impor-ekspor/ekspor, #/impor-ekspor/riwayat */
export function ImportExportPage() {
  const s = useStrings(importStrings);
  const can = useCan();
  const path = useRoute();
  const tabs: { key: Tab; label: string }[] = [
    ...(can('import.run') ? [{ key: 'import' as const, label: s.tabImport }] : []),
    ...(can('export.run') ? [{ key: 'export' as const, label: s.tabExport }] : []),
    ...(can('import.run') ? [{ key: 'history' as const, label: s.tabHistory }] : []),
  ];
  const wanted: Tab = path.endsWith('/ekspor') ? 'export' : path.endsWith('/riwayat') ? 'history' : 'import';
  const active = tabs.find((t) => t.key === wanted)?.key ?? tabs[0]?.key ?? 'export';
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      <Tabs
        tabs={tabs}
        active={active}
        onChange={(k) =>
          navigate(
            k === 'import'
              ? '/impor-ekspor'
              : k === 'export'
                ? '/impor-ekspor/ekspor'
                : '/impor-ekspor/riwayat',
          )
        }
      >
        {active === 'import' ? <ImportWizard /> : active === 'export' ? <ExportPanel /> : <ImportHistory />}
      </Tabs>
    </>
  );
}

/** A download link where the host saved the file into its exports folder (the web host). */
function Download({ name }: { name: string }) {
  const s = useStrings(importStrings);
  return window.location.protocol.startsWith('http') ? (
    <a href={`/downloads/${encodeURIComponent(name)}`} download>
      {s.download}
    </a>
  ) : null;
}

function ImportWizard() {
  const s = useStrings(importStrings);
  const call = useCall();
  const [kind, setKind] = useState<ImportKind>('recipients');
  const [periodId, setPeriodId] = useState('');
  const [file, setFile] = useState<{ handle: string; name: string } | null>(null);
  const [inspect, setInspect] = useState<InspectView | null>(null);
  const [choices, setChoices] = useState<MappingChoices | null>(null);
  const mapping = choices?.mapping ?? {};
  const [onExisting, setOnExisting] = useState<'update' | 'skip' | 'flag'>('update');
  const [jobId, setJobId] = useState<string | null>(null);
  const [mode, setMode] = useState<'preview' | 'commit' | null>(null);
  const [preview, setPreview] = useState<ImportResultView | null>(null);
  const [committed, setCommitted] = useState<ImportResultView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [templateName, setTemplateName] = useState('');
  const [fixJob, setFixJob] = useState<string | null>(null);
  const job = useJob(jobId);
  const fix = useJob(fixJob);
  const periods = useLoad(() => call('disbursement.periods', {}), [call]);
  const openPeriods = (periods.value ?? []).filter((p: PeriodView) => p.status === 'dibuka');

  const reset = () => {
    setFile(null);
    setInspect(null);
    setPreview(null);
    setCommitted(null);
    setJobId(null);
    setFixJob(null);
    setError(null);
    setNotice(null);
  };

  const load = async (
    chosen: { handle: string; name: string },
    wanted: { sheet?: string; headerRow?: number } = {},
  ) => {
    setBusy(true);
    setError(null);
    const result = await call('import.inspect', { file: chosen.handle, kind, ...wanted });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setInspect(result.value);
    setChoices(initialChoices(result.value));
    setPreview(null);
  };

  const choose = async () => {
    reset();
    const chosen = await call('files.chooseOpen', { purpose: 'import' });
    if (!chosen.ok) return setError(chosen.error.message);
    if (!chosen.value) return;
    setFile(chosen.value);
    await load(chosen.value);
  };

  const spec = () => ({
    file: file!.handle,
    kind,
    sheet: inspect!.sheet,
    headerRow: inspect!.headerRow,
    mapping,
    fixed: choices!.fixed,
    grouped: inspect!.grouped.map((g) => g.field),
    codes: choices!.codes,
    options: { onExisting, ...(kind === 'payments' && periodId ? { periodId } : {}) },
  });

  const start = async (which: 'preview' | 'commit') => {
    setError(null);
    const started = await call('import.start', { ...spec(), mode: which });
    if (!started.ok) return setError(started.error.message);
    setMode(which);
    setJobId(started.value.jobId);
  };

  useEffect(() => {
    if (!job || job.state === 'running') return;
    if (job.state !== 'done') {
      setError(job.error?.message ?? '');
      return;
    }
    if (mode === 'preview') setPreview(job.result as ImportResultView);
    if (mode === 'commit') setCommitted(job.result as ImportResultView);
  }, [job, mode]);

  const errorWorkbook = async () => {
    const base = file!.name.replace(/\.[^.]+$/, '');
    const target = await call('files.chooseSave', {
      purpose: 'errors',
      suggestedName: `${base} - perbaikan.xlsx`,
    });
    if (!target.ok) return setError(target.error.message);
    if (!target.value) return;
    const started = await call('import.errorWorkbook', { ...spec(), target: target.value.handle });
    if (started.ok) setFixJob(started.value.jobId);
    else setError(started.error.message);
  };

  const saveTemplate = async () => {
    const result = await call('import.saveTemplate', { kind, name: templateName, mapping });
    setNotice(result.ok ? s.templateSaved : null);
    if (!result.ok) setError(result.error.message);
  };

  const [confirmUndo, setConfirmUndo] = useState<UndoableBatch | null>(null);

  const open = inspect && choices ? openItems(kind, inspect, choices) : { missing: [], questions: [] };
  const running = job?.state === 'running';

  return (
    <>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <section className="card">
        <h2>{s.step1}</h2>
        <div className="form-grid">
          <SelectField
            label={s.kind}
            value={kind}
            onChange={(e) => (setKind(e.target.value as ImportKind), reset())}
            disabled={running}
          >
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {IMPORT_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
          {kind === 'payments' ? (
            <SelectField label={s.period} value={periodId} onChange={(e) => setPeriodId(e.target.value)}>
              <option value="">{s.choosePeriod}</option>
              {openPeriods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.programCode} · {p.label}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        <div className="btn-row">
          <button type="button" className="btn btn-primary" onClick={choose} disabled={busy || running}>
            {file ? s.chooseAnother : s.chooseFile}
          </button>
          {file ? <strong>{file.name}</strong> : <span className="muted">{s.fileHint}</span>}
          {busy ? <span className="muted">{s.reading}</span> : null}
        </div>
      </section>

      {inspect && file ? (
        <section className="card">
          <h2>{s.step2}</h2>
          <p className="muted">{s.format(inspect.format, inspect.encoding, inspect.delimiter)}</p>
          {inspect.template ? <Notice tone="info">{s.templateUsed(inspect.template)}</Notice> : null}
          <div className="form-grid">
            {inspect.sheets.length > 1 ? (
              <SelectField
                label={s.sheet}
                value={inspect.sheet}
                onChange={(e) => void load(file, { sheet: e.target.value })}
              >
                {inspect.sheets.map((sh) => (
                  <option key={sh.name} value={sh.name}>
                    {sh.name} ({s.rows(sh.rowCount)})
                  </option>
                ))}
              </SelectField>
            ) : null}
            <TextField
              label={s.headerRow}
              type="number"
              min={1}
              value={inspect.headerRow}
              onChange={(e) =>
                Number(e.target.value) > 0 &&
                void load(file, { sheet: inspect.sheet, headerRow: Number(e.target.value) })
              }
            />
            <SelectField
              label={s.onExisting}
              value={onExisting}
              onChange={(e) => setOnExisting(e.target.value as typeof onExisting)}
            >
              <option value="update">{s.update}</option>
              <option value="skip">{s.skip}</option>
              <option value="flag">{s.flag}</option>
            </SelectField>
          </div>
          <MappingStep
            kind={kind}
            inspect={inspect}
            choices={choices!}
            onChange={setChoices}
            labels={{ column: s.column, example: s.example, readAs: s.readAs, ignore: s.ignore }}
          />
          {open.missing.length ? <Notice tone="warning">{s.missing(open.missing.join(', '))}</Notice> : null}
          <div className="toolbar" style={{ marginTop: '1rem' }}>
            <div style={{ flex: '1 1 280px' }}>
              <TextField
                label={s.templateName}
                hint={s.templateNameHint}
                value={templateName}
                onChange={(e) => setTemplateName(e.target.value)}
              />
            </div>
            <button
              type="button"
              className="btn"
              onClick={saveTemplate}
              disabled={templateName.trim().length < 2}
              style={{ marginBottom: '2.6rem' }}
            >
              {s.saveTemplate}
            </button>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void start('preview')}
            disabled={
              running ||
              open.missing.length > 0 ||
              open.questions.length > 0 ||
              (kind === 'payments' && !periodId)
            }
          >
            {s.check}
          </button>
        </section>
      ) : null}

      {running ? (
        <section className="card">
          <ProgressBar
            fraction={job.fraction}
            label={`${mode === 'commit' ? s.saving : s.checking}: ${job.phase} (${job.rowsDone.toLocaleString('id-ID')})`}
          />
          <button
            type="button"
            className="btn"
            style={{ marginTop: '0.75rem' }}
            onClick={() => void call('jobs.cancel', { jobId: job.id })}
          >
            {s.cancel}
          </button>
        </section>
      ) : null}

      {preview && !committed ? <Results result={preview} /> : null}
      {preview && !committed && !running ? (
        <section className="card">
          <p>{s.commitHint}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void start('commit')}
              disabled={preview.counts.valid === 0}
            >
              {s.commit(preview.counts.valid)}
            </button>
            {preview.counts.errors > 0 ? (
              <button type="button" className="btn" onClick={errorWorkbook} title={s.errorWorkbookHint}>
                {s.errorWorkbook}
              </button>
            ) : null}
          </div>
          {fix?.state === 'running' ? <ProgressBar fraction={fix.fraction} label={fix.phase} /> : null}
          {fix?.state === 'done' ? (
            <Notice tone="success">
              {s.errorWorkbookDone((fix.result as { rows: number }).rows)}{' '}
              <Download name={(fix.result as { fileName: string }).fileName} />
            </Notice>
          ) : null}
        </section>
      ) : null}

      {committed ? (
        <section className="card">
          <Notice tone="success" title={s.committed(committed.counts.new + committed.counts.updated)} />
          <Results result={committed} />
          <div className="btn-row">
            {committed.batchId ? (
              <button
                type="button"
                className="btn"
                onClick={() =>
                  setConfirmUndo({
                    id: committed.batchId!,
                    fileName: file?.name ?? '',
                    kind,
                    counts: committed.counts,
                    createdAt: new Date().toISOString(),
                    createdBy: null,
                  })
                }
              >
                {s.undo}
              </button>
            ) : null}
            {committed.counts.errors > 0 ? (
              <button type="button" className="btn" onClick={errorWorkbook}>
                {s.errorWorkbook}
              </button>
            ) : null}
            <button type="button" className="btn" onClick={reset}>
              {s.startOver}
            </button>
          </div>
          {fix?.state === 'done' ? (
            <Notice tone="success">
              {s.errorWorkbookDone((fix.result as { rows: number }).rows)}{' '}
              <Download name={(fix.result as { fileName: string }).fileName} />
            </Notice>
          ) : null}
        </section>
      ) : null}
      {confirmUndo ? (
        <UndoImportDialog
          batch={confirmUndo}
          onClose={() => setConfirmUndo(null)}
          onUndone={() => {
            setConfirmUndo(null);
            setCommitted(null);
            setNotice(s.undone);
          }}
        />
      ) : null}
    </>
  );
}

function Results({ result }: { result: ImportResultView }) {
  const s = useStrings(importStrings);
  const keys = [
    'rows',
    'new',
    'updated',
    'unchanged',
    'skipped',
    'errors',
    'warnings',
    'possibleDuplicates',
  ] as const;
  return (
    <section className="card" aria-label={s.step3}>
      <h2>{s.step3}</h2>
      <div className="stat-row">
        {keys.map((k) => (
          <div className="stat" key={k} data-count={k}>
            <div className="value">{result.counts[k].toLocaleString('id-ID')}</div>
            <div className="label">{s.counts[k]}</div>
          </div>
        ))}
      </div>
      {result.summary ? <ImportSummary summary={result.summary} /> : null}
      {result.ignoredCount ? <IgnoredRows result={result} /> : null}
      {result.problems.length === 0 ? (
        <Notice tone="success">{s.noProblems}</Notice>
      ) : (
        <>
          <h3>{s.problems}</h3>
          {result.problemCount > result.problems.length ? (
            <p className="muted">{s.problemsMore(result.problems.length, result.problemCount)}</p>
          ) : null}
          <DataTable
            label={s.problems}
            rows={result.problems.map((p, i) => ({ ...p, key: `${i}` }))}
            rowKey={(p) => p.key}
            rowHeight={72}
            height={Math.min(432, 72 * result.problems.length + 8)}
            columns={[
              { key: 'row', header: s.row, width: '70px', align: 'right', render: (p) => p.row },
              { key: 'col', header: s.column, width: '160px', render: (p) => p.column ?? '—' },
              {
                key: 'val',
                header: s.value,
                width: '170px',
                render: (p) => <span className="mono">{p.value || '—'}</span>,
              },
              {
                key: 'msg',
                header: s.message,
                width: '1fr',
                wrap: true,
                render: (p) => (
                  <span title={p.message} className={p.severity === 'error' ? '' : 'warning-text'}>
                    {p.severity === 'error' ? '⚠ ' : ''}
                    {p.message}
                  </span>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}

/** What a kind of import says beyond the counts: matched and missing, totals against the file's. */
function ImportSummary({ summary }: { summary: NonNullable<ImportResultView['summary']> }) {
  return (
    <section className="import-summary" aria-label={summary.title}>
      <h3>{summary.title}</h3>
      <dl className="facts">
        {summary.facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {summary.lists.map((l) =>
        l.total ? (
          <details key={l.label}>
            <summary>
              {l.label} ({l.total.toLocaleString('id-ID')})
            </summary>
            <ul>
              {l.rows.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </details>
        ) : null,
      )}
    </section>
  );
}

/** Rows under the header that are not people (signatures, notes, group rows): said, never silent. */
function IgnoredRows({ result }: { result: ImportResultView }) {
  const s = useStrings(importStrings);
  return (
    <details className="ignored-rows">
      <summary>{s.ignoredRows(result.ignoredCount)}</summary>
      <ul>
        {result.ignored.map((r) => (
          <li key={r.row}>
            {s.row} {r.row}: <span className="mono">{r.text}</span> ({r.reason})
          </li>
        ))}
      </ul>
    </details>
  );
}

function ExportPanel() {
  const s = useStrings(importStrings);
  const call = useCall();
  const reference = useReference();
  const periods = useLoad(() => call('disbursement.periods', {}), [call]);
  const [kind, setKind] = useState<ExportKind>('recipients');
  const [desaCode, setDesaCode] = useState('');
  const [programCode, setProgramCode] = useState('');
  const [periodId, setPeriodId] = useState('');
  const [desilMax, setDesilMax] = useState('');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const [maskNik, setMaskNik] = useState(kind === 'nominatif');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJob(jobId);
  const needsPeriod = kind === 'payments' || kind === 'nominatif';

  const start = async () => {
    setError(null);
    const stamp = new Date().toISOString().slice(0, 10);
    const target = await call('files.chooseSave', {
      purpose: 'export',
      suggestedName: `${kind}-${stamp}.${format}`,
    });
    if (!target.ok) return setError(target.error.message);
    if (!target.value) return;
    const started = await call('export.start', {
      kind,
      format,
      delimiter,
      maskNik,
      target: target.value.handle,
      filters: {
        ...(desaCode ? { desaCode } : {}),
        ...(programCode ? { programCode } : {}),
        ...(needsPeriod && periodId ? { periodId } : {}),
        ...(desilMax ? { desilMax: Number(desilMax) } : {}),
      },
    });
    if (started.ok) setJobId(started.value.jobId);
    else setError(started.error.message);
  };

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
          <SelectField
            label={s.period.replace(' (yang masih dibuka)', '')}
            value={periodId}
            onChange={(e) => setPeriodId(e.target.value)}
          >
            <option value="">{s.choosePeriod}</option>
            {(periods.value ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.programCode} · {p.label}
              </option>
            ))}
          </SelectField>
        ) : (
          <SelectField label={s.program} value={programCode} onChange={(e) => setProgramCode(e.target.value)}>
            <option value="">{s.allPrograms}</option>
            {reference?.programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label={s.desa} value={desaCode} onChange={(e) => setDesaCode(e.target.value)}>
          <option value="">{s.allDesa}</option>
          {reference?.desaGroups.map((g) => (
            <optgroup key={g.kecamatan} label={g.kecamatan}>
              {g.desa.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
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
      <label className="checkbox">
        <input type="checkbox" checked={maskNik} onChange={(e) => setMaskNik(e.target.checked)} />
        {s.maskNik}
      </label>
      <button
        type="button"
        className="btn btn-primary"
        onClick={start}
        disabled={job?.state === 'running' || (needsPeriod && !periodId)}
      >
        {s.exportNow}
      </button>
      {job?.state === 'running' ? (
        <ProgressBar
          fraction={job.fraction}
          label={`${s.exporting} (${job.rowsDone.toLocaleString('id-ID')})`}
        />
      ) : null}
      {job?.state === 'done' ? (
        <Notice tone="success">
          {s.exported((job.result as { rows: number }).rows, (job.result as { fileName: string }).fileName)}{' '}
          <Download name={(job.result as { fileName: string }).fileName} />
        </Notice>
      ) : null}
      {job?.state === 'failed' ? <Notice tone="error">{job.error?.message}</Notice> : null}
    </section>
  );
}

function ImportHistory() {
  const s = useStrings(importStrings);
  const call = useCall();
  const batches = useLoad(() => call('import.batches', {}), [call]);
  const [confirm, setConfirm] = useState<UndoableBatch | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const ask = (batch: UndoableBatch) => {
    setConfirm(batch);
    setMessage(null);
  };
  if (batches.value?.length === 0) return <EmptyState title={s.historyEmpty} />;
  return (
    <>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>{s.when}</th>
              <th>{s.file}</th>
              <th>{s.kind}</th>
              <th>{s.counts.new}</th>
              <th>{s.counts.updated}</th>
              <th>{s.counts.errors}</th>
              <th>{s.who}</th>
              <th>{s.status}</th>
            </tr>
          </thead>
          <tbody>
            {batches.value?.map((b) => (
              <tr key={b.id}>
                <td>{formatDateTimeId(b.createdAt)}</td>
                <td>{b.fileName}</td>
                <td>{IMPORT_KIND_LABELS[b.kind]}</td>
                <td className="amount">{b.counts.new}</td>
                <td className="amount">{b.counts.updated}</td>
                <td className="amount">{b.counts.errors}</td>
                <td>{b.createdBy ?? '—'}</td>
                <td>
                  {b.status === 'undone' ? (
                    <span className="badge badge-warn">{s.undoneBadge}</span>
                  ) : (
                    <button type="button" className="btn btn-sm" onClick={() => ask(b)}>
                      {s.undo}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirm ? (
        <UndoImportDialog
          batch={confirm}
          onClose={() => setConfirm(null)}
          onUndone={() => {
            setConfirm(null);
            void batches.reload();
            setMessage({ tone: 'success', text: s.undone });
          }}
          onTried={() => void batches.reload()}
        />
      ) : null}
    </>
  );
}
