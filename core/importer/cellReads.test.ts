import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../app.ts';
import {
  clerkCore,
  errorCodes,
  grant,
  importFile,
  looksLikeUserMessage,
  storedPeople,
  warningCodes,
} from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/**
 * Cell values an outside probe saw read silently wrong (round 2), through a real recipients
 * import: each now reads right, or is refused on its row with a message saying what to write.
 */

function csv(name: string, header: string[], rows: string[][]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, [header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n');
  return path;
}

const programsOfFamily = (core: BansosCore, kk: string) =>
  (
    core.db.sql.raw
      .prepare(
        `SELECT DISTINCT pr.code FROM enrolments e JOIN programs pr ON pr.id = e.program_id
         JOIN households h ON h.id = e.household_id
         WHERE h.kk_number = ? AND e.deleted_at IS NULL ORDER BY pr.code`,
      )
      .raw()
      .all(kk) as string[][]
  ).map((r) => r[0]);

describe('programme flag columns ticked by hand (probe p16)', () => {
  const HEADER = [
    'NO_KK',
    'NIK',
    'NAMA',
    'JENIS_KELAMIN',
    'TANGGAL_LAHIR',
    'HUBUNGAN_KELUARGA',
    'DESA_KELURAHAN',
    'BANSOS_PKH',
    'BANSOS_BPNT',
    'PBI_JKN',
  ];
  const person = (kk: string, nik: string, name: string, born: string, flags: string[]) => [
    kk,
    nik,
    name,
    'L',
    born,
    'Kepala Keluarga',
    'Sumberejo',
    ...flags,
  ];

  it('reads ✓ √ ✔ ☑ v V as yes, and refuses a bare X (ticked or struck out?) saying what to write', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('centang.csv', HEADER, [
      person('3579012005120007', '3579011708450001', 'SUPARMAN', '17-08-1945', ['✓', '√', '✔']),
      person('3579012006120008', '3579010101600003', 'PAIDI', '01-01-1960', ['', '☑', 'v']),
      person('3579012006120009', '3579010202600004', 'PAIMIN', '02-02-1960', ['-', 'V', '']),
      person('3579012006120010', '3579010303600005', 'KASMIN', '03-03-1960', ['X', '', '']),
      person('3579012006120011', '3579010404600006', 'KARSO', '04-04-1960', ['', 'x', '']),
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    for (const row of [2, 3, 4]) expect(errorCodes(run.result, row), `row ${row}`).toEqual([]);
    expect(errorCodes(run.result, 5)).toEqual(['FLAG_CROSS']);
    expect(errorCodes(run.result, 6)).toEqual(['FLAG_CROSS']);
    const cross = run.result.problems.find((p) => p.row === 5)!;
    expect(cross.column).toBe('BANSOS_PKH');
    expect(cross.message).toContain('"X"');
    expect(cross.message).toContain('Tulis 1 atau YA');
    for (const p of run.result.problems) expect(looksLikeUserMessage(p.message), p.message).toEqual([]);
    expect(programsOfFamily(core, '3579012005120007')).toEqual(['BPNT', 'PBI_JK', 'PKH']);
    expect(programsOfFamily(core, '3579012006120008')).toEqual(['BPNT', 'PBI_JK']);
    expect(programsOfFamily(core, '3579012006120009')).toEqual(['BPNT']);
    await core.close();
  });
});

describe('a birth date written as its year alone (probe p04)', () => {
  it('refuses a number cell 1945 (not the Excel serial of 28-04-1905) and a text "1950", saying the full date is needed', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DATA');
    sheet.addRow([
      'NO_KK',
      'NIK',
      'NAMA',
      'JENIS_KELAMIN',
      'TGL_LAHIR',
      'HUBUNGAN_KELUARGA',
      'DESA_KELURAHAN',
    ]);
    sheet.addRow([
      '3579012005120007',
      '3579011708450001',
      'SUPARMAN',
      'L',
      1945,
      'Kepala Keluarga',
      'Sumberejo',
    ]);
    sheet.addRow(['3579012005120007', '3579015203500002', 'SUMIATI', 'P', '1950', 'Istri', 'Sumberejo']);
    sheet.addRow(['3579012005120007', '3579010101800003', 'JOKO', 'L', '01-01-1980', 'Anak', 'Sumberejo']);
    sheet.getColumn(1).numFmt = '@';
    sheet.getColumn(2).numFmt = '@';
    const path = join(tempDir(), 'tahun-saja.xlsx');
    await book.xlsx.writeFile(path);
    const { core, clerk } = await clerkCore();
    const run = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
    expect(errorCodes(run.result, 2)).toEqual(['DATE_YEAR_ONLY']);
    expect(errorCodes(run.result, 3)).toEqual(['DATE_YEAR_ONLY']);
    expect(errorCodes(run.result, 4)).toEqual([]);
    const message = run.result.problems.find((p) => p.row === 2 && p.code === 'DATE_YEAR_ONLY')!;
    expect(message.column).toBe('TGL_LAHIR');
    expect(message.message).toContain('Hanya tahun yang tertulis (1945)');
    expect(message.message).toContain('tanggal lengkap');
    expect(storedPeople(core).map((p) => (p as string[])[2])).not.toContain('1905-04-28');
    await core.close();
  });
});

describe('a birth date with a two-digit year (probe p03)', () => {
  it('reads "12-05-24" of a head aged 102 as 1924, a child\'s "03-04-22" as 2022, warns with both readings when the relationship cannot tell, and never makes a child of 2015 a centenarian', async () => {
    const header = [
      'NO_KK',
      'NIK',
      'NAMA',
      'JENIS_KELAMIN',
      'TANGGAL_LAHIR',
      'HUBUNGAN_KELUARGA',
      'DESA_KELURAHAN',
    ];
    const file = csv('tahun-dua-digit.csv', header, [
      [
        '3579012005120007',
        '3579011205240001',
        'MBAH SAMIRAN',
        'L',
        '12-05-24',
        'Kepala Keluarga',
        'Sumberejo',
      ],
      ['3579012005120007', '3579015506200002', 'MBOK TUMINI', 'P', '15/06/20', 'Istri', 'Sumberejo'],
      ['3579012005120007', '3579011006150003', 'CUCU SAMIRAN', 'L', '10-06-15', 'Cucu', 'Sumberejo'],
      ['3579012005120007', '3579011708450004', 'PAKDE SAMIRAN', 'L', '17/8/45', 'Famili Lain', 'Sumberejo'],
      // Neither the cell nor the relationship settles these: aged 106 or 6.
      ['3579012005120007', '3579010102200005', 'PAIMIN', 'L', '01-02-20', 'Famili Lain', 'Sumberejo'],
      // A child of the head is never 104: 2022.
      ['3579012005120007', '3579010304220006', 'ANAK SAMIRAN', 'L', '03-04-22', 'Anak', 'Sumberejo'],
    ]);
    const { core, clerk } = await clerkCore();
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    for (const row of [2, 3, 4, 5, 6, 7]) expect(errorCodes(run.result, row), `row ${row}`).toEqual([]);
    // A head of family or a wife is no small child: 1924 and 1920 without a doubt to say.
    for (const row of [2, 3, 4, 5, 7]) expect(warningCodes(run.result, row), `row ${row}`).toEqual([]);
    expect(warningCodes(run.result, 6)).toEqual(['DATE_CENTURY']);
    const warning = run.result.problems.find((p) => p.row === 6)!;
    expect(warning.column).toBe('TANGGAL_LAHIR');
    expect(warning.message).toContain('bisa 1920');
    expect(warning.message).toContain('atau 2020');
    expect(warning.message).toContain('tulis 01-02-2020');
    expect(looksLikeUserMessage(warning.message)).toEqual([]);
    const born = new Map(storedPeople(core).map((p) => [(p as string[])[0], (p as string[])[2]]));
    expect(born.get('3579011205240001')).toBe('1924-05-12');
    expect(born.get('3579015506200002')).toBe('1920-06-15');
    expect(born.get('3579011006150003')).toBe('2015-06-10');
    expect(born.get('3579011708450004')).toBe('1945-08-17');
    expect(born.get('3579010102200005')).toBe('1920-02-01');
    expect(born.get('3579010304220006')).toBe('2022-04-03');
    await core.close();
  });
});

describe('a desil written as SIKS-NG and village lists write it (probe round 3)', () => {
  it('reads "Desil 1", "D3" and "DESIL-10" as deciles, refuses 11 and "3-4" rather than clamp them', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv(
      'desil.csv',
      ['NO KK', 'NIK', 'NAMA', 'L/P', 'HUBUNGAN', 'DESA', 'DESIL'],
      [
        ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Sisir', 'Desil 1'],
        ['3579012003150005', '3579011205800002', 'Agus Salim', 'L', 'Kepala Keluarga', 'Sisir', 'D3'],
        ['3579012003150006', '3579011205800003', 'Joko Susilo', 'L', 'Kepala Keluarga', 'Sisir', 'DESIL-10'],
        ['3579012003150007', '3579011205800004', 'Slamet Riyadi', 'L', 'Kepala Keluarga', 'Sisir', '11'],
        ['3579012003150008', '3579011205800005', 'Heru Prasetyo', 'L', 'Kepala Keluarga', 'Sisir', '3-4'],
      ],
    );
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(errorCodes(run.result, 5)).toEqual(['DESIL']);
    expect(errorCodes(run.result, 6)).toEqual(['DESIL']);
    expect(run.result.problems.find((p) => p.row === 5)?.message).toContain('harus angka 1 sampai 10');
    expect(
      core.db.sql.raw.prepare('SELECT kk_number, desil FROM households ORDER BY kk_number').all(),
    ).toEqual([
      { kk_number: '3579012003150004', desil: 1 },
      { kk_number: '3579012003150005', desil: 3 },
      { kk_number: '3579012003150006', desil: 10 },
    ]);
    await core.close();
  });
});

describe('a file with no relationship column read (probe round 3, "HUB KK")', () => {
  it('reads HUB KK as the relationship, and without any such column says so instead of "kosong"', async () => {
    const { core, clerk } = await clerkCore();
    const rows = [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Sisir', 'KEPALA KELUARGA'],
      ['3579012003150004', '3579015708830003', 'Siti Aminah', 'P', 'Sisir', 'ISTRI'],
    ];
    const read = csv('hub-kk.csv', ['NO KK', 'NIK', 'NAMA', 'L/P', 'DESA', 'HUB KK'], rows);
    const first = await importFile(core, clerk, grant(core, clerk, read), { mode: 'preview' });
    expect(warningCodes(first.result, 3)).toEqual([]);
    const unread = csv('tanpa-hubungan.csv', ['NO KK', 'NIK', 'NAMA', 'L/P', 'DESA', 'CATATAN'], rows);
    const second = await importFile(core, clerk, grant(core, clerk, unread), { mode: 'preview' });
    expect(warningCodes(second.result, 3)).toEqual(['RELATIONSHIP_MISSING']);
    expect(second.result.problems.find((p) => p.row === 3)?.message).toMatch(
      /^Tidak ada kolom yang dibaca sebagai Hubungan keluarga .*; dicatat sebagai Lainnya\.$/,
    );
    await core.close();
  });
});

describe('an income written as people write rupiah (probe round 3)', () => {
  it('reads "Rp 1.500.000,-" and "2,000,000", rounds sen with a warning instead of dropping the head, and names Penghasilan when unreadable', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv(
      'penghasilan.csv',
      ['NO KK', 'NIK', 'NAMA', 'L/P', 'HUBUNGAN', 'DESA', 'PENGHASILAN'],
      [
        [
          '3579012003150004',
          '3579011205800001',
          'Budi Santoso',
          'L',
          'Kepala Keluarga',
          'Sisir',
          'Rp 1.500.000,-',
        ],
        ['3579012003150005', '3579011205800002', 'Agus Salim', 'L', 'Kepala Keluarga', 'Sisir', '2,000,000'],
        [
          '3579012003150006',
          '3579011205800003',
          'Joko Susilo',
          'L',
          'Kepala Keluarga',
          'Sisir',
          '1.250.000,50',
        ],
        [
          '3579012003150007',
          '3579011205800004',
          'Slamet Riyadi',
          'L',
          'Kepala Keluarga',
          'Sisir',
          'satu juta',
        ],
      ],
    );
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(warningCodes(run.result, 4)).toEqual(['INCOME_ROUNDED']);
    expect(errorCodes(run.result, 5)).toEqual(['AMOUNT_FORMAT']);
    expect(run.result.problems.find((p) => p.row === 5)?.message).toMatch(
      /^Penghasilan "satu juta" tidak terbaca/,
    );
    expect(
      core.db.sql.raw.prepare('SELECT kk_number, monthly_income FROM households ORDER BY kk_number').all(),
    ).toEqual([
      { kk_number: '3579012003150004', monthly_income: 1500000 },
      { kk_number: '3579012003150005', monthly_income: 2000000 },
      { kk_number: '3579012003150006', monthly_income: 1250001 },
    ]);
    await core.close();
  });
});
