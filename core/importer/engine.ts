import type { ImportKind } from '../../common/domain/importFields.ts';
import { IMPORT_COMMIT } from '../../common/audit/batches.ts';
import { AppFailure } from '../../common/errors.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { BatchRecord } from '../audit/batch.ts';
import { Changes, type Actor } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { RegistryContext } from '../registry/households.ts';
import {
  HIDDEN_ROW_REASON,
  type CodeListChoice,
  type ImportSummaryView,
} from '../../common/api/methods/importExport.ts';
import type { SheetRow } from './cells.ts';
import type { Layout } from './layout.ts';
import { headerOf, mappingOf, missingRequired, withMapping } from './layout.ts';
import { RegionMatcher } from './regionMatch.ts';
import { TableWalker, type IgnoredRow } from './tableRows.ts';
import { placeOfTableRow } from './titleBlock.ts';
import { listFromHeader } from './codeLists.ts';
import type { ImportLimits } from './limits.ts';
import { parseSpreadsheet } from './reader.ts';
import { RoundedIdColumn } from './values.ts';
import { fieldColumns, ImportRow, emptyCounts, type ImportCounts, type ImportProblem } from './rows.ts';
import { EnrolmentsProcessor } from './kinds/enrolments.ts';
import { PaymentsProcessor } from './kinds/payments.ts';
import { RecipientsProcessor } from './kinds/recipients.ts';
import type { ImportOptions, KindProcessor, ProcessorContext } from './kinds/types.ts';
import { VerificationsProcessor } from './kinds/verifications.ts';

/** Which sheet and header row, and header text -> field; the headers are read from the file. */
export interface ImportSpec {
  sheet: string;
  headerRow: number;
  mapping: Record<string, string | null>;
  /** Values for the whole file where no column carries them (field -> value). */
  fixed: Record<string, string>;
  /** Fields the group rows carry ("No. KK : …" above the members). */
  grouped: string[];
  /** The code list of numeric relationship codes, when the file has them. */
  codes: CodeListChoice;
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
  summary: ImportSummaryView | null;
  /** The first IGNORED_KEPT rows under the header that are not people, and why. */
  ignored: IgnoredRow[];
  ignoredCount: number;
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

const IGNORED_KEPT = 200;

const PROCESSORS: Record<ImportKind, new (ctx: ProcessorContext) => KindProcessor> = {
  recipients: RecipientsProcessor,
  enrolments: EnrolmentsProcessor,
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
  const record = new BatchRecord();
  const ignored: IgnoredRow[] = [];
  let ignoredCount = 0;
  const committing = mode === 'commit';
  let changes: Changes | null = null;
  const ctx: ProcessorContext = {
    sql: db.sql,
    registry,
    options: request.options,
    // Copied: a list the header names is added once the header is read.
    codes: { ...request.spec.codes },
    counts,
    write: (fn) => {
      if (changes) fn(changes);
    },
  };
  const processor = new PROCESSORS[request.kind](ctx);
  const roundedIds = {
    nik: new RoundedIdColumn('NIK'),
    kk: new RoundedIdColumn('No. KK'),
    participant: new RoundedIdColumn('NIK'),
  };
  let layout: Layout | null = null;
  /** Set for a delimited text file, whose rows can be shifted by an unquoted delimiter. */
  let delimiter: string | null = null;
  let columns = new Map<string, number>();
  let walker: TableWalker | null = null;
  /** The header's top row, until the row under it says whether the header spans two rows. */
  let top: SheetRow | null = null;
  const startTable = (headerTop: SheetRow, next: SheetRow | null): boolean => {
    const { headers, span } = headerOf(request.kind, headerTop, next);
    layout = readLayout(request.kind, request.spec, headers, span);
    columns = fieldColumns(layout);
    const relationshipColumn = columns.get('relationship');
    if (!ctx.codes.relationship && relationshipColumn !== undefined) {
      const named = listFromHeader(headers[relationshipColumn]!);
      if (named) ctx.codes.relationship = named.list;
    }
    const regions = new RegionMatcher(db.sql);
    walker = new TableWalker(
      request.kind,
      layout,
      request.spec.fixed,
      (cells) => placeOfTableRow(request.kind, cells, regions),
      request.options.hiddenRows === 'include',
    );
    hooks.onLayout?.(layout);
    return span === 2;
  };
  const dataRow = (raw: SheetRow) => {
    const seen = walker!.accept(raw);
    if (seen.type === 'blank') return;
    if (seen.type === 'ignored') {
      ignoredCount++;
      if (seen.ignored.reason === HIDDEN_ROW_REASON) {
        counts.hiddenRows++;
        processor.skipped?.();
      }
      if (ignored.length < IGNORED_KEPT) ignored.push(seen.ignored);
      return;
    }
    const row = new ImportRow(raw.n, raw.cells, layout!, columns, seen.given);
    counts.rows++;
    for (const [field, column] of Object.entries(roundedIds)) column.observe(row.get(field), row.n);
    const shifted = delimiter !== null && row.refuseShiftedFields(delimiter);
    if (!shifted && !row.refuseFormulaErrors()) processor.process(row);
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
  };

  const batchId = committing ? newId() : null;
  if (batchId) {
    db.sql.raw.exec('BEGIN IMMEDIATE');
    changes = new Changes(db.sql, actor, db.deviceId, db.now());
    changes.beginBatch(record, batchId);
  }
  // Read beside the parser: the batch's audit entry names the file by its hash.
  const fileHash = committing ? fileSha256(request.filePath) : null;
  fileHash?.catch(() => undefined);
  try {
    let expected = 0;
    // Said at once: a large file's first rows take a while to come, and "Memulai 0%" looks stuck.
    hooks.progress(0, 'Membaca berkas', 0);
    for await (const event of parseSpreadsheet(request.filePath, request.fileName, limits, {
      mode: 'read',
      sheet: request.spec.sheet,
    })) {
      if (event.type === 'sheet') delimiter = event.delimiter ?? null;
      if (event.type === 'sheetEnd') expected = event.rows;
      if (event.type !== 'rows') continue;
      for (const raw of event.rows) {
        if (raw.n === request.spec.headerRow) {
          top = raw;
          continue;
        }
        if (top) {
          const headerTop = top;
          top = null;
          if (startTable(headerTop, raw.n === headerTop.n + 1 ? raw : null)) continue;
        }
        if (layout) dataRow(raw);
      }
      hooks.checkCancelled();
      hooks.progress(
        expected ? counts.rows / expected : 0.5,
        committing ? 'Menyimpan' : 'Memeriksa',
        counts.rows,
      );
    }
    if (top) startTable(top, null);
    for (const column of Object.values(roundedIds)) {
      const refusal = column.refusal();
      if (refusal) throw refusal;
    }
    for (const problem of processor.finish() ?? []) {
      problemCount++;
      if (problems.length < PROBLEMS_KEPT) problems.push(problem);
    }
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
    if (changes && batchId) {
      const syncSha256 = changes.endBatch();
      const totals = record.write(db.sql, batchId);
      // The batch's one audit entry: who and when (the entry's own), the file's hash, kind,
      // mapping, counts, the sum over every row the batch created, changed or removed, and the
      // digest over the chunks it syncs as.
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
          undo_json: '',
          file_sha256: await fileHash!,
          rows_sha256: totals.rowsSha256,
          row_count: totals.rowCount,
          sync_sha256: syncSha256,
          status: 'committed',
          created_by: actor.userId,
          undone_at: null,
          undone_by: null,
        } as never,
        IMPORT_COMMIT,
      );
      db.sql.raw.exec('COMMIT');
    }
    return {
      counts,
      summary: processor.summary?.() ?? null,
      ignored,
      ignoredCount,
      problems,
      problemCount,
      batchId,
    };
  } catch (error) {
    if (committing && db.sql.raw.inTransaction) db.sql.raw.exec('ROLLBACK');
    throw error;
  }
}

/** SHA-256 of the imported file, read as a stream. */
async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The header as found, with the user's mapping applied and checked. */
function readLayout(kind: ImportKind, spec: ImportSpec, headers: string[], span: 1 | 2): Layout {
  const layout = withMapping(
    kind,
    { sheet: spec.sheet, headerRow: spec.headerRow, span, headers, fields: headers.map(() => null) },
    spec.mapping,
  );
  const missing = missingRequired(kind, layout, [...Object.keys(spec.fixed), ...spec.grouped]);
  if (missing.length)
    throw new AppFailure(
      'VALIDATION',
      `Kolom wajib belum dipetakan: ${missing.join(', ')}. Pilih kolomnya di layar pemetaan.`,
    );
  return layout;
}
