import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  clerkCore,
  errorCodes,
  grant,
  importFile,
  storedPeople,
  tryImport,
  tryInspect,
} from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { dateFromCell, joinedDate } from './values.ts';

const soffice = findSoffice();

/** A family of one: NIK and KK from `n`, born on the day, month and year given. */
const person = (n: number) => {
  const id = String(n).padStart(4, '0');
  return { kk: `357901200315${id}`, nik: `357901120580${id}`, name: `Warga ${n}` };
};

/**
 * Older BDT/PPLS-style lists: the birth date over three columns under a merged "TANGGAL LAHIR"
 * (numbers as numbers, a month's name, a day written "05"), one row with the day left empty and
 * one with no date at all. Under the sub-header sits a row of column numbers, as printed lists do.
 */
async function twoRowHeader(name: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DATA');
  sheet.addRow(['NO', 'NO KK', 'NIK', 'NAMA', 'TANGGAL LAHIR', null, null, 'L/P', 'HUBUNGAN', 'DESA']);
  sheet.addRow([null, null, null, null, 'TGL', 'BLN', 'THN']);
  sheet.mergeCells('E1:G1');
  for (const c of ['A', 'B', 'C', 'D', 'H', 'I', 'J']) sheet.mergeCells(`${c}1:${c}2`);
  const rows: [number, unknown, unknown, unknown][] = [
    [1, 12, 5, 1980],
    [2, '05', 'Maret', '1975'],
    [3, 31, 12, 1949],
    [4, null, 7, 1990],
    [5, null, null, null],
  ];
  for (const [n, day, month, year] of rows) {
    const p = person(n);
    sheet.addRow([n, p.kk, p.nik, p.name, day, month, year, 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo']);
  }
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

async function oneRowHeader(name: string, header: string[], rows: unknown[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('DATA').addRows([header, ...rows]);
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

const born = (core: Parameters<typeof storedPeople>[0]) =>
  Object.fromEntries(storedPeople(core).map((p) => [(p as string[])[1], (p as string[])[2]]));

describe('a birth date over three columns', () => {
  it('TGL | BLN | THN under a merged TANGGAL LAHIR: read as one date, day first, never a day number alone', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await twoRowHeader('tgl-bln-thn.xlsx'));
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping).toMatchObject({
      'TANGGAL LAHIR TGL': 'birthDay',
      'TANGGAL LAHIR BLN': 'birthMonth',
      'TANGGAL LAHIR THN': 'birthYear',
    });
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 5, errors: 1 });
    expect(born(core)).toEqual({
      'Warga 1': '1980-05-12',
      'Warga 2': '1975-03-05',
      'Warga 3': '1949-12-31',
      'Warga 5': null,
    });
    const empty = run.result.problems.find((p) => p.row === 6 && p.code === 'DATE_PART_EMPTY');
    expect(empty).toMatchObject({ column: 'TANGGAL LAHIR TGL', severity: 'error' });
    expect(empty!.message).toContain('kolom TANGGAL LAHIR TGL kosong');
    await core.close();
  });

  it('TGL_LAHIR beside BLN_LAHIR and THN_LAHIR is the day; a month past 12 is no date, not a guess', async () => {
    const { core, clerk } = await clerkCore();
    const [a, b] = [person(1), person(2)];
    const file = grant(
      core,
      clerk,
      await oneRowHeader(
        'terpisah.xlsx',
        ['NO_KK', 'NIK', 'NAMA', 'TGL_LAHIR', 'BLN_LAHIR', 'THN_LAHIR', 'JK', 'DESA'],
        [
          [a.kk, a.nik, a.name, 12, 5, 1980, 'L', 'Oro-oro Ombo'],
          [b.kk, b.nik, b.name, 5, 13, 1980, 'L', 'Oro-oro Ombo'],
        ],
      ),
    );
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping).toMatchObject({
      TGL_LAHIR: 'birthDay',
      BLN_LAHIR: 'birthMonth',
      THN_LAHIR: 'birthYear',
    });
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(born(core)).toEqual({ 'Warga 1': '1980-05-12' });
    expect(errorCodes(run.result, 3)).toEqual(['DATE_INVALID']);
    await core.close();
  });

  it('a year alone is not read as a birth date, and a part mapped without the others is refused', async () => {
    const { core, clerk } = await clerkCore();
    const a = person(1);
    const file = grant(
      core,
      clerk,
      await oneRowHeader(
        'tahun-saja.xlsx',
        ['NO KK', 'NIK', 'NAMA', 'TAHUN LAHIR', 'JK', 'DESA'],
        [[a.kk, a.nik, a.name, 1980, 'L', 'Oro-oro Ombo']],
      ),
    );
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping['TAHUN LAHIR']).toBeNull();
    const byHand = await tryImport(core, clerk, file, { mapping: { 'TAHUN LAHIR': 'birthYear' } });
    expect(byHand).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!byHand.ok && byHand.error.message).toContain('pilih juga kolom untuk');
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 1, errors: 0 });
    expect(born(core)).toEqual({ 'Warga 1': null });
    await core.close();
  });

  it.skipIf(!soffice)(
    'the same list saved by LibreOffice as .xls and .ods reads the same dates',
    { timeout: 180_000 },
    async () => {
      const { core, clerk } = await clerkCore();
      const source = await twoRowHeader('tgl-bln-thn-lo.xlsx');
      for (const [target, filter] of [
        ['xls', 'xls:MS Excel 97'],
        ['ods', 'ods'],
      ] as const) {
        const converted = await convertWithLibreOffice(soffice!, source, tempDir(), filter);
        const run = await importFile(core, clerk, grant(core, clerk, converted));
        expect(run.result.counts, target).toMatchObject({ rows: 5, valid: 4, errors: 1 });
        expect(errorCodes(run.result, 6), target).toEqual(['DATE_PART_EMPTY']);
      }
      await core.close();
    },
  );
});

describe('the parts of a date', () => {
  const today = new Date('2026-12-07T00:00:00Z');
  const n = (v: number) => ({ t: 'n' as const, v });
  const s = (v: string) => ({ t: 's' as const, v });

  it('are joined year first when the month is a number, so no one asks which comes first', () => {
    expect(joinedDate(n(5), n(3), n(1975))).toEqual(s('1975-3-5'));
    expect(joinedDate(s('05'), s('Mei'), s('1975'))).toEqual(s('05 Mei 1975'));
    expect(joinedDate(s('5'), s('3'), s('75'))).toEqual(s('5-3-75'));
    expect(joinedDate(null, s(' '), null)).toBeNull();
    expect(dateFromCell(joinedDate(s('05'), s('Mei'), s('1975')), today)).toMatchObject({
      value: '1975-05-05',
    });
    expect(dateFromCell(joinedDate(n(31), n(2), n(1980)), today)).toMatchObject({
      ok: false,
      code: 'DATE_INVALID',
    });
  });

  it('a number under 367 in a date column is a day or month read alone, not a day in 1900', () => {
    expect(dateFromCell(n(12), today)).toMatchObject({ ok: false, code: 'DATE_NUMBER' });
    expect(dateFromCell(n(366), today)).toMatchObject({ ok: false, code: 'DATE_NUMBER' });
    expect(dateFromCell(n(367), today)).toMatchObject({ ok: true, value: '1901-01-01' });
    expect(dateFromCell(n(29_353), today)).toMatchObject({ ok: true, value: '1980-05-12' });
  });
});
