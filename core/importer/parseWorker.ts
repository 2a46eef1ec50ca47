import { statSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import { serveTasks } from '../jobs/threadTasks.ts';
import { cellTooLong, HiddenColumns, MAX_CELL_TEXT, type SheetRow } from './cells.ts';
import type { ImportLimits } from './limits.ts';
import { readHtmlTables } from './htmlReader.ts';
import { readSpreadsheetMl } from './spreadsheetMl.ts';
import { readXls } from './xls/biff8.ts';
import { readOds } from './ods.ts';
import type { FileFormat } from './sniff.ts';
import { detectText, readText } from './textReader.ts';
import { readSheetRows } from './xlsx/sheetXml.ts';
import { readWorkbook, type Workbook, type WorkbookSheet } from './xlsx/workbook.ts';
import { measureInflated, previewEachSheetAlone, readZipDirectoryOf, type Inflated } from './zip.ts';

/**
 * The parsing thread. It reads the file and posts rows; it never touches the database. It runs
 * with a heap limit and is watched by the importer: a file that exhausts memory or hangs the
 * reader kills only this thread. An .xlsx is read by our own streaming reader (./xlsx), which
 * refuses malformed XML with an error the importer reports as an unreadable file. It reads one
 * file at a time, and then waits for the next (reader.ts keeps it).
 */
export interface ParseRequest {
  path: string;
  format: FileFormat;
  limits: ImportLimits;
  /** 'inspect': every sheet, first rows and length. 'read': one sheet, every row. */
  mode: 'inspect' | 'read';
  sheet: string | null;
  previewRows: number;
}

export type ParseMessage =
  | {
      type: 'sheet';
      name: string;
      index: number;
      format: FileFormat;
      encoding?: string;
      delimiter?: string;
      /** The sheet is hidden in Excel or LibreOffice (set only when it is). */
      hidden?: true;
    }
  | { type: 'rows'; rows: SheetRow[] }
  /**
   * `hiddenRows`: rows hidden in Excel among those read (a previewed .xlsx: its first rows).
   * `hiddenColumns`: the columns hidden in Excel or LibreOffice (0-based, A is 0), among the
   * `columns` read.
   */
  | {
      type: 'sheetEnd';
      name: string;
      rows: number;
      columns: number;
      hiddenRows: number;
      hiddenColumns: number[];
    }
  | { type: 'progress' }
  | { type: 'done' }
  /** `refusal`: our own message for the user (a limit, a refused file); else the library's text. */
  | { type: 'failed'; message: string; refusal: boolean };

// The file being read and the channel of its task: one task at a time, set by `readFile`.
let request: ParseRequest;
let port: MessagePort;
const post = (message: ParseMessage) => port.postMessage(message);

// Flow control: at most CREDITS batches in flight, so a fast parser cannot fill the heap
// while the database side is busy. The job is ten times slower than this reader, so every
// credit is always taken and each is a batch the job holds, deserialized, until it gets to it
// (2 MB for 1,000 DTKS rows). Two keep the next batch ready while the job works on one; with
// eight, a reader and a job that takes 100 ms a batch peaked at 170-220 MB against 150.
const CREDITS = 2;
let credits = CREDITS;
let wake: (() => void) | null = null;

async function send(rows: SheetRow[]): Promise<void> {
  if (!rows.length) return;
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  post({ type: 'rows', rows });
}

const refuse = (message: string) => new AppFailure('VALIDATION', message);

const hiddenFlag = (hidden: boolean | undefined) => (hidden ? { hidden: true as const } : {});

const tooManyRows = () =>
  refuse(
    `Berkas memuat lebih dari ${request.limits.maxRows.toLocaleString('id-ID')} baris. Pecah menjadi beberapa berkas (misalnya per kecamatan), lalu impor satu per satu.`,
  );

class Limits {
  rows = 0;
  columns = 0;
  hiddenRows = 0;
  check(row: SheetRow): void {
    this.rows++;
    if (row.hidden) this.hiddenRows++;
    this.columns = Math.max(this.columns, row.cells.length);
    if (this.rows > request.limits.maxRows) throw tooManyRows();
    if (row.cells.length > request.limits.maxColumns) {
      throw refuse(
        `Baris ${row.n} memuat ${row.cells.length} kolom (batas ${request.limits.maxColumns}). Hapus kolom kosong atau yang tidak perlu, lalu simpan ulang.`,
      );
    }
    for (const cell of row.cells) {
      if (cell?.t === 's' && cell.v.length > MAX_CELL_TEXT) throw cellTooLong(row.n);
    }
  }
}

async function emitSheet(
  name: string,
  index: number,
  rows: AsyncIterable<SheetRow>,
  extra: Partial<ParseMessage> = {},
  hiddenColumns = new HiddenColumns(),
): Promise<void> {
  post({ type: 'sheet', name, index, format: request.format, ...extra } as ParseMessage);
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
  post({
    type: 'sheetEnd',
    name,
    rows: limits.rows,
    columns: limits.columns,
    hiddenRows: limits.hiddenRows,
    hiddenColumns: hiddenColumns.within(limits.columns),
  });
}

/**
 * One sheet's first rows, and its length as counted while measuring the zip: parsing 100,000
 * rows only to count them is time the clerk spends choosing a file. The rows not read here are
 * all checked when the sheet is read.
 */
async function previewSheet(
  book: Workbook,
  sheet: WorkbookSheet,
  index: number,
  inflated: Map<string, Inflated>,
): Promise<void> {
  const rows = inflated.get(sheet.part.name)?.rows ?? 0;
  if (rows > request.limits.maxRows) throw tooManyRows();
  post({ type: 'sheet', name: sheet.name, index, format: request.format, ...hiddenFlag(sheet.hidden) });
  const limits = new Limits();
  const preview: SheetRow[] = [];
  const hiddenColumns = new HiddenColumns();
  // Leaving the loop early closes the sheet's stream (the generator's finally).
  for await (const row of readSheetRows(request.path, book, sheet, hiddenColumns)) {
    limits.check(row);
    preview.push(row);
    if (preview.length >= request.previewRows) break;
  }
  await send(preview);
  post({
    type: 'sheetEnd',
    name: sheet.name,
    rows,
    columns: limits.columns,
    hiddenRows: inflated.get(sheet.part.name)?.hiddenRows ?? 0,
    hiddenColumns: hiddenColumns.within(limits.columns),
  });
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
  if (request.format !== 'xlsx') {
    await emitSheetsOfOnePass();
    post({ type: 'done' });
    return;
  }
  const parts = readZipDirectoryOf(request.path);
  if (!parts.some((p) => p.name === 'xl/workbook.xml'))
    throw refuse(
      'Berkas ini bukan buku kerja Excel: tidak ada lembar kerja di dalamnya (mungkin dokumen Word atau berkas lain yang diganti namanya). Pilih berkas .xlsx dari Excel atau LibreOffice.',
    );
  const inflated = await measureInflated(request.path, parts, request.limits, statSync(request.path).size);
  const book = await readWorkbook(request.path, parts, inflated);
  const sheetParts = book.sheets.map((s) => s.part);
  if (request.mode === 'inspect' && previewEachSheetAlone(sheetParts, inflated)) {
    for (const [index, sheet] of book.sheets.entries()) await previewSheet(book, sheet, index, inflated);
    post({ type: 'done' });
    return;
  }
  for (const [index, sheet] of book.sheets.entries()) {
    const chosen = request.mode === 'read' && request.sheet !== null;
    if (chosen && sheet.name !== request.sheet) continue;
    const hiddenColumns = new HiddenColumns();
    await emitSheet(
      sheet.name,
      index,
      readSheetRows(request.path, book, sheet, hiddenColumns),
      hiddenFlag(sheet.hidden),
      hiddenColumns,
    );
    if (chosen) break;
  }
  post({ type: 'done' });
}

/**
 * A web page's tables ("Tabel 1", …), the worksheets of an XML Spreadsheet 2003, an Excel 97-2003
 * workbook or an OpenDocument spreadsheet, each a sheet, read in one pass over the file: the sheet
 * not chosen is read past, not emitted.
 */
async function emitSheetsOfOnePass(): Promise<void> {
  const limits = { columns: request.limits.maxColumns, rows: request.limits.maxRows };
  const source = rowsOfOnePass(request.format, limits);
  let next = await source.next();
  let sheets = 0;
  while (!next.done) {
    const { name, index, hidden, hiddenColumns } = next.value;
    async function* rows(): AsyncGenerator<SheetRow> {
      while (!next.done && next.value.index === index) {
        yield next.value.row;
        next = await source.next();
      }
    }
    const chosen = request.mode === 'read' && request.sheet !== null;
    if (chosen && name !== request.sheet) for await (const _ of rows());
    else {
      await emitSheet(name, index, rows(), hiddenFlag(hidden), hiddenColumns);
      sheets++;
    }
  }
  if (sheets === 0)
    throw refuse(
      request.format === 'html'
        ? 'Halaman web ini tidak memuat tabel berisi data. Buka di peramban atau Excel, lalu simpan datanya sebagai .xlsx atau .csv.'
        : request.format === 'xls' || request.format === 'ods'
          ? 'Buku kerja ini tidak berisi data (semua lembar kosong). Buka di Excel atau LibreOffice dan periksa lembarnya.'
          : 'Buku kerja XML ini tidak memuat baris data. Buka di Excel, pastikan datanya ada, lalu simpan ulang sebagai .xlsx.',
    );
}

type OnePassRow = {
  name: string;
  index: number;
  hidden?: boolean;
  /** The sheet's hidden columns, one object per sheet, known before its first row. */
  hiddenColumns?: HiddenColumns;
  row: SheetRow;
};

async function* rowsOfOnePass(
  format: FileFormat,
  limits: { columns: number; rows: number },
): AsyncGenerator<OnePassRow> {
  if (format === 'xls') {
    for (const { sheet, index, hidden, hiddenColumns, row } of readXls(request.path, limits))
      yield { name: sheet, index, hidden, hiddenColumns, row };
    return;
  }
  if (format === 'ods') {
    for await (const { sheet, index, hidden, hiddenColumns, row } of readOds(request.path, request.limits))
      yield { name: sheet, index, hidden, hiddenColumns, row };
    return;
  }
  const { encoding, bom } = detectText(request.path);
  if (format === 'html')
    for await (const { table, row } of readHtmlTables(request.path, { encoding, bom }, limits))
      yield { name: `Tabel ${table}`, index: table - 1, row };
  else
    for await (const { sheet, index, hiddenColumns, row } of readSpreadsheetMl(
      request.path,
      { encoding, bom },
      limits,
    ))
      yield { name: sheet, index, hiddenColumns, row };
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

serveTasks(readFile);
