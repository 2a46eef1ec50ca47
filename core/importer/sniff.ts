import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import type { ImportLimits } from './limits.ts';

export type FileFormat = 'xlsx' | 'text';

const fail = (message: string) => new AppFailure('VALIDATION', message);

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/**
 * What kind of file this is, judged by its bytes, not its name: a zip (xlsx), an old Excel
 * binary (refused with how to convert), or text. Checks the zip's directory against the limits
 * before any decompression, so a zip bomb is refused without inflating a byte.
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
    if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw fail(
        'Berkas .xls (Excel 97-2003) tidak didukung. Buka di Excel atau LibreOffice, pilih "Simpan Sebagai", format "Excel Workbook (.xlsx)", lalu impor berkas .xlsx itu.',
      );
    }
    const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
    const lower = fileName.toLowerCase();
    if (isZip) {
      if (!lower.endsWith('.xlsx') && !lower.endsWith('.xlsm')) {
        throw fail('Berkas ini arsip zip, bukan buku kerja Excel. Pilih berkas .xlsx, .csv atau .txt.');
      }
      checkZip(fd, size, limits);
      return 'xlsx';
    }
    if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) {
      throw fail(
        'Berkas berakhiran .xlsx tetapi isinya bukan buku kerja Excel (mungkin rusak atau berganti nama). Buka di Excel lalu simpan ulang sebagai .xlsx.',
      );
    }
    if (lower.endsWith('.xls'))
      throw fail('Berkas .xls tidak didukung. Simpan ulang sebagai .xlsx dari Excel atau LibreOffice.');
    if (!/\.(csv|txt|tsv)$/.test(lower)) {
      throw fail('Jenis berkas tidak didukung. Gunakan .xlsx (Excel), .csv atau .txt.');
    }
    const sample = readAt(fd, 0, Math.min(size, 64 * 1024));
    const zeros = sample.filter((b) => b === 0).length;
    if (zeros > sample.length / 100 && !looksUtf16(sample)) {
      throw fail('Berkas ini tampaknya bukan teks (berisi data biner). Ekspor ulang dari Excel sebagai CSV.');
    }
    return 'text';
  } finally {
    closeSync(fd);
  }
}

const looksUtf16 = (b: Buffer) => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** Reads the zip's central directory (sizes as declared) and applies the limits. */
function checkZip(fd: number, size: number, limits: ImportLimits): void {
  const tailLength = Math.min(size, 65_557);
  const tail = readAt(fd, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0)
    throw fail(
      'Berkas .xlsx rusak atau terpotong (akhir arsip tidak ditemukan). Simpan ulang dari Excel lalu coba lagi.',
    );
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset + directorySize > size || entries > 10_000) {
    throw fail(
      'Berkas .xlsx rusak (daftar isi arsip tidak masuk akal). Simpan ulang dari Excel lalu coba lagi.',
    );
  }
  const directory = readAt(fd, directoryOffset, directorySize);
  let offset = 0;
  let uncompressed = 0;
  let compressed = 0;
  for (let i = 0; i < entries; i++) {
    if (directory.readUInt32LE(offset) !== 0x02014b50)
      throw fail(
        'Berkas .xlsx rusak (daftar isi arsip tidak terbaca). Simpan ulang dari Excel lalu coba lagi.',
      );
    compressed += directory.readUInt32LE(offset + 20);
    uncompressed += directory.readUInt32LE(offset + 24);
    offset +=
      46 +
      directory.readUInt16LE(offset + 28) +
      directory.readUInt16LE(offset + 30) +
      directory.readUInt16LE(offset + 32);
    if (offset > directory.length) throw fail('Berkas .xlsx rusak (daftar isi arsip terpotong).');
  }
  if (uncompressed > limits.maxUncompressedBytes) {
    throw fail(
      `Isi berkas terlalu besar setelah dibuka (${(uncompressed / 1024 / 1024).toFixed(0)} MB; batas ${(limits.maxUncompressedBytes / 1024 / 1024).toFixed(0)} MB). Pecah berkasnya, atau hubungi admin bila berkas ini memang wajar.`,
    );
  }
  if (compressed > 0 && uncompressed / compressed > limits.maxCompressionRatio) {
    throw fail(
      'Berkas ini memuat data yang dimampatkan secara tidak wajar (kemungkinan "zip bomb") dan ditolak demi keamanan. Gunakan berkas asli dari Excel.',
    );
  }
}
