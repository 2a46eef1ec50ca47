import { AppFailure } from '../../common/errors.ts';
import { ThreadPool, type ThreadShape } from '../jobs/threadPool.ts';
import type { SheetRow } from './cells.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import type { ParseMessage, ParseRequest } from './parseWorker.ts';
import { sniffFile, type FileFormat } from './sniff.ts';

export type ParseEvent = Exclude<ParseMessage, { type: 'failed' } | { type: 'progress' }>;

const unreadable = (detail: string) =>
  new AppFailure(
    'VALIDATION',
    `Berkas tidak dapat dibaca (${detail}). Buka berkas di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu impor lagi.`,
  );

/**
 * Reader threads kept between files (one is enough: a clerk reads one file at a time). In the
 * main thread it inspects the file chosen; in a job thread it reads the file for the job.
 */
const parsers = new ThreadPool({ maxIdle: 1, idleMs: 10 * 60_000 });

/** The reader thread for these limits: its heap is the admin's limit, as it always was. */
const parserShape = (limits: ImportLimits): ThreadShape => ({
  source: new URL('./parseWorker.ts', import.meta.url),
  bundledName: 'parseWorker',
  resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 },
  quiet: true,
});

/** Has a reader thread ready before the first file comes (at login, and in file job threads). */
export function warmParserThread(limits: ImportLimits = DEFAULT_IMPORT_LIMITS): void {
  parsers.warm(parserShape(limits));
}

/** Whether this thread keeps a reader ready for the next file (see `restParserThread`). */
export function parserThreadWarmed(limits: ImportLimits = DEFAULT_IMPORT_LIMITS): boolean {
  return parsers.warmed(parserShape(limits));
}

/**
 * Stops this thread's idle reader while file jobs run: each reads with the reader of its own job
 * thread, and an idle one holds 30-80 MB of a 100,000-row import's peak. Answers whether one was
 * kept ready, so the caller can warm it again after.
 */
export function restParserThread(limits: ImportLimits = DEFAULT_IMPORT_LIMITS): boolean {
  return parsers.rest(parserShape(limits));
}

/**
 * Reads a spreadsheet in a separate, memory-limited thread and yields its events (sheet start,
 * row batches, sheet end). Everything that can go wrong with a hostile or broken file ends as
 * an AppFailure with an Indonesian message: a limit, a reader exception, a thread that ran
 * out of memory, or one that stopped answering (the watchdog kills it).
 */
export async function* parseSpreadsheet(
  path: string,
  fileName: string,
  limits: ImportLimits,
  options: { mode: 'inspect' | 'read'; sheet?: string | null; previewRows?: number },
): AsyncGenerator<ParseEvent> {
  const format = sniffFile(path, fileName, limits);
  const request: ParseRequest = {
    path,
    format,
    limits,
    mode: options.mode,
    sheet: options.sheet ?? null,
    previewRows: options.previewRows ?? 60,
  };
  const lease = parsers.lease(parserShape(limits), request);
  const queue: (ParseMessage | { type: 'crash'; error: AppFailure })[] = [];
  let wake: (() => void) | null = null;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      push({ type: 'crash', error: unreadable('pembacaan berhenti merespons; berkas mungkin rusak') });
      void lease.kill();
    }, limits.watchdogMs);
  };
  arm();
  let finished = false;
  // The reader ended its task itself (done, or refused the file): its thread may read the next.
  let endedCleanly = false;
  lease.port.on('message', (message: ParseMessage) => {
    arm();
    push(message);
  });
  lease.onDeath((error) => {
    if (!error) {
      if (!finished) push({ type: 'crash', error: unreadable('pembaca berhenti tiba-tiba') });
      return;
    }
    const code = (error as Error & { code?: string }).code;
    if (code !== 'ERR_WORKER_OUT_OF_MEMORY')
      console.warn(`Pembaca berkas gagal: ${error.message.slice(0, 200)}`);
    push({
      type: 'crash',
      error:
        code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppFailure(
              'VALIDATION',
              'Berkas terlalu besar untuk dibaca (memori habis saat membuka isinya). Pecah berkas menjadi beberapa bagian, atau periksa apakah berkasnya wajar.',
            )
          : unreadable('pembaca berhenti karena kesalahan'),
    });
  });
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (item.type === 'crash') throw item.error;
      if (item.type === 'failed') {
        endedCleanly = item.refusal;
        if (item.refusal) throw new AppFailure('VALIDATION', item.message);
        // The library's own words (English, about XML offsets) help no clerk; kept for support.
        console.warn(`Pembaca berkas gagal: ${item.message.slice(0, 200)}`);
        throw unreadable('isinya rusak atau bukan format yang dikenal');
      }
      if (item.type === 'progress') continue;
      if (item.type === 'done') {
        finished = true;
        endedCleanly = true;
        return;
      }
      if (item.type === 'rows') lease.port.postMessage({ type: 'ack' });
      yield item;
    }
  } finally {
    finished = true;
    clearTimeout(watchdog);
    // A reader stopped halfway (the caller stopped reading, the file broke the library) is not reused.
    if (endedCleanly) void lease.release();
    else await lease.kill();
  }
}

export interface SheetPreview {
  name: string;
  index: number;
  rows: SheetRow[];
  rowCount: number;
  columnCount: number;
  format: FileFormat;
  encoding?: string;
  delimiter?: string;
  /** Hidden in the spreadsheet program: chosen only when no visible sheet holds the list. */
  hidden?: true;
  /** Rows hidden in the spreadsheet program, among those read (see ParseMessage's sheetEnd). */
  hiddenRows?: number;
  /**
   * Columns hidden in the spreadsheet program, 0-based (A is 0): never mapped by the guess (see
   * layout.ts), as the clerk does not see them; absent when none are.
   */
  hiddenColumns?: number[];
}

/** Every sheet's first rows and size: enough to choose the sheet, the header row and the mapping. */
export async function inspectSpreadsheet(
  path: string,
  fileName: string,
  limits: ImportLimits,
): Promise<SheetPreview[]> {
  const sheets: SheetPreview[] = [];
  for await (const event of parseSpreadsheet(path, fileName, limits, { mode: 'inspect', previewRows: 60 })) {
    if (event.type === 'sheet')
      sheets.push({
        name: event.name,
        index: event.index,
        rows: [],
        rowCount: 0,
        columnCount: 0,
        format: event.format,
        ...(event.encoding ? { encoding: event.encoding, delimiter: event.delimiter } : {}),
        ...(event.hidden ? { hidden: true as const } : {}),
      });
    else if (event.type === 'rows') sheets.at(-1)?.rows.push(...event.rows);
    else if (event.type === 'sheetEnd') {
      const sheet = sheets.at(-1);
      if (sheet) {
        sheet.rowCount = event.rows;
        sheet.columnCount = event.columns;
        if (event.hiddenRows) sheet.hiddenRows = event.hiddenRows;
        if (event.hiddenColumns.length) sheet.hiddenColumns = event.hiddenColumns;
      }
    }
  }
  if (!sheets.length)
    throw new AppFailure(
      'VALIDATION',
      'Buku kerja ini tidak berisi lembar kerja. Buka di Excel atau LibreOffice, pastikan datanya ada, simpan ulang sebagai .xlsx, lalu impor lagi.',
    );
  return sheets;
}
