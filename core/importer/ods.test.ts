import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grant, importFile, storedPeople } from '../../tests/support/importHarness.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { entry, zipBytes } from '../../tests/support/zipWriter.ts';
import type { Cell } from './cells.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import { readOds } from './ods.ts';
import { sniffFile } from './sniff.ts';

const SPREADSHEET = 'application/vnd.oasis.opendocument.spreadsheet';

const content = (tables: string) => `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">
<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;

function ods(tables: string, { mimetype = SPREADSHEET, name = 'data.ods' } = {}): string {
  const path = join(tempDir(), name);
  writeFileSync(
    path,
    zipBytes([
      entry('mimetype', mimetype),
      entry('content.xml', content(tables)),
      entry('styles.xml', '<x/>'),
    ]),
  );
  return path;
}

async function sheets(path: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS) {
  const out: Record<string, { n: number; cells: Cell[] }[]> = {};
  for await (const { sheet, row } of readOds(path, limits)) (out[sheet] ??= []).push(row);
  return out;
}

const s = (v: string): Cell => ({ t: 's', v });
const text = (v: string) =>
  `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;

describe('an OpenDocument spreadsheet (.ods) read as the .xlsx reader reads a workbook', () => {
  it('keeps each value type: text (a NIK as written), float, percentage, currency, date, boolean, and a formula error', async () => {
    const rows = await sheets(
      ods(`<table:table table:name="Penerima"><table:table-row>
        ${text('3579011205800001')}
        <table:table-cell office:value-type="float" office:value="3579011205800000" calcext:value-type="float"><text:p>3,58E+15</text:p></table:table-cell>
        <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>
        <table:table-cell office:value-type="currency" office:currency="IDR" office:value="200000"><text:p>Rp200.000</text:p></table:table-cell>
        <table:table-cell office:value-type="date" office:date-value="1980-05-12"><text:p>12/05/80</text:p></table:table-cell>
        <table:table-cell office:value-type="date" office:date-value="1985-08-17T07:30:00"><text:p>17 Agustus</text:p></table:table-cell>
        <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
        <table:table-cell table:formula="of:=VLOOKUP(1;A:B;2;0)" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p></table:table-cell>
      </table:table-row></table:table>`),
    );
    expect(rows.Penerima).toEqual([
      {
        n: 1,
        cells: [
          s('3579011205800001'),
          // The number the cell holds, not the text shown: the importer says Excel rounded it.
          { t: 'n', v: 3579011205800000 },
          { t: 'n', v: 0.25 },
          { t: 'n', v: 200000 },
          { t: 'd', v: '1980-05-12' },
          { t: 'd', v: '1985-08-17' },
          { t: 'b', v: true },
          { t: 'e', v: '#N/A' },
        ],
      },
    ]);
  });

  it('reads text as LibreOffice writes it: kept spaces, tabs, line breaks, several paragraphs, styled spans; a note in the cell is not its value', async () => {
    const rows = await sheets(
      ods(`<table:table table:name="A"><table:table-row>
        <table:table-cell office:value-type="string"><text:p>Jl.<text:s text:c="2"/>Raya<text:tab/>No. 7</text:p><text:p>Dusun <text:span text:style-name="T1">Junggo</text:span></text:p></table:table-cell>
        <table:table-cell office:value-type="string"><office:annotation><text:p>catatan petugas</text:p></office:annotation><text:p>Siti<text:line-break/>Aminah</text:p></table:table-cell>
        <table:table-cell office:value-type="string"><text:p>Ma&apos;ruf   &amp;  Nur’aini</text:p></table:table-cell>
      </table:table-row></table:table>`),
    );
    expect(rows.A![0]!.cells).toEqual([
      s('Jl.  Raya\tNo. 7\nDusun Junggo'),
      s('Siti\nAminah'),
      s("Ma'ruf & Nur’aini"),
    ]);
  });

  it('places cells by their repeat counts and merges as an .xlsx has them; an empty tail of a million rows costs nothing', async () => {
    const rows = await sheets(
      ods(`<table:table table:name="Data">
        <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
        <table:table-row>
          <table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>JUDUL GABUNG</text:p></table:table-cell>
          <table:covered-table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>tersembunyi</text:p></table:covered-table-cell>
          <table:table-cell table:number-columns-repeated="2"/>${text('F')}
        </table:table-row>
        <table:table-row table:number-rows-repeated="2">${text('sama')}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"/></table:table-row>
        <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
      </table:table>
      <table:table table:name="Kedua"><table:table-row>${text('b')}</table:table-row></table:table>`),
    );
    expect(rows).toEqual({
      Data: [
        { n: 4, cells: [s('JUDUL GABUNG'), null, null, null, null, s('F')] },
        { n: 5, cells: [s('sama'), { t: 'n', v: 7 }, { t: 'n', v: 7 }] },
        { n: 6, cells: [s('sama'), { t: 'n', v: 7 }, { t: 'n', v: 7 }] },
      ],
      Kedua: [{ n: 1, cells: [s('b')] }],
    });
  });

  it('gives a crafted repeat of a row with a value only up to the limit, for the parser thread to refuse', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 100, maxColumns: 10 };
    const rows = await sheets(
      ods(`<table:table table:name="Bom"><table:table-row table:number-rows-repeated="999999999">
        <table:table-cell table:number-columns-repeated="999999999" office:value-type="float" office:value="1"/>
      </table:table-row></table:table>`),
      limits,
    );
    expect(rows.Bom).toHaveLength(101);
    expect(rows.Bom![0]!.cells).toHaveLength(11);
  });

  it('counts its unpacked size at a third against the limit, as it writes a cell about three times longer than .xlsx', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxUncompressedBytes: 1024 * 1024 };
    // Digits that do not repeat, so the zip's ratio stays far under the bomb limit.
    let seed = 1;
    const digits = () => String((seed = (seed * 48271) % 2147483647)).padStart(10, '0');
    const rowsOf = (bytes: number) => {
      const row = () =>
        `<table:table-row>${text(digits())}${text(digits())}${text(digits())}</table:table-row>`;
      return Array.from({ length: Math.ceil(bytes / row().length) }, row).join('');
    };
    const fits = ods(`<table:table table:name="A">${rowsOf(2 * 1024 * 1024)}</table:table>`);
    expect((await sheets(fits, limits)).A!.length).toBeGreaterThan(5_000);
    const over = ods(`<table:table table:name="A">${rowsOf(4 * 1024 * 1024)}</table:table>`);
    await expect(sheets(over, limits)).rejects.toThrow(/terlalu besar setelah dibuka/);
  });

  it("refuses a cell that grows past Excel's 32,767 characters from a few bytes of kept spaces, before it fills memory", async () => {
    const spaces = '<text:s text:c="1000"/>'.repeat(40);
    await expect(
      sheets(
        ods(
          `<table:table table:name="A"><table:table-row><table:table-cell><text:p>${spaces}</text:p></table:table-cell></table:table-row></table:table>`,
        ),
      ),
    ).rejects.toThrow(/Baris 1 memuat sel berisi lebih dari 32\.767 karakter/);
  });

  it('is known by its bytes: an .ods renamed .xlsx is read as one; another OpenDocument, a DOCTYPE or a cut file is refused', async () => {
    const table = `<table:table table:name="A"><table:table-row>${text('a')}</table:table-row></table:table>`;
    const renamed = ods(table, { name: 'penerima.xlsx' });
    expect(sniffFile(renamed, 'penerima.xlsx', DEFAULT_IMPORT_LIMITS)).toBe('ods');
    expect(await sheets(renamed)).toEqual({ A: [{ n: 1, cells: [s('a')] }] });
    await expect(sheets(ods(table, { mimetype: 'application/vnd.oasis.opendocument.text' }))).rejects.toThrow(
      /dokumen OpenDocument lain.*bukan lembar kerja/,
    );
    const doctype = join(tempDir(), 'bom.ods');
    writeFileSync(
      doctype,
      zipBytes([
        entry('mimetype', SPREADSHEET),
        entry(
          'content.xml',
          `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${content(table).slice(22)}`,
        ),
      ]),
    );
    await expect(sheets(doctype)).rejects.toThrow(/DOCTYPE/);
    const cut = join(tempDir(), 'terpotong.ods');
    writeFileSync(
      cut,
      zipBytes([entry('mimetype', SPREADSHEET), entry('content.xml', content(table).slice(0, -40))]),
    );
    await expect(sheets(cut)).rejects.toThrow();
  });
});

describe('an .ods through the app', () => {
  it('is offered by the open dialog, with every kind the importer reads', async () => {
    const asked: { extensions: string[] }[] = [];
    const setup = await setUpCore({
      host: {
        chooseSaveFile: async () => null,
        chooseOpenFile: async (request) => {
          asked.push(request);
          return null;
        },
      },
    });
    const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
    expect(await clerk.ok('files.chooseOpen', { purpose: 'import' })).toBeNull();
    expect(asked[0]!.extensions).toEqual(
      expect.arrayContaining(['xlsx', 'xls', 'ods', 'csv', 'txt', 'html']),
    );
    await setup.core.close();
  });

  it('is imported through inspect and the import job, down to the people stored', async () => {
    const setup = await setUpCore();
    const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
    const header = [
      'NO KK',
      'NIK',
      'NAMA',
      'TANGGAL LAHIR',
      'JENIS KELAMIN',
      'HUBUNGAN KELUARGA',
      'DESA',
      'KECAMATAN',
    ];
    const person = (nik: string, name: string, born: string, sex: string, rel: string) =>
      `<table:table-row>${text('3579012003150004')}${text(nik)}${text(name)}<table:table-cell office:value-type="date" office:date-value="${born}"><text:p>${born}</text:p></table:table-cell>${text(sex)}${text(rel)}${text('ORO ORO OMBO')}${text('BATU')}</table:table-row>`;
    const path = ods(
      `<table:table table:name="Keterangan"><table:table-row>${text('Dibuat di LibreOffice')}</table:table-row></table:table>
      <table:table table:name="Penerima"><table:table-row>${header.map(text).join('')}</table:table-row>
        ${person('3579011205800001', 'BUDI SANTOSO', '1980-05-12', 'L', 'KEPALA KELUARGA')}
        ${person('3579015708850002', 'SITI AMINAH', '1985-08-17', 'P', 'ISTRI')}
        <table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
      </table:table>`,
      { name: 'penerima.ods' },
    );
    const { inspect, result } = await importFile(setup.core, clerk, grant(setup.core, clerk, path), {
      mode: 'commit',
    });
    expect(inspect).toMatchObject({ format: 'ods', sheet: 'Penerima', headerRow: 1, missing: [] });
    expect(result.counts).toMatchObject({ rows: 2, new: 2, errors: 0 });
    expect(storedPeople(setup.core)).toEqual([
      ['3579011205800001', 'BUDI SANTOSO', '1980-05-12', 'kepala_keluarga'],
      ['3579015708850002', 'SITI AMINAH', '1985-08-17', 'istri'],
    ]);
    await setup.core.close();
  });
});
