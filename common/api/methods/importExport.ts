import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import { emptyInput, fileHandle, id, isoDate, regionCode } from '../fields.ts';
import { IMPORT_KINDS, RELATIONSHIP_CODE_LIST_NAMES } from '../../domain/importFields.ts';
import { EXPORT_KINDS } from '../../domain/exportKinds.ts';
import { chosenFile } from './jobs.ts';

const kind = z.enum(IMPORT_KINDS);
const mapping = z.record(z.string().max(200), z.string().max(40).nullable());
/** Values the file does not carry, set once for every row (field -> value: desa, kecamatan, programme). */
const fixedValues = z.record(z.string().max(40), z.string().trim().min(1).max(200));
/** Which code list a numeric coded column uses, when the clerk had to say it. */
const codeLists = z.strictObject({ relationship: z.enum(RELATIONSHIP_CODE_LIST_NAMES).optional() });
export type CodeListChoice = z.infer<typeof codeLists>;

/** Why a row hidden in Excel was not read, as the list of rows not read says it. */
export const HIDDEN_ROW_REASON = 'disembunyikan di Excel (filter atau sembunyikan baris)';

const options = z.strictObject({
  onExisting: z.enum(['update', 'skip', 'flag']).default('update'),
  periodId: id.optional(),
  /** Rows hidden in Excel (a filter, or by hand): not read unless the clerk includes them. */
  hiddenRows: z.enum(['skip', 'include']).optional(),
});

export const importProblemView = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
export type ImportProblemView = z.infer<typeof importProblemView>;

export const importCountsView = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  possibleDuplicates: z.number().int(),
  /** Rows hidden in Excel and so not read (absent in batches imported before it was counted). */
  hiddenRows: z.number().int().optional(),
});
export type ImportCountsView = z.infer<typeof importCountsView>;

/**
 * What a kind of import has to say beyond the counts (a bank file against its period: matched,
 * missing on either side, totals against the file's totals). Shown as facts and short lists.
 */
export const importSummaryView = z.object({
  title: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  lists: z.array(z.object({ label: z.string(), total: z.number().int(), rows: z.array(z.string()) })),
});
export type ImportSummaryView = z.infer<typeof importSummaryView>;

export const importResultView = z.object({
  counts: importCountsView,
  summary: importSummaryView.nullable(),
  /** Rows under the header that are not people (signatures, notes, group rows), and why. */
  ignored: z.array(z.object({ row: z.number().int(), text: z.string(), reason: z.string() })),
  ignoredCount: z.number().int(),
  problems: z.array(importProblemView),
  problemCount: z.number().int(),
  batchId: z.string().nullable(),
  sheet: z.string(),
  headerRow: z.number().int(),
});
export type ImportResultView = z.infer<typeof importResultView>;

export const inspectView = z.object({
  fileName: z.string(),
  format: z.enum(['xlsx', 'xls', 'ods', 'text', 'html', 'spreadsheetml']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(
    z.object({
      name: z.string(),
      rowCount: z.number().int(),
      columnCount: z.number().int(),
      /** Hidden in the spreadsheet program (the clerk never saw it there). */
      hidden: z.boolean().optional(),
      /**
       * Rows hidden in the spreadsheet program: all of them when the sheet was read whole, else
       * those among its first rows (a large .xlsx is only previewed); absent when none were seen.
       */
      hiddenRows: z.number().int().optional(),
    }),
  ),
  sheet: z.string(),
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  /**
   * Headers of the columns hidden in the spreadsheet program: the guess leaves them unmapped
   * (their reason says so); the clerk may still map one by hand. Absent when none are.
   */
  hiddenColumns: z.array(z.string()).optional(),
  mapping,
  /** A few data rows under the header, as text, to recognise the columns. */
  sample: z.array(z.array(z.string())),
  template: z.string().nullable(),
  missing: z.array(z.string()),
  /** Per header: why it was matched to its field ("Nama kolom dikenal: …"). */
  reasons: z.record(z.string(), z.string()),
  /** Per unmatched header: the fields it most resembles, closest first. */
  suggestions: z.record(z.string(), z.array(z.string())),
  /** Values for the whole file read from its title block ("DESA/KELURAHAN : SISIR"). */
  fixed: z.record(z.string(), z.object({ value: z.string(), found: z.string() })),
  /** Fields carried by group rows above their members ("No. KK : 3579…" in a BIP book). */
  grouped: z.array(z.object({ field: z.string(), found: z.string() })),
  /** Code lists decided from the header and the values, with why. */
  codes: z.object({
    relationship: z.object({ list: z.enum(RELATIONSHIP_CODE_LIST_NAMES), reason: z.string() }).nullable(),
  }),
  /** What the clerk must answer before the import can start (an ambiguous code list...). */
  questions: z.array(
    z.object({
      id: z.string(),
      column: z.string(),
      message: z.string(),
      choices: z.array(z.object({ value: z.string(), label: z.string() })),
    }),
  ),
});
export type InspectView = z.infer<typeof inspectView>;

export const batchView = z.object({
  id,
  kind,
  fileName: z.string(),
  sheet: z.string(),
  counts: importCountsView,
  status: z.enum(['committed', 'undone']),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  undoneAt: z.string().nullable(),
});
export type BatchView = z.infer<typeof batchView>;

const importSpec = {
  file: fileHandle,
  kind,
  sheet: z.string().max(200),
  headerRow: z.number().int().min(1),
  mapping,
  fixed: fixedValues.default({}),
  /** Fields the file's group rows carry for the rows under them ("No. KK : …"). */
  grouped: z.array(z.string().max(40)).max(20).default([]),
  codes: codeLists.default({}),
  options: options.default({ onExisting: 'update' }),
};

export const importExportMethods = {
  /** The host's open dialog (the web host's browser twin uploads the chosen file instead). */
  'files.chooseOpen': method({
    input: z.strictObject({ purpose: z.enum(['import', 'restore']) }),
    output: chosenFile,
    access: SESSION,
    writes: false,
  }),
  /** Sheets, header row and a suggested mapping (a saved template for these headers wins). */
  'import.inspect': method({
    input: z.strictObject({
      file: fileHandle,
      kind,
      sheet: z.string().max(200).optional(),
      headerRow: z.number().int().min(1).optional(),
    }),
    output: inspectView,
    access: requires('import.run'),
    writes: false,
  }),
  /** Preview checks every row and writes nothing; commit writes the good rows in one transaction. */
  'import.start': method({
    input: z.strictObject({ ...importSpec, mode: z.enum(['preview', 'commit']) }),
    output: z.object({ jobId: id }),
    access: requires('import.run'),
    writes: false,
  }),
  'import.errorWorkbook': method({
    input: z.strictObject({ ...importSpec, target: fileHandle }),
    output: z.object({ jobId: id }),
    access: requires('import.run'),
    writes: false,
  }),
  'import.batches': method({
    input: emptyInput,
    output: z.array(batchView),
    access: requires('import.run'),
    writes: false,
  }),
  'import.undo': method({
    input: z.strictObject({ batchId: id }),
    output: z.object({ removed: z.number().int(), restored: z.number().int() }),
    access: requires('import.run'),
    writes: true,
  }),
  'import.templates': method({
    input: z.strictObject({ kind }),
    output: z.array(z.object({ id, name: z.string(), mapping })),
    access: requires('import.run'),
    writes: false,
  }),
  'import.saveTemplate': method({
    input: z.strictObject({
      kind,
      name: z.string().trim().min(2, 'Nama templat minimal 2 huruf.').max(80),
      mapping,
    }),
    output: z.object({ id }),
    access: requires('import.run'),
    writes: true,
  }),
  'export.start': method({
    input: z.strictObject({
      kind: z.enum(EXPORT_KINDS),
      filters: z
        .strictObject({
          desaCode: regionCode.optional(),
          programCode: z.string().max(30).optional(),
          periodId: id.optional(),
          desilMax: z.number().int().min(1).max(10).optional(),
          /** SIKS-NG proposals: verifications approved from this day to that day (WIB). */
          approvedFrom: isoDate.optional(),
          approvedTo: isoDate.optional(),
        })
        .default({}),
      format: z.enum(['xlsx', 'csv']).default('xlsx'),
      delimiter: z.enum([',', ';']).default(';'),
      maskNik: z.boolean().default(false),
      target: fileHandle,
    }),
    output: z.object({ jobId: id }),
    access: requires('export.run'),
    writes: false,
  }),
};
