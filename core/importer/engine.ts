import type { ImportKind } from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { CompiledQuery } from 'kysely';
import { qb } from '../../db/sql.ts';
import { Changes, type Actor } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { RegistryContext } from '../registry/households.ts';
import { isEmptyRow, type SheetRow } from './cells.ts';
import type { Layout } from './layout.ts';
import { mappingOf, missingRequired, uniqueHeaders, withMapping } from './layout.ts';
import type { ImportLimits } from './limits.ts';
import { parseSpreadsheet } from './reader.ts';
import { fieldColumns, ImportRow, emptyCounts, type ImportCounts, type ImportProblem } from './rows.ts';
import { PaymentsProcessor } from './kinds/payments.ts';
import { RecipientsProcessor } from './kinds/recipients.ts';
import type { ImportOptions, KindProcessor, ProcessorContext, UndoLog } from './kinds/types.ts';
import { VerificationsProcessor } from './kinds/verifications.ts';

/** Which sheet and header row, and header text -> field; the headers are read from the file. */
export interface ImportSpec {
  sheet: string;
  headerRow: number;
  mapping: Record<string, string | null>;
}

export interface ImportRequest {
  kind: ImportKind;
  filePath: string;
  fileName: string;
  spec: ImportSpec;
  options: ImportOptions;
}

/**
 * Problems kept in memory and sent back to the screen; beyond this only counted (a city-sized
 * file can carry a warning on every row). The fix-up workbook job writes all of them.
 */
export const PROBLEMS_KEPT = 10_000;

export interface ImportOutcome {
  counts: ImportCounts;
  /** The first PROBLEMS_KEPT problems, in file order. */
  problems: ImportProblem[];
  problemCount: number;
  /** Set when committed. */
  batchId: string | null;
}

export interface RunHooks {
  progress(fraction: number, phase: string, rowsDone: number): void;
  checkCancelled(): void;
  /** The header row as read, before any data row (the error workbook copies it). */
  onLayout?(layout: Layout): void;
  /** Every data row with its problems, in file order (the error workbook listens). */
  onRow?(row: ImportRow): void;
}

const PROCESSORS: Record<ImportKind, new (ctx: ProcessorContext) => KindProcessor> = {
  recipients: RecipientsProcessor,
  payments: PaymentsProcessor,
  verifications: VerificationsProcessor,
};

/**
 * Reads the chosen sheet row by row while the parser thread keeps reading ahead, validates
 * every row, and (when committing) writes the good rows. A commit is one transaction: the
 * batch appears whole or not at all, and a cancel or a failure rolls it back.
 */
export async function runImport(
  db: Database,
  actor: Actor,
  registry: RegistryContext,
  request: ImportRequest,
  mode: 'preview' | 'commit',
  hooks: RunHooks,
  limits: ImportLimits,
): Promise<ImportOutcome> {
  const counts = emptyCounts();
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const undo: UndoLog = { created: [], updated: [] };
  const seenEnrolments = new Set<string>();
  const committing = mode === 'commit';
  let changes: Changes | null = null;
  const ctx: ProcessorContext = {
    sql: db.sql,
    registry,
    options: request.options,
    counts,
    write: (fn) => {
      if (changes) fn(changes);
    },
    created: (table, id) => {
      if (committing) undo.created.push({ table, id });
    },
    updated: (table, id, before, version) => {
      if (committing) undo.updated.push({ table, id, before, version });
    },
    enrolledInRun: (key) => {
      if (seenEnrolments.has(key)) return true;
      seenEnrolments.add(key);
      return false;
    },
  };
  const processor = new PROCESSORS[request.kind](ctx);
  let layout: Layout | null = null;
  let columns = new Map<string, number>();

  if (committing) {
    db.sql.raw.exec('BEGIN IMMEDIATE');
    changes = new Changes(db.sql, actor, db.deviceId, db.now());
  }
  try {
    let expected = 0;
    for await (const event of parseSpreadsheet(request.filePath, request.fileName, limits, {
      mode: 'read',
      sheet: request.spec.sheet,
    })) {
      if (event.type === 'sheetEnd') expected = event.rows;
      if (event.type !== 'rows') continue;
      for (const raw of event.rows) {
        if (raw.n === request.spec.headerRow) {
          layout = readLayout(request.kind, request.spec, raw);
          columns = fieldColumns(layout);
          hooks.onLayout?.(layout);
          continue;
        }
        if (!layout || isEmptyRow(raw.cells)) continue;
        const row = new ImportRow(raw.n, raw.cells, layout, columns);
        counts.rows++;
        if (!row.refuseFormulaErrors()) processor.process(row);
        if (row.errored) {
          counts.errors++;
          counts.skipped++;
        } else {
          counts.valid++;
          if (row.problems.length) counts.warnings++;
        }
        problemCount += row.problems.length;
        for (const problem of row.problems) if (problems.length < PROBLEMS_KEPT) problems.push(problem);
        hooks.onRow?.(row);
      }
      hooks.checkCancelled();
      hooks.progress(
        expected ? counts.rows / expected : 0.5,
        committing ? 'Menyimpan' : 'Memeriksa',
        counts.rows,
      );
    }
    processor.finish();
    if (!layout)
      throw new AppFailure(
        'VALIDATION',
        `Baris judul kolom ${request.spec.headerRow} tidak ditemukan di lembar "${request.spec.sheet}". Periksa kembali pilihan lembar dan barisnya.`,
      );
    if (counts.rows === 0)
      throw new AppFailure(
        'VALIDATION',
        'Tidak ada baris data di bawah baris judul kolom. Periksa lembar dan baris judul yang dipilih.',
      );
    let batchId: string | null = null;
    if (changes) {
      noteVersions(db, undo.created);
      batchId = newId();
      changes.insert(
        'import_batches',
        {
          id: batchId,
          kind: request.kind,
          file_name: request.fileName,
          sheet: request.spec.sheet,
          mapping_json: JSON.stringify(mappingOf(layout)),
          options_json: JSON.stringify(request.options),
          counts_json: JSON.stringify(counts),
          undo_json: JSON.stringify(undo),
          status: 'committed',
          created_by: actor.userId,
          undone_at: null,
          undone_by: null,
        } as never,
        'import.commit',
      );
      db.sql.raw.exec('COMMIT');
    }
    return { counts, problems, problemCount, batchId };
  } catch (error) {
    if (committing && db.sql.raw.inTransaction) db.sql.raw.exec('ROLLBACK');
    throw error;
  }
}

/**
 * The version each created row has at commit: a later edit by someone changes it, and undo
 * stops. Most rows are still at 1 (the log then leaves the version out); read in chunks of ids
 * rather than a query per row, which cost half a second for 100,000 people.
 */
function noteVersions(db: Database, created: UndoLog['created']): void {
  const byTable = new Map<string, UndoLog['created']>();
  for (const c of created) {
    const rows = byTable.get(c.table);
    if (rows) rows.push(c);
    else byTable.set(c.table, [c]);
  }
  for (const [table, rows] of byTable) {
    for (let at = 0; at < rows.length; at += VERSION_CHUNK) {
      const chunk = rows.slice(at, at + VERSION_CHUNK);
      const versions = new Map(
        db.sql
          .all<{ id: string; version: number }>(
            CompiledQuery.raw(
              `SELECT id, version FROM "${table}" WHERE version <> 1 AND id IN (${chunk.map(() => '?').join(', ')})`,
              chunk.map((c) => c.id),
            ),
          )
          .map((r) => [r.id, r.version]),
      );
      for (const c of chunk) {
        const version = versions.get(c.id);
        if (version !== undefined) c.version = version;
      }
    }
  }
}
const VERSION_CHUNK = 500;

/** The header row as found, with the user's mapping applied and checked. */
function readLayout(kind: ImportKind, spec: ImportSpec, headerRow: SheetRow): Layout {
  const headers = uniqueHeaders(headerRow);
  const layout = withMapping(
    kind,
    { sheet: spec.sheet, headerRow: spec.headerRow, headers, fields: headers.map(() => null) },
    spec.mapping,
  );
  const missing = missingRequired(kind, layout);
  if (missing.length)
    throw new AppFailure(
      'VALIDATION',
      `Kolom wajib belum dipetakan: ${missing.join(', ')}. Pilih kolomnya di layar pemetaan.`,
    );
  return layout;
}

/**
 * Undoes a committed batch: rows it created are removed (soft delete, reason "IMPOR
 * DIBATALKAN"), values it changed are put back. Refused when someone has since changed one of
 * those rows: undoing would silently throw their work away.
 */
export function undoImport(changes: Changes, batchId: string): { removed: number; restored: number } {
  const sql = changes.db;
  const batch = sql.first(qb.selectFrom('import_batches').selectAll().where('id', '=', batchId));
  if (!batch) throw new AppFailure('NOT_FOUND', 'Impor ini tidak ditemukan.');
  if (batch.status === 'undone') throw new AppFailure('CONFLICT', 'Impor ini sudah dibatalkan.');
  const undo = JSON.parse(batch.undo_json) as UndoLog;
  const anyTable = sql.raw;
  const versionOf = (table: string, id: string) =>
    (
      anyTable.prepare(`SELECT version FROM "${table}" WHERE id = ?`).get(id) as
        { version: number } | undefined
    )?.version;
  for (const c of undo.created) {
    if (versionOf(c.table, c.id) !== (c.version ?? 1)) {
      throw new AppFailure(
        'CONFLICT',
        'Sebagian data dari impor ini sudah diubah setelah diimpor. Pembatalan tidak aman; perbaiki datanya satu per satu.',
      );
    }
  }
  for (const u of undo.updated) {
    if (versionOf(u.table, u.id) !== u.version)
      throw new AppFailure(
        'CONFLICT',
        'Sebagian data yang diubah impor ini sudah diubah lagi sesudahnya. Pembatalan tidak aman.',
      );
  }
  const reason = 'IMPOR DIBATALKAN';
  // Enrolments and people first, then the families they belong to.
  const order = ['enrolments', 'people', 'household_desil_history', 'household_kk_history', 'households'];
  const created = [...undo.created].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
  for (const c of created) {
    if (c.table === 'enrolments')
      changes.update(
        'enrolments',
        c.id,
        { deleted_at: changes.now, status: 'dikeluarkan', status_reason: reason },
        'import.undo',
      );
    else if (c.table === 'people')
      changes.update('people', c.id, { deleted_at: changes.now, deleted_reason: reason }, 'import.undo');
    else if (c.table === 'households')
      changes.update(
        'households',
        c.id,
        { deleted_at: changes.now, deleted_reason: reason, status: 'nonaktif', head_person_id: null },
        'import.undo',
      );
  }
  for (const u of [...undo.updated].reverse())
    changes.update(u.table as 'people', u.id, u.before as never, 'import.undo');
  changes.update(
    'import_batches',
    batchId,
    { status: 'undone', undone_at: changes.now, undone_by: changes.actorId },
    'import.undo',
  );
  return { removed: undo.created.length, restored: undo.updated.length };
}
