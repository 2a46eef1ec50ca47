import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { crc32, createDeflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for hostile test files: ordinary entries, and entries whose content is
 * produced as a stream (hundreds of megabytes that deflate to a few hundred kilobytes), with
 * the option to declare sizes in the zip's directories that are not the real ones. Real
 * spreadsheet tools never do that; attackers and broken tools do.
 */

export interface PreparedEntry {
  name: string;
  /** Deflated bytes (method 8) or the bytes as they are (method 0). */
  body: Buffer;
  method: 0 | 8;
  crc: number;
  /** Sizes written into the local header and the central directory. */
  declaredCompressed: number;
  declaredUncompressed: number;
}

/** An entry from bytes in memory: deflated, with its true sizes. */
export function entry(name: string, data: Buffer | string): PreparedEntry {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const body = deflateRawSync(bytes);
  return {
    name,
    body,
    method: 8,
    crc: crc32(bytes),
    declaredCompressed: body.length,
    declaredUncompressed: bytes.length,
  };
}

/**
 * An entry whose content is `head`, then `filler` repeated `repeat` times, then `tail`, deflated
 * as a stream (the content never exists in memory at once).
 */
export async function streamedEntry(
  name: string,
  parts: { head: string; filler: Buffer; repeat: number; tail: string },
): Promise<PreparedEntry & { realUncompressed: number }> {
  const deflate = createDeflateRaw({ level: 9, memLevel: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  const feed = async (bytes: Buffer) => {
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  };
  await feed(Buffer.from(parts.head, 'utf8'));
  for (let i = 0; i < parts.repeat; i++) await feed(parts.filler);
  await feed(Buffer.from(parts.tail, 'utf8'));
  deflate.end();
  await ended;
  const body = Buffer.concat(chunks);
  return {
    name,
    body,
    method: 8,
    crc,
    declaredCompressed: body.length,
    declaredUncompressed: size,
    realUncompressed: size,
  };
}

const DOS_TIME = 0; // 1980-01-01 00:00, so generated files do not change from run to run
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** The bytes of a zip holding these entries, in this order. */
export function zipBytes(entries: PreparedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.declaredCompressed, 18);
    local.writeUInt32LE(e.declaredUncompressed, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.declaredCompressed, 20);
    central.writeUInt32LE(e.declaredUncompressed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + e.body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export async function writeZip(path: string, entries: PreparedEntry[]): Promise<number> {
  const bytes = zipBytes(entries);
  const out = createWriteStream(path);
  out.end(bytes);
  await once(out, 'finish');
  return bytes.length;
}

/** The parts every .xlsx needs around one worksheet, in the order Excel writes them. */
export function xlsxSkeleton(sheetName = 'Data'): { before: PreparedEntry[]; after: PreparedEntry[] } {
  const ns = 'http://schemas.openxmlformats.org';
  return {
    before: [
      entry(
        '[Content_Types].xml',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
      entry(
        '_rels/.rels',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      entry(
        'xl/workbook.xml',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      entry(
        'xl/_rels/workbook.xml.rels',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    ],
    after: [],
  };
}

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** The entries of a (well-formed, small) zip, in directory order, found through its central directory. */
export function readZip(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    entries.push({ name, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The text of one entry of a (well-formed, small) zip. */
export function readZipEntry(zip: Buffer, name: string): string | null {
  return (
    readZip(zip)
      .find((e) => e.name === name)
      ?.data.toString('utf8') ?? null
  );
}
