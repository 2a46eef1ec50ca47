import type { CodeListChoice, ImportSummaryView } from '../../../common/api/methods/importExport.ts';
import type { Sql } from '../../../db/sql.ts';
import type { Changes } from '../../db/changes.ts';
import type { RegistryContext } from '../../registry/households.ts';
import type { ImportCounts, ImportProblem, ImportRow } from '../rows.ts';

export interface ImportOptions {
  /** A person (NIK) already registered: change them, leave them, or list them for review. */
  onExisting: 'update' | 'skip' | 'flag';
  /** Payments: the open disbursement period the bank/Pos results belong to. */
  periodId?: string | undefined;
  /** Rows hidden in Excel: read too ('include'), or listed as not read (the default). */
  hiddenRows?: 'skip' | 'include' | undefined;
}

/** Rows an import created and values it changed: enough to undo the whole batch. */
export interface UndoLog {
  created: { table: string; id: string; version?: number }[];
  updated: { table: string; id: string; before: Record<string, unknown>; version: number }[];
}

/**
 * What a kind of import sees. In a preview `write` does nothing and the same decisions are
 * made from what the database already holds plus what this file has shown so far, so the
 * preview's counts are the commit's counts.
 */
export interface ProcessorContext {
  sql: Sql;
  registry: RegistryContext;
  options: ImportOptions;
  /** Code lists of the file's numeric coded columns, as decided at inspect or by the clerk. */
  codes: CodeListChoice;
  counts: ImportCounts;
  write(fn: (changes: Changes) => void): void;
}

/** What a kind of import has to say beyond the counts (matched, missing, totals). */
export type ImportSummary = ImportSummaryView;

export interface KindProcessor {
  process(row: ImportRow): void;
  /** A row the file holds here is not read (hidden in Excel): the rows around it are not neighbours. */
  skipped?(): void;
  /**
   * After the last row. Returns warnings only the whole file shows, each on the row it concerns
   * (the processor counts a row newly warned in `counts.warnings`).
   */
  finish(): ImportProblem[] | void;
  /** Called after `finish`; the engine puts it into the result (null: nothing to say). */
  summary?(): ImportSummary | null;
}
