import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/tempDir.ts';
import type { Cell } from './cells.ts';
import { readHtmlTables } from './htmlReader.ts';
import { DEFAULT_IMPORT_LIMITS } from './limits.ts';
import { sniffFile } from './sniff.ts';
import { detectText } from './textReader.ts';

const LIMITS = { columns: 50, rows: 1000 };

function page(body: string | Buffer, name = 'unduh.xls'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, body);
  return path;
}

/** Every table's rows as plain values (null for an empty cell), as the reader gives them. */
async function tables(path: string, limits = LIMITS): Promise<Record<number, (string | null)[][]>> {
  const { encoding, bom } = detectText(path);
  const out: Record<number, (string | null)[][]> = {};
  for await (const { table, row } of readHtmlTables(path, { encoding, bom }, limits))
    (out[table] ??= []).push(row.cells.map((c: Cell) => (c ? String(c.v) : null)));
  return out;
}

describe('a web page read as a workbook', () => {
  it('gives merged cells as an .xlsx does: the value first, the cells a span covers empty', async () => {
    const html = `<table>
      <tr><th colspan="5">DAFTAR PENERIMA</th></tr>
      <tr><th rowspan="2">NIK</th><th colspan="2">ALAMAT</th><th rowspan="3">KET</th><th rowspan="2">DESA</th></tr>
      <tr><th>RT</th><th>RW</th></tr>
      <tr><td>3579011205800001</td><td>002</td><td>005</td><td>SISIR</td></tr>
    </table>`;
    expect(await tables(page(html))).toEqual({
      1: [
        ['DAFTAR PENERIMA'],
        ['NIK', 'ALAMAT', null, 'KET', 'DESA'],
        [null, 'RT', 'RW'],
        ['3579011205800001', '002', '005', null, 'SISIR'],
      ],
    });
  });

  it('reads text as a browser shows it: entities, line breaks and runs of spaces', async () => {
    const html = `<table><tr>
      <td>R. Ahmad &amp; &#39;Adi&#39; &#x41;&#65;</td>
      <td>SITI<br>AMINAH\r\n   BINTI&nbsp;&nbsp;SUJONO</td>
      <td>Batu &ndash; Jawa Timur &unknown; &#0;</td>
      <td>3579011205800001&nbsp;</td>
      <td>  </td><td>x</td>
    </tr></table>`;
    expect((await tables(page(html)))[1]).toEqual([
      [
        "R. Ahmad & 'Adi' AA",
        'SITI AMINAH BINTI SUJONO',
        'Batu – Jawa Timur &unknown;',
        '3579011205800001',
        null,
        'x',
      ],
    ]);
  });

  it('takes no text from comments, scripts, styles or the title, and each top-level table is a sheet', async () => {
    const html = `<html><head><title>Unduh</title><style>td{mso-number-format:"\\@"}</style>
      <!--[if gte mso 9]><xml><x:Name>Data</x:Name></xml><![endif]--></head><body>
      <table><tr><td>judul</td></tr></table>
      <!-- <table><tr><td>dikomentari</td></tr></table> -->
      <table><tr><td>a<script>document.write('<td>x</td>')</script></td>
        <td>luar <table><tr><td>dalam</td><td>tabel</td></tr></table></td></tr>
        <tr><td>b</td></tr></table></body></html>`;
    expect(await tables(page(html))).toEqual({
      1: [['judul']],
      2: [['a', 'luar dalam tabel'], ['b']],
    });
  });

  it('reads a tag split between two reads of the file, and a page that never closes its table', async () => {
    // The reader takes the file 1 MiB at a time: a comment puts "<td>" across the first cut.
    const head = '<table><tr><td>awal</td>';
    const filler = `<!--${'x'.repeat(1024 * 1024 - head.length - 7 - 2)}-->`;
    const html = `${head}${filler}<td>tengah</td></tr><tr><td>akhir`;
    expect(Buffer.byteLength(head + filler)).toBe(1024 * 1024 - 2);
    expect((await tables(page(html)))[1]).toEqual([['awal', 'tengah'], ['akhir']]);
  });

  it('decodes Windows-1252 and UTF-16 pages (Excel saves "Unicode" web pages as UTF-16)', async () => {
    const latin = Buffer.from('<table><tr><td>ANDR\xc9 \x93Bu\x94</td></tr></table>', 'latin1');
    expect((await tables(page(latin)))[1]).toEqual([['ANDRÉ “Bu”']]);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<table><tr><td>Sri Rahayu</td></tr></table>', 'utf16le'),
    ]);
    expect((await tables(page(utf16)))[1]).toEqual([['Sri Rahayu']]);
  });

  it('caps a crafted span at the limits, and refuses an unclosed tag or a cell larger than any list holds', async () => {
    const wide = await tables(
      page(
        '<table><tr><td colspan="999999999">a</td><td rowspan="99999999">b</td></tr><tr><td>c</td></tr></table>',
      ),
      {
        columns: 4,
        rows: 3,
      },
    );
    expect(wide[1]).toEqual([['a', null, null, null, 'b'], ['c']]);
    await expect(tables(page(`<table><tr><td>a</td><td title="${'x'.repeat(1_100_000)}`))).rejects.toThrow(
      /tidak pernah ditutup/,
    );
    await expect(tables(page(`<table><tr><td>${'x'.repeat(400_000)}</td></tr></table>`))).rejects.toThrow(
      /lebih dari 32\.767 karakter/,
    );
  });
});

describe('which pages named .xls or .html are read as tables', () => {
  const sniff = (body: string | Buffer, name: string) => () =>
    sniffFile(page(body, name), name, DEFAULT_IMPORT_LIMITS);

  it('a web page with a table, named .xls, .htm or .html, with or without a BOM or an XML prolog', () => {
    expect(sniff('<html><body><table><tr><td>1</td></tr></table></body></html>', 'data.xls')()).toBe('html');
    expect(sniff('\ufeff  <table border=1><tr><td>1</td></tr></table>', 'data.HTM')()).toBe('html');
    expect(
      sniff('<?xml version="1.0"?>\n<html><table><tr><td>1</td></tr></table></html>', 'data.html')(),
    ).toBe('html');
  });

  it('refuses an .xls that is not a web page, and a web page with no table, saying what to do', () => {
    // An Excel 97-2003 file is known by its bytes (core/importer/xls reads it).
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(sniff(ole, 'data.xls')()).toBe('xls');
    expect(sniff('NIK;NAMA\n3579011205800001;Budi\n', 'data.xls')).toThrow(/\.xls tidak didukung/);
    expect(sniff('<html><body><p>Tidak ada data</p></body></html>', 'data.html')).toThrow(
      /tidak memuat tabel/,
    );
    // A CSV that happens to hold a tag is still a CSV.
    expect(sniff('NAMA,CATATAN\nBudi,<table> rusak\n', 'data.csv')()).toBe('text');
  });
});
