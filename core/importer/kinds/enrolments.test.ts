import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummaryView } from '../../../common/api/methods/importExport.ts';
import { kk, nik, pad2 } from '../../../tests/fixtures/import/corpus.ts';
import type { Client } from '../../../tests/support/core.ts';
import {
  type ImportResult,
  clerkCore,
  errorCodes,
  grant,
  importFile,
  looksLikeUserMessage,
  tryImport,
  warningCodes,
} from '../../../tests/support/importHarness.ts';
import type { BansosCore } from '../../app.ts';
import { isMembershipStatusWord, readMembershipStatus } from './enrolments.ts';

/**
 * Participant lists (OpenSID "peserta program", Kemensos lists keyed by NIK) enrol people
 * already registered, through the real path (import.inspect, import.start as a job). One core
 * for the file.
 */

const HEADS = 'Agus Bambang Cahyo Darmaji Eko Fajar Gunawan Hadi Imam Joko'.split(' ');
const WIVES = 'Ani Bariyah Cicik Dewi Endang Fitri Giyem Hartini Indah Juminten'.split(' ');

/** Family i (1-10): a head and his wife; family 3 also has a child at primary-school age. */
const fam = (i: number) => ({
  kk: kk('01', '2016-04-15', 700 + i),
  desa: i === 10 ? 'Sisir' : 'Oro-oro Ombo',
  head: { nik: nik('01', `1968-03-${pad2(i)}`, 'L', 700 + i), name: `${HEADS[i - 1]} Wibowo` },
  wife: { nik: nik('01', `1972-04-${pad2(i)}`, 'P', 800 + i), name: `${WIVES[i - 1]} Lestari` },
});
const CHILD = { nik: nik('01', '2015-06-10', 'L', 903), name: 'Rizky Wibowo' };
const STRANGER = nik('01', '1990-09-09', 'L', 999);

const RECIPIENTS = [
  'NOMOR_KK',
  'NOMOR_NIK',
  'NAMA',
  'TANGGAL_LAHIR',
  'JENIS_KELAMIN',
  'HUBUNGAN_KELUARGA',
  'DESA_KELURAHAN',
  'KECAMATAN',
  'RT',
  'RW',
  'BANSOS_BPNT',
];

function familyRows(i: number): unknown[][] {
  const f = fam(i);
  const bpnt = i === 5 ? 'YA' : 'TIDAK';
  const rows: unknown[][] = [
    [
      f.kk,
      f.head.nik,
      f.head.name,
      `${pad2(i)}-03-1968`,
      'L',
      'KEPALA KELUARGA',
      f.desa,
      'Batu',
      '1',
      '3',
      bpnt,
    ],
    [f.kk, f.wife.nik, f.wife.name, `${pad2(i)}-04-1972`, 'P', 'ISTRI', f.desa, 'Batu', '1', '3', bpnt],
  ];
  if (i === 3)
    rows.push([f.kk, CHILD.nik, CHILD.name, '10-06-2015', 'L', 'ANAK', f.desa, 'Batu', '1', '3', bpnt]);
  return rows;
}

let counter = 0;
async function writeXlsx(folder: string, header: string[], rows: unknown[][]): Promise<string> {
  const path = join(folder, `peserta-${++counter}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Peserta');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  header.forEach((h, i) => {
    if (/NIK|KK|PESERTA/i.test(h)) ws.getColumn(i + 1).numFmt = '@';
  });
  await wb.xlsx.writeFile(path);
  return path;
}

const summaryOf = (result: ImportResult) =>
  (result as ImportResult & { summary?: ImportSummaryView | null }).summary ?? null;
const fact = (summary: ImportSummaryView | null, label: string) =>
  summary?.facts.find((f) => f.label === label)?.value;
const list = (summary: ImportSummaryView | null, label: string) =>
  summary?.lists.find((l) => l.label === label);

function expectReadableProblems(result: ImportResult) {
  for (const p of result.problems)
    expect(looksLikeUserMessage(p.message), `row ${p.row} ${p.code}: ${p.message}`).toEqual([]);
}

let core: BansosCore;
let clerk: Client;
let files: string;

const file = async (header: string[], rows: unknown[][]) =>
  grant(core, clerk, await writeXlsx(files, header, rows));

async function person(nikValue: string) {
  const [found] = await clerk.ok('registry.findPeople', { query: nikValue });
  expect(found?.nik).toBe(nikValue);
  return found!;
}

/** The live enrolments of the family a NIK belongs to: programme code, person, component. */
async function enrolmentsOf(nikValue: string) {
  const { householdId } = await person(nikValue);
  return (await clerk.ok('enrolments.list', { householdId }))
    .filter((e) => e.status !== 'dikeluarkan')
    .map((e) => ({ program: e.programCode, personName: e.personName, component: e.componentName }));
}

beforeAll(async () => {
  const setup = await clerkCore();
  ({ core, clerk, files } = setup);
  const registry = await file(RECIPIENTS, Array.from({ length: 10 }, (_, i) => familyRows(i + 1)).flat());
  expect((await importFile(core, clerk, registry, { mode: 'commit' })).result.counts).toMatchObject({
    new: 21,
    errors: 0,
  });
  const wife4 = await person(fam(4).wife.nik);
  await clerk.ok('people.setStatus', {
    id: wife4.personId,
    status: 'meninggal',
    date: '2026-10-01',
    reason: 'Meninggal dunia',
  });
  const head7 = await person(fam(7).head.nik);
  await clerk.ok('households.remove', { id: head7.householdId, reason: 'PINDAH ke luar kota' });
});

afterAll(async () => {
  await core?.close();
});

describe('an OpenSID participant list (programme per row)', () => {
  const HEADER = ['No', 'Peserta', 'Nama', 'NIK', 'No. KK', 'Alamat', 'Desa', 'Program'];
  const f = fam;
  const rows: unknown[][] = [
    // A family programme: "Peserta" holds the KK number.
    [1, f(1).kk, f(1).head.name, null, null, 'Jl. Mawar 1', 'Oro-oro Ombo', 'Program Sembako'],
    [2, f(2).head.nik, f(2).head.name, f(2).head.nik, f(2).kk, 'Jl. Mawar 2', 'Oro-oro Ombo', 'PBI JK'],
    [3, f(3).kk, CHILD.name, CHILD.nik, f(3).kk, 'Jl. Mawar 3', 'Oro-oro Ombo', 'PKH'],
    [4, STRANGER, 'TIDAK TERDAFTAR', STRANGER, null, 'Jl. Mawar 4', 'Oro-oro Ombo', 'PKH'],
    [5, f(4).kk, f(4).wife.name, f(4).wife.nik, f(4).kk, 'Jl. Mawar 5', 'Oro-oro Ombo', 'BPNT'],
    [6, f(5).kk, f(5).head.name, f(5).head.nik, f(5).kk, 'Jl. Mawar 6', 'Oro-oro Ombo', 'BPNT'],
    [7, f(6).kk, f(6).head.name, f(6).head.nik, f(6).kk, 'Jl. Mawar 7', 'Oro-oro Ombo', 'BLT Dana Desa'],
    [8, f(8).kk, f(8).head.name, f(8).head.nik, f(8).kk, 'Jl. Mawar 8', 'Oro-oro Ombo', 'BANTUAN ENTAH'],
    [9, f(7).kk, f(7).head.name, f(7).head.nik, f(7).kk, 'Jl. Mawar 9', 'Oro-oro Ombo', 'BPNT'],
    [10, f(10).kk, f(10).head.name, f(10).head.nik, f(10).kk, 'Jl. Apel 1', 'Sisir', 'BLT Dana Desa'],
    // The same family again, by the wife's NIK: already enrolled a few rows up.
    [11, f(1).kk, f(1).wife.name, f(1).wife.nik, f(1).kk, 'Jl. Mawar 1', 'Oro-oro Ombo', 'BPNT'],
    // BPNT family into BLT Dana Desa, which excludes BPNT: enrolled, with a warning.
    [12, f(5).kk, f(5).head.name, f(5).head.nik, f(5).kk, 'Jl. Mawar 6', 'Oro-oro Ombo', 'BLT Dana Desa'],
  ];

  it('enrols registered people and families by NIK or by the KK in "Peserta", lists who was not found, and undoes', async () => {
    const list1 = await file(HEADER, rows);
    const { inspect, result } = await importFile(core, clerk, list1, { kind: 'enrolments' });
    expect(inspect.mapping).toMatchObject({
      No: null,
      Peserta: 'participant',
      Nama: 'name',
      NIK: 'nik',
      'No. KK': 'kk',
      Desa: 'desa',
      Program: 'program',
    });
    expect(inspect.missing).toEqual([]);
    expect(result.counts).toMatchObject({ rows: 12, valid: 7, new: 5, unchanged: 2, errors: 5, warnings: 1 });
    for (const row of [2, 3, 4, 7, 8, 12, 13]) expect(errorCodes(result, row), `row ${row}`).toEqual([]);
    expect(errorCodes(result, 5)).toEqual(['NOT_FOUND']);
    expect(errorCodes(result, 6)).toEqual(['DEAD']);
    expect(errorCodes(result, 9)).toEqual(['PROGRAM_UNKNOWN']);
    expect(errorCodes(result, 10)).toEqual(['REMOVED']);
    expect(errorCodes(result, 11)).toEqual(['DESA_ONLY']);
    expect(warningCodes(result, 13)).toEqual(['DOUBLE_BENEFIT']);
    const message = (code: string) => result.problems.find((p) => p.code === code)!.message;
    expect(message('NOT_FOUND')).toContain(`NIK ${STRANGER} tidak terdaftar`);
    expect(message('NOT_FOUND')).toContain(
      'Daftarkan dulu lewat impor daftar penerima atau halaman keluarga',
    );
    expect(message('DEAD')).toContain('meninggal');
    expect(message('PROGRAM_UNKNOWN')).toContain('PKH');
    expectReadableProblems(result);

    const summary = summaryOf(result);
    expect(fact(summary, 'Didaftarkan ke program')).toBe('5');
    expect(fact(summary, 'Sudah terdaftar')).toBe('2');
    expect(fact(summary, 'Tidak ditemukan di data penerima')).toBe('1');
    expect(fact(summary, 'Program BPNT')).toBe('1 didaftarkan, 2 sudah terdaftar');
    expect(fact(summary, 'Program PBI_JK')).toBe('1 didaftarkan, 0 sudah terdaftar');
    expect(fact(summary, 'Program PKH')).toBe('1 didaftarkan, 0 sudah terdaftar');
    expect(fact(summary, 'Program BLT_DD')).toBe('2 didaftarkan, 0 sudah terdaftar');
    const notFound = list(summary, 'Tidak ditemukan di data penerima')!;
    expect(notFound.total).toBe(1);
    expect(notFound.rows[0]).toContain('Baris 5');
    expect(notFound.rows[0]).toContain(STRANGER);
    expect(list(summary, 'Ditolak')?.total).toBe(4);

    const commit = (await importFile(core, clerk, list1, { kind: 'enrolments', mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    expect(await enrolmentsOf(fam(1).head.nik)).toEqual([
      { program: 'BPNT', personName: null, component: 'Bantuan sembako' },
    ]);
    expect(await enrolmentsOf(fam(2).head.nik)).toEqual([
      { program: 'PBI_JK', personName: fam(2).head.name, component: 'Pengaktifan' },
    ]);
    expect(await enrolmentsOf(fam(3).head.nik)).toEqual([
      { program: 'PKH', personName: CHILD.name, component: 'Anak SD' },
    ]);
    expect(await enrolmentsOf(fam(4).head.nik)).toEqual([]);
    expect((await enrolmentsOf(fam(5).head.nik)).map((e) => e.program).sort()).toEqual(['BLT_DD', 'BPNT']);
    expect(await enrolmentsOf(fam(6).head.nik)).toEqual([
      { program: 'BLT_DD', personName: null, component: 'BLT Dana Desa' },
    ]);
    expect(await enrolmentsOf(fam(10).head.nik)).toEqual([]);

    // Again: everyone in it is enrolled now.
    const again = (await importFile(core, clerk, list1, { kind: 'enrolments' })).result;
    expect(again.counts).toMatchObject({ new: 0, unchanged: 7 });

    await clerk.ok('import.undo', { batchId: commit.batchId! });
    expect(await enrolmentsOf(fam(1).head.nik)).toEqual([]);
    expect(await enrolmentsOf(fam(3).head.nik)).toEqual([]);
    expect((await enrolmentsOf(fam(5).head.nik)).map((e) => e.program)).toEqual(['BPNT']);
  });
});

describe('a Kemensos list keyed by NIK alone', () => {
  const HEADER = ['NIK', 'NAMA', 'ALAMAT'];
  const rows: unknown[][] = [
    [fam(8).head.nik, fam(8).head.name, 'Jl. Mawar 8'],
    [fam(9).wife.nik, fam(9).wife.name, 'Jl. Mawar 9'],
    [fam(5).head.nik, fam(5).head.name, 'Jl. Mawar 6'],
    [fam(8).wife.nik, fam(8).wife.name, 'Jl. Mawar 8'],
  ];

  it('takes the programme set for the whole file, and cannot start without one', async () => {
    const kemensos = await file(HEADER, rows);
    const noProgram = await tryImport(core, clerk, kemensos, { kind: 'enrolments' });
    expect(noProgram.ok).toBe(false);
    if (!noProgram.ok) expect(noProgram.error.message).toContain('Program');

    const { inspect, result } = await importFile(core, clerk, kemensos, {
      kind: 'enrolments',
      fixed: { program: 'BPNT' },
    });
    expect(inspect.mapping).toMatchObject({ NIK: 'nik', NAMA: 'name' });
    expect(result.counts).toMatchObject({ rows: 4, valid: 4, new: 2, unchanged: 2, errors: 0 });
    expect(fact(summaryOf(result), 'Program BPNT')).toBe('2 didaftarkan, 2 sudah terdaftar');
    await importFile(core, clerk, kemensos, {
      kind: 'enrolments',
      fixed: { program: 'BPNT' },
      mode: 'commit',
    });
    expect(await enrolmentsOf(fam(8).head.nik)).toEqual([
      { program: 'BPNT', personName: null, component: 'Bantuan sembako' },
    ]);
    expect(await enrolmentsOf(fam(9).head.nik)).toEqual([
      { program: 'BPNT', personName: null, component: 'Bantuan sembako' },
    ]);
  });
});

describe('a programme the file says the person is NOT in (probe p32)', () => {
  const HEADER = ['NIK', 'NAMA', 'PROGRAM'];
  const rows: [string, string, string][] = [
    [CHILD.nik, CHILD.name, 'NON PKH'],
    [fam(1).head.nik, fam(1).head.name, 'Bukan PKH'],
    [fam(2).head.nik, fam(2).head.name, 'Eks PKH'],
    [fam(2).wife.nik, fam(2).wife.name, 'Graduasi PKH'],
    [fam(6).head.nik, fam(6).head.name, 'PKH (graduasi)'],
    [fam(6).wife.nik, fam(6).wife.name, 'Non-BPNT'],
    [fam(1).wife.nik, fam(1).wife.name, 'NONPKH'],
    [fam(3).wife.nik, fam(3).wife.name, 'Mantan peserta PKH'],
    // BPNT's own name holds "Non": still BPNT.
    [fam(9).head.nik, fam(9).head.name, 'Bantuan Pangan Non Tunai'],
  ];

  it('refuses "NON PKH", "Bukan PKH", "Eks PKH", "Graduasi PKH" and the like, saying the person is not in it, and enrols nobody into it', async () => {
    const f = await file(HEADER, rows);
    const { result } = await importFile(core, clerk, f, { kind: 'enrolments' });
    rows
      .slice(0, 8)
      .forEach(([, , text], i) => expect(errorCodes(result, i + 2), text).toEqual(['PROGRAM_NOT_MEMBER']));
    expect(errorCodes(result, 10)).toEqual([]);
    const message = result.problems.find((p) => p.row === 2)!.message;
    expect(message).toContain('"NON PKH"');
    expect(message).toContain('BUKAN atau TIDAK LAGI peserta PKH');
    expect(message).toContain('Hapus baris ini');
    expect(result.problems.find((p) => p.row === 7)!.message).toContain('peserta BPNT');
    expectReadableProblems(result);

    const commit = (await importFile(core, clerk, f, { kind: 'enrolments', mode: 'commit' })).result;
    for (const nikValue of [CHILD.nik, fam(1).head.nik, fam(2).head.nik, fam(6).head.nik])
      expect(
        (await enrolmentsOf(nikValue)).map((e) => e.program),
        nikValue,
      ).not.toContain('PKH');
    expect((await enrolmentsOf(fam(6).head.nik)).map((e) => e.program)).not.toContain('BPNT');
    await clerk.ok('import.undo', { batchId: commit.batchId! });
  });
});

/** Four more families, each with a head and a wife; family 11 has an elder head and two children. */
const PROBE = {
  f11: {
    kk: kk('01', '2016-04-15', 711),
    head: { nik: nik('01', '1947-01-05', 'L', 1101), name: 'Karto Wiyono', born: '1947-01-05' },
    wife: { nik: nik('01', '1975-02-05', 'P', 1102), name: 'Sumiati', born: '1975-02-05' },
    child1: { nik: nik('01', '2012-01-20', 'L', 1103), name: 'Anak Satu', born: '2012-01-20' },
    child2: { nik: nik('01', '2019-03-05', 'P', 1104), name: 'Dwi Lestari', born: '2019-03-05' },
  },
  f12: {
    kk: kk('01', '2016-04-15', 712),
    head: { nik: nik('01', '1980-05-12', 'L', 1201), name: 'Joko Susilo', born: '1980-05-12' },
    wife: { nik: nik('01', '1982-06-12', 'P', 1202), name: 'Rina Wati', born: '1982-06-12' },
  },
  f13: {
    kk: kk('01', '2016-04-15', 713),
    head: { nik: nik('01', '1970-07-13', 'L', 1301), name: 'Slamet Riyadi', born: '1970-07-13' },
    wife: { nik: nik('01', '1972-08-13', 'P', 1302), name: 'Sri Rahayu', born: '1972-08-13' },
  },
  f14: {
    kk: kk('01', '2016-04-15', 714),
    head: { nik: nik('01', '1970-09-14', 'L', 1401), name: 'Marjuki', born: '1970-09-14' },
    wife: { nik: nik('01', '1960-10-14', 'P', 1402), name: 'Painem', born: '1960-10-14' },
  },
};

/** A semicolon CSV, as Indonesian Excel saves one. */
function writeCsv(folder: string, header: string[], rows: string[][]): string {
  const path = join(folder, `peserta-${++counter}.csv`);
  writeFileSync(path, [header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n');
  return path;
}
const csv = (header: string[], rows: string[][]) => grant(core, clerk, writeCsv(files, header, rows));

/** The live enrolments of the family a NIK belongs to, with their status, sorted. */
async function liveOf(nikValue: string) {
  const { householdId } = await person(nikValue);
  return (await clerk.ok('enrolments.list', { householdId }))
    .filter((e) => e.status !== 'dikeluarkan')
    .map((e) => `${e.programCode} ${e.personName ?? '-'} ${e.componentName ?? '-'} ${e.status}`)
    .sort();
}

describe('a participant list with a membership status and a component column (outside probe)', () => {
  beforeAll(async () => {
    const member = (
      f: (typeof PROBE)['f11' | 'f12' | 'f13' | 'f14'],
      p: { nik: string; name: string; born: string },
      rel: string,
      sex: 'L' | 'P',
    ) => [
      f.kk,
      p.nik,
      p.name,
      p.born.split('-').reverse().join('-'),
      sex,
      rel,
      'Oro-oro Ombo',
      'Batu',
      '2',
      '4',
      'TIDAK',
    ];
    const { f11, f12, f13, f14 } = PROBE;
    const registry = await file(RECIPIENTS, [
      member(f11, f11.head, 'KEPALA KELUARGA', 'L'),
      member(f11, f11.wife, 'ISTRI', 'P'),
      member(f11, f11.child1, 'ANAK', 'L'),
      member(f11, f11.child2, 'ANAK', 'P'),
      ...[f12, f13, f14].flatMap((f) => [
        member(f, f.head, 'KEPALA KELUARGA', 'L'),
        member(f, f.wife, 'ISTRI', 'P'),
      ]),
    ]);
    expect((await importFile(core, clerk, registry, { mode: 'commit' })).result.counts).toMatchObject({
      new: 10,
      errors: 0,
    });
  });

  it('reads the words of a status cell: "AKTIF" is not found inside "TIDAK AKTIF" or "NONAKTIF"', () => {
    const kind = (text: string) => readMembershipStatus(text).kind;
    for (const text of [
      'AKTIF',
      'Aktif',
      'BARU',
      'LAMA',
      'TETAP',
      'Aktif (Baru)',
      'PESERTA AKTIF',
      'YA',
      'MASIH AKTIF',
    ])
      expect(kind(text), text).toBe('active');
    for (const text of ['DIUSULKAN', 'Usulan', 'USULAN BARU']) expect(kind(text), text).toBe('proposed');
    for (const text of [
      'TIDAK AKTIF',
      'Tidak Aktif',
      'tdk aktif',
      'NON AKTIF',
      'Non-Aktif',
      'NONAKTIF',
      'NONAKTIF SEMENTARA',
      'DINONAKTIFKAN',
      'KELUAR',
      'GRADUASI',
      'Graduasi Mandiri',
      'MENINGGAL',
      'PINDAH',
      'DICORET',
      'DIHAPUS',
      'TIDAK LAYAK',
      'SUSPEND',
      'DITANGGUHKAN',
      'BELUM AKTIF',
      'SUDAH MAMPU',
      'TIDAK',
      'Aktif Tidak',
    ])
      expect(kind(text), text).toBe('ended');
    for (const text of ['KIRIM ULANG', '1', 'LAYAK', 'X']) expect(kind(text), text).toBe('unclear');
    expect(kind('')).toBe('empty');
    expect(kind('  ')).toBe('empty');
    expect(isMembershipStatusWord('TIDAK AKTIF')).toBe(true);
    expect(isMembershipStatusWord('Aktif')).toBe(true);
    expect(isMembershipStatusWord('Sugeng')).toBe(false);
    expect(isMembershipStatusWord('')).toBe(false);
  });

  it('refuses the rows whose STATUS KEPESERTAAN says they are not (or no longer) members, and enrols a proposed one as Usulan', async () => {
    const { f11, f12, f13, f14 } = PROBE;
    const HEADER = ['NO', 'NO KK', 'NIK', 'NAMA', 'PROGRAM', 'STATUS KEPESERTAAN', 'KETERANGAN'];
    const row = (
      n: number,
      f: { kk: string },
      p: { nik: string; name: string },
      program: string,
      status: string,
      note = '',
    ) => [String(n), f.kk, p.nik, p.name.toUpperCase(), program, status, note];
    const rows = [
      row(1, f12, f12.head, 'BPNT', 'TIDAK AKTIF', 'Graduasi mandiri 2026'),
      row(2, f13, f13.head, 'BPNT', 'KELUAR', 'meninggal 2026'),
      row(3, f14, f14.head, 'PBI-JK', 'DINONAKTIFKAN'),
      row(4, f11, f11.wife, 'BPNT', 'AKTIF'),
      row(5, f12, f12.wife, 'PBI-JK', 'Non Aktif'),
      row(6, f13, f13.wife, 'PBI-JK', 'NONAKTIF'),
      row(7, f14, f14.wife, 'PBI-JK', 'Suspend'),
      row(8, f11, f11.head, 'PBI-JK', 'Graduasi'),
      row(9, f11, f11.child1, 'PBI-JK', 'KIRIM ULANG'),
      row(10, f11, f11.child2, 'PBI-JK', ''),
      row(11, f12, f12.head, 'PBI-JK', 'DIUSULKAN'),
      row(12, f14, f14.head, 'BPNT', 'Aktif (Baru)'),
      row(13, f13, f13.head, 'PBI-JK', 'TIDAK LAYAK'),
      row(14, f13, f13.wife, 'BPNT', 'tdk aktif'),
    ];
    const list2 = await csv(HEADER, rows);
    const { inspect, result } = await importFile(core, clerk, list2, { kind: 'enrolments' });
    expect(inspect.mapping).toMatchObject({ 'STATUS KEPESERTAAN': 'membershipStatus', PROGRAM: 'program' });
    for (const r of [2, 3, 4, 6, 7, 8, 9, 14, 15])
      expect(errorCodes(result, r), `row ${r}`).toEqual(['PROGRAM_STATUS_INACTIVE']);
    expect(errorCodes(result, 10)).toEqual(['PROGRAM_STATUS_UNCLEAR']);
    for (const r of [5, 11, 12, 13]) expect(errorCodes(result, r), `row ${r}`).toEqual([]);
    expect(warningCodes(result, 12)).toEqual(['PROGRAM_STATUS_PROPOSED']);
    expect(result.counts).toMatchObject({ rows: 14, new: 4, errors: 10 });
    const message = (r: number) => result.problems.find((p) => p.row === r)!.message;
    expect(message(2)).toContain('"TIDAK AKTIF"');
    expect(message(2)).toContain('BPNT');
    expect(message(2)).toContain('tidak didaftarkan');
    expect(message(2)).toContain('halaman keluarga');
    expect(message(10)).toContain('"KIRIM ULANG"');
    expect(message(10)).toContain('AKTIF');
    expect(message(12)).toContain('Usulan');
    expectReadableProblems(result);
    expect(list(summaryOf(result), 'Ditolak')?.total).toBe(10);

    const commit = (await importFile(core, clerk, list2, { kind: 'enrolments', mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    expect(await liveOf(f11.head.nik)).toEqual([
      'BPNT - Bantuan sembako aktif',
      'PBI_JK Dwi Lestari Pengaktifan aktif',
    ]);
    expect(await liveOf(f12.head.nik)).toEqual(['PBI_JK Joko Susilo Pengaktifan usulan']);
    expect(await liveOf(f13.head.nik)).toEqual([]);
    expect(await liveOf(f14.head.nik)).toEqual(['BPNT - Bantuan sembako aktif']);
    await clerk.ok('import.undo', { batchId: commit.batchId! });
    expect(await liveOf(f11.head.nik)).toEqual([]);
  });
  it('reads KOMPONEN and enrols each member of a PKH family in their own component, warning when the age says otherwise', async () => {
    const { f11, f12, f13, f14 } = PROBE;
    const HEADER = ['NO', 'NO KK', 'NIK', 'NAMA', 'PROGRAM', 'KOMPONEN', 'STATUS KEPESERTAAN'];
    const row = (
      n: number,
      f: { kk: string },
      p: { nik: string; name: string },
      program: string,
      component: string,
    ) => [String(n), f.kk, p.nik, p.name.toUpperCase(), program, component, 'AKTIF'];
    const rows = [
      row(1, f11, f11.head, 'PKH', 'LANSIA'),
      row(2, f11, f11.child1, 'PKH', 'SMP'),
      // A child of 7 written as SMP: enrolled as written, with a warning.
      row(3, f11, f11.child2, 'PKH', 'smp'),
      row(4, f11, f11.wife, 'PKH', 'Ibu  Hamil'),
      row(5, f12, f12.head, 'PKH', 'JOMPO'),
      // 56 years old written as an elder.
      row(6, f13, f13.head, 'PKH', 'Lanjut usia'),
      // The same person and component again: already enrolled a few rows up.
      row(7, f11, f11.head, 'PKH', 'lansia'),
      row(8, f14, f14.wife, 'INSENTIF_BATU', 'LANSIA'),
      row(9, f14, f14.head, 'BPNT', ''),
      row(10, f12, f12.wife, 'PKH', 'DISABILITAS BERAT'),
      // BPNT has one component: a component word for it is not used, and said so.
      row(11, f13, f13.wife, 'BPNT', 'LANSIA'),
    ];
    const list3 = await csv(HEADER, rows);
    const { inspect, result } = await importFile(core, clerk, list3, { kind: 'enrolments' });
    expect(inspect.mapping).toMatchObject({
      KOMPONEN: 'component',
      'STATUS KEPESERTAAN': 'membershipStatus',
    });
    expect(errorCodes(result, 6)).toEqual(['COMPONENT_UNKNOWN']);
    for (const r of [2, 3, 4, 5, 7, 8, 9, 10, 11, 12]) expect(errorCodes(result, r), `row ${r}`).toEqual([]);
    for (const r of [2, 3, 5, 8, 9, 10, 11]) expect(warningCodes(result, r), `row ${r}`).toEqual([]);
    expect(warningCodes(result, 4)).toEqual(['COMPONENT_AGE']);
    expect(warningCodes(result, 7)).toEqual(['COMPONENT_AGE']);
    expect(warningCodes(result, 12)).toEqual(['COMPONENT_IGNORED']);
    expect(result.counts).toMatchObject({ rows: 11, new: 9, unchanged: 1, errors: 1 });
    const message = (r: number) => result.problems.find((p) => p.row === r)!.message;
    expect(message(6)).toContain('"JOMPO"');
    expect(message(6)).toContain('Lanjut usia');
    expect(message(6)).toContain('Anak SMP');
    expect(message(4)).toContain('Dwi Lestari');
    expect(message(4)).toContain('Anak SMP');
    expect(message(4)).toContain('Anak SD');
    expect(message(7)).toContain('60 tahun ke atas');
    expectReadableProblems(result);
    expect(fact(summaryOf(result), 'Program PKH')).toBe('6 didaftarkan, 1 sudah terdaftar');

    const commit = (await importFile(core, clerk, list3, { kind: 'enrolments', mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    expect(await liveOf(f11.head.nik)).toEqual([
      'PKH Anak Satu Anak SMP aktif',
      'PKH Dwi Lestari Anak SMP aktif',
      'PKH Karto Wiyono Lanjut usia (60+) aktif',
      'PKH Sumiati Ibu hamil aktif',
    ]);
    expect(await liveOf(f12.head.nik)).toEqual(['PKH Rina Wati Penyandang disabilitas berat aktif']);
    expect(await liveOf(f13.head.nik)).toEqual([
      'BPNT - Bantuan sembako aktif',
      'PKH Slamet Riyadi Lanjut usia (60+) aktif',
    ]);
    expect(await liveOf(f14.head.nik)).toEqual([
      'BPNT - Bantuan sembako aktif',
      'INSENTIF_BATU Painem Lanjut usia aktif',
    ]);

    // Again: everyone is enrolled. A member written with another component than the one they
    // are enrolled in is said so, and left as it is.
    const again = (await importFile(core, clerk, list3, { kind: 'enrolments' })).result;
    expect(again.counts).toMatchObject({ new: 0, unchanged: 10, errors: 1 });
    const other = await csv(HEADER, [row(1, f11, f11.child2, 'PKH', 'SD')]);
    const differs = (await importFile(core, clerk, other, { kind: 'enrolments' })).result;
    expect(differs.counts).toMatchObject({ new: 0, unchanged: 1, errors: 0 });
    expect(warningCodes(differs, 2)).toEqual(['COMPONENT_DIFFERS']);
    expect(differs.problems[0]!.message).toContain('Anak SMP');

    await clerk.ok('import.undo', { batchId: commit.batchId! });
    expect(await liveOf(f11.head.nik)).toEqual([]);
  });
});
