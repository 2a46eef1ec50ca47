import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppFailure } from '../../common/errors.ts';
import type { ImportLimits } from './limits.ts';

/**
 * The zip container of an .xlsx, read by hand: the central directory (what the file says it
 * holds), the real size of every part once inflated (what it actually holds; a zip bomb lies
 * in its directory), and the parts re-streamed in the order a streaming reader wants.
 */
export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  /** As declared by the file; checked against the real size by `measureInflated`. */
  declaredSize: number;
  localOffset: number;
}

const fail = (message: string) => new AppFailure('VALIDATION', message);
export const damaged = (what: string) =>
  fail(
    `Berkas .xlsx rusak (${what}). Buka di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu coba lagi.`,
  );

export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** Reads the central directory: every part with its declared sizes. */
export function readZipDirectory(fd: number, size: number): ZipPart[] {
  const tailLength = Math.min(size, 65_557);
  const tail = readAt(fd, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0)
    throw fail(
      'Berkas .xlsx rusak atau terpotong (akhir arsip tidak ditemukan). Simpan ulang dari Excel lalu coba lagi.',
    );
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset + directorySize > size || count > 10_000)
    throw damaged('daftar isi arsip tidak masuk akal');
  const directory = readAt(fd, directoryOffset, directorySize);
  const parts: ZipPart[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== 0x02014b50)
      throw damaged('daftar isi arsip tidak terbaca');
    const nameLength = directory.readUInt16LE(offset + 28);
    parts.push({
      flags: directory.readUInt16LE(offset + 8),
      method: directory.readUInt16LE(offset + 10),
      time: directory.readUInt16LE(offset + 12),
      date: directory.readUInt16LE(offset + 14),
      crc: directory.readUInt32LE(offset + 16),
      compressedSize: directory.readUInt32LE(offset + 20),
      declaredSize: directory.readUInt32LE(offset + 24),
      localOffset: directory.readUInt32LE(offset + 42),
      name: directory.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
    if (offset > directory.length) throw damaged('daftar isi arsip terpotong');
  }
  return parts;
}

export function readZipDirectoryOf(path: string): ZipPart[] {
  const fd = openSync(path, 'r');
  try {
    return readZipDirectory(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

export const tooBig = (bytes: number, limits: ImportLimits) =>
  fail(
    `Isi berkas terlalu besar setelah dibuka (${(bytes / 1024 / 1024).toFixed(0)} MB; batas ${(limits.maxUncompressedBytes / 1024 / 1024).toFixed(0)} MB). Pecah berkasnya, atau hubungi admin bila berkas ini memang wajar.`,
  );

export const zipBomb = () =>
  fail(
    'Berkas ini memuat data yang dimampatkan secara tidak wajar (kemungkinan "zip bomb") dan ditolak demi keamanan. Gunakan berkas asli dari Excel.',
  );

/** The declared sizes against the limits: refuses the honest-but-huge and the crude bomb at once. */
export function checkDeclaredSizes(parts: ZipPart[], limits: ImportLimits): void {
  const declared = parts.reduce((sum, p) => sum + p.declaredSize, 0);
  const compressed = parts.reduce((sum, p) => sum + p.compressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooBig(declared, limits);
  if (compressed > 0 && declared / compressed > limits.maxCompressionRatio) throw zipBomb();
}

/** Where a part's data starts: after its local header, whose name and extra lengths may differ. */
function dataStart(fd: number, part: ZipPart): number {
  const local = readAt(fd, part.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
    throw damaged('bagian arsip tidak ditemukan');
  return part.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** One part's bytes as stored (still compressed), read from `fd`. */
export function partData(path: string, fd: number, part: ZipPart): Readable {
  const start = dataStart(fd, part);
  if (part.compressedSize === 0) return Readable.from([]);
  return createReadStream(path, { start, end: start + part.compressedSize - 1 });
}

/** One part's bytes, inflated, as a stream (its method was checked by `measureInflated`). */
export function inflatedPart(path: string, part: ZipPart): Readable {
  const fd = openSync(path, 'r');
  let source: Readable;
  try {
    source = partData(path, fd, part);
  } finally {
    closeSync(fd);
  }
  if (part.method === 0) return source;
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  source.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => source.destroy());
  return source.pipe(inflate);
}

/**
 * Inflates every part, discarding the bytes, to learn its real size: the declared sizes of a
 * hostile zip are lies, and a reader trusting them would inflate hundreds of megabytes. Stops
 * as soon as the real total passes the limits. Answers each part's size and each worksheet's
 * number of rows, counted on the way (`RowTags`), so inspecting a file need not parse every row
 * to say how long it is.
 */
export async function measureInflated(
  path: string,
  parts: ZipPart[],
  limits: ImportLimits,
  fileSize: number,
): Promise<Map<string, Inflated>> {
  const fd = openSync(path, 'r');
  let total = 0;
  const inflated = new Map<string, Inflated>();
  try {
    for (const part of parts) {
      if (part.method !== 0 && part.method !== 8) throw damaged('metode pemampatan tidak dikenal');
      const source = partData(path, fd, part);
      const bytes = part.method === 0 ? source : source.pipe(createInflateRaw());
      const tags = isSheet(part.name) ? new RowTags() : null;
      let size = 0;
      try {
        for await (const chunk of bytes as AsyncIterable<Buffer>) {
          size += chunk.length;
          total += chunk.length;
          if (total > limits.maxUncompressedBytes) throw tooBig(total, limits);
          if (total / fileSize > limits.maxCompressionRatio) throw zipBomb();
          tags?.push(chunk);
        }
        inflated.set(part.name, {
          bytes: size,
          rows: tags?.count ?? null,
          ...(tags?.hidden ? { hiddenRows: tags.hidden } : {}),
        });
      } catch (error) {
        if (error instanceof AppFailure) throw error;
        throw damaged('isi arsip tidak dapat dibuka');
      } finally {
        source.destroy();
        bytes.destroy();
      }
    }
  } finally {
    closeSync(fd);
  }
  return inflated;
}

/** A part's real size, and for a worksheet its number of rows. */
export interface Inflated {
  bytes: number;
  rows: number | null;
  /** A worksheet's rows hidden in Excel (a filter, or by hand). */
  hiddenRows?: number;
}

const ROW_NAME = Buffer.from('row');
/** What may follow the element name: whitespace, `>`, or `/` (an empty row). */
const AFTER_NAME = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]);
/** The longest namespace prefix looked for before `row` (`<x:row`, as the .NET SDK writes). */
const MAX_PREFIX = 32;
const isPrefixByte = (b: number) =>
  (b >= 0x61 && b <= 0x7a) ||
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x30 && b <= 0x39) ||
  b === 0x5f ||
  b === 0x2d ||
  b === 0x2e;

/** Whether the `row` at `at` is an element's name: right after `<`, or after `<prefix:`. */
function startsElement(data: Buffer, at: number): boolean {
  if (data[at - 1] === 0x3c) return true;
  if (data[at - 1] !== 0x3a) return false;
  for (let i = at - 2; i >= Math.max(0, at - 2 - MAX_PREFIX); i--) {
    if (data[i] === 0x3c) return i < at - 2;
    if (!isPrefixByte(data[i]!)) return false;
  }
  return false;
}

const HIDDEN_NAME = Buffer.from(' hidden=');
/** The values that hide: `hidden="1"`, `hidden='true'`… (the longest is 6 bytes). */
const HIDES = /^(["'])(1|true)\1/;
/** Bytes kept from one chunk to the next: a row's start tag is far shorter. */
const TAIL = 512;

/**
 * Counts `<row` start tags (and prefixed ones, `<x:row`) in a worksheet's XML as it streams
 * past, across chunk boundaries, and those with hidden="1" (a filter, or hidden by hand): the
 * preview of a large sheet reads its first rows only, yet the clerk is told how many are hidden.
 * `<` cannot occur unescaped in text or attributes, so every match is an element; `<rowBreaks`
 * is told apart by the byte after the name.
 */
export class RowTags {
  count = 0;
  hidden = 0;
  private tail = Buffer.alloc(0);

  push(chunk: Buffer): void {
    const data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    // A match whose deciding byte (after the name) lies in the tail was counted with the last chunk.
    const fresh = this.tail.length;
    for (let at = data.indexOf(ROW_NAME); at !== -1; at = data.indexOf(ROW_NAME, at + 1)) {
      const next = at + ROW_NAME.length;
      // A match at the very end is decided with the next chunk (it stays in the tail).
      if (next < fresh || next >= data.length) continue;
      if (AFTER_NAME.has(data[next]!) && startsElement(data, at)) this.count++;
    }
    for (let at = data.indexOf(HIDDEN_NAME); at !== -1; at = data.indexOf(HIDDEN_NAME, at + 1)) {
      const value = at + HIDDEN_NAME.length;
      // Decided once its value is all there (6 bytes), and only once: then it is in the tail.
      if (value + 6 > data.length || value + 6 <= fresh) continue;
      if (HIDES.test(data.toString('latin1', value, value + 6)) && inRowTag(data, at)) this.hidden++;
    }
    this.tail = Buffer.from(data.subarray(Math.max(0, data.length - TAIL)));
  }
}

/** Whether the attribute at `at` is a row's (not a hidden column's `<col … hidden="1">`). */
function inRowTag(data: Buffer, at: number): boolean {
  const open = data.lastIndexOf(0x3c, at);
  const name = open < 0 ? -1 : data.indexOf(ROW_NAME, open);
  return (
    name > open && name < at && AFTER_NAME.has(data[name + ROW_NAME.length]!) && startsElement(data, name)
  );
}

/**
 * A worksheet part. Every other part (names, relations, shared strings, styles) is what the
 * streaming reader needs before any sheet.
 */
export const isSheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);

/**
 * Whether to preview each sheet from its own stream. Each such stream parses the shared strings
 * again, so a workbook of many small sheets over one large string table (a sheet per desa) is
 * read in one pass instead, as a whole.
 */
export function previewEachSheetAlone(sheets: ZipPart[], inflated: Map<string, Inflated>): boolean {
  const shared = inflated.get('xl/sharedStrings.xml')?.bytes ?? 0;
  const sheetBytes = sheets.reduce((sum, p) => sum + (inflated.get(p.name)?.bytes ?? 0), 0);
  return (sheets.length - 1) * shared < sheetBytes;
}
