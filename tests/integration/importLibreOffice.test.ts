import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BansosCore } from '../../core/app.ts';
import { LIBREOFFICE_ROWS } from '../fixtures/import/corpus.ts';
import type { Client } from '../support/core.ts';
import { clerkCore, copyIn, errorCodes, grant, importFile } from '../support/importHarness.ts';
import { convertWithLibreOffice, findSoffice, parseCsv } from '../support/libreoffice.ts';
import { readZipEntry } from '../support/zipWriter.ts';
import { CFB_SIGNATURE } from '../../core/importer/xls/compoundFile.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../core/importer/limits.ts';
import { parseSpreadsheet } from '../../core/importer/reader.ts';
import type { SheetRow } from '../../core/importer/cells.ts';

/**
 * A workbook's rows to compare across formats. A row with no value is left out (the .xlsx reader
 * gives styled empty rows); an error cell is an error whatever its text (an .xlsx keeps none);
 * a workbook with no data gives no row from the .xlsx reader and is refused by the one-pass
 * readers (the inspect step refuses both, each with its message).
 */
async function comparableRows(path: string): Promise<unknown[] | string> {
  try {
    const rows = (await readAllSheets(path))
      .filter((r) => r.cells.some((c) => c !== null))
      .map((r) => ({ ...r, cells: r.cells.map((c) => (c?.t === 'e' ? { t: 'e' } : c)) }));
    return rows.length ? rows : 'refused: empty';
  } catch (error) {
    if (/semua lembar kosong/.test((error as Error).message)) return 'refused: empty';
    throw error;
  }
}

/** Every row of every sheet, each named by its sheet, as the app's parser thread reads them. */
async function readAllSheets(path: string): Promise<(SheetRow & { sheet: string })[]> {
  const rows: (SheetRow & { sheet: string })[] = [];
  let sheet = '';
  for await (const event of parseSpreadsheet(path, basename(path), DEFAULT_IMPORT_LIMITS, {
    mode: 'read',
    sheet: null,
  })) {
    if (event.type === 'sheet') sheet = event.name;
    if (event.type === 'rows') for (const row of event.rows) rows.push({ sheet, ...row });
  }
  return rows;
}

/**
 * Round trips of the recipient list: the app's own export imported back changes nothing (xlsx,
 * CSV with ";" and with ","), and LibreOffice (soffice --headless) opening the export keeps
 * every NIK and No. KK as the same 16-digit text. What happens when a colleague opens the CSV
 * export in LibreOffice and saves it as .xlsx is asserted too: the numbers are damaged by
 * LibreOffice, and the app refuses every such row instead of importing it.
 *
 * Without LibreOffice the tests that need it are skipped, saying so (Debian:
 * apt-get install -y libreoffice-calc-nogui).
 */

const CORPUS = join(import.meta.dirname, '../fixtures/import');
const soffice = findSoffice();
if (!soffice)
  console.warn(
    'LibreOffice (soffice) tidak ditemukan: uji LibreOffice dilewati. Pasang: apt-get install -y libreoffice-calc-nogui',
  );

let core: BansosCore;
let clerk: Client;
let files: string;
/** Every registered person: NIK -> No. KK. */
let registered: Map<string, string>;

async function exportList(name: string, format: 'xlsx' | 'csv', delimiter: ',' | ';' = ';'): Promise<string> {
  const target = join(files, name);
  const { jobId } = await clerk.ok('export.start', {
    kind: 'recipients',
    format,
    delimiter,
    target: grant(core, clerk, target, 'write'),
  });
  expect(await core.jobs.wait(jobId)).toMatchObject({ state: 'done', result: { rows: registered.size } });
  return target;
}

/** Imports a file as a preview and insists that nothing would change. */
async function expectNoChanges(path: string) {
  const { result } = await importFile(core, clerk, grant(core, clerk, path));
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(result.counts).toMatchObject({
    rows: registered.size,
    valid: registered.size,
    new: 0,
    updated: 0,
    unchanged: registered.size,
    errors: 0,
  });
  return result;
}

/** The NOMOR_KK and NOMOR_NIK columns of a CSV as LibreOffice or the app wrote it. */
function idsOfCsv(path: string, delimiter: string): { header: string[]; rows: [string, string][] } {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), delimiter);
  const kk = header!.indexOf('NOMOR_KK');
  const nik = header!.indexOf('NOMOR_NIK');
  return { header: header!, rows: rows.filter((r) => r.length > 1).map((r) => [r[kk]!, r[nik]!]) };
}

beforeAll(async () => {
  ({ core, clerk, files } = await clerkCore());
  // Families from a DTKS export, names with é/Å/’, a NIK that really ends in 0, place-and-date
  // of birth: enough variety for a round trip to show a difference.
  for (const name of ['06-dtks-pipa.txt', '05-desa-ansi.csv', '16-libreoffice-sumber.csv', '07-tab.txt'])
    await importFile(core, clerk, grant(core, clerk, copyIn(join(CORPUS, name), files)), { mode: 'commit' });
  registered = new Map();
  for (const h of (await clerk.ok('registry.listHouseholds', { limit: 100 })).rows)
    for (const m of (await clerk.ok('households.get', { id: h.id })).members)
      registered.set(m.nik!, h.kkNumber!);
  expect(registered.size).toBe(19);
  expect(registered.has(LIBREOFFICE_ROWS[3][1])).toBe(true);
}, 120_000);

afterAll(async () => {
  await core?.close();
});

describe('export -> import gives no changes', () => {
  it('xlsx: NIK/KK/RT/RW are text cells, and the file imports back unchanged', async () => {
    const path = await exportList('penerima.xlsx', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const nikColumn = header.indexOf('NOMOR_NIK') + 1;
    const kkColumn = header.indexOf('NOMOR_KK') + 1;
    const seen = new Map<string, string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const nik = row.getCell(nikColumn).value;
      const kk = row.getCell(kkColumn).value;
      expect(typeof nik, `row ${n}`).toBe('string');
      expect(row.getCell(nikColumn).numFmt).toBe('@');
      seen.set(nik as string, kk as string);
    });
    expect(seen).toEqual(registered);
    await expectNoChanges(path);
  });

  it('CSV with ";" (Indonesian Excel) imports back unchanged', async () => {
    const path = await exportList('penerima-titikkoma.csv', 'csv', ';');
    expect(new Map(idsOfCsv(path, ';').rows.map(([kk, nik]) => [nik, kk]))).toEqual(registered);
    await expectNoChanges(path);
  });

  it('CSV with "," imports back unchanged', async () => {
    const path = await exportList('penerima-koma.csv', 'csv', ',');
    await expectNoChanges(path);
  });
});

describe.skipIf(!soffice)('LibreOffice opens the export', () => {
  const out = () => {
    const dir = join(files, `lo-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    return dir;
  };

  it('xlsx -> soffice --convert-to csv: every NIK and No. KK is the same 16-digit text, and that CSV imports back unchanged', async () => {
    const exported = await exportList('ekspor-untuk-lo.xlsx', 'xlsx');
    // Comma, double quote, UTF-8 (76), first line.
    const csv = await convertWithLibreOffice(
      soffice!,
      exported,
      out(),
      'csv:Text - txt - csv (StarCalc):44,34,76,1',
    );
    const { header, rows } = idsOfCsv(csv, ',');
    expect(header.slice(0, 3)).toEqual(['NOMOR_KK', 'NOMOR_NIK', 'NAMA']);
    expect(rows).toHaveLength(registered.size);
    for (const [kk, nik] of rows) {
      expect(nik, 'NIK').toMatch(/^\d{16}$/);
      expect(kk, 'KK').toMatch(/^\d{16}$/);
    }
    expect(new Map(rows.map(([kk, nik]) => [nik, kk]))).toEqual(registered);
    await expectNoChanges(csv);
  }, 240_000);

  it('xlsx -> opened and saved again as .xlsx by LibreOffice: still text cells, imports back unchanged', async () => {
    const exported = await exportList('ekspor-simpan-ulang.xlsx', 'xlsx');
    const resaved = await convertWithLibreOffice(soffice!, exported, out(), 'xlsx');
    const bytes = readFileSync(resaved);
    expect(readZipEntry(bytes, 'docProps/app.xml')).toContain('<Application>LibreOffice');
    const sheetXml = readZipEntry(bytes, 'xl/worksheets/sheet1.xml')!;
    // Column B (NOMOR_NIK) of the first data row: a shared string, not a number.
    expect(sheetXml).toMatch(/<c r="B2" s="\d+" t="s">/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(resaved);
    const niks: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) niks.push(row.getCell(2).value as string);
    });
    expect(niks.sort()).toEqual([...registered.keys()].sort());
    await expectNoChanges(resaved);
  }, 240_000);

  // What a web application's "Excel" download is, made by a real third party: an HTML table and
  // an XML Spreadsheet 2003, each named .xls as such downloads are.
  it.each([
    ['a web page (HTML table)', 'html', 'web', /^<!DOCTYPE HTML/i],
    [
      'an XML Spreadsheet 2003',
      'xml:MS Excel 2003 XML',
      'xml2003',
      /^<\?xml[^>]*>\s*<\?mso-application progid="Excel.Sheet"\?>/,
    ],
  ])(
    'the export, saved by LibreOffice as %s named .xls, imports back unchanged',
    async (_kind, target, name, starts) => {
      // LibreOffice's XML 2003 export (an XSLT) recurses past its limit on the column widths an
      // .xlsx declares, ours or its own: that one starts from the ";" CSV, every column as Text.
      const viaCsv = target.startsWith('xml');
      const exported = await exportList(`ekspor-${name}.${viaCsv ? 'csv' : 'xlsx'}`, viaCsv ? 'csv' : 'xlsx');
      const asText = Array.from({ length: 40 }, (_, i) => `${i + 1}/2`).join('/');
      const converted = await convertWithLibreOffice(
        soffice!,
        exported,
        out(),
        target,
        viaCsv ? `CSV:59,34,76,1,${asText}` : undefined,
      );
      expect(readFileSync(converted, 'utf8')).toMatch(starts);
      const asXls = `${converted}.xls`;
      renameSync(converted, asXls);
      await expectNoChanges(asXls);
    },
    240_000,
  );

  // Workbooks a colleague saves in LibreOffice: Excel 97-2003 (BIFF8 in a compound file) and its
  // own OpenDocument (content.xml in a zip).
  const SAVED_AS = [
    [
      'an Excel 97-2003 workbook',
      'xls:MS Excel 97',
      'xls',
      (b: Buffer) => b.subarray(0, 8).equals(CFB_SIGNATURE),
    ],
    [
      'an OpenDocument spreadsheet',
      'ods',
      'ods',
      (b: Buffer) => b.includes('application/vnd.oasis.opendocument.spreadsheet'),
    ],
  ] as const;

  it.each(SAVED_AS)(
    'the export, saved by LibreOffice as %s, imports back unchanged',
    async (_kind, target, ext, isIt) => {
      const exported = await exportList(`ekspor-lo-${ext}.xlsx`, 'xlsx');
      const saved = await convertWithLibreOffice(soffice!, exported, out(), target);
      expect(isIt(readFileSync(saved))).toBe(true);
      await expectNoChanges(saved);
    },
    240_000,
  );

  it.each(SAVED_AS)(
    'every .xlsx of both fixture corpora, saved by LibreOffice as %s, reads as the same rows',
    async (_kind, target, ext) => {
      const sources = [CORPUS, join(import.meta.dirname, '../fixtures/import-real')].flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.xlsx') && statSync(join(dir, f)).size > 0)
          .map((f) => join(dir, f)),
      );
      const converted = out();
      await convertWithLibreOffice(soffice!, sources, converted, target);
      let compared = 0;
      for (const source of sources) {
        const name = basename(source, '.xlsx');
        const saved = join(converted, `${name}.${ext}`);
        // LibreOffice opens neither a damaged .xlsx nor a renamed .docx: nothing to compare.
        if (!existsSync(saved)) continue;
        const fromSaved = await comparableRows(saved);
        const fromXlsx = await comparableRows(source);
        if (name === '12-rumus') {
          // Formulas are LibreOffice's to recalculate or not: in .xls it writes 0 as the cached
          // result of the text formulas it did not recalculate (seen in the FORMULA records), in
          // .ods it gives the formula the .xlsx left without a result its value.
          expect(fromSaved.length).toBe(fromXlsx.length);
          continue;
        }
        expect(fromSaved, name).toEqual(fromXlsx);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(25);
    },
    240_000,
  );

  it('the ";" CSV export opened in LibreOffice and saved as .xlsx (columns left to Calc): NIKs become numbers, last digit lost, and every row is refused', async () => {
    const exported = await exportList('ekspor-csv-ke-lo.csv', 'csv', ';');
    // Semicolon, double quote, UTF-8, first line; Calc guesses each column's type.
    const xlsx = await convertWithLibreOffice(soffice!, exported, out(), 'xlsx', 'CSV:59,34,76,1');
    const sheetXml = readZipEntry(readFileSync(xlsx), 'xl/worksheets/sheet1.xml')!;
    expect(sheetXml).toMatch(/<c r="B2" s="\d+" t="n"><v>\d{15}0<\/v><\/c>/);
    const { result } = await importFile(core, clerk, grant(core, clerk, xlsx));
    expect(result.counts).toMatchObject({
      rows: registered.size,
      valid: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      errors: registered.size,
    });
    for (let row = 2; row <= registered.size + 1; row++)
      expect(errorCodes(result, row)).toEqual(expect.arrayContaining(['NIK_NUMERIC_ROUNDED']));
  }, 240_000);
});
