import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { PeriodView } from '../../../common/api/methods/casework.ts';
import { IMPORT_KIND_LABELS, IMPORT_KINDS, type ImportKind } from '../../../common/domain/importFields.ts';
import { navigate } from '../../app/router.tsx';
import { useCall, useSession } from '../../app/session.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ProgressBar } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { jobBusy, useJob } from '../../components/useJob.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import type { ImportResultView } from '../../../common/api/methods/importExport.ts';
import { ImportCounts, IgnoredRows, ImportSummary, ProblemList } from './ImportResults.tsx';
import { MappingStep, openItems } from './MappingStep.tsx';
import { Download } from './Download.tsx';
import { importStrings } from './strings.ts';
import { UndoImportDialog } from './UndoImportDialog.tsx';
import { wizardStore, type OnExisting, type WizardAction, type WizardState } from './wizardState.ts';

type Dispatch = (action: WizardAction) => void;

/**
 * The import, one card per step: kind and file, columns, the check of every row, and the save.
 * Whatever happens last (progress, the check's result, the save's result) is brought into view,
 * so the clerk never has to look for it above the fold.
 */
export function ImportWizard() {
  const s = useStrings(importStrings);
  const call = useCall();
  const { session } = useSession();
  // One login: a lock and unlock keep it, a logout and the next login do not.
  const owner = `${session.user.id}|${session.user.lastLoginAt ?? ''}`;
  wizardStore.claim(owner);
  const state = useSyncExternalStore(wizardStore.subscribe, () => wizardStore.get(owner));
  const dispatch = useCallback<Dispatch>((action) => wizardStore.dispatch(owner, action), [owner]);
  const job = useJob(state.run?.jobId ?? null);

  useEffect(() => {
    if (!job || job.state === 'running') return;
    if (job.state === 'done') dispatch({ type: 'finished', result: job.result as ImportResultView });
    else
      dispatch({
        type: 'failed',
        message: job.error?.message ?? s.jobStopped,
        at: job.kind === 'import.commit' ? 'save' : 'columns',
      });
  }, [job, s.jobStopped, dispatch]);

  const read = async (wanted: { sheet?: string; headerRow?: number } = {}, file = state.file) => {
    if (!file) return;
    dispatch({ type: 'reading' });
    const result = await call('import.inspect', { file: file.handle, kind: state.kind, ...wanted });
    dispatch(
      result.ok
        ? { type: 'inspected', inspect: result.value }
        : {
            type: 'failed',
            message: result.error.message,
            at: wanted.headerRow ? 'headerRow' : wanted.sheet ? 'columns' : 'file',
          },
    );
  };

  const choose = async () => {
    const chosen = await call('files.chooseOpen', { purpose: 'import' });
    if (!chosen.ok) return dispatch({ type: 'failed', message: chosen.error.message });
    if (!chosen.value) return;
    dispatch({ type: 'fileChosen', file: chosen.value });
    await read({}, chosen.value);
  };

  const start = async (mode: 'preview' | 'commit') => {
    // Checked and set before any re-render: a double click is one start (outside UI probe).
    if (!wizardStore.beginStart(owner)) return;
    try {
      const started = await call('import.start', { ...importSpec(wizardStore.get(owner)), mode });
      dispatch(
        started.ok
          ? { type: 'started', jobId: started.value.jobId, mode }
          : { type: 'failed', message: started.error.message, at: mode === 'commit' ? 'save' : 'columns' },
      );
    } finally {
      wizardStore.endStart();
    }
  };

  const running = jobBusy(state.run?.jobId ?? null, job);
  return (
    <>
      {state.run || state.committed ? null : <SaveGoingOn />}
      {state.error && state.errorAt === 'file' ? <Notice tone="error">{state.error}</Notice> : null}
      {state.notice ? <Notice tone="success">{state.notice}</Notice> : null}
      <FileStep state={state} dispatch={dispatch} running={running} onChoose={() => void choose()} />
      {state.inspect && state.file && !state.committed ? (
        <ColumnsStep
          state={state}
          dispatch={dispatch}
          running={running}
          onRead={read}
          onCheck={() => void start('preview')}
        />
      ) : null}
      {state.run ? (
        <InView key={state.run.jobId}>
          <section className="card" aria-label={state.run.mode === 'commit' ? s.saving : s.checking}>
            <ProgressBar
              fraction={job?.fraction ?? 0}
              label={`${state.run.mode === 'commit' ? s.saving : s.checking}: ${job?.phase ?? ''} (${(job?.rowsDone ?? 0).toLocaleString('id-ID')})`}
            />
            <button
              type="button"
              className="btn"
              style={{ marginTop: '0.75rem' }}
              disabled={!job}
              onClick={() => job && void call('jobs.cancel', { jobId: job.id })}
            >
              {state.run.mode === 'commit' ? s.cancelSave : s.cancelCheck}
            </button>
          </section>
        </InView>
      ) : null}
      {state.preview && !state.committed && state.run?.mode !== 'commit' ? (
        <CheckStep state={state} dispatch={dispatch} onCommit={() => void start('commit')} />
      ) : null}
      {state.committed ? <SavedStep state={state} dispatch={dispatch} /> : null}
      {state.askingUndo && state.committed?.batchId ? (
        <UndoImportDialog
          batch={{
            id: state.committed.batchId,
            fileName: state.file?.name ?? '',
            kind: state.kind,
            counts: state.committed.counts,
            createdAt: new Date().toISOString(),
            createdBy: null,
          }}
          onClose={() => dispatch({ type: 'askUndo', asking: false })}
          onUndone={() => dispatch({ type: 'undone', notice: s.undone })}
        />
      ) : null}
    </>
  );
}

/**
 * A save still running that this screen did not start, or no longer knows: after a reload the
 * wizard is empty while the save goes on in core (outside UI probe, 38-after-reload-mid-commit).
 * Found among the clerk's jobs when the screen opens, and followed to its end.
 */
function SaveGoingOn() {
  const s = useStrings(importStrings);
  const call = useCall();
  const [jobId, setJobId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call('jobs.list', {}).then((jobs) => {
      const running = jobs.ok
        ? jobs.value.find((j) => j.kind === 'import.commit' && j.state === 'running')
        : null;
      if (live && running) setJobId(running.id);
    });
    return () => void (live = false);
  }, [call]);
  const job = useJob(jobId);
  if (!jobId) return null;
  const history = (
    <a href="#/impor-ekspor/riwayat" onClick={(e) => (e.preventDefault(), navigate('/impor-ekspor/riwayat'))}>
      {s.tabHistory}
    </a>
  );
  if (job && job.state !== 'running') {
    const result = job.result as ImportResultView | undefined;
    return job.state === 'done' && result ? (
      <Notice tone="success" title={s.committed(result.counts.new + result.counts.updated)}>
        <p>
          {s.savedDetail(result.counts.new, result.counts.updated, result.counts.unchanged)} {s.seeIn}{' '}
          {history}.
        </p>
      </Notice>
    ) : (
      <Notice tone="error">{job.error?.message ?? s.jobStopped}</Notice>
    );
  }
  return (
    <section className="card" aria-label={s.saveGoingOn}>
      <h2>{s.saveGoingOn}</h2>
      <p>
        {s.saveGoingOnDetail} {history}.
      </p>
      <ProgressBar
        fraction={job?.fraction ?? 0}
        label={`${s.saving}: ${job?.phase ?? ''} (${(job?.rowsDone ?? 0).toLocaleString('id-ID')})`}
      />
    </section>
  );
}

/** What import.start and import.errorWorkbook need: the file, its mapping and the options. */
function importSpec(state: WizardState) {
  const { file, inspect, choices, kind, onExisting, periodId, readHiddenRows } = state;
  return {
    file: file!.handle,
    kind,
    sheet: inspect!.sheet,
    headerRow: inspect!.headerRow,
    mapping: choices!.mapping,
    fixed: choices!.fixed,
    grouped: inspect!.grouped.map((g) => g.field),
    codes: choices!.codes,
    options: {
      onExisting,
      ...(kind === 'payments' && periodId ? { periodId } : {}),
      ...(readHiddenRows ? { hiddenRows: 'include' as const } : {}),
    },
  };
}

/** Scrolls its content into view when it appears, and puts focus on it for screen readers. */
function InView({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {children}
    </div>
  );
}

function FileStep({
  state,
  dispatch,
  running,
  onChoose,
}: {
  state: WizardState;
  dispatch: Dispatch;
  running: boolean;
  onChoose: () => void;
}) {
  const s = useStrings(importStrings);
  const call = useCall();
  const periods = useLoad(() => call('disbursement.periods', {}), [call]);
  const openPeriods = (periods.value ?? []).filter((p: PeriodView) => p.status === 'dibuka');
  return (
    <section className="card">
      <h2>{s.step1}</h2>
      <div className="form-grid">
        <SelectField
          label={s.kind}
          value={state.kind}
          onChange={(e) => dispatch({ type: 'kind', kind: e.target.value as ImportKind })}
          disabled={running}
        >
          {IMPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {IMPORT_KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {state.kind === 'payments' ? (
          <SelectField
            label={s.period}
            value={state.periodId}
            onChange={(e) => dispatch({ type: 'period', periodId: e.target.value })}
          >
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
        <button
          type="button"
          className="btn btn-primary"
          onClick={onChoose}
          disabled={state.reading || running}
        >
          {state.file ? s.chooseAnother : s.chooseFile}
        </button>
        {state.file ? <strong>{state.file.name}</strong> : <span className="muted">{s.fileHint}</span>}
        {state.reading ? <span className="muted">{s.reading}</span> : null}
      </div>
    </section>
  );
}

function ColumnsStep({
  state,
  dispatch,
  running,
  onRead,
  onCheck,
}: {
  state: WizardState;
  dispatch: Dispatch;
  running: boolean;
  onRead: (wanted: { sheet?: string; headerRow?: number }) => Promise<void>;
  onCheck: () => void;
}) {
  const s = useStrings(importStrings);
  const call = useCall();
  const inspect = state.inspect!;
  const choices = state.choices!;
  const open = openItems(state.kind, inspect, choices);
  const saveTemplate = async () => {
    const result = await call('import.saveTemplate', {
      kind: state.kind,
      name: state.templateName,
      mapping: choices.mapping,
    });
    dispatch(
      result.ok
        ? { type: 'templateSaved', notice: s.templateSaved }
        : { type: 'failed', message: result.error.message, at: 'columns' },
    );
  };
  return (
    <section className="card">
      <h2>{s.step2}</h2>
      <p className="muted">{s.format(inspect.format, inspect.encoding, inspect.delimiter)}</p>
      {inspect.template ? <Notice tone="info">{s.templateUsed(inspect.template)}</Notice> : null}
      {inspect.sheets.find((sh) => sh.name === inspect.sheet)?.hidden ? (
        <Notice tone="warning">{s.hiddenSheetChosen(inspect.sheet)}</Notice>
      ) : null}
      <HiddenRows
        count={inspect.sheets.find((sh) => sh.name === inspect.sheet)?.hiddenRows ?? 0}
        read={state.readHiddenRows}
        onChange={(read) => dispatch({ type: 'readHiddenRows', read })}
      />
      <div className="form-grid">
        {inspect.sheets.length > 1 ? (
          <SelectField
            label={s.sheet}
            value={inspect.sheet}
            onChange={(e) => void onRead({ sheet: e.target.value })}
          >
            {inspect.sheets.map((sh) => (
              <option key={sh.name} value={sh.name}>
                {sh.name} ({s.rows(sh.rowCount)}
                {sh.hidden ? `, ${s.hiddenSheet}` : ''})
              </option>
            ))}
          </SelectField>
        ) : null}
        <HeaderRowField
          key={`${inspect.sheet}|${inspect.headerRow}`}
          read={inspect.headerRow}
          error={state.error && state.errorAt === 'headerRow' ? state.error : null}
          onRead={(headerRow) => void onRead({ sheet: inspect.sheet, headerRow })}
        />
        <SelectField
          label={s.onExisting}
          value={state.onExisting}
          onChange={(e) => dispatch({ type: 'onExisting', onExisting: e.target.value as OnExisting })}
        >
          <option value="update">{s.update}</option>
          <option value="skip">{s.skip}</option>
          <option value="flag">{s.flag}</option>
        </SelectField>
      </div>
      <MappingStep
        kind={state.kind}
        inspect={inspect}
        choices={choices}
        onChange={(next) => dispatch({ type: 'choices', choices: next })}
        labels={{ column: s.column, example: s.example, readAs: s.readAs, ignore: s.ignore }}
      />
      {open.missing.length ? <Notice tone="warning">{s.missing(open.missing.join(', '))}</Notice> : null}
      <div className="toolbar" style={{ marginTop: '1rem' }}>
        <div style={{ flex: '1 1 280px' }}>
          <TextField
            label={s.templateName}
            hint={s.templateNameHint}
            value={state.templateName}
            onChange={(e) => dispatch({ type: 'templateName', name: e.target.value })}
          />
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => void saveTemplate()}
          disabled={state.templateName.trim().length < 2}
          style={{ marginBottom: '2.6rem' }}
        >
          {s.saveTemplate}
        </button>
      </div>
      <button
        type="button"
        className="btn btn-primary"
        onClick={onCheck}
        disabled={
          running ||
          open.missing.length > 0 ||
          open.questions.length > 0 ||
          (state.kind === 'payments' && !state.periodId)
        }
      >
        {s.check}
      </button>
      {state.error && state.errorAt === 'columns' ? <ErrorInView message={state.error} /> : null}
    </section>
  );
}

/** An error brought into view and focus where the clerk is looking: beside the button pressed. */
function ErrorInView({ message }: { message: string }) {
  return (
    <InView key={message}>
      <div style={{ marginTop: '0.75rem' }}>
        <Notice tone="error">{message}</Notice>
      </div>
    </InView>
  );
}

/**
 * The header row as typed: a number past the sheet's end is said beside the field and stays
 * there to be corrected, rather than snapping back silently. Read once typing pauses.
 */
function HeaderRowField({
  read,
  error,
  onRead,
}: {
  read: number;
  error: string | null;
  onRead: (headerRow: number) => void;
}) {
  const s = useStrings(importStrings);
  const [typed, setTyped] = useState(String(read));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const wanted = Number(typed);
  const shown = error && wanted !== read ? error : typed && !(wanted > 0) ? s.headerRowHint : null;
  return (
    <TextField
      label={s.headerRow}
      type="number"
      min={1}
      value={typed}
      error={shown ?? undefined}
      onChange={(e) => {
        const value = e.target.value;
        setTyped(value);
        if (timer.current) clearTimeout(timer.current);
        const n = Number(value);
        if (Number.isInteger(n) && n > 0 && n !== read) timer.current = setTimeout(() => onRead(n), 400);
      }}
    />
  );
}

/** The check's result: what would be saved, what would not and why, then "Simpan". */
function CheckStep({
  state,
  dispatch,
  onCommit,
}: {
  state: WizardState;
  dispatch: Dispatch;
  onCommit: () => void;
}) {
  const s = useStrings(importStrings);
  const preview = state.preview!;
  return (
    <InView>
      <section className="card">
        <h2>{s.step3}</h2>
        <ImportCounts result={preview} />
        {preview.summary ? <ImportSummary summary={preview.summary} /> : null}
        {preview.ignoredCount ? <IgnoredRows result={preview} /> : null}
        <ProblemList result={preview} />
        <div className="commit-area" style={{ marginTop: '1.25rem' }}>
          <p>{preview.counts.errors > 0 ? s.commitHintErrors(preview.counts.errors) : s.commitHint}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              onClick={onCommit}
              disabled={preview.counts.valid === 0}
            >
              {s.commit(preview.counts.valid)}
            </button>
            {preview.counts.errors > 0 ? <FixUpButton state={state} dispatch={dispatch} /> : null}
          </div>
          {state.error && state.errorAt === 'save' ? <ErrorInView message={state.error} /> : null}
          <FixUpProgress state={state} />
        </div>
      </section>
    </InView>
  );
}

/**
 * The save's result, in view: what was saved, what was not and why. Undo is offered at the end,
 * away from where "Simpan" was, and asks first.
 */
function SavedStep({ state, dispatch }: { state: WizardState; dispatch: Dispatch }) {
  const s = useStrings(importStrings);
  const committed = state.committed!;
  const saved = committed.counts.new + committed.counts.updated;
  return (
    <InView>
      <section className="card">
        <h2>{s.step4}</h2>
        <Notice tone="success" title={s.committed(saved)}>
          <p>{s.savedDetail(committed.counts.new, committed.counts.updated, committed.counts.unchanged)}</p>
          {committed.counts.errors > 0 ? <p>{s.notSaved(committed.counts.errors)}</p> : null}
        </Notice>
        <ImportCounts result={committed} />
        {committed.summary ? <ImportSummary summary={committed.summary} /> : null}
        <ProblemList result={committed} />
        <div className="btn-row" style={{ marginTop: '1.25rem' }}>
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'startOver' })}>
            {s.startOver}
          </button>
          {committed.counts.errors > 0 ? <FixUpButton state={state} dispatch={dispatch} /> : null}
        </div>
        {state.error && state.errorAt === 'save' ? <ErrorInView message={state.error} /> : null}
        <FixUpProgress state={state} />
        {committed.batchId ? (
          <div className="undo-offer">
            <p className="muted">{s.undoOffer}</p>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => dispatch({ type: 'askUndo', asking: true })}
            >
              {s.undo}
            </button>
          </div>
        ) : null}
      </section>
    </InView>
  );
}

/** The rows in error as a workbook with their problems, to correct in Excel and import again. */
function FixUpButton({ state, dispatch }: { state: WizardState; dispatch: Dispatch }) {
  const s = useStrings(importStrings);
  const call = useCall();
  const make = async () => {
    const base = state.file!.name.replace(/\.[^.]+$/, '');
    const target = await call('files.chooseSave', {
      purpose: 'errors',
      suggestedName: `${base} - perbaikan.xlsx`,
    });
    if (!target.ok) return dispatch({ type: 'failed', message: target.error.message, at: 'save' });
    if (!target.value) return;
    const started = await call('import.errorWorkbook', { ...importSpec(state), target: target.value.handle });
    dispatch(
      started.ok
        ? { type: 'fixStarted', jobId: started.value.jobId }
        : { type: 'failed', message: started.error.message, at: 'save' },
    );
  };
  return (
    <button type="button" className="btn" onClick={() => void make()} title={s.errorWorkbookHint}>
      {s.errorWorkbook}
    </button>
  );
}

function FixUpProgress({ state }: { state: WizardState }) {
  const s = useStrings(importStrings);
  const fix = useJob(state.fixJobId);
  if (fix?.state === 'running') return <ProgressBar fraction={fix.fraction} label={fix.phase} />;
  if (fix?.state === 'failed') return <Notice tone="error">{fix.error?.message}</Notice>;
  if (fix?.state !== 'done') return null;
  const made = fix.result as { rows: number; fileName: string };
  return (
    <Notice tone="success">
      {s.errorWorkbookDone(made.rows)} <Download name={made.fileName} />
    </Notice>
  );
}

/**
 * Rows a filter or the clerk hid in Excel are not read unless the clerk says so: what they see
 * there is what is imported. Said where they choose the sheet, with the choice beside it.
 */
function HiddenRows({
  count,
  read,
  onChange,
}: {
  count: number;
  read: boolean;
  onChange: (read: boolean) => void;
}) {
  const s = useStrings(importStrings);
  if (!count) return null;
  return (
    <Notice tone="warning">
      <p>{s.hiddenRows(count)}</p>
      <label className="checkbox">
        <input type="checkbox" checked={read} onChange={(e) => onChange(e.target.checked)} />
        <span>{s.readHiddenRows}</span>
      </label>
    </Notice>
  );
}
