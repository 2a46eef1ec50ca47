import ExcelJS from 'exceljs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Cell, SheetRow } from './cells.ts';
import type { ImportLimits } from './limits.ts';
import { detectText, readText } from './textReader.ts';

/**
 * The parsing thread. It reads the file and posts rows; it never touches the database. It runs
 * with a heap limit and is watched by the importer: a file that exhausts memory or hangs the
 * reader (both seen with exceljs on hostile files) kills only this thread.
 */
export interface ParseRequest {
  entry: string;
  path: string;
  format: 'xlsx' | 'text';
  limits: ImportLimits;
  /** 'inspect': every sheet, first rows only. 'read': one sheet, every row. */
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
  | { type: 'failed'; message: string };

const request = workerData as ParseRequest;
const post = (message: ParseMessage) => parentPort!.postMessage(message);

// Flow control: at most CREDITS batches in flight, so a fast parser cannot fill the heap
// while the database side is busy.
const CREDITS = 8;
let credits = CREDITS;
let wake: (() => void) | null = null;
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'ack') {
    credits++;
    wake?.();
    wake = null;
  }
});

async function send(rows: SheetRow[]): Promise<void> {
  if (!rows.length) return;
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  post({ type: 'rows', rows });
}

const isoDate = (d: Date) => (Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10));

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

class Limits {
  rows = 0;
  columns = 0;
  check(row: SheetRow): void {
    this.rows++;
    this.columns = Math.max(this.columns, row.cells.length);
    if (this.rows > request.limits.maxRows) {
      throw new Error(
        `LIMIT:Berkas memuat lebih dari ${request.limits.maxRows.toLocaleString('id-ID')} baris. Pecah menjadi beberapa berkas (misalnya per kecamatan), lalu impor satu per satu.`,
      );
    }
    if (row.cells.length > request.limits.maxColumns) {
      throw new Error(
        `LIMIT:Baris ${row.n} memuat ${row.cells.length} kolom (batas ${request.limits.maxColumns}). Hapus kolom kosong atau yang tidak perlu, lalu simpan ulang.`,
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

async function* xlsxRows(sheet: AsyncIterable<unknown>): AsyncGenerator<SheetRow> {
  for await (const r of sheet) {
    const row = r as { number: number; values: unknown[] };
    // `values` is 1-based with a hole at 0.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    yield { n: row.number, cells: values.map(toCell) };
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(request.path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let index = 0;
  for await (const sheet of reader as AsyncIterable<AsyncIterable<unknown> & { name: string }>) {
    const name = sheet.name ?? `Sheet${index + 1}`;
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

main().catch((error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  post({ type: 'failed', message: text.startsWith('LIMIT:') ? text.slice(6) : text });
});
