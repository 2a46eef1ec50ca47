import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummaryView } from '../../../common/api/methods/importExport.ts';
import { kk, nik, pad2 } from '../../../tests/fixtures/import/corpus.ts';
import { type Client, userWithRole } from '../../../tests/support/core.ts';
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
import { paymentStatusOf } from './payments.ts';

/**
 * Bank, Pos and SIKS-NG files for an open BPNT period, through the real path (a granted file,
 * import.inspect, import.start as a job): result words and amounts as they are written, and a
 * file without a status column read as the period's planned list. One core for the file.
 */

const HEADS =
  'Agus Bambang Cahyo Darmaji Eko Fajar Gunawan Hadi Imam Joko Kusno Lukman Mulyono Nanang Parno Rudi Slamet Teguh Untung Wahyudi Yanto'.split(
    ' ',
  );
const WIVES =
  'Ani Bariyah Cicik Dewi Endang Fitri Giyem Hartini Indah Juminten Kartini Lestari Murni Nanik Partini Rukmini Sulastri Tutik Umi Wartini Yuli'.split(
    ' ',
  );

/** Family i (1-21): a head and his wife in Oro-oro Ombo, Kecamatan Batu. */
const fam = (i: number) => ({
  kk: kk('01', '2015-03-20', 500 + i),
  head: { nik: nik('01', `1970-01-${pad2(i)}`, 'L', 500 + i), name: `${HEADS[i - 1]} Santoso` },
  wife: { nik: nik('01', `1975-02-${pad2(i)}`, 'P', 600 + i), name: `${WIVES[i - 1]} Rahayu` },
});

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

function familyRows(i: number, bpnt: boolean): unknown[][] {
  const f = fam(i);
  const day = pad2(i);
  return [
    [
      f.kk,
      f.head.nik,
      f.head.name,
      `${day}-01-1970`,
      'L',
      'KEPALA KELUARGA',
      'Oro-oro Ombo',
      'Batu',
      '1',
      '2',
      bpnt ? 'YA' : 'TIDAK',
    ],
    [
      f.kk,
      f.wife.nik,
      f.wife.name,
      `${day}-02-1975`,
      'P',
      'ISTRI',
      'Oro-oro Ombo',
      'Batu',
      '1',
      '2',
      bpnt ? 'YA' : 'TIDAK',
    ],
  ];
}

let counter = 0;
async function writeXlsx(
  folder: string,
  header: string[],
  rows: unknown[][],
  format?: (ws: ExcelJS.Worksheet) => void,
): Promise<string> {
  const path = join(folder, `berkas-${++counter}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  // NIK and KK columns as text, as a careful operator formats them.
  header.forEach((h, i) => {
    if (/NIK|KK|PESERTA/i.test(h)) ws.getColumn(i + 1).numFmt = '@';
  });
  format?.(ws);
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
let bpntId: string;
/** BPNT January-February 2026 and March-April 2026, opened with families 1-17. */
let resultsPeriod: string;
let plannedPeriod: string;

const file = (header: string[], rows: unknown[][], format?: (ws: ExcelJS.Worksheet) => void) =>
  writeXlsx(files, header, rows, format).then((path) => grant(core, clerk, path));

async function personId(nikValue: string) {
  const [found] = await clerk.ok('registry.findPeople', { query: nikValue });
  expect(found?.nik).toBe(nikValue);
  return found!;
}

async function items(periodId: string) {
  const { rows } = await clerk.ok('disbursement.items', { periodId, limit: 1000 });
  return new Map(rows.map((r) => [r.recipientNik, r]));
}

beforeAll(async () => {
  const setup = await clerkCore();
  ({ core, clerk, files } = setup);
  const officer = await userWithRole(core, setup.admin, 'officer');
  const first = await file(RECIPIENTS, Array.from({ length: 17 }, (_, i) => familyRows(i + 1, true)).flat());
  const registered = await importFile(core, clerk, first, { mode: 'commit' });
  expect(registered.result.counts).toMatchObject({ rows: 34, new: 34, errors: 0 });
  bpntId = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!.id;
  const open = (startMonth: number) =>
    officer.ok('disbursement.openPeriod', { programId: bpntId, year: 2026, startMonth, months: 2 });
  resultsPeriod = (await open(1)).id;
  plannedPeriod = (await open(3)).id;
  // After the periods opened: two more BPNT families, one without BPNT, one removed later.
  const later = await file(RECIPIENTS, [
    ...familyRows(18, true),
    ...familyRows(19, true),
    ...familyRows(20, false),
    ...familyRows(21, true),
  ]);
  expect((await importFile(core, clerk, later, { mode: 'commit' })).result.counts).toMatchObject({
    new: 8,
    errors: 0,
  });
  const wife17 = await personId(fam(17).wife.nik);
  await clerk.ok('people.setStatus', {
    id: wife17.personId,
    status: 'meninggal',
    date: '2026-11-01',
    reason: 'Meninggal dunia',
  });
  const head21 = await personId(fam(21).head.nik);
  await clerk.ok('households.remove', { id: head21.householdId, reason: 'PINDAH ke luar kota' });
});

afterAll(async () => {
  await core?.close();
});

describe('result words', () => {
  it('reads every spelling banks and SIKS-NG write, free of case, spacing and punctuation; GAGAL keeps its reason', () => {
    const cases: [string, string, string | null][] = [
      ['SUKSES', 'tersalurkan', null],
      ['sukses', 'tersalurkan', null],
      ['SUKSES SALUR', 'tersalurkan', null],
      ['Sukses-Salur', 'tersalurkan', null],
      ['SUDAH SALUR', 'tersalurkan', null],
      ['sudah_salur', 'tersalurkan', null],
      ['SUDAH TRANSAKSI', 'tersalurkan', null],
      ['Sudah  Transaksi.', 'tersalurkan', null],
      ['BERHASIL', 'tersalurkan', null],
      ['TERSALURKAN', 'tersalurkan', null],
      ['BELUM SALUR', 'belum', null],
      ['belum-salur', 'belum', null],
      ['BELUM TRANSAKSI', 'belum', null],
      ['BELUM TERSALURKAN', 'belum', null],
      ['Belum Tersalurkan', 'belum', null],
      ['GAGAL', 'belum', null],
      ['GAGAL - KKS TIDAK AKTIF', 'belum', 'KKS TIDAK AKTIF'],
      ['gagal: rekening pasif', 'belum', 'rekening pasif'],
      ['GAGAL (KPM meninggal)', 'belum', 'KPM meninggal'],
      ['DIKEMBALIKAN', 'dikembalikan', null],
      ['Retur', 'dikembalikan', null],
      ['RETUR.', 'dikembalikan', null],
    ];
    for (const [text, status, reason] of cases)
      expect(paymentStatusOf(text), text).toMatchObject({ status, reason });
    for (const text of ['ENTAHLAH', 'N/A', 'Y N', '-', 'OKE SAJA'])
      expect(paymentStatusOf(text), text).toBeNull();
  });
});

describe('bank and SIKS-NG result files', () => {
  const HEADER = ['NO', 'NIK', 'NAMA', 'NOMINAL', 'STATUS', 'TANGGAL', 'KETERANGAN', 'NO_REF'];
  const wife = (i: number) => fam(i).wife;
  const stranger = nik('01', '1991-01-01', 'P', 999);
  const rows: unknown[][] = [
    [
      1,
      wife(1).nik,
      wife(1).name,
      400000,
      'SUKSES',
      new Date(Date.UTC(2026, 1, 15, 10, 21, 33)),
      null,
      'T01',
    ],
    [2, wife(2).nik, wife(2).name, 'Rp 400.000,00', 'sukses salur', '2026-02-15 10:21:33', null, 'T02'],
    [3, wife(3).nik, wife(3).name, '400.000', 'Sudah-Salur', '15/02/2026 10:21', null, 'T03'],
    [4, wife(4).nik, wife(4).name, '400000', 'SUDAH TRANSAKSI', new Date(Date.UTC(2026, 1, 16)), null, 'T04'],
    [5, wife(5).nik, wife(5).name, 'Rp400.000', 'Berhasil', '16-02-2026', null, 'T05'],
    [6, wife(6).nik, wife(6).name, 400000, 'TERSALURKAN', '16-02-2026', null, 'T06'],
    [7, wife(7).nik, wife(7).name, 400000, 'BELUM SALUR', null, null, null],
    [8, wife(8).nik, wife(8).name, 400000, 'Belum  Transaksi', null, null, null],
    [9, wife(9).nik, wife(9).name, 400000, 'BELUM TERSALURKAN', null, 'Rekening dibekukan', null],
    [10, wife(10).nik, wife(10).name, 400000, 'GAGAL', null, null, null],
    [11, wife(11).nik, wife(11).name, 400000, 'GAGAL - KKS TIDAK AKTIF', null, null, null],
    [12, wife(12).nik, wife(12).name, 400000, 'GAGAL - KKS TIDAK AKTIF', null, 'Kartu hilang', null],
    [13, wife(13).nik, wife(13).name, 400000, 'DIKEMBALIKAN', null, null, null],
    [14, wife(14).nik, wife(14).name, 400000, 'retur.', null, null, null],
    // The head's NIK: the family's item (paid to the wife) is found through the family.
    [15, fam(15).head.nik, fam(15).head.name, 350000, 'SUKSES', '17-02-2026', null, 'T15'],
    [16, stranger, 'BUKAN PENERIMA', 400000, 'SUKSES', '17-02-2026', null, null],
    [17, fam(18).wife.nik, fam(18).wife.name, 400000, 'SUKSES', '17-02-2026', null, null],
    [18, wife(1).nik, wife(1).name, 400000, 'SUKSES', '17-02-2026', 'dobel', null],
    [19, wife(16).nik, wife(16).name, 400000, 'ENTAHLAH', '17-02-2026', null, null],
  ];
  const withDateTime = (ws: ExcelJS.Worksheet) => {
    ws.getCell('F2').numFmt = 'dd/mm/yyyy hh:mm:ss';
    ws.getCell('F5').numFmt = 'dd-mm-yyyy';
  };

  it('matches each row to the period, reads the statuses, amounts and date-times, and sums up against the period', async () => {
    const f = await file(HEADER, rows, withDateTime);
    const options = { kind: 'payments' as const, periodId: resultsPeriod };
    const { inspect, result } = await importFile(core, clerk, f, options);
    expect(inspect.mapping).toMatchObject({
      NIK: 'nik',
      NAMA: 'name',
      NOMINAL: 'amount',
      STATUS: 'status',
      TANGGAL: 'date',
      KETERANGAN: 'reason',
      NO_REF: 'reference',
    });
    expect(result.counts).toMatchObject({ rows: 19, valid: 15, updated: 15, errors: 4, warnings: 1 });
    for (let row = 2; row <= 16; row++) expect(errorCodes(result, row), `row ${row}`).toEqual([]);
    expect(warningCodes(result, 16)).toEqual(['AMOUNT_DIFFERS']);
    expect(errorCodes(result, 17)).toEqual(['NOT_IN_PERIOD']);
    expect(errorCodes(result, 18)).toEqual(['NOT_IN_PERIOD']);
    expect(errorCodes(result, 19)).toEqual(['TWICE_IN_FILE']);
    expect(errorCodes(result, 20)).toEqual(['STATUS']);
    const unknown = result.problems.find((p) => p.code === 'STATUS')!.message;
    for (const word of ['SUKSES', 'SUDAH SALUR', 'BELUM SALUR', 'GAGAL', 'DIKEMBALIKAN', 'RETUR'])
      expect(unknown).toContain(word);
    expectReadableProblems(result);

    const commit = (await importFile(core, clerk, f, { ...options, mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    const after = await items(resultsPeriod);
    const item = (i: number) => after.get(wife(i).nik);
    expect(item(1)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-15', reference: 'T01' });
    expect(item(2)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-15' });
    expect(item(3)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-15' });
    expect(item(4)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-16' });
    expect(item(5)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-16' });
    expect(item(6)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-16' });
    expect(item(7)).toMatchObject({ status: 'belum', notPaidReason: 'Belum tersalurkan (hasil bank/Pos)' });
    expect(item(8)).toMatchObject({ status: 'belum', paidDate: null });
    expect(item(9)).toMatchObject({ status: 'belum', notPaidReason: 'Rekening dibekukan' });
    expect(item(10)).toMatchObject({ status: 'belum', notPaidReason: 'Gagal salur (hasil bank/Pos)' });
    expect(item(11)).toMatchObject({ status: 'belum', notPaidReason: 'KKS TIDAK AKTIF' });
    expect(item(12)).toMatchObject({ status: 'belum', notPaidReason: 'Kartu hilang' });
    expect(item(13)).toMatchObject({
      status: 'dikembalikan',
      notPaidReason: 'Dikembalikan (hasil bank/Pos)',
    });
    expect(item(14)).toMatchObject({ status: 'dikembalikan' });
    expect(item(15)).toMatchObject({ status: 'tersalurkan', paidDate: '2026-02-17', reference: 'T15' });
    expect(item(16)).toMatchObject({ status: 'belum', notPaidReason: null });
    expect(item(17)).toMatchObject({ status: 'belum', notPaidReason: null });

    await clerk.ok('import.undo', { batchId: commit.batchId! });
    for (const [k, restored] of await items(resultsPeriod))
      expect(restored, k ?? '').toMatchObject({ status: 'belum', paidDate: null, notPaidReason: null });
  });

  it('says what matched and what did not, with the file’s totals against the period’s', async () => {
    const f = await file(HEADER, rows, withDateTime);
    const { result } = await importFile(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    const summary = summaryOf(result);
    expect(summary).not.toBeNull();
    expect(fact(summary, 'Baris di berkas')).toBe('19');
    expect(fact(summary, 'Cocok dengan daftar periode')).toBe('16');
    expect(fact(summary, 'Tersalurkan')).toBe('7');
    expect(fact(summary, 'Belum tersalurkan / gagal')).toBe('6');
    expect(fact(summary, 'Dikembalikan')).toBe('2');
    // 18 rows of Rp400.000 and one of Rp350.000; the 16 matched rows against 16 items of Rp400.000.
    expect(fact(summary, 'Total nominal di berkas')).toBe('Rp7.550.000');
    expect(fact(summary, 'Total nominal di berkas (baris yang cocok)')).toBe('Rp6.350.000');
    expect(fact(summary, 'Total nominal daftar periode (penerima yang cocok)')).toBe('Rp6.400.000');
    expect(fact(summary, 'Selisih (berkas − daftar periode, baris yang cocok)')).toBe('-Rp50.000');
    const missing = list(summary, 'Ada di periode, tidak ada di berkas bank')!;
    expect(missing.total).toBe(1);
    expect(missing.rows).toEqual([
      `${fam(17).wife.name}, Oro-oro Ombo, NIK ${fam(17).wife.nik.slice(0, 4)}xxxxxxxx${fam(17).wife.nik.slice(12)}`,
    ]);
    const extra = list(summary, 'Ada di berkas, tidak ada di periode')!;
    expect(extra.total).toBe(2);
    expect(extra.rows[0]).toContain('Baris 17');
    expect(extra.rows[0]).toContain(stranger);
    expect(extra.rows[1]).toContain('Baris 18');
    expect(extra.rows[1]).toContain(fam(18).wife.nik);
  });
});

describe('status words that only look paid (probe p30)', () => {
  const HEADER = ['NO', 'NIK', 'NAMA', 'NOMINAL', 'STATUS', 'TANGGAL'];
  const texts: [string, string][] = [
    ['Sudah meninggal', 'belum'],
    ['SUDAH PINDAH', 'belum'],
    ['Salur gagal', 'belum'],
    ['Sudah mampu', 'belum'],
    ['Gagal - rekening tidak aktif', 'belum'],
    ['Sudah diretur', 'dikembalikan'],
    ['Sukses Retur', 'STATUS_MIXED'],
    ['Sudah Salur - gagal', 'STATUS_MIXED'],
    ['Tersalur sebagian', 'STATUS_PARTIAL'],
    ['Cair sebagian', 'STATUS_PARTIAL'],
    ['SUKSES BRI', 'STATUS_UNCLEAR'],
    ['SUKSES', 'tersalurkan'],
  ];

  it('never reads a failure, removal, return or part payment as paid: not paid with its reason, or the row refused', async () => {
    const rows = texts.map(([text], i) => [
      i + 1,
      fam(i + 1).wife.nik,
      fam(i + 1).wife.name,
      400000,
      text,
      null,
    ]);
    const f = await file(HEADER, rows);
    const options = { kind: 'payments' as const, periodId: resultsPeriod };
    const preview = (await importFile(core, clerk, f, options)).result;
    texts.forEach(([text, expected], i) => {
      const codes = errorCodes(preview, i + 2);
      expect(codes, text).toEqual(expected.startsWith('STATUS') ? [expected] : []);
    });
    for (const p of preview.problems.filter((q) => q.code.startsWith('STATUS'))) {
      expect(p.column, p.message).toBe('STATUS');
      expect(p.message).toMatch(/SUKSES/);
      expect(p.message).toMatch(/GAGAL - alasannya|BELUM TERSALURKAN/);
    }
    const mixed = preview.problems.find((p) => p.row === 8)!.message;
    expect(mixed).toContain('"Sukses" berarti sudah diterima');
    expect(mixed).toContain('"Retur" berarti dikembalikan');
    expectReadableProblems(preview);
    expect(fact(summaryOf(preview), 'Tersalurkan')).toBe('1');

    const commit = (await importFile(core, clerk, f, { ...options, mode: 'commit' })).result;
    const after = await items(resultsPeriod);
    texts.forEach(([text, expected], i) => {
      const item = after.get(fam(i + 1).wife.nik)!;
      if (expected === 'tersalurkan') return expect(item.status, text).toBe('tersalurkan');
      expect(item.status, text).not.toBe('tersalurkan');
      expect(item.paidDate, text).toBeNull();
      if (expected.startsWith('STATUS')) expect(item.status, text).toBe('belum');
      else expect(item, text).toMatchObject({ status: expected, notPaidReason: expect.any(String) });
    });
    expect(after.get(fam(1).wife.nik)!.notPaidReason).toBe('Sudah meninggal');
    expect(after.get(fam(3).wife.nik)!.notPaidReason).toBe('Salur gagal');
    expect(after.get(fam(5).wife.nik)!.notPaidReason).toBe('rekening tidak aktif');
    await clerk.ok('import.undo', { batchId: commit.batchId! });
  });
});

describe('a NIK that finds someone else than the name beside it', () => {
  it('is refused in a result file and in a planned list, naming both: the money is not recorded for the wrong person', async () => {
    const results = await file(
      ['NO', 'NIK', 'NAMA', 'NOMINAL', 'STATUS', 'TANGGAL'],
      [
        [1, fam(1).wife.nik, 'SLAMET RIYADI', 400000, 'SUKSES', '15-02-2026'],
        // A spelling of the same name is the same person.
        [2, fam(2).wife.nik, fam(2).wife.name.toUpperCase(), 400000, 'SUKSES', '15-02-2026'],
      ],
    );
    const paid = (await importFile(core, clerk, results, { kind: 'payments', periodId: resultsPeriod }))
      .result;
    expect(errorCodes(paid, 2)).toEqual(['NIK_NAME_DIFFERS']);
    expect(paid.problems.find((p) => p.row === 2)!.message).toContain(
      `terdaftar atas nama "${fam(1).wife.name}", bukan "SLAMET RIYADI"`,
    );
    expect(errorCodes(paid, 3)).toEqual([]);

    const planned = await file(
      ['NO', 'NIK', 'NO_KK', 'NAMA', 'DESA', 'NOMINAL'],
      [[1, fam(18).head.nik, fam(18).kk, 'SLAMET RIYADI', 'Oro-oro Ombo', 400000]],
    );
    const added = (await importFile(core, clerk, planned, { kind: 'payments', periodId: plannedPeriod }))
      .result;
    expect(errorCodes(added, 2)).toEqual(['NIK_NAME_DIFFERS']);
    expect(added.counts).toMatchObject({ rows: 1, new: 0, errors: 1 });
    expectReadableProblems(added);
  });
});

describe('a planned list (no status column)', () => {
  const HEADER = ['NO', 'NIK', 'NO_KK', 'NAMA', 'DESA', 'NOMINAL'];
  const rows: unknown[][] = [
    [1, fam(1).wife.nik, fam(1).kk, fam(1).wife.name, 'Oro-oro Ombo', 400000],
    // Enrolled after the period opened: added; the named person receives it.
    [2, fam(18).head.nik, fam(18).kk, fam(18).head.name, 'Oro-oro Ombo', 400000],
    // By KK alone: added, paid to the wife (as opening the period would have listed it).
    [3, null, fam(19).kk, fam(19).head.name, 'Oro-oro Ombo', 400000],
    [4, fam(20).head.nik, fam(20).kk, fam(20).head.name, 'Oro-oro Ombo', 400000],
    [5, fam(17).wife.nik, fam(17).kk, fam(17).wife.name, 'Oro-oro Ombo', 400000],
    [6, fam(21).head.nik, fam(21).kk, fam(21).head.name, 'Oro-oro Ombo', 400000],
    [7, nik('01', '1992-02-02', 'L', 998), null, 'TIDAK TERDAFTAR', 'Oro-oro Ombo', 400000],
    [8, fam(18).wife.nik, fam(18).kk, fam(18).wife.name, 'Oro-oro Ombo', 400000],
    [9, fam(2).wife.nik, fam(2).kk, fam(2).wife.name, 'Oro-oro Ombo', 'Rp 500.000'],
  ];

  it('adds enrolled living recipients not yet in the period, refuses the rest with reasons, and undoes', async () => {
    const f = await file(HEADER, rows);
    const options = { kind: 'payments' as const, periodId: plannedPeriod };
    const { inspect, result } = await importFile(core, clerk, f, options);
    expect(inspect.mapping).toMatchObject({ NIK: 'nik', NO_KK: 'kk', NAMA: 'name', NOMINAL: 'amount' });
    expect(inspect.missing).toEqual([]);
    expect(result.counts).toMatchObject({ rows: 9, valid: 4, new: 2, unchanged: 2, errors: 5, warnings: 1 });
    expect(errorCodes(result, 2)).toEqual([]);
    expect(errorCodes(result, 3)).toEqual([]);
    expect(errorCodes(result, 4)).toEqual([]);
    expect(errorCodes(result, 5)).toEqual(['NOT_ENROLLED']);
    expect(errorCodes(result, 6)).toEqual(['DEAD']);
    expect(errorCodes(result, 7)).toEqual(['REMOVED']);
    expect(errorCodes(result, 8)).toEqual(['NOT_FOUND']);
    expect(errorCodes(result, 9)).toEqual(['TWICE_IN_FILE']);
    expect(warningCodes(result, 10)).toEqual(['AMOUNT_DIFFERS']);
    const message = (code: string) => result.problems.find((p) => p.code === code)!.message;
    expect(message('NOT_ENROLLED')).toContain('tidak terdaftar sebagai peserta BPNT');
    expect(message('DEAD')).toContain('meninggal');
    expect(message('NOT_FOUND')).toContain('Daftarkan dulu lewat impor daftar penerima');
    expectReadableProblems(result);

    const summary = summaryOf(result);
    expect(fact(summary, 'Ditambahkan ke periode')).toBe('2 (Rp800.000)');
    expect(fact(summary, 'Sudah ada di periode')).toBe('2');
    expect(fact(summary, 'Tidak ditemukan di data penerima')).toBe('1');
    expect(fact(summary, 'Penerima di periode sesudah impor')).toBe('19');
    expect(fact(summary, 'Total nominal periode sesudah impor')).toBe('Rp7.600.000');
    expect(list(summary, 'Tidak ditemukan di data penerima')?.rows[0]).toContain('Baris 8');
    expect(list(summary, 'Ditolak')?.total).toBe(3);

    const before = await items(plannedPeriod);
    expect(before.size).toBe(17);
    const commit = (await importFile(core, clerk, f, { ...options, mode: 'commit' })).result;
    expect(commit.counts).toEqual(result.counts);
    const after = await items(plannedPeriod);
    expect(after.size).toBe(19);
    expect(after.get(fam(18).head.nik)).toMatchObject({
      recipientName: fam(18).head.name,
      kkNumber: fam(18).kk,
      desaName: 'Oro-oro Ombo',
      amount: 400000,
      channel: 'bank_kks',
      status: 'belum',
    });
    expect(after.get(fam(19).wife.nik)).toMatchObject({ kkNumber: fam(19).kk, amount: 400000 });

    // The same list again: everyone is already there.
    const again = (await importFile(core, clerk, f, options)).result;
    expect(again.counts).toMatchObject({ new: 0, unchanged: 4 });

    await clerk.ok('import.undo', { batchId: commit.batchId! });
    const undone = await items(plannedPeriod);
    expect(undone.size).toBe(17);
    expect(undone.has(fam(18).head.nik)).toBe(false);
  });
});

describe('amounts as Indonesian letters and bank files write them (outside probe)', () => {
  it('reads "Rp400.000,-", "Rp 400.000,-" and a thousands comma "400,000"; an amount with sen is refused as such', async () => {
    const f = await file(
      ['NO', 'NIK', 'NAMA', 'NOMINAL', 'STATUS', 'TANGGAL'],
      [
        [1, fam(1).wife.nik, fam(1).wife.name, 'Rp400.000,-', 'SUKSES', '16-02-2026'],
        [2, fam(2).wife.nik, fam(2).wife.name, 'Rp 400.000,-', 'SUKSES', '16-02-2026'],
        [3, fam(3).wife.nik, fam(3).wife.name, '400,000', 'SUKSES', '16-02-2026'],
        [4, fam(4).wife.nik, fam(4).wife.name, '400.000.-', 'SUKSES', '16-02-2026'],
        [5, fam(5).wife.nik, fam(5).wife.name, '400.000,50', 'SUKSES', '16-02-2026'],
      ],
    );
    const { result } = await importFile(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    for (let row = 2; row <= 5; row++) {
      expect(errorCodes(result, row), `row ${row}`).toEqual([]);
      expect(warningCodes(result, row), `row ${row}`).toEqual([]);
    }
    expect(errorCodes(result, 6)).toEqual(['AMOUNT_DECIMAL']);
    const sen = result.problems.find((p) => p.code === 'AMOUNT_DECIMAL')!.message;
    expect(sen).toContain('Nominal "400.000,50" memuat sen');
    expect(fact(summaryOf(result), 'Total nominal di berkas')).toBe('Rp1.600.000');
    expectReadableProblems(result);
  });
});

describe('paid dates that cannot belong to the period (outside probe)', () => {
  const HEADER = ['NO', 'NIK', 'NAMA', 'NOMINAL', 'STATUS', 'TANGGAL'];

  it('warns on a paid date before the period starts or long after it ends, naming the period; the status is still recorded', async () => {
    const f = await file(HEADER, [
      [1, fam(1).wife.nik, fam(1).wife.name, 400000, 'SUKSES', '15-01-2025'],
      [2, fam(2).wife.nik, fam(2).wife.name, 400000, 'SUKSES', '28-12-2025'],
      [3, fam(3).wife.nik, fam(3).wife.name, 400000, 'SUKSES', '10-09-2026'],
      // Paid late, as rapel payments are: within the margin.
      [4, fam(4).wife.nik, fam(4).wife.name, 400000, 'SUKSES', '20-04-2026'],
      [5, fam(5).wife.nik, fam(5).wife.name, 400000, 'SUKSES', '01-01-2026'],
      [6, fam(6).wife.nik, fam(6).wife.name, 400000, 'SUKSES', '28-02-2026'],
      // Not paid: its date is not a paid date.
      [7, fam(7).wife.nik, fam(7).wife.name, 400000, 'GAGAL', '15-01-2025'],
    ]);
    const { result } = await importFile(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    expect(warningCodes(result, 2)).toEqual(['DATE_OUTSIDE_PERIOD']);
    expect(warningCodes(result, 3)).toEqual(['DATE_OUTSIDE_PERIOD']);
    expect(warningCodes(result, 4)).toEqual(['DATE_OUTSIDE_PERIOD']);
    for (const row of [5, 6, 7, 8]) expect(warningCodes(result, row), `row ${row}`).toEqual([]);
    for (let row = 2; row <= 8; row++) expect(errorCodes(result, row), `row ${row}`).toEqual([]);
    expect(result.counts).toMatchObject({ rows: 7, valid: 7, warnings: 3 });
    const message = result.problems.find((p) => p.row === 2)!.message;
    expect(message).toContain('15 Januari 2025');
    expect(message).toContain('BPNT');
    expect(message).toContain('Januari–Februari 2026');
    expect(message).toContain('Status tetap dicatat');
    expect(result.problems.find((p) => p.row === 4)!.message).toContain('31 Mei 2026');
    expectReadableProblems(result);
  });

  it('says which day a date read both ways would be when only its month-first reading falls in the period', async () => {
    const f = await file(HEADER, [[1, fam(1).wife.nik, fam(1).wife.name, 400000, 'SUKSES', '02/01/2026']]);
    const { result } = await importFile(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    // 2 January 2026 is in the period: nothing to say.
    expect(result.problems).toEqual([]);
    const late = await file(HEADER, [[1, fam(1).wife.nik, fam(1).wife.name, 400000, 'SUKSES', '02/12/2026']]);
    const read = (await importFile(core, clerk, late, { kind: 'payments', periodId: resultsPeriod })).result;
    expect(warningCodes(read, 2)).toEqual(['DATE_OUTSIDE_PERIOD']);
    expect(read.problems[0]!.message).toContain('2 Desember 2026');
    expect(read.problems[0]!.message).toContain('12 Februari 2026');
  });

  it('refuses a date column that mixes month-first and day-first dates: the dates that read both ways cannot be told', async () => {
    const f = await file(HEADER, [
      [1, fam(1).wife.nik, fam(1).wife.name, 400000, 'SUKSES', '02/12/2026'],
      [2, fam(2).wife.nik, fam(2).wife.name, 400000, 'SUKSES', '02/28/2026'],
      [3, fam(3).wife.nik, fam(3).wife.name, 400000, 'SUKSES', '15/01/2026'],
    ]);
    const outcome = await tryImport(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const message = outcome.ok ? '' : outcome.error.message;
    expect(message).toContain('"02/28/2026"');
    expect(message).toContain('"15/01/2026"');
    expect(message).toContain('"02/12/2026"');
    expect(message).toMatch(/baris 3/);
    expect(message).toMatch(/baris 4/);
    expect(looksLikeUserMessage(message)).toEqual([]);
  });
});

describe('a file with paid dates but no status column (outside probe)', () => {
  it('is refused, not read as a planned list: the bank’s results would be lost', async () => {
    const f = await file(
      ['NO', 'NIK', 'NAMA', 'NOMINAL', 'CATATAN BANK', 'TGL SALUR'],
      [
        [1, fam(1).wife.nik, fam(1).wife.name, 400000, 'KKS TERBLOKIR', null],
        [2, fam(2).wife.nik, fam(2).wife.name, 400000, null, '05-02-2026'],
      ],
    );
    const outcome = await tryImport(core, clerk, f, { kind: 'payments', periodId: resultsPeriod });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const message = outcome.ok ? '' : outcome.error.message;
    expect(message).toContain('TGL SALUR');
    expect(message).toContain('Status penyaluran');
    expect(looksLikeUserMessage(message)).toEqual([]);
  });

  it('reads the results once the status words under KETERANGAN are mapped as the status (the inspect question answered)', async () => {
    const f = await file(
      ['NO', 'NIK', 'NAMA', 'NOMINAL', 'KETERANGAN', 'TGL SALUR'],
      [
        [1, fam(1).wife.nik, fam(1).wife.name, 400000, 'GAGAL - KKS TERBLOKIR', null],
        [2, fam(2).wife.nik, fam(2).wife.name, 400000, 'SUKSES', '05-02-2026'],
        [3, fam(3).wife.nik, fam(3).wife.name, 400000, 'BELUM TRANSAKSI', null],
      ],
    );
    const options = { kind: 'payments' as const, periodId: resultsPeriod };
    const asked = await tryImport(core, clerk, f, options);
    expect(asked.ok).toBe(false);
    const { inspect, result } = await importFile(core, clerk, f, {
      ...options,
      mapping: { KETERANGAN: 'status' },
    });
    expect(inspect.questions.map((q) => q.id)).toEqual(['map:KETERANGAN']);
    expect(result.counts).toMatchObject({ rows: 3, valid: 3, updated: 3, errors: 0 });
    const summary = summaryOf(result);
    expect(fact(summary, 'Tersalurkan')).toBe('1');
    expect(fact(summary, 'Belum tersalurkan / gagal')).toBe('2');
  });

  it('still reads a planned list whose date column is empty', async () => {
    const f = await file(
      ['NO', 'NIK', 'NO_KK', 'NAMA', 'NOMINAL', 'TANGGAL'],
      [[1, fam(1).wife.nik, fam(1).kk, fam(1).wife.name, 400000, null]],
    );
    const { result } = await importFile(core, clerk, f, { kind: 'payments', periodId: plannedPeriod });
    expect(result.counts).toMatchObject({ rows: 1, unchanged: 1, errors: 0 });
  });
});
