import { StringDecoder } from 'node:string_decoder';
import { damaged, inflatedPart, type ZipPart } from '../zip.ts';
import { XmlScanner, type XmlHandler } from './xmlScanner.ts';

/**
 * One part of the workbook as text, a chunk at a time, as it inflates. `maxBytes` is the size
 * measured when the zip was checked for bombs: a part that now inflates to more (the file
 * changed under us) is refused rather than trusted.
 */
export async function* partText(path: string, part: ZipPart, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const bytes = inflatedPart(path, part);
  let size = 0;
  let first = true;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw damaged('ukuran isi berubah saat dibaca');
      let text = decoder.write(chunk);
      // A byte order mark before the XML declaration, as some writers put one.
      if (first && text.length) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    bytes.destroy();
  }
}

/** Reads a whole (small) part through `handler`: the workbook, its relations, styles, strings. */
export async function scanPart(
  path: string,
  part: ZipPart,
  maxBytes: number,
  handler: XmlHandler,
): Promise<void> {
  const scanner = new XmlScanner(handler);
  for await (const text of partText(path, part, maxBytes)) scanner.push(text);
  scanner.end();
}
