import { closeSync, openSync } from 'node:fs';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { isSheet, partData, type ZipPart } from '../../core/importer/zip.ts';

// How the reader thread fed exceljs before it had its own .xlsx reader (issue 14): kept for the
// test that holds our reader to exceljs's answers on the same bytes.

/** An empty shared-strings part, for workbooks written without one (inline strings only). */
const EMPTY_SST = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

function localHeader(
  name: Buffer,
  fields: {
    method: number;
    flags: number;
    time: number;
    date: number;
    crc: number;
    compressed: number;
    size: number;
  },
): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  // Bit 3 (sizes in a trailing descriptor) cleared: this header carries the sizes itself.
  header.writeUInt16LE(fields.flags & ~0x8, 6);
  header.writeUInt16LE(fields.method, 8);
  header.writeUInt16LE(fields.time, 10);
  header.writeUInt16LE(fields.date, 12);
  header.writeUInt32LE(fields.crc, 14);
  header.writeUInt32LE(fields.compressed, 18);
  header.writeUInt32LE(fields.size, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

/**
 * The workbook as a zip stream with every sheet after the parts it depends on. A streaming
 * reader meeting a sheet before the shared strings (Excel's usual order) would park the sheet
 * in a temporary file: a plaintext copy of names and NIKs on disk. In this order it never does.
 * Parts are copied as they are (still compressed); nothing is written anywhere. With
 * `onlySheet`, that one worksheet is the only one in the stream.
 */
export function orderedXlsxStream(path: string, parts: ZipPart[], onlySheet?: string): Readable {
  const sheets = parts.filter((p) => isSheet(p.name) && (onlySheet === undefined || p.name === onlySheet));
  const ordered = [...parts.filter((p) => !isSheet(p.name)), ...sheets];
  const hasSharedStrings = parts.some((p) => p.name === 'xl/sharedStrings.xml');
  async function* stream(): AsyncGenerator<Buffer> {
    const fd = openSync(path, 'r');
    try {
      for (const part of ordered) {
        if (!hasSharedStrings && isSheet(part.name) && part === ordered.find((p) => isSheet(p.name))) {
          yield localHeader(Buffer.from('xl/sharedStrings.xml'), {
            method: 0,
            flags: 0,
            time: part.time,
            date: part.date,
            crc: crc32(EMPTY_SST),
            compressed: EMPTY_SST.length,
            size: EMPTY_SST.length,
          });
          yield EMPTY_SST;
        }
        yield localHeader(Buffer.from(part.name, 'utf8'), {
          method: part.method,
          flags: part.flags,
          time: part.time,
          date: part.date,
          crc: part.crc,
          compressed: part.compressedSize,
          size: part.declaredSize,
        });
        for await (const chunk of partData(path, fd, part)) yield chunk as Buffer;
      }
    } finally {
      closeSync(fd);
    }
  }
  return Readable.from(stream());
}
