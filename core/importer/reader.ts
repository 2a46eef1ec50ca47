import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import { workerScript } from '../jobs/workerScript.ts';
import type { SheetRow } from './cells.ts';
import type { ImportLimits } from './limits.ts';
import type { ParseMessage, ParseRequest } from './parseWorker.ts';
import { sniffFile } from './sniff.ts';

export type ParseEvent = Exclude<ParseMessage, { type: 'failed' } | { type: 'progress' }>;

const unreadable = (detail: string) =>
  new AppFailure(
    'VALIDATION',
    `Berkas tidak dapat dibaca (${detail}). Buka berkas di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu impor lagi.`,
  );

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
  const { script, entry, execArgv } = workerScript(
    new URL('./parseWorker.ts', import.meta.url),
    'parseWorker',
  );
  const request: ParseRequest = {
    entry,
    path,
    format,
    limits,
    mode: options.mode,
    sheet: options.sheet ?? null,
    previewRows: options.previewRows ?? 60,
  };
  const worker = new Worker(script, {
    workerData: request,
    execArgv,
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    stdout: true,
    stderr: true,
  });
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
      void worker.terminate();
    }, limits.watchdogMs);
  };
  arm();
  let finished = false;
  worker.on('message', (message: ParseMessage) => {
    arm();
    push(message);
  });
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY')
      console.warn(`Pembaca berkas gagal: ${error.message.slice(0, 200)}`);
    push({
      type: 'crash',
      error:
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppFailure(
              'VALIDATION',
              'Berkas terlalu besar untuk dibaca (memori habis saat membuka isinya). Pecah berkas menjadi beberapa bagian, atau periksa apakah berkasnya wajar.',
            )
          : unreadable('pembaca berhenti karena kesalahan'),
    });
  });
  worker.on('exit', () => {
    if (!finished) push({ type: 'crash', error: unreadable('pembaca berhenti tiba-tiba') });
  });
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (item.type === 'crash') throw item.error;
      if (item.type === 'failed') {
        if (item.refusal) throw new AppFailure('VALIDATION', item.message);
        // The library's own words (English, about XML offsets) help no clerk; kept for support.
        console.warn(`Pembaca berkas gagal: ${item.message.slice(0, 200)}`);
        throw unreadable('isinya rusak atau bukan format yang dikenal');
      }
      if (item.type === 'progress') continue;
      if (item.type === 'done') {
        finished = true;
        return;
      }
      if (item.type === 'rows') worker.postMessage({ type: 'ack' });
      yield item;
    }
  } finally {
    finished = true;
    clearTimeout(watchdog);
    await worker.terminate();
  }
}

export interface SheetPreview {
  name: string;
  index: number;
  rows: SheetRow[];
  rowCount: number;
  columnCount: number;
  encoding?: string;
  delimiter?: string;
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
        ...(event.encoding ? { encoding: event.encoding, delimiter: event.delimiter } : {}),
      });
    else if (event.type === 'rows') sheets.at(-1)?.rows.push(...event.rows);
    else if (event.type === 'sheetEnd') {
      const sheet = sheets.at(-1);
      if (sheet) {
        sheet.rowCount = event.rows;
        sheet.columnCount = event.columns;
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
