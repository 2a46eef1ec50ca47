import type { ImportResultView, InspectView } from '../../../common/api/methods/importExport.ts';
import type { ImportKind } from '../../../common/domain/importFields.ts';
import { initialChoices, type MappingChoices } from './MappingStep.tsx';

/**
 * Where a clerk is in an import, as one value: choose a file, confirm its columns, check every
 * row, save, and perhaps undo. Each step's answer clears what came after it, so the screen
 * never shows a check of another file or a save of an earlier mapping.
 */
export type OnExisting = 'update' | 'skip' | 'flag';

/**
 * Where an error is said: beside what caused it, not above step 1 out of sight (a check refused
 * for a mapping mistake seemed to do nothing; outside UI probe).
 */
export type ErrorPlace = 'file' | 'headerRow' | 'columns' | 'save';

export interface ChosenFile {
  handle: string;
  name: string;
}

export interface WizardState {
  kind: ImportKind;
  periodId: string;
  file: ChosenFile | null;
  reading: boolean;
  inspect: InspectView | null;
  choices: MappingChoices | null;
  onExisting: OnExisting;
  /** Read rows hidden in Excel too (they are listed as not read otherwise). */
  readHiddenRows: boolean;
  templateName: string;
  /** The check or the save running now. */
  run: { jobId: string; mode: 'preview' | 'commit' } | null;
  preview: ImportResultView | null;
  committed: ImportResultView | null;
  /** The fix-up workbook being written (rows in error, to correct and import again). */
  fixJobId: string | null;
  askingUndo: boolean;
  error: string | null;
  errorAt: ErrorPlace;
  notice: string | null;
}

export const initialWizard: WizardState = {
  kind: 'recipients',
  periodId: '',
  file: null,
  reading: false,
  inspect: null,
  choices: null,
  onExisting: 'update',
  readHiddenRows: false,
  templateName: '',
  run: null,
  preview: null,
  committed: null,
  fixJobId: null,
  askingUndo: false,
  error: null,
  errorAt: 'file',
  notice: null,
};

export type WizardAction =
  | { type: 'kind'; kind: ImportKind }
  | { type: 'period'; periodId: string }
  | { type: 'fileChosen'; file: ChosenFile }
  | { type: 'reading' }
  | { type: 'inspected'; inspect: InspectView }
  | { type: 'choices'; choices: MappingChoices }
  | { type: 'onExisting'; onExisting: OnExisting }
  | { type: 'readHiddenRows'; read: boolean }
  | { type: 'templateName'; name: string }
  | { type: 'templateSaved'; notice: string }
  | { type: 'started'; jobId: string; mode: 'preview' | 'commit' }
  | { type: 'finished'; result: ImportResultView }
  | { type: 'fixStarted'; jobId: string }
  | { type: 'askUndo'; asking: boolean }
  | { type: 'undone'; notice: string }
  | { type: 'failed'; message: string; at?: ErrorPlace }
  | { type: 'startOver' };

/** Everything the file decided: gone when another file (or kind) is chosen. */
const noFile = {
  file: null,
  reading: false,
  inspect: null,
  choices: null,
  readHiddenRows: false,
  run: null,
  preview: null,
  committed: null,
  fixJobId: null,
  askingUndo: false,
  error: null,
  notice: null,
} satisfies Partial<WizardState>;

/** A check no longer matches once the mapping or the options change. */
const noCheck = { preview: null, committed: null, fixJobId: null } satisfies Partial<WizardState>;

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'kind':
      return { ...state, ...noFile, kind: action.kind };
    case 'period':
      return { ...state, ...noCheck, periodId: action.periodId };
    case 'fileChosen':
      return { ...state, ...noFile, file: action.file, reading: true };
    case 'reading':
      return { ...state, reading: true, error: null };
    case 'inspected':
      return {
        ...state,
        ...noCheck,
        reading: false,
        inspect: action.inspect,
        choices: initialChoices(action.inspect),
      };
    case 'choices':
      return { ...state, ...noCheck, choices: action.choices };
    case 'onExisting':
      return { ...state, ...noCheck, onExisting: action.onExisting };
    case 'readHiddenRows':
      return { ...state, ...noCheck, readHiddenRows: action.read };
    case 'templateName':
      return { ...state, templateName: action.name };
    case 'templateSaved':
      return { ...state, notice: action.notice, error: null };
    case 'started':
      return {
        ...state,
        run: { jobId: action.jobId, mode: action.mode },
        error: null,
        notice: null,
        fixJobId: null,
        ...(action.mode === 'preview' ? { preview: null, committed: null } : {}),
      };
    case 'finished':
      if (!state.run) return state;
      return state.run.mode === 'preview'
        ? { ...state, run: null, preview: action.result }
        : { ...state, run: null, committed: action.result };
    case 'fixStarted':
      return { ...state, fixJobId: action.jobId, error: null };
    case 'askUndo':
      return { ...state, askingUndo: action.asking };
    case 'undone':
      return { ...state, ...noFile, kind: state.kind, notice: action.notice };
    case 'failed':
      return { ...state, reading: false, run: null, error: action.message, errorAt: action.at ?? 'file' };
    case 'startOver':
      return { ...state, ...noFile };
  }
}

/**
 * The wizard of the logged-in clerk, kept for the session outside the screen: looking at the
 * Ekspor tab or Beranda unmounts the import screen, and the file, the columns chosen by hand and
 * the check were lost with it, without a word (outside UI probe). The screen reads and writes
 * this store; an answer that arrives while the screen is away (a check started, a file read)
 * still lands here. It starts over on "Impor berkas lain", after an undo, when another file or
 * kind is chosen, and for another login (`owner`: the user and when they logged in; a lock and
 * unlock is the same login). A reload starts empty: a save still running is found again from
 * the jobs (ImportWizard's RunningSave).
 */
type Listener = () => void;

let kept: { owner: string; state: WizardState } = { owner: '', state: initialWizard };
const listeners = new Set<Listener>();
/** A start (check or save) asked of core and not answered yet: a second click waits for it. */
let starting = false;

export const wizardStore = {
  /** Makes the store `owner`'s: another login's wizard is dropped, never shown. */
  claim(owner: string): void {
    if (kept.owner !== owner) kept = { owner, state: initialWizard };
  },
  get(owner: string): WizardState {
    return kept.owner === owner ? kept.state : initialWizard;
  },
  dispatch(owner: string, action: WizardAction): void {
    // An answer for a login that has ended changes nothing.
    if (kept.owner !== owner) return;
    const next = wizardReducer(kept.state, action);
    if (next === kept.state) return;
    kept = { owner, state: next };
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /**
   * Synchronously, before any re-render: true for the first of two clicks, false for a second
   * one while the first start is on its way, or while a check or save runs (a double click on
   * "Simpan" made two batches). `done` lets the next start through.
   */
  beginStart(owner: string): boolean {
    const state = wizardStore.get(owner);
    if (starting || state.run || state.committed) return false;
    starting = true;
    return true;
  },
  endStart(): void {
    starting = false;
  },
  /** For tests: as after a reload. */
  reset(): void {
    kept = { owner: '', state: initialWizard };
    starting = false;
  },
};
