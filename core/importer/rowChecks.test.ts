import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  clerkCore,
  errorCodes,
  grant,
  importFile,
  storedPeople,
  warningCodes,
} from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/**
 * Rows of real lists that read as valid and were stored wrong, without a word (found by a probe
 * with files made as the field makes them): each is now an error or a warning on its row.
 */
const HEADER = ['NO KK', 'NIK', 'NAMA', 'L/P', 'HUBUNGAN', 'DESA'];

function csv(name: string, rows: string[][]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, [HEADER, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n');
  return path;
}

const householdOf = (core: Parameters<typeof storedPeople>[0], nik: string) =>
  core.db.sql.raw
    .prepare(
      'SELECT h.kk_number, h.desa_code FROM people p JOIN households h ON h.id = p.household_id WHERE p.nik = ?',
    )
    .get(nik) as { kk_number: string; desa_code: string } | undefined;

describe('rows that read as valid but say something wrong', () => {
  it('a name without letters ("0" from a formula no one calculated, "12345", "-") is an error', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('nama.csv', [
      ['3579012003150004', '3579011205800001', '0', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150005', '3579011205800002', '12345', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150006', '3579011205800003', '-', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150007', '3579011205800004', 'Ng', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    for (const row of [2, 3, 4])
      expect(errorCodes(run.result, row), `row ${row}`).toEqual(['NAME_NO_LETTERS']);
    expect(run.result.problems.find((p) => p.row === 2)?.message).toContain('Nama terbaca "0", tanpa huruf');
    expect(storedPeople(core).map((p) => (p as string[])[1])).toEqual(['Ng']);
    await core.close();
  });

  it('a wife who is a man, or a husband who is a woman, is a warning on the row', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('hubungan.csv', [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150004', '3579011507820002', 'Agus Salim', 'L', 'Istri', 'Oro-oro Ombo'],
      ['3579012003150005', '3579015708830003', 'Siti Aminah', 'P', 'Suami', 'Oro-oro Ombo'],
      ['3579012003150005', '3579015909850004', 'Sri Wahyuni', 'P', 'Istri', 'Oro-oro Ombo'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(warningCodes(run.result, 3)).toContain('RELATIONSHIP_SEX');
    expect(warningCodes(run.result, 4)).toContain('RELATIONSHIP_SEX');
    expect(warningCodes(run.result, 5)).not.toContain('RELATIONSHIP_SEX');
    expect(run.result.problems.find((p) => p.code === 'RELATIONSHIP_SEX')?.message).toBe(
      'Hubungan keluarga Istri tidak cocok dengan jenis kelamin laki-laki. Periksa salah satunya.',
    );
    await core.close();
  });

  it("a family's later row naming another desa is stored with the family, and says so", async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('desa.csv', [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150004', '3579015708830002', 'Siti Aminah', 'P', 'Istri', 'Pesanggrahan'],
      ['3579012003150004', '3579010303100003', 'Joko Santoso', 'L', 'Anak', 'ORO-ORO OMBO'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(warningCodes(run.result, 3)).toEqual(['DESA_DIFFERS_IN_FAMILY']);
    // The same desa written another way is the same desa.
    expect(warningCodes(run.result, 4)).toEqual([]);
    expect(run.result.problems.find((p) => p.row === 3)?.message).toContain(
      'Desa di baris ini (Pesanggrahan) berbeda dengan desa keluarga KK ini (Oro-oro Ombo)',
    );
    expect(householdOf(core, '3579015708830002')?.kk_number).toBe('3579012003150004');
    await core.close();
  });

  it('a member whose NIK is not known yet ("SITI | P") is read as an error row, not dropped as not data', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('tanpa-nik.csv', [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['', '', 'Siti', 'P', '', ''],
      ['', '', '25 KK', '', '', ''],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 2, errors: 1 });
    expect(errorCodes(run.result, 3)).toContain('NIK_MISSING');
    expect(run.result.ignored.map((r) => r.row)).toEqual([4]);
    await core.close();
  });

  it("members under a head the filter hides are not taken into the visible head's family", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DATA');
    sheet.addRow(HEADER);
    sheet.addRow([
      '3579012003150004',
      '3579011205800001',
      'Budi Santoso',
      'L',
      'Kepala Keluarga',
      'Oro-oro Ombo',
    ]);
    sheet.addRow(['3579012003150005', '3579011507820002', 'Agus Salim', 'L', 'Kepala Keluarga', 'Sisir']);
    // The KK written on the head's row only, as Regsosek sheets do.
    sheet.addRow(['', '3579015708830003', 'Siti Aminah', 'P', 'Istri', 'Sisir']);
    sheet.getRow(3).hidden = true;
    const path = join(tempDir(), 'kepala-tersembunyi.xlsx');
    await book.xlsx.writeFile(path);
    const { core, clerk } = await clerkCore();
    const run = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
    expect(errorCodes(run.result, 4)).toEqual(['KK_MISSING']);
    expect(householdOf(core, '3579015708830003')).toBeUndefined();
    await core.close();
  });

  it('a NIK already registered under another name is refused, not renamed; a spelling fix is said', async () => {
    const { core, clerk } = await clerkCore();
    const first = csv('awal.csv', [
      ['3579012005120007', '3579011708450001', 'SUPARMAN', 'L', 'Kepala Keluarga', 'Sumberejo'],
      ['3579012005120008', '3579011205800002', 'Achmad Fauzy', 'L', 'Kepala Keluarga', 'Sumberejo'],
    ]);
    await importFile(core, clerk, grant(core, clerk, first), { mode: 'commit' });
    // The NIK typed with two digits off lands on Suparman's (the birth date inside it is the same).
    const second = csv('salah-ketik.csv', [
      ['3579012006150099', '3579011708450001', 'SLAMET RIYADI', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012005120008', '3579011205800002', 'Ahmad Fauzi', 'L', 'Kepala Keluarga', 'Sumberejo'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, second), { mode: 'commit' });
    expect(errorCodes(run.result, 2)).toEqual(['NIK_NAME_DIFFERS']);
    expect(run.result.problems.find((p) => p.code === 'NIK_NAME_DIFFERS')?.message).toContain(
      'NIK ini terdaftar atas nama "SUPARMAN", bukan "SLAMET RIYADI"',
    );
    expect(warningCodes(run.result, 3)).toEqual(['NAME_UPDATED']);
    expect(storedPeople(core).map((p) => (p as string[])[1])).toEqual(['Ahmad Fauzi', 'SUPARMAN']);
    await core.close();
  });

  it('a new family whose head row was refused is stored with a warning on its first row', async () => {
    const { core, clerk } = await clerkCore();
    const first = csv('awal.csv', [
      ['3579012005120007', '3579011708450001', 'SUPARMAN', 'L', 'Kepala Keluarga', 'Sumberejo'],
    ]);
    await importFile(core, clerk, grant(core, clerk, first), { mode: 'commit' });
    const second = csv('kepala-ditolak.csv', [
      // The head's NIK typed wrong lands on Suparman: refused, so his wife's family has no head.
      ['3579012006150099', '3579011708450001', 'SLAMET RIYADI', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012006150099', '3579015708830003', 'SUMINAH', 'P', 'Istri', 'Oro-oro Ombo'],
      // A wife first, her husband after: the family has its head at the end, nothing to say.
      ['3579012006150100', '3579015909850004', 'SRI WAHYUNI', 'P', 'Istri', 'Oro-oro Ombo'],
      ['3579012006150100', '3579011205800005', 'JOKO SUSILO', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
    ]);
    const preview = await importFile(core, clerk, grant(core, clerk, second), { mode: 'preview' });
    expect(warningCodes(preview.result, 3)).toEqual(['FAMILY_NO_HEAD']);
    const run = await importFile(core, clerk, grant(core, clerk, second), { mode: 'commit' });
    expect(warningCodes(run.result, 3)).toEqual(['FAMILY_NO_HEAD']);
    expect(warningCodes(run.result, 4)).toEqual([]);
    expect(run.result.counts).toMatchObject({ new: 3, errors: 1, warnings: 1 });
    expect(run.result.problems.find((p) => p.code === 'FAMILY_NO_HEAD')).toMatchObject({
      column: 'NO KK',
      value: '3579012006150099',
    });
    expect(
      core.db.sql.raw
        .prepare('SELECT kk_number, head_person_id IS NULL AS headless FROM households ORDER BY kk_number')
        .all(),
    ).toEqual([
      { kk_number: '3579012005120007', headless: 0 },
      { kk_number: '3579012006150099', headless: 1 },
      { kk_number: '3579012006150100', headless: 0 },
    ]);
    await core.close();
  });

  it('a row an unquoted comma in the address has shifted is refused, not read one column off', async () => {
    const { core, clerk } = await clerkCore();
    const path = join(tempDir(), 'alamat-koma.csv');
    writeFileSync(
      path,
      [
        'NO KK,NIK,NAMA,L/P,HUBUNGAN,DESA,ALAMAT,RT,RW',
        '3579012003150004,3579011205800001,Budi Santoso,L,Kepala Keluarga,Sumberejo,Dusun Krajan,003,007',
        '3579012003150005,3579011507820002,Agus Salim,L,Kepala Keluarga,Sumberejo,Dusun Krajan, RT 3,003,007',
        // A trailing comma adds an empty field: nothing shifts.
        '3579012003150006,3579011205800003,Joko Susilo,L,Kepala Keluarga,Sumberejo,"Jl. Mawar, No 5",004,007,',
      ].join('\r\n'),
    );
    const run = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
    expect(errorCodes(run.result, 3)).toEqual(['FIELDS_SHIFTED']);
    expect(run.result.problems.find((p) => p.row === 3)?.message).toContain('tanda "," di dalam suatu isian');
    expect(errorCodes(run.result, 4)).toEqual([]);
    expect(householdOf(core, '3579011507820002')).toBeUndefined();
    expect(
      core.db.sql.raw
        .prepare('SELECT address, rt, rw FROM households WHERE kk_number = ?')
        .get('3579012003150006'),
    ).toEqual({ address: 'Jl. Mawar, No 5', rt: '004', rw: '007' });
    await core.close();
  });

  it('one NIK on two different people does not tell the clerk to delete a row', async () => {
    const { core, clerk } = await clerkCore();
    const file = csv('nik-dua-orang.csv', [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
      ['3579012003150004', '3579011205800001', 'Siti Aminah', 'P', 'Istri', 'Oro-oro Ombo'],
      ['3579012003150004', '3579011205800001', 'BUDI SANTOSO', 'L', 'Kepala Keluarga', 'Oro-oro Ombo'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    const message = (row: number) =>
      run.result.problems.find((p) => p.row === row && p.code === 'NIK_TWICE_IN_FILE')?.message;
    expect(errorCodes(run.result, 3)).toEqual(['NIK_TWICE_IN_FILE']);
    expect(message(3)).toContain('NIK ini sudah dipakai orang lain di baris 2');
    expect(message(3)).not.toContain('Hapus');
    expect(message(4)).toBe('NIK ini sudah ada di baris 2 berkas yang sama. Hapus salah satu baris.');
    await core.close();
  });
});

describe('an import says what it does from the start', () => {
  it('reports "Membaca berkas" before the first rows are read, so a large file does not look stuck at "Memulai"', async () => {
    const { core, clerk } = await clerkCore();
    const phases: string[] = [];
    core.onEvent((_user, event, payload) => {
      if (event === 'job.progress' && 'phase' in payload) phases.push(String(payload.phase));
    });
    const file = csv('satu.csv', [
      ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Sisir'],
    ]);
    await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(phases.filter((p) => p !== 'Memulai')[0]).toBe('Membaca berkas');
    await core.close();
  });
});
