import ExcelJS from 'exceljs';
import { statSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import { serveTasks } from '../jobs/threadTasks.ts';
import { FORMULA_ERROR_TEXT, type Cell, type SheetRow } from './cells.ts';
import type { ImportLimits } from './limits.ts';
import { detectText, readText } from './textReader.ts';
import {
  isSheet,
  measureInflated,
  orderedXlsxStream,
  previewEachSheetAlone,
  readZipDirectoryOf,
  type Inflated,
  type ZipPart,
} from './zip.ts';

/**
 * The parsing thread. It reads the file and posts rows; it never touches the database. It runs
 * with a heap limit and is watched by the importer: a file that exhausts memory or hangs the
 * reader (both seen with exceljs on hostile files) kills only this thread. It reads one file at
 * a time, and then waits for the next (reader.ts keeps it).
 */
export interface ParseRequest {
  path: string;
  format: 'xlsx' | 'text';
  limits: ImportLimits;
  /** 'inspect': every sheet, first rows and length. 'read': one sheet, every row. */
  mode: 'inspect' | 'read';
  sheet: string | null;
  previewRows: number;
}

export type ParseMessage =
  | { type: 'sheet'; name: string; index: number; encoding?: string; delimiter?: string }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'sheetEnd'; name: string; rows: number; columns: number }
  | { type: 'progress' }
  | { type: 'done' }
  /** `refusal`: our own message for the user (a limit, a refused file); else the library's text. */
  | { type: 'failed'; message: string; refusal: boolean };

// The file being read and the channel of its task: one task at a time, set by `readFile`.
let request: ParseRequest;
let port: MessagePort;
const post = (message: ParseMessage) => port.postMessage(message);

// Flow control: at most CREDITS batches in flight, so a fast parser cannot fill the heap
// while the database side is busy.
const CREDITS = 8;
let credits = CREDITS;
let wake: (() => void) | null = null;

async function send(rows: SheetRow[]): Promise<void> {
  if (!rows.length) return;
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  post({ type: 'rows', rows });
}

const isoDate = (d: Date) => (Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10));

/** Excel's own limit on a cell's text; a longer one comes from a crafted file. */
const MAX_CELL_TEXT = 32_767;

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'n', v: value } : null;
  if (typeof value === 'string') return value === '' ? null : { t: 's', v: value };
  if (typeof value === 'boolean') return { t: 'b', v: value };
  if (value instanceof Date) {
    const v = isoDate(value);
    return v ? { t: 'd', v } : null;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('error' in o) return { t: 'e', v: String(o.error) };
    // A formula counts as its cached result: what the user saw in Excel.
    if ('formula' in o || 'sharedFormula' in o) return toCell(o.result);
    if (Array.isArray(o.richText))
      return { t: 's', v: (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('') };
    if ('text' in o) return toCell(o.text);
  }
  return { t: 's', v: String(value) };
}

const refuse = (message: string) => new AppFailure('VALIDATION', message);

const tooManyRows = () =>
  refuse(
    `Berkas memuat lebih dari ${request.limits.maxRows.toLocaleString('id-ID')} baris. Pecah menjadi beberapa berkas (misalnya per kecamatan), lalu impor satu per satu.`,
  );

class Limits {
  rows = 0;
  columns = 0;
  check(row: SheetRow): void {
    this.rows++;
    this.columns = Math.max(this.columns, row.cells.length);
    if (this.rows > request.limits.maxRows) throw tooManyRows();
    if (row.cells.length > request.limits.maxColumns) {
      throw refuse(
        `Baris ${row.n} memuat ${row.cells.length} kolom (batas ${request.limits.maxColumns}). Hapus kolom kosong atau yang tidak perlu, lalu simpan ulang.`,
      );
    }
    for (const cell of row.cells) {
      if (cell?.t === 's' && cell.v.length > MAX_CELL_TEXT)
        throw refuse(
          `Baris ${row.n} memuat sel berisi lebih dari ${MAX_CELL_TEXT.toLocaleString('id-ID')} karakter, melebihi batas Excel sendiri. Berkas ini tidak wajar; periksa asal berkasnya.`,
        );
    }
  }
}

async function emitSheet(
  name: string,
  index: number,
  rows: AsyncIterable<SheetRow>,
  extra: Partial<ParseMessage> = {},
): Promise<void> {
  post({ type: 'sheet', name, index, ...extra } as ParseMessage);
  const limits = new Limits();
  let batch: SheetRow[] = [];
  for await (const row of rows) {
    limits.check(row);
    if (request.mode === 'inspect') {
      if (limits.rows <= request.previewRows) batch.push(row);
      if (limits.rows % 5000 === 0) post({ type: 'progress' });
      continue;
    }
    batch.push(row);
    if (batch.length >= 1000) {
      await send(batch);
      batch = [];
    }
  }
  await send(batch);
  post({ type: 'sheetEnd', name, rows: limits.rows, columns: limits.columns });
}

interface StreamedRow {
  number: number;
  values: unknown[];
  getCell(column: number): { model: { result?: unknown } };
}

const isFormula = (value: unknown) =>
  typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);

/**
 * A formula whose cached result is an error (#N/A, #REF!...): the streaming reader parses the
 * cached text as a number, so the cell's model holds NaN and its value shows no result at all
 * (like a formula never calculated). The text itself is lost; the cell is still an error.
 */
const cachedError = (row: StreamedRow, column: number) => Number.isNaN(row.getCell(column).model.result);

async function* xlsxRows(sheet: AsyncIterable<unknown>): AsyncGenerator<SheetRow> {
  for await (const r of sheet) {
    const row = r as StreamedRow;
    // `values` is 1-based with a hole at 0, and has holes where the file has no cell: Array.from
    // visits holes (map would keep them), so every column gets a cell.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = Array.from(values, (value, i): Cell =>
      isFormula(value) && cachedError(row, i + 1) ? { t: 'e', v: FORMULA_ERROR_TEXT } : toCell(value),
    );
    yield { n: row.number, cells };
  }
}

/** A sheet the workbook does not name (an orphan part) is called as Excel would number it. */
const sheetName = (sheet: { name?: string }, index: number) => sheet.name ?? `Sheet${index + 1}`;

const READER_OPTIONS = {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'emit',
} as const;

/**
 * One sheet's first rows, read from a stream holding that sheet alone, and its length as
 * counted while measuring the zip: parsing 100,000 rows only to count them took 3 s of
 * choosing a file. The rows not read here are all checked when the sheet is read.
 */
async function previewSheet(
  parts: ZipPart[],
  partName: string,
  index: number,
  inflated: Map<string, Inflated>,
): Promise<void> {
  const rows = inflated.get(partName)?.rows ?? 0;
  if (rows > request.limits.maxRows) throw tooManyRows();
  const stream = orderedXlsxStream(request.path, parts, partName);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, READER_OPTIONS);
    for await (const sheet of reader as AsyncIterable<AsyncIterable<unknown> & { name: string }>) {
      const name = sheetName(sheet, index);
      post({ type: 'sheet', name, index });
      const limits = new Limits();
      const preview: SheetRow[] = [];
      for await (const row of xlsxRows(sheet)) {
        limits.check(row);
        preview.push(row);
        if (preview.length >= request.previewRows) break;
      }
      await send(preview);
      post({ type: 'sheetEnd', name, rows, columns: limits.columns });
      break;
    }
  } finally {
    stream.destroy();
  }
}

async function main(): Promise<void> {
  if (request.format === 'text') {
    const detected = detectText(request.path);
    await emitSheet('(teks)', 0, readText(request.path, detected), {
      encoding: detected.encoding,
      delimiter: detected.delimiter,
    });
    post({ type: 'done' });
    return;
  }
  const parts = readZipDirectoryOf(request.path);
  if (!parts.some((p) => p.name === 'xl/workbook.xml'))
    throw refuse(
      'Berkas ini bukan buku kerja Excel: tidak ada lembar kerja di dalamnya (mungkin dokumen Word atau berkas lain yang diganti namanya). Pilih berkas .xlsx dari Excel atau LibreOffice.',
    );
  const inflated = await measureInflated(request.path, parts, request.limits, statSync(request.path).size);
  const sheets = parts.filter((p) => isSheet(p.name));
  if (request.mode === 'inspect' && previewEachSheetAlone(sheets, inflated)) {
    for (const [index, part] of sheets.entries()) await previewSheet(parts, part.name, index, inflated);
    post({ type: 'done' });
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    orderedXlsxStream(request.path, parts),
    READER_OPTIONS,
  );
  let index = 0;
  for await (const sheet of reader as AsyncIterable<AsyncIterable<unknown> & { name: string }>) {
    const name = sheetName(sheet, index);
    if (request.mode === 'read' && request.sheet !== null && name !== request.sheet) {
      // Drain the sheet we skip: the streaming reader must pass through it to reach the next.
      for await (const _row of sheet) void _row;
      index++;
      continue;
    }
    await emitSheet(name, index, xlsxRows(sheet));
    index++;
    if (request.mode === 'read' && request.sheet !== null) break;
  }
  post({ type: 'done' });
}

async function readFile(task: ParseRequest, taskPort: MessagePort): Promise<void> {
  request = task;
  port = taskPort;
  credits = CREDITS;
  wake = null;
  port.on('message', (message: { type: string }) => {
    if (message.type === 'ack') {
      credits++;
      wake?.();
      wake = null;
    }
  });
  try {
    await main();
  } catch (error) {
    if (error instanceof AppFailure) post({ type: 'failed', message: error.message, refusal: true });
    else
      post({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
        refusal: false,
      });
  }
}

// Load the reader now, while the thread waits for its first file: the bundles load exceljs on
// first use (build/esbuild.cli.mjs), which would otherwise fall inside the first file's wait.
void ExcelJS.stream;
serveTasks(readFile);
