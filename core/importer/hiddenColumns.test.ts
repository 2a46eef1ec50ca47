import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  clerkCore,
  grant,
  importFile,
  storedPeople,
  tryImport,
  tryInspect,
} from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { entry, zipBytes } from '../../tests/support/zipWriter.ts';
import { HiddenColumns } from './cells.ts';
import { DEFAULT_IMPORT_LIMITS } from './limits.ts';
import { readOds } from './ods.ts';
import { readSpreadsheetMl } from './spreadsheetMl.ts';
import { detectText } from './textReader.ts';

const soffice = findSoffice();

/** The NIK the clerk corrected (the column they see), and last month's stale one (hidden). */
const nik = (i: number) => `35790112058000${String(i).padStart(2, '0')}`;
const staleNik = (i: number) => `35790112058090${String(i).padStart(2, '0')}`;

const PEOPLE = [1, 2, 3].map((i) => ({
  no: String(i),
  stale: staleNik(i),
  nik: nik(i),
  name: `Warga ${i}`,
  kk: `35790120031500${String(i).padStart(2, '0')}`,
}));
const REST = ['TGL LAHIR', 'L/P', 'HUB KELUARGA', 'DESA'];
const restOf = () => ['12-05-1980', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'];

/**
 * The probe's file: column B, the first "NIK", hidden in Excel and holding stale NIKs; column C,
 * the corrected NIK the clerk sees, has the same header.
 */
async function probe(name: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DATA');
  sheet.addRow(['NO', 'NIK', 'NIK', 'NAMA', 'NO KK', ...REST]);
  for (const p of PEOPLE) sheet.addRow([p.no, p.stale, p.nik, p.name, p.kk, ...restOf()]);
  sheet.getColumn(2).hidden = true;
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

/** One NIK column, hidden, and the sex column hidden too (a unique header each). */
async function onlyColumnHidden(name: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DATA');
  sheet.addRow(['NO', 'NIK', 'NAMA', 'NO KK', ...REST]);
  for (const p of PEOPLE) sheet.addRow([p.no, p.nik, p.name, p.kk, ...restOf()]);
  sheet.getColumn(2).hidden = true;
  sheet.getColumn(6).hidden = true; // L/P
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

const storedNiks = (core: Parameters<typeof storedPeople>[0]) =>
  storedPeople(core).map((p) => (p as string[])[0]);

const HIDDEN_NOTE = (program: string) =>
  `Kolom "NIK" (B) disembunyikan di ${program}, tidak dibaca. Petakan sendiri bila memang perlu.`;

describe('columns hidden in Excel', () => {
  it('are not mapped by the guess: of two "NIK", the visible one is read and its NIKs stored', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await probe('nik-diperbaiki.xlsx'));
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping).toMatchObject({ NIK: null, 'NIK (2)': 'nik' });
    expect(inspect.value.hiddenColumns).toEqual(['NIK']);
    expect(inspect.value.reasons.NIK).toBe(HIDDEN_NOTE('Excel'));
    expect(inspect.value.suggestions.NIK).toBeUndefined();
    expect(inspect.value.missing).toEqual([]);
    // The CLI and the harness start the import with the mapping inspect guessed.
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(storedNiks(core)).toEqual([nik(1), nik(2), nik(3)]);
    await core.close();
  });

  it('are not mapped when their header is the only one: a required field is asked for, and the clerk may map it by hand', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await onlyColumnHidden('nik-tersembunyi.xlsx'));
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping).toMatchObject({ NIK: null, 'L/P': null, NAMA: 'name' });
    expect(inspect.value.hiddenColumns).toEqual(['NIK', 'L/P']);
    expect(inspect.value.missing.length).toBeGreaterThan(0);
    const refused = await tryImport(core, clerk, file);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/Kolom wajib belum dipetakan/);
    expect(storedNiks(core)).toEqual([]);
    // Mapped deliberately, the hidden column is read.
    const run = await importFile(core, clerk, file, { mode: 'commit', mapping: { NIK: 'nik' } });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(storedNiks(core)).toEqual([nik(1), nik(2), nik(3)]);
    await core.close();
  });

  it("are passed over by a saved template too: it knows last month's file, not this one's hidden column", async () => {
    const { core, clerk } = await clerkCore();
    const saved = await clerk.call('import.saveTemplate', {
      kind: 'recipients',
      name: 'DTKS bulanan',
      mapping: {
        NO: null,
        NIK: 'nik',
        NAMA: 'name',
        NO_KK: 'kk',
        TGL_LAHIR: 'birthDate',
        L_P: 'sex',
        HUB_KELUARGA: 'relationship',
        DESA: 'desa',
      },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const file = grant(core, clerk, await probe('dengan-templat.xlsx'));
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.inspect.template).toBe('DTKS bulanan');
    expect(run.inspect.mapping).toMatchObject({ NIK: null, 'NIK (2)': 'nik' });
    expect(storedNiks(core)).toEqual([nik(1), nik(2), nik(3)]);
    await core.close();
  });

  it.skipIf(!soffice)(
    'are known in the .xls and .ods LibreOffice writes of the same file',
    { timeout: 180_000 },
    async () => {
      const { core, clerk } = await clerkCore();
      const source = await probe('nik-diperbaiki-lo.xlsx');
      for (const [filter, program] of [
        ['xls:MS Excel 97', 'Excel'],
        ['ods', 'LibreOffice'],
      ] as const) {
        const converted = await convertWithLibreOffice(soffice!, source, tempDir(), filter);
        const file = grant(core, clerk, converted);
        const inspect = await tryInspect(clerk, file);
        if (!inspect.ok) throw new Error(`${filter}: ${inspect.error.message}`);
        expect(inspect.value.mapping, filter).toMatchObject({ NIK: null, 'NIK (2)': 'nik' });
        expect(inspect.value.hiddenColumns, filter).toEqual(['NIK']);
        expect(inspect.value.reasons.NIK, filter).toBe(HIDDEN_NOTE(program));
        const run = await importFile(core, clerk, file);
        expect(run.result.counts, filter).toMatchObject({ rows: 3, errors: 0 });
      }
      const run = await importFile(
        core,
        clerk,
        grant(core, clerk, await convertWithLibreOffice(soffice!, source, tempDir(), 'ods')),
        { mode: 'commit' },
      );
      expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
      expect(storedNiks(core)).toEqual([nik(1), nik(2), nik(3)]);
      await core.close();
    },
  );
});

/**
 * A wider file for the formats that describe runs of columns: A shown, B and C hidden as one run
 * (a note and the stale NIK), D to J shown as one run (the corrected NIK and the rest), K hidden
 * alone (a remark), and nothing said of the columns after.
 */
const WIDE_HEADER = ['NO', 'CATATAN', 'NIK', 'NIK', 'NAMA', 'NO KK', ...REST, 'KETERANGAN'];
const wideRows = () =>
  PEOPLE.map((p) => [p.no, 'lama', p.stale, p.nik, p.name, p.kk, ...restOf(), 'cek ulang']);

function hiddenRunsOds(): string {
  const cell = (v: string) =>
    `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
  const row = (cells: string[]) => `<table:table-row>${cells.map(cell).join('')}</table:table-row>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">
<office:body><office:spreadsheet><table:table table:name="DATA">
<table:table-header-columns><table:table-column/></table:table-header-columns>
<table:table-column table:number-columns-repeated="2" table:visibility="collapse"/>
<table:table-column table:number-columns-repeated="7"/>
<table:table-column table:visibility="collapse"/>
<table:table-column table:number-columns-repeated="16373"/>
${row(WIDE_HEADER)}${wideRows().map(row).join('')}
</table:table></office:spreadsheet></office:body></office:document-content>`;
  const path = join(tempDir(), 'kolom-tersembunyi.ods');
  writeFileSync(
    path,
    zipBytes([
      entry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
      entry('content.xml', content),
    ]),
  );
  return path;
}

function hiddenRunsSpreadsheetMl(): string {
  const row = (cells: string[]) =>
    `<Row>${cells.map((v) => `<Cell><Data ss:Type="String">${v}</Data></Cell>`).join('')}</Row>`;
  const path = join(tempDir(), 'kolom-tersembunyi.xls');
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="DATA"><Table>
  <Column ss:Width="30"/>
  <Column ss:Index="2" ss:Span="1" ss:Hidden="1"/>
  <Column ss:Span="6" ss:Width="90"/>
  <Column ss:Hidden="1"/>
  ${row(WIDE_HEADER)}${wideRows().map(row).join('')}
 </Table></Worksheet>
</Workbook>`,
  );
  return path;
}

describe('columns hidden as runs', () => {
  it('are counted from the repeats of an .ods and the Index and Span of an XML Spreadsheet 2003', async () => {
    const ods = hiddenRunsOds();
    for await (const { hiddenColumns } of readOds(ods, DEFAULT_IMPORT_LIMITS)) {
      expect(hiddenColumns.within(WIDE_HEADER.length + 2)).toEqual([1, 2, 10]);
      break;
    }
    const xml = hiddenRunsSpreadsheetMl();
    for await (const { hiddenColumns } of readSpreadsheetMl(xml, detectText(xml), {
      columns: 50,
      rows: 100,
    })) {
      expect(hiddenColumns.within(WIDE_HEADER.length + 2)).toEqual([1, 2, 10]);
      break;
    }
  });

  it('leave the hidden NIK unread and the visible one stored, in both', async () => {
    for (const path of [hiddenRunsOds(), hiddenRunsSpreadsheetMl()]) {
      const { core, clerk } = await clerkCore();
      const file = grant(core, clerk, path);
      const run = await importFile(core, clerk, file, { mode: 'commit' });
      expect(storedNiks(core), path).toEqual([nik(1), nik(2), nik(3)]);
      expect(run.inspect.mapping, path).toMatchObject({ NIK: null, 'NIK (2)': 'nik' });
      expect(run.inspect.hiddenColumns, path).toEqual(['CATATAN', 'NIK', 'KETERANGAN']);
      await core.close();
    }
  });

  it('to column XFD are only the columns the sheet has', () => {
    const hidden = new HiddenColumns();
    hidden.hide(9, 16_383);
    expect(hidden.within(12)).toEqual([9, 10, 11]);
  });
});
