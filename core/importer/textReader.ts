import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import type { SheetRow } from './cells.ts';

export const DELIMITERS = [';', ',', '|', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Indonesian-locale Excel writes CSV with ';' and Windows-1252; other tools write ',' or '|'
 * in UTF-8 (with or without a BOM). The encoding is UTF-8 when the bytes are valid UTF-8,
 * otherwise Windows-1252; the delimiter is the one that splits the first lines most evenly.
 */
export function detectText(path: string): {
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le';
  delimiter: Delimiter;
  bom: number;
} {
  const fd = openSync(path, 'r');
  const sample = Buffer.alloc(256 * 1024);
  const read = readSync(fd, sample, 0, sample.length, 0);
  closeSync(fd);
  const bytes = sample.subarray(0, read);
  let encoding: 'utf-8' | 'windows-1252' | 'utf-16le' = 'utf-8';
  let bom = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bom = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = 2;
  } else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: read === sample.length });
    } catch {
      encoding = 'windows-1252';
    }
  }
  const text = new TextDecoder(encoding).decode(bytes.subarray(bom));
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const nonZero = counts.filter((c) => c > 0);
    if (!nonZero.length) continue;
    // Prefer many columns that repeat on most lines.
    const mode = nonZero.sort(
      (a, b) => nonZero.filter((x) => x === b).length - nonZero.filter((x) => x === a).length,
    )[0]!;
    const score = mode * counts.filter((c) => c === mode).length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return { encoding, delimiter: best, bom };
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

/**
 * Streams a delimited text file as rows of text cells, RFC 4180 quoting (delimiters, quotes and
 * line breaks inside quotes). `n` is the line where the record starts, as an editor shows it.
 */
export async function* readText(
  path: string,
  options: { encoding: string; delimiter: string; bom: number },
): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(options.encoding);
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let pendingQuote = false;
  let line = 1;
  let rowStart = 1;
  let lastWasCr = false;
  const stream = createReadStream(path, { start: options.bom, highWaterMark: 1024 * 1024 });
  const finishRow = (): SheetRow => {
    row.push(field);
    const out = { n: rowStart, cells: row.map((v) => (v === '' ? null : ({ t: 's', v } as const))) };
    row = [];
    field = '';
    return out;
  };
  for await (const chunk of stream) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (lastWasCr && ch === '\n') {
        lastWasCr = false;
        continue;
      }
      lastWasCr = false;
      if (quoted) {
        if (pendingQuote) {
          pendingQuote = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          quoted = false;
          // fall through: the character after a closing quote
        } else if (ch === '"') {
          pendingQuote = true;
          continue;
        } else {
          if (ch === '\n') line++;
          field += ch;
          continue;
        }
      }
      if (ch === '"' && field === '') quoted = true;
      else if (ch === options.delimiter) {
        row.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        lastWasCr = ch === '\r';
        yield finishRow();
        line++;
        rowStart = line;
      } else field += ch;
    }
  }
  const rest = decoder.decode();
  if (rest) field += rest;
  if (field !== '' || row.length) yield finishRow();
}
