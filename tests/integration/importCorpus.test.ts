import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AHMAD,
  ANSI_PEOPLE,
  BAD_HEAD_NIK,
  BAD_ROWS,
  BPNT_PERIOD,
  BUDI,
  DATE_ROWS,
  DTKS_FAMILIES,
  KK_ANSI,
  KK_BOM,
  KK_DATES,
  KK_FORMULA,
  KK_ORO,
  KK_SIDOMULYO,
  KK_TAB,
  KK_TAB_2,
  KK_UTF16,
  LIBREOFFICE_ROWS,
  RINA,
  SITI,
  SITI_TWIN_NIK,
  WAHYU,
  dateRowNik,
  family,
  nik,
  payee,
} from '../fixtures/import/corpus.ts';
import { type Client, userWithRole } from '../support/core.ts';
import {
  type ImportResult,
  clerkCore,
  copyIn,
  errorCodes,
  grant,
  importFile,
  looksLikeUserMessage,
  tryImport,
  tryInspect,
  warningCodes,
} from '../support/importHarness.ts';
import {
  SHEET_HEAD,
  SHEET_TAIL,
  readZipEntry,
  streamedEntry,
  writeZip,
  xlsxSkeleton,
} from '../support/zipWriter.ts';

/**
 * The import corpus (tests/fixtures/import, built by make.ts): every file through the real
 * path (a granted file, import.inspect, import.start as a job), each with what it must import
 * as. Row numbers are the ones the clerk sees in Excel or in a text editor.
 */

const CORPUS = join(import.meta.dirname, '../fixtures/import');

async function withCore() {
  const setup = await clerkCore();
  /** A corpus file copied into this test's folder and granted to the clerk. */
  const file = (name: string) => grant(setup.core, setup.clerk, copyIn(join(CORPUS, name), setup.files));
  return { ...setup, file };
}

async function person(client: Client, nikValue: string) {
  const [found] = await client.ok('registry.findPeople', { query: nikValue });
  return found?.nik === nikValue ? found : undefined;
}

async function householdOf(client: Client, nikValue: string) {
  const found = await person(client, nikValue);
  expect(found, `no one registered with NIK ${nikValue}`).toBeDefined();
  return client.ok('households.get', { id: found!.householdId });
}

/** Every problem message is one a clerk can act on. */
function expectReadableProblems(result: ImportResult) {
  for (const p of result.problems)
    expect(looksLikeUserMessage(p.message), `row ${p.row} ${p.code}: ${p.message}`).toEqual([]);
}

describe('where the data is', () => {
  for (const [name, firstHeader, headerRow] of [
    ['01-judul-gabung.xlsx', 'NO', 5],
    // The NO header is one cell merged over both header lines: read as a two-row header from
    // line 4, NO comes from the line above its empty cell.
    ['01b-judul-nomor-gabung.xlsx', 'NO', 4],
  ] as const) {
    it(`${name}: finds the header under two merged title lines and merged group headers; a desa merged down a family counts for it`, async () => {
      const { core, clerk, file } = await withCore();
      const f = file(name);
      const { inspect, result } = await importFile(core, clerk, f);
      expect(inspect).toMatchObject({ format: 'xlsx', sheet: 'Data', headerRow, missing: [] });
      expect(inspect.headers[0]).toBe(firstHeader);
      expect(inspect.mapping).toEqual({
        [firstHeader]: null,
        NO_KK: 'kk',
        DESA_KELURAHAN: 'desa',
        NIK: 'nik',
        NAMA: 'name',
        TGL_LAHIR: 'birthDate',
        JK: 'sex',
        SHDK: 'relationship',
        RT: 'rt',
        RW: 'rw',
        ALAMAT: 'address',
        BPNT: 'flagBpnt',
      });
      expect(inspect.sample[0]?.slice(0, 5)).toEqual(['1', KK_ORO, 'Oro-oro Ombo', BUDI.nik, BUDI.name]);
      expect(result.counts).toMatchObject({ rows: 4, valid: 4, new: 4, errors: 0, warnings: 0 });
      await importFile(core, clerk, f, { mode: 'commit' });
      const oro = await householdOf(clerk, BUDI.nik);
      expect(oro.household).toMatchObject({
        kkNumber: KK_ORO,
        desaName: 'Oro-oro Ombo',
        rt: '002',
        rw: '005',
      });
      expect(oro.members.map((m) => [m.nik, m.name, m.birthDate, m.relationship])).toEqual([
        [BUDI.nik, BUDI.name, BUDI.birthDate, 'kepala_keluarga'],
        [SITI.nik, SITI.name, SITI.birthDate, 'istri'],
        [AHMAD.nik, AHMAD.name, AHMAD.birthDate, 'anak'],
      ]);
      const sidomulyo = await householdOf(clerk, WAHYU.nik);
      expect(sidomulyo.household).toMatchObject({ kkNumber: KK_SIDOMULYO, desaName: 'Sidomulyo' });
      const list = await clerk.ok('registry.listHouseholds', { limit: 10 });
      expect(list.rows.find((r) => r.kkNumber === KK_ORO)?.programs).toEqual(['BPNT']);
      expect(list.rows.find((r) => r.kkNumber === KK_SIDOMULYO)?.programs).toEqual([]);
      await core.close();
    });
  }

  it('02-lembar-kedua.xlsx: chooses the data on the second sheet over instructions and a summary', async () => {
    const { core, clerk, file } = await withCore();
    const f = file('02-lembar-kedua.xlsx');
    const { inspect, result } = await importFile(core, clerk, f);
    expect(inspect.sheets).toEqual([
      { name: 'Petunjuk', rowCount: 4, columnCount: 1 },
      { name: 'Data KPM', rowCount: 4, columnCount: 10 },
      { name: 'Rekap', rowCount: 2, columnCount: 2 },
    ]);
    expect(inspect).toMatchObject({ sheet: 'Data KPM', headerRow: 1, missing: [] });
    expect(result.counts).toMatchObject({ rows: 3, new: 3, errors: 0 });
    // A sheet the file does not have: refused, naming the ones it has.
    const wrong = await tryInspect(clerk, f, { sheet: 'Tidak Ada' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!wrong.ok) {
      expect(wrong.error.message).toContain('Lembar "Tidak Ada" tidak ada di berkas ini');
      expect(wrong.error.message).toContain('Petunjuk, Data KPM, Rekap');
    }
    await core.close();
  });
});

describe('identity numbers and dates', () => {
  it('03-nik-angka.xlsx: a NIK or KK in a number cell is a warning when whole, an error when Excel rounded it; scientific text is an error', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('03-nik-angka.xlsx'), { mode: 'commit' });
    expect(result.counts).toMatchObject({ rows: 7, valid: 3, new: 3, errors: 4, warnings: 3 });
    expect(warningCodes(result, 2)).toEqual(['KK_NUMERIC', 'NIK_NUMERIC']);
    expect(errorCodes(result, 2)).toEqual([]);
    expect(errorCodes(result, 3)).toEqual(['NIK_NUMERIC_ROUNDED']);
    const rounded = result.problems.find((p) => p.row === 3 && p.code === 'NIK_NUMERIC_ROUNDED')!;
    expect(rounded).toMatchObject({ column: 'NIK', value: '3579011205800000' });
    expect(rounded.message).toContain('terbaca 3579011205800000');
    expect(rounded.message).toContain('Format kolom sebagai Teks');
    expect(errorCodes(result, 4)).toEqual(['NIK_SCIENTIFIC']);
    expect(errorCodes(result, 5)).toEqual(['NIK_SCIENTIFIC']);
    expect(errorCodes(result, 6)).toEqual([]);
    expect(errorCodes(result, 7)).toEqual([]);
    // Text NIKs typed with an apostrophe or spaces are read as the 16 digits.
    expect(await person(clerk, nik('01', '1985-04-10', 'L', 31))).toMatchObject({ name: 'Eko Prasetyo' });
    expect(await person(clerk, nik('01', '1988-10-22', 'P', 34))).toMatchObject({ name: 'Dengan Apostrof' });
    expect(await person(clerk, '3579013110890035')).toMatchObject({ name: 'Dengan Spasi' });
    expect(await person(clerk, '3579011205800000')).toBeUndefined();
    expectReadableProblems(result);
    await core.close();
  });

  it('03-nik-angka.xlsx row 8: a rounded KK gets one error saying so, not also "No. KK kosong"', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('03-nik-angka.xlsx'));
    expect(errorCodes(result, 8)).toEqual(['KK_NUMERIC_ROUNDED']);
    await core.close();
  });

  it('04-tanggal.xlsx: every date shape Indonesians write is read day first; month-first, impossible and unreadable dates are refused', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('04-tanggal.xlsx'), { mode: 'commit' });
    const refused = DATE_ROWS.filter((r) => !r.iso).length;
    expect(result.counts).toMatchObject({
      rows: DATE_ROWS.length,
      valid: DATE_ROWS.length - refused,
      new: DATE_ROWS.length - refused,
      errors: refused,
      warnings: 0,
    });
    const family = await householdOf(clerk, dateRowNik(0));
    expect(family.household.kkNumber).toBe(KK_DATES);
    const born = new Map(family.members.map((m) => [m.nik, m.birthDate]));
    DATE_ROWS.forEach((r, i) => {
      const row = i + 2;
      if (r.iso) {
        expect(errorCodes(result, row), `row ${row} (${String(r.cell)})`).toEqual([]);
        expect(born.get(dateRowNik(i)), `row ${row} (${String(r.cell)})`).toBe(r.iso);
      } else {
        expect(errorCodes(result, row), `row ${row} (${String(r.cell)})`).toEqual([r.code]);
        expect(result.problems.find((p) => p.row === row)?.column).toBe('TANGGAL_LAHIR');
      }
    });
    const usOrder = result.problems.find((p) => p.code === 'DATE_MONTH_FIRST')!;
    expect(usOrder.message).toContain('25-12-1980');
    expectReadableProblems(result);
    await core.close();
  });
});

describe('text files', () => {
  it('05-desa-ansi.csv: ";" and Windows-1252 from Indonesian Excel, names with é, Å and ’ intact', async () => {
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('05-desa-ansi.csv'), { mode: 'commit' });
    expect(inspect).toMatchObject({ format: 'text', encoding: 'windows-1252', delimiter: ';' });
    expect(result.counts).toMatchObject({ rows: 3, new: 3, errors: 0, warnings: 0 });
    const page = await householdOf(clerk, ANSI_PEOPLE[0]!.nik);
    expect(page.household).toMatchObject({
      kkNumber: KK_ANSI,
      desaName: 'Junrejo',
      address: 'Jl. Pemuda – Gg. Mawar; dekat masjid',
    });
    expect(page.members.map((m) => m.name)).toEqual(ANSI_PEOPLE.map((p) => p.name));
    await core.close();
  });

  it('06-dtks-pipa.txt: a "|"-separated DTKS export in upper case, with programme flags and desil', async () => {
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('06-dtks-pipa.txt'), { mode: 'commit' });
    expect(inspect).toMatchObject({ format: 'text', encoding: 'utf-8', delimiter: '|', missing: [] });
    expect(inspect.mapping).toMatchObject({
      IDDTKS: 'dtksId',
      PROVINSI: null,
      KABUPATEN_KOTA: null,
      NOMOR_KK: 'kk',
      NOMOR_NIK: 'nik',
      DESIL_NASIONAL: 'desil',
      BANSOS_BPNT: 'flagBpnt',
      PBI_JKN: 'flagPbi',
    });
    const people = DTKS_FAMILIES.flatMap((f) => f.members).length;
    expect(result.counts).toMatchObject({ rows: people, new: people, errors: 0, warnings: 0 });
    const list = await clerk.ok('registry.listHouseholds', { limit: 20 });
    expect(list.total).toBe(DTKS_FAMILIES.length);
    for (const f of DTKS_FAMILIES) {
      const row = list.rows.find((r) => r.kkNumber === f.kk);
      expect(row, f.kk).toMatchObject({
        headName: f.members[0]!.name,
        desil: f.desil,
        members: f.members.length,
      });
      expect(row?.programs).toContain('BPNT');
    }
    const a = await householdOf(clerk, family('A').members[0]!.nik);
    expect(a.household).toMatchObject({ desaName: 'Oro-oro Ombo', rt: '002', rw: '005' });
    expect(a.members[1]).toMatchObject({
      name: 'SITI AMINAH',
      sex: 'P',
      birthDate: '1983-08-17',
      relationship: 'istri',
    });
    await core.close();
  });

  it('07-tab.txt: tab-separated, combined place-and-date of birth, numeric codes, desa by Kemendagri and BPS code', async () => {
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('07-tab.txt'), { mode: 'commit' });
    expect(inspect).toMatchObject({ format: 'text', delimiter: '\t' });
    expect(inspect.mapping).toMatchObject({
      'NO KK': 'kk',
      'NAMA LENGKAP': 'name',
      TEMPAT_TANGGAL_LAHIR: 'birthPlaceDate',
      'L/P': 'sex',
      'HUB KEL': 'relationship',
      KODE_DESA: 'desa',
    });
    expect(result.counts).toMatchObject({ rows: 3, new: 3, errors: 0 });
    const first = await householdOf(clerk, nik('03', '1950-07-01', 'L', 71));
    expect(first.household).toMatchObject({
      kkNumber: KK_TAB,
      desaName: 'Junrejo',
      rt: '003',
      rw: '001',
      monthlyIncome: 1_500_000,
    });
    expect(first.members.map((m) => [m.name, m.sex, m.birthPlace, m.birthDate, m.relationship])).toEqual([
      ['Sugeng Raharjo', 'L', 'Batu', '1950-07-01', 'kepala_keluarga'],
      ['Ratna Dewi', 'P', 'MALANG', '1955-08-17', 'istri'],
    ]);
    const second = await householdOf(clerk, nik('03', '1990-10-12', 'L', 73));
    expect(second.household).toMatchObject({ kkNumber: KK_TAB_2, desaName: 'Junrejo', rt: '003', rw: '001' });
    expect(second.members[0]).toMatchObject({ birthPlace: 'Batu', birthDate: '1990-10-12' });
    await core.close();
  });

  it('08-utf8-bom.csv: UTF-8 with BOM, "," with a quoted two-line address; rows are numbered by the line they start on', async () => {
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('08-utf8-bom.csv'), { mode: 'commit' });
    expect(inspect).toMatchObject({ format: 'text', encoding: 'utf-8', delimiter: ',' });
    expect(inspect.headers[0]).toBe('NO_KK');
    expect(result.counts).toMatchObject({ rows: 3, new: 2, errors: 1 });
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 5, column: 'JK', value: 'X', severity: 'error', code: 'SEX' }),
    ]);
    const page = await householdOf(clerk, nik('02', '1984-06-08', 'P', 81));
    expect(page.household.kkNumber).toBe(KK_BOM);
    expect(page.household.address).toMatch(/^Jl\. Raya Tulungrejo, No\. 7\r?\nDusun Junggo$/);
    expect(page.members.map((m) => m.name)).toEqual(['Nur’aini Ñoviyanti', 'Ahmad "Dul" Fauzan']);
    await core.close();
  });

  it('09-unicode-teks.txt: Excel "Unicode Text" (UTF-16 LE, tabs); a missing relationship column is a warning', async () => {
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('09-unicode-teks.txt'), {
      mode: 'commit',
    });
    expect(inspect).toMatchObject({ format: 'text', encoding: 'utf-16le', delimiter: '\t' });
    expect(result.counts).toMatchObject({ rows: 2, new: 2, errors: 0, warnings: 2 });
    expect(warningCodes(result, 2)).toEqual(['RELATIONSHIP_MISSING']);
    const page = await householdOf(clerk, nik('02', '1988-03-03', 'L', 91));
    expect(page.household.kkNumber).toBe(KK_UTF16);
    expect(page.members.map((m) => [m.name, m.relationship])).toEqual([
      ['Wayan Suastika', 'kepala_keluarga'],
      ['Çitra Ayu Lestari', 'lainnya'],
    ]);
    await core.close();
  });
});

describe('duplicates', () => {
  it('11-ganda.xlsx: the same NIK twice in the file, and NIKs already registered, in each onExisting mode; commit and undo', async () => {
    const { core, clerk, file } = await withCore();
    await importFile(core, clerk, file('10-ganda-awal.csv'), { mode: 'commit' });
    const f = file('11-ganda.xlsx');
    const update = (await importFile(core, clerk, f, { onExisting: 'update' })).result;
    expect(update.counts).toEqual({
      rows: 5,
      valid: 4,
      new: 2,
      updated: 1,
      unchanged: 1,
      skipped: 1,
      errors: 1,
      warnings: 2,
      possibleDuplicates: 1,
      hiddenRows: 0,
    });
    // Budi's name grows by a word: the same person, renamed as the file says, and said on the row.
    expect(warningCodes(update, 2)).toEqual(['NAME_UPDATED']);
    expect(errorCodes(update, 4)).toEqual(['NIK_TWICE_IN_FILE']);
    expect(update.problems.find((p) => p.row === 4)?.message).toContain('baris 3');
    expect(warningCodes(update, 6)).toEqual(['POSSIBLE_DUPLICATE']);
    expect(update.problems.find((p) => p.row === 6)?.message).toContain(SITI.nik);

    const skip = (await importFile(core, clerk, f, { onExisting: 'skip' })).result;
    expect(skip.counts).toMatchObject({ rows: 5, new: 2, updated: 0, unchanged: 0, skipped: 3, errors: 1 });
    expect(skip.problems.filter((p) => p.code === 'EXISTS_FLAGGED')).toEqual([]);

    const flag = (await importFile(core, clerk, f, { onExisting: 'flag' })).result;
    expect(flag.counts).toMatchObject({ rows: 5, new: 2, updated: 0, unchanged: 0, skipped: 3, errors: 1 });
    expect(warningCodes(flag, 2)).toEqual(['EXISTS_FLAGGED']);
    expect(warningCodes(flag, 5)).toEqual(['EXISTS_FLAGGED']);

    // Nothing of the previews was written.
    expect(await person(clerk, RINA.nik)).toBeUndefined();
    expect((await person(clerk, BUDI.nik))?.name).toBe(BUDI.name);

    const commit = (await importFile(core, clerk, f, { mode: 'commit', onExisting: 'update' })).result;
    expect(commit.counts).toEqual(update.counts);
    expect((await person(clerk, BUDI.nik))?.name).toBe('Budi Santoso Wijaya');
    expect((await person(clerk, RINA.nik))?.name).toBe(RINA.name);
    expect(await person(clerk, SITI_TWIN_NIK)).toBeDefined();

    expect(await clerk.ok('import.undo', { batchId: commit.batchId! })).toEqual({ removed: 2, restored: 1 });
    expect((await person(clerk, BUDI.nik))?.name).toBe(BUDI.name);
    expect(await person(clerk, RINA.nik)).toBeUndefined();
    expect(await person(clerk, SITI_TWIN_NIK)).toBeUndefined();
    await core.close();
  });
});

describe('formulas', () => {
  it('12-rumus.xlsx: a formula counts as its cached result (text, date, number)', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('12-rumus.xlsx'), { mode: 'commit' });
    expect(result.counts).toMatchObject({ rows: 4, valid: 2, new: 2, errors: 2 });
    const page = await householdOf(clerk, nik('02', '1978-04-01', 'L', 101));
    expect(page.household).toMatchObject({ kkNumber: KK_FORMULA, monthlyIncome: 200_000 });
    expect(page.members.map((m) => [m.nik, m.name, m.birthDate])).toEqual([
      [nik('02', '1978-04-01', 'L', 101), 'Budi Hartono', '1978-04-01'],
      [nik('02', '1980-09-11', 'P', 102), 'Sri Rahayu', '1980-09-11'],
    ]);
    // A formula saved without a result has no value: an error, never a guess.
    expect(errorCodes(result, 5)).toEqual(['NAME_MISSING']);
    expect(errorCodes(result, 4)).toEqual(['FORMULA_ERROR']);
    await core.close();
  });

  // exceljs's streaming reader turns a formula's cached error into NaN and drops its text, so
  // the cell is reported as a formula error without guessing which one (#N/A, #REF!...).
  it('12-rumus.xlsx row 4: a formula whose cached result is #N/A is reported as a formula error, not as an empty cell', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('12-rumus.xlsx'));
    expect(result.problems.filter((p) => p.row === 4)).toEqual([
      expect.objectContaining({ column: 'DESA', value: '(galat rumus)', code: 'FORMULA_ERROR' }),
    ]);
    await core.close();
  });
});

describe('bad values of every kind', () => {
  it('13-salah.xlsx: one bad value per row, each reported at its row, column and value with its own code; the error workbook has exactly those rows', async () => {
    const { core, clerk, file, files } = await withCore();
    const f = file('13-salah.xlsx');
    const { inspect, result } = await importFile(core, clerk, f);
    expect(result.counts).toMatchObject({
      rows: BAD_ROWS.length + 1,
      valid: 1,
      new: 1,
      errors: BAD_ROWS.length,
    });
    expect(errorCodes(result, 2)).toEqual([]);
    BAD_ROWS.forEach((bad, i) => {
      const row = i + 3;
      // A desa that is not in the kecamatan given is reported on the desa.
      const column = bad.column === 'KECAMATAN' ? 'DESA' : bad.column;
      const value = bad.column === 'KECAMATAN' ? 'Sidomulyo' : bad.value;
      expect(errorCodes(result, row), `row ${row}: ${bad.column} "${bad.value}"`).toEqual([bad.code]);
      expect(
        result.problems.find((p) => p.row === row && p.severity === 'error'),
        `row ${row}`,
      ).toMatchObject({ column, value, code: bad.code });
    });
    expect(result.problems.find((p) => p.code === 'NIK_TWICE_IN_FILE')?.value).toBe(BAD_HEAD_NIK);
    expect(result.problems.find((p) => p.row === 19)?.message).toContain('tidak berada di Kecamatan Junrejo');
    expectReadableProblems(result);

    const target = join(files, '13-salah - perbaikan.xlsx');
    const { jobId } = await clerk.ok('import.errorWorkbook', {
      file: f,
      kind: 'recipients',
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping: inspect.mapping,
      options: { onExisting: 'update' },
      target: grant(core, clerk, target, 'write'),
    });
    expect(await core.jobs.wait(jobId)).toMatchObject({ state: 'done', result: { rows: BAD_ROWS.length } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual([...inspect.headers, 'MASALAH', 'BARIS_ASAL']);
    BAD_ROWS.forEach((bad, i) => {
      const out = sheet.getRow(3 + i);
      expect(out.getCell(headers.length).value, `row ${i + 3}`).toBe(i + 3);
      expect(String(out.getCell(headers.length - 1).value)).not.toBe('');
      const column = bad.column === 'KECAMATAN' ? 'DESA' : bad.column;
      const cell = out.getCell(inspect.headers.indexOf(column) + 1);
      expect((cell.fill as { fgColor?: { argb?: string } }).fgColor?.argb, `row ${i + 3} ${column}`).toBe(
        'FFFFC7CE',
      );
    });
    expect(sheet.rowCount).toBe(2 + BAD_ROWS.length);
    await core.close();
  });
});

describe('disbursement results and verification results', () => {
  async function registeredDtks() {
    const setup = await withCore();
    await importFile(setup.core, setup.clerk, setup.file('06-dtks-pipa.txt'), { mode: 'commit' });
    const officer = await userWithRole(setup.core, setup.admin, 'officer');
    return { ...setup, officer };
  }

  it('14-bayar-bank.xlsx: a bank file (NIK_KTP, NOMINAL, STATUS, TANGGAL) is matched to the open BPNT period; commit and undo', async () => {
    const { core, clerk, officer, file } = await registeredDtks();
    const bpnt = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!;
    const period = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: BPNT_PERIOD.year,
      startMonth: BPNT_PERIOD.startMonth,
      months: BPNT_PERIOD.months,
    });
    const f = file('14-bayar-bank.xlsx');
    const noPeriod = await tryImport(core, clerk, f, { kind: 'payments' });
    expect(noPeriod).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!noPeriod.ok) expect(noPeriod.error.message).toContain('Pilih periode penyaluran');

    const options = { kind: 'payments' as const, periodId: period.id };
    const { inspect, result } = await importFile(core, clerk, f, options);
    expect(inspect).toMatchObject({ sheet: 'Hasil Salur', headerRow: 2, missing: [] });
    expect(inspect.mapping).toMatchObject({
      NO: null,
      NIK_KTP: 'nik',
      NAMA_KPM: 'name',
      NOMINAL: 'amount',
      STATUS: 'status',
      TANGGAL: 'date',
      KETERANGAN: 'reason',
      NO_REF: 'reference',
    });
    expect(result.counts).toMatchObject({ rows: 9, valid: 3, updated: 3, errors: 6, warnings: 1 });
    expect(errorCodes(result, 3)).toEqual([]);
    expect(errorCodes(result, 4)).toEqual([]);
    expect(warningCodes(result, 5)).toEqual(['AMOUNT_DIFFERS']);
    expect(errorCodes(result, 6)).toEqual(['AMOUNT_FORMAT']);
    expect(errorCodes(result, 7)).toEqual(['NOT_IN_PERIOD']);
    expect(errorCodes(result, 8)).toEqual(['TWICE_IN_FILE']);
    expect(errorCodes(result, 9)).toEqual(['NOT_IN_PERIOD']);
    expect(errorCodes(result, 10)).toEqual(['NIK_NUMERIC_ROUNDED']);
    expect(errorCodes(result, 11)).toEqual(['STATUS']);
    expectReadableProblems(result);

    const items = async () =>
      new Map(
        (await clerk.ok('disbursement.items', { periodId: period.id })).rows.map((r) => [r.recipientNik, r]),
      );
    const before = await items();
    expect([...before.keys()].sort()).toEqual(
      ['A', 'B', 'C', 'D', 'E'].map((k) => payee(k as 'A').nik).sort(),
    );
    expect([...before.values()].every((i) => i.amount === BPNT_PERIOD.amount && i.status === 'belum')).toBe(
      true,
    );

    const commit = (await importFile(core, clerk, f, { ...options, mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    const after = await items();
    expect(after.get(payee('A').nik)).toMatchObject({
      status: 'tersalurkan',
      paidDate: '2026-02-10',
      reference: 'TRX-0001',
    });
    expect(after.get(payee('B').nik)).toMatchObject({
      status: 'belum',
      paidDate: null,
      notPaidReason: 'Rekening tidak aktif',
      reference: 'TRX-0002',
    });
    expect(after.get(payee('C').nik)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-11' });
    expect(after.get(payee('D').nik)).toMatchObject({ status: 'belum', paidDate: null, reference: null });
    expect(after.get(payee('E').nik)).toMatchObject({ status: 'belum', paidDate: null, reference: null });

    await clerk.ok('import.undo', { batchId: commit.batchId! });
    for (const [k, item] of await items())
      expect(item, k ?? '').toMatchObject({
        status: 'belum',
        paidDate: null,
        reference: null,
        notPaidReason: null,
      });
    await core.close();
  });

  it('15-verifikasi.xlsx: field results find the family’s open verification by KK and are submitted for approval', async () => {
    const { core, clerk, officer, file } = await registeredDtks();
    const oroOroOmbo = '35.79.01.2006';
    expect(
      await officer.ok('verification.createWorklist', { desaCode: oroOroOmbo, source: 'semua' }),
    ).toEqual({
      created: 3,
      skipped: 0,
    });
    const f = file('15-verifikasi.xlsx');
    const { inspect, result } = await importFile(core, clerk, f, { kind: 'verifications' });
    expect(inspect.mapping).toEqual({
      NO_KK: 'kk',
      NAMA_KEPALA_KELUARGA: null,
      HASIL_VERIFIKASI: 'outcome',
      ALASAN: 'reason',
      TGL_KUNJUNGAN: 'visitDate',
      TEMUAN: 'findings',
    });
    expect(result.counts).toMatchObject({ rows: 7, valid: 2, updated: 2, errors: 5 });
    expect(errorCodes(result, 2)).toEqual([]);
    expect(errorCodes(result, 3)).toEqual([]);
    expect(errorCodes(result, 4)).toEqual(['NO_WORKLIST']);
    expect(errorCodes(result, 5)).toEqual(['NOT_FOUND']);
    expect(errorCodes(result, 6)).toEqual(['OUTCOME']);
    expect(errorCodes(result, 7)).toEqual(['REASON']);
    expect(errorCodes(result, 8)).toEqual(['DATE_INVALID']);
    expectReadableProblems(result);

    await importFile(core, clerk, f, { kind: 'verifications', mode: 'commit' });
    const byKk = new Map(
      (await clerk.ok('verification.list', { desaCode: oroOroOmbo })).map((v) => [v.kkNumber, v]),
    );
    expect(byKk.get(family('A').kk)).toMatchObject({
      status: 'sedang_ditinjau',
      outcome: 'layak',
      outcomeReason: 'Penghasilan di bawah UMK',
      visit: expect.objectContaining({ visitDate: '2025-10-20', findings: 'Lantai tanah' }),
    });
    expect(byKk.get(family('A').kk)?.submittedAt).not.toBeNull();
    expect(byKk.get(family('B').kk)).toMatchObject({
      outcome: 'tidak_layak',
      visit: expect.objectContaining({ visitDate: '2025-10-21' }),
    });
    expect(byKk.get(family('C').kk)).toMatchObject({ outcome: null, submittedAt: null });
    await core.close();
  });
});

describe('files written by LibreOffice', () => {
  it('16-libreoffice-sumber.csv, the CSV itself, imports exactly', async () => {
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('16-libreoffice-sumber.csv'), { mode: 'commit' });
    expect(result.counts).toMatchObject({ rows: 3, new: 3, errors: 0 });
    for (const row of LIBREOFFICE_ROWS.slice(1)) expect((await person(clerk, row[1]))?.name).toBe(row[2]);
    await core.close();
  });

  it('17-libreoffice.xlsx (soffice --convert-to xlsx, default column types): LibreOffice made the NIKs and KKs numbers of 15 significant digits; every row is refused, never imported silently', async () => {
    const bytes = readFileSync(join(CORPUS, '17-libreoffice.xlsx'));
    expect(readZipEntry(bytes, 'docProps/app.xml')).toContain('<Application>LibreOffice');
    const sheetXml = readZipEntry(bytes, 'xl/worksheets/sheet1.xml')!;
    // What LibreOffice actually wrote: number cells, the 16th digit gone (…0021 became …0020).
    expect(sheetXml).toContain(`<c r="B2" s="0" t="n"><v>${LIBREOFFICE_ROWS[1][1].slice(0, 15)}0</v></c>`);
    const { core, clerk, file } = await withCore();
    const { result } = await importFile(core, clerk, file('17-libreoffice.xlsx'), { mode: 'commit' });
    expect(result.counts).toMatchObject({ rows: 3, valid: 0, new: 0, errors: 3 });
    for (const row of [2, 3, 4]) {
      expect(errorCodes(result, row)).toEqual(
        expect.arrayContaining(['KK_NUMERIC_ROUNDED', 'NIK_NUMERIC_ROUNDED']),
      );
    }
    expect((await clerk.ok('registry.listHouseholds', { limit: 5 })).total).toBe(0);
    await core.close();
  });

  it('18-libreoffice-teks.xlsx (NO_KK and NIK imported as Text): LibreOffice keeps them as text and the file imports exactly', async () => {
    const bytes = readFileSync(join(CORPUS, '18-libreoffice-teks.xlsx'));
    expect(readZipEntry(bytes, 'docProps/app.xml')).toContain('<Application>LibreOffice');
    expect(readZipEntry(bytes, 'xl/worksheets/sheet1.xml')).toMatch(/<c r="B2" s="\d+" t="s">/);
    const { core, clerk, file } = await withCore();
    const { inspect, result } = await importFile(core, clerk, file('18-libreoffice-teks.xlsx'), {
      mode: 'commit',
    });
    expect(inspect).toMatchObject({ format: 'xlsx', headerRow: 1, missing: [] });
    expect(result.counts).toMatchObject({ rows: 3, new: 3, errors: 0, warnings: 0 });
    const page = await householdOf(clerk, LIBREOFFICE_ROWS[1][1]);
    expect(page.household.kkNumber).toBe(LIBREOFFICE_ROWS[1][0]);
    expect(page.members.map((m) => [m.nik, m.birthDate])).toEqual([
      [LIBREOFFICE_ROWS[1][1], '1979-05-25'],
      // LibreOffice turned 1981-09-14 into a real date cell: read as the same date.
      [LIBREOFFICE_ROWS[2][1], '1981-09-14'],
      [LIBREOFFICE_ROWS[3][1], '2012-07-30'],
    ]);
    await core.close();
  });
});

describe('files that are refused, each with its own message', () => {
  const refusedWhenRead: [string, RegExp][] = [
    ['20-kosong.csv', /^Berkas kosong \(0 bita\)/],
    ['21-kosong.xlsx', /^Berkas kosong \(0 bita\)/],
    ['22-lama.xls', /^Berkas \.xls \(Excel 97-2003\) ini rusak atau terpotong.*Simpan Sebagai.*\.xlsx/],
    ['23-lama-berganti-nama.xlsx', /^Berkas \.xls \(Excel 97-2003\) ini rusak atau terpotong/],
    ['24-html-bernama.xlsx', /bukan buku kerja Excel/],
    ['25-biner.csv', /bukan teks \(berisi data biner\)/],
    ['27-terpotong.xlsx', /rusak atau terpotong/],
    ['28-arsip.zip', /arsip zip, bukan buku kerja Excel/],
    ['29-lembar-kosong.xlsx', /tidak berisi data \(semua lembar kosong\)/],
    ['30-hanya-judul.xlsx', /Baris judul kolom tidak ditemukan/],
    ['33-laporan.pdf', /Jenis berkas tidak didukung\. Gunakan \.xlsx/],
  ];

  it(`${refusedWhenRead.map(([n]) => n.slice(0, 2)).join(', ')}: empty, .xls, HTML, binary, cut, zip, empty sheets, no header, PDF: refused when read, nothing written`, async () => {
    const { core, clerk, file } = await withCore();
    for (const [name, message] of refusedWhenRead) {
      const outcome = await tryInspect(clerk, file(name));
      expect.soft(outcome, name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (outcome.ok) continue;
      expect.soft(outcome.error.message, name).toMatch(message);
      expect.soft(looksLikeUserMessage(outcome.error.message), name).toEqual([]);
    }
    expect(await clerk.ok('import.batches', {})).toEqual([]);
    await core.close();
  });

  it('26-dokumen-word.xlsx: a zip with no workbook in it (a renamed .docx) is refused with a message a clerk can read', async () => {
    const { core, clerk, file } = await withCore();
    const outcome = await tryInspect(clerk, file('26-dokumen-word.xlsx'));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!outcome.ok) expect(looksLikeUserMessage(outcome.error.message), outcome.error.message).toEqual([]);
    await core.close();
  });

  it('31-hanya-header.csv, 32-tanpa-kolom-nik.csv: no data rows, and a required column missing: said at the mapping screen or the check', async () => {
    const { core, clerk, file } = await withCore();
    const headerOnly = await tryImport(core, clerk, file('31-hanya-header.csv'));
    expect(headerOnly).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!headerOnly.ok)
      expect(headerOnly.error.message).toMatch(/^Tidak ada baris data di bawah baris judul kolom/);

    const f = file('32-tanpa-kolom-nik.csv');
    expect(await tryInspect(clerk, f)).toMatchObject({ ok: true, value: { missing: ['NIK'] } });
    const noNik = await tryImport(core, clerk, f);
    expect(noNik).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!noNik.ok) expect(noNik.error.message).toMatch(/^Kolom wajib belum dipetakan: NIK\./);
    expect(await clerk.ok('import.batches', {})).toEqual([]);
    await core.close();
  });
});

/** Files in a temp folder, except tsx's own cache. */
const leftovers = (dir: string) =>
  readdirSync(dir)
    .filter((n) => !n.startsWith('tsx-'))
    .map((n) => `${n} (${statSync(join(dir, n)).size} bytes)`);

/**
 * Runs `fn` with a fresh folder; `fn` points the OS temp folder (TMPDIR, which worker threads
 * inherit when they start) at it only around the import, so only the importer's files land there.
 */
async function withOwnTempFolder<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bansos-tmpdir-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withTmpdirEnv<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

describe('zip bombs', () => {
  // Made here, not with tempDir(): hooks outside a test cannot use it once a test has run.
  const dir = mkdtempSync(join(tmpdir(), 'bansos-bombs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const MB = 1024 * 1024;
  const spaces = Buffer.alloc(MB, ' ');

  const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  /** A header row, then a data row whose NAMA cell the filler fills (left open). */
  const CELL_HEAD =
    `${SHEET_HEAD}<row r="1">${inline('A1', 'NO_KK')}${inline('B1', 'NIK')}${inline('C1', 'NAMA')}${inline('D1', 'DESA')}</row>` +
    `<row r="2">${inline('A2', KK_ORO)}${inline('B2', BUDI.nik)}<c r="C2" t="inlineStr"><is><t>`;

  /** An .xlsx whose one sheet inflates to `mb` MB; `lie`: the zip's directories claim 5x the compressed size. */
  async function bomb(name: string, mb: number, lie: boolean, cell = false): Promise<string> {
    const sheet = await streamedEntry('xl/worksheets/sheet1.xml', {
      head: cell ? CELL_HEAD : SHEET_HEAD,
      filler: cell ? Buffer.alloc(MB, 'A') : spaces,
      repeat: mb,
      tail: cell ? `</t></is></c>${inline('D2', 'Oro-oro Ombo')}</row>${SHEET_TAIL}` : SHEET_TAIL,
    });
    if (lie) sheet.declaredUncompressed = sheet.body.length * 5;
    const path = join(dir, name);
    await writeZip(path, [...xlsxSkeleton().before, sheet]);
    return path;
  }

  /** Inspects a bomb with the temp folder of the threads pointed at `temp` (when given). */
  async function inspectBomb(path: string, temp?: string) {
    const { core, clerk } = await clerkCore();
    const handle = grant(core, clerk, path);
    const started = Date.now();
    try {
      const inspect = () => tryInspect(clerk, handle);
      const outcome = await (temp ? withTmpdirEnv(temp, inspect) : inspect());
      const ms = Date.now() - started;
      console.log(`${path.split('/').pop()}: ${ms} ms,`, outcome.ok ? 'read' : outcome.error.message);
      return { outcome, ms };
    } finally {
      await core.close();
    }
  }

  it('a sheet declared as 500 MB is refused by its declared size, before anything is inflated', async () => {
    const path = await bomb('bom-500mb.xlsx', 500, false);
    expect(statSync(path).size).toBeLessThan(MB);
    const { outcome, ms } = await inspectBomb(path);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!outcome.ok)
      expect(outcome.error.message).toMatch(
        /^Isi berkas terlalu besar setelah dibuka \(500 MB; batas 400 MB\)/,
      );
    expect(ms).toBeLessThan(2_000);
  }, 60_000);

  it('50 MB of spaces in 50 KB (ratio about 1000) is refused as a zip bomb, before anything is inflated', async () => {
    const { outcome, ms } = await inspectBomb(await bomb('bom-rasio.xlsx', 50, false));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!outcome.ok) expect(outcome.error.message).toMatch(/kemungkinan "zip bomb"/);
    expect(ms).toBeLessThan(2_000);
  }, 60_000);

  it('a bomb whose zip directory lies about its size (500 MB of spaces) is refused, in time, and leaves nothing on disk', async () => {
    const path = await bomb('bom-bohong.xlsx', 500, true);
    await withOwnTempFolder(async (temp) => {
      const { outcome, ms } = await inspectBomb(path, temp);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!outcome.ok) expect(looksLikeUserMessage(outcome.error.message)).toEqual([]);
      expect(ms).toBeLessThan(30_000);
      expect(leftovers(temp), 'files left in the temp folder').toEqual([]);
    });
  }, 120_000);

  it('a bomb whose zip directory lies, holding a 64 MB name in a data row, is refused (its real ratio is about 1000), not handed to the app', async () => {
    const path = await bomb('bom-sel.xlsx', 64, true, true);
    await withOwnTempFolder(async (temp) => {
      const { outcome } = await inspectBomb(path, temp);
      expect(outcome.ok, 'the 64 MB cell was read and handed to the app').toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe('VALIDATION');
        expect(looksLikeUserMessage(outcome.error.message)).toEqual([]);
      }
      expect(leftovers(temp)).toEqual([]);
    });
  }, 120_000);
});

describe('personal data on disk', () => {
  it('an import leaves no plaintext copy of the sheet (names, NIKs) in the temp folder', async () => {
    const { core, clerk, files } = await clerkCore();
    // Written as the app's own exports and error workbooks are: streaming, no shared strings.
    const path = join(files, 'ekspor-ulang.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('Penerima');
    ws.addRow([
      'NOMOR_KK',
      'NOMOR_NIK',
      'NAMA',
      'TANGGAL_LAHIR',
      'JENIS_KELAMIN',
      'HUBUNGAN_KELUARGA',
      'DESA_KELURAHAN',
    ]).commit();
    ws.addRow([
      KK_ORO,
      BUDI.nik,
      'Rahasia Pribadi Budi',
      '12-05-1980',
      'L',
      'KEPALA KELUARGA',
      'Oro-oro Ombo',
    ]).commit();
    ws.commit();
    await wb.commit();
    const f = grant(core, clerk, path);
    await withOwnTempFolder(async (temp) => {
      const { result } = await withTmpdirEnv(temp, () => importFile(core, clerk, f, { mode: 'commit' }));
      expect(result.counts).toMatchObject({ new: 1 });
      const left = readdirSync(temp).filter((n) => !n.startsWith('tsx-'));
      const withData = left.filter((n) => readFileSync(join(temp, n)).includes('Rahasia Pribadi Budi'));
      expect(withData, 'temp files holding the imported names').toEqual([]);
      expect(leftovers(temp)).toEqual([]);
    });
    await core.close();
  });
});
