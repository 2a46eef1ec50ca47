import { closeSync, fstatSync, openSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import type { ImportLimits } from './limits.ts';
import { looksLikeHtmlTable } from './htmlReader.ts';
import { looksLikeSpreadsheetMl } from './spreadsheetMl.ts';
import { CFB_SIGNATURE } from './xls/compoundFile.ts';
import { looksLikeOpenDocument, odsLimits } from './ods.ts';
import { checkDeclaredSizes, readAt, readZipDirectory } from './zip.ts';

export type FileFormat = 'xlsx' | 'xls' | 'ods' | 'text' | 'html' | 'spreadsheetml';

/**
 * The names an import file may have: what the open dialogs offer. The kind is still judged by
 * the bytes (`sniffFile`): a renamed file is read as what it is.
 */
export const IMPORT_EXTENSIONS = ['xlsx', 'xls', 'ods', 'csv', 'txt', 'xml', 'html', 'htm'] as const;

const fail = (message: string) => new AppFailure('VALIDATION', message);

/**
 * What kind of file this is, judged by its bytes, not its name: a zip (xlsx, or ods by its
 * parts), an old Excel binary (xls), a web page or XML workbook named .xls, or text. Checks the
 * zip's declared sizes against the limits before any decompression: a crude zip bomb is refused without inflating a byte (the
 * parser thread then checks the real sizes, which a crafted one lies about).
 */
export function sniffFile(path: string, fileName: string, limits: ImportLimits): FileFormat {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw fail('Berkas kosong (0 bita). Pilih berkas yang berisi data.');
    if (size > limits.maxFileBytes) {
      throw fail(
        `Berkas terlalu besar (${(size / 1024 / 1024).toFixed(0)} MB; batas ${(limits.maxFileBytes / 1024 / 1024).toFixed(0)} MB). Pecah menjadi beberapa berkas, misalnya per kecamatan.`,
      );
    }
    const head = readAt(fd, 0, 8);
    // Excel 97-2003, whatever its name says (the parser thread reads it, or says why not).
    if (head.subarray(0, 8).equals(CFB_SIGNATURE)) return 'xls';
    const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
    const lower = fileName.toLowerCase();
    if (isZip) {
      const parts = readZipDirectory(fd, size);
      // LibreOffice's .ods, whatever its name says (the parser thread checks its mimetype).
      const openDocument = looksLikeOpenDocument(parts);
      if (!openDocument && !lower.endsWith('.xlsx') && !lower.endsWith('.xlsm')) {
        throw fail('Berkas ini arsip zip, bukan buku kerja Excel. Pilih berkas .xlsx, .ods, .csv atau .txt.');
      }
      checkDeclaredSizes(parts, openDocument ? odsLimits(limits) : limits);
      return openDocument ? 'ods' : 'xlsx';
    }
    const workbookName = /\.(xlsx|xlsm|ods)$/.exec(lower);
    if (workbookName) {
      throw fail(
        `Berkas berakhiran ${workbookName[0]} tetapi isinya bukan buku kerja Excel atau LibreOffice (mungkin rusak atau berganti nama). Buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx.`,
      );
    }
    const sample = readAt(fd, 0, Math.min(size, 64 * 1024));
    // A web page or an XML Spreadsheet 2003 named .xls: what many web applications export as "Excel".
    const text = sampleText(sample);
    if (/\.(xls|xml)$/.test(lower) && looksLikeSpreadsheetMl(text)) return 'spreadsheetml';
    if (/\.(xls|html?)$/.test(lower) && looksLikeHtmlTable(text)) return 'html';
    // Tab-separated text named .xls: the other thing web applications send as "Excel" (Excel
    // opens it with a warning about its format).
    if (lower.endsWith('.xls') && looksLikeDelimitedText(text)) return 'text';
    if (lower.endsWith('.xls'))
      throw fail('Berkas .xls tidak didukung. Simpan ulang sebagai .xlsx dari Excel atau LibreOffice.');
    if (/\.html?$/.test(lower))
      throw fail(
        'Halaman web ini tidak memuat tabel. Buka di peramban atau Excel, lalu simpan datanya sebagai .xlsx atau .csv.',
      );
    if (!/\.(csv|txt|tsv)$/.test(lower)) {
      throw fail(
        'Jenis berkas tidak didukung. Gunakan .xlsx atau .xls (Excel), .ods (LibreOffice), .csv atau .txt.',
      );
    }
    const zeros = sample.filter((b) => b === 0).length;
    if (zeros > sample.length / 100 && !looksUtf16(sample)) {
      throw fail('Berkas ini tampaknya bukan teks (berisi data biner). Ekspor ulang dari Excel sebagai CSV.');
    }
    return 'text';
  } finally {
    closeSync(fd);
  }
}

/**
 * Lines of plain text split into the same number (two or more) of fields by tabs or semicolons:
 * a table, not a binary file. Only the sample's first lines are looked at.
 */
export function looksLikeDelimitedText(text: string): boolean {
  // Control bytes other than tab and line ends are what a binary file has and text has not.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return false;
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .slice(0, 6)
    .filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  return ['\t', ';'].some((separator) => {
    const counts = lines.slice(0, -1).map((line) => line.split(separator).length);
    return counts[0]! >= 3 && counts.every((n) => n === counts[0]);
  });
}

/** The sample as text, enough to find tags: UTF-16 when it says so, else byte by byte. */
const sampleText = (b: Buffer) =>
  looksUtf16(b)
    ? new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(b)
    : b.subarray(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0).toString('latin1');

const looksUtf16 = (b: Buffer) => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
