import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clerkCore,
  errorCodes,
  grant,
  importFile,
  storedPeople,
  tryImport,
} from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

const soffice = findSoffice();

const HEADER = 'NOMOR_KK,NOMOR_NIK,NAMA,TANGGAL_LAHIR,JENIS_KELAMIN,HUBUNGAN_KELUARGA,DESA_KELURAHAN';

/** Three heads of family: born 12 May 1980, 17 August 1983 (a woman: day + 40), 3 March 1990. */
const PEOPLE = [
  { kk: '3579012003150004', nik: '3579011205800001', name: 'Budi Santoso', sex: 'L', born: [12, 5, 1980] },
  { kk: '3579012003150005', nik: '3579015708830002', name: 'Siti Aminah', sex: 'P', born: [17, 8, 1983] },
  { kk: '3579012003150006', nik: '3579010303900003', name: 'Joko Utomo', sex: 'L', born: [3, 3, 1990] },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

function csv(name: string, date: (d: number, m: number, y: number) => string): string {
  const path = join(tempDir(), name);
  const rows = PEOPLE.map((p) =>
    [
      p.kk,
      p.nik,
      p.name,
      date(p.born[0], p.born[1], p.born[2]),
      p.sex,
      'KEPALA KELUARGA',
      'Oro-oro Ombo',
    ].join(','),
  );
  writeFileSync(path, [HEADER, ...rows].join('\r\n') + '\r\n');
  return path;
}

describe('dates written month first', () => {
  it('a column written month/day/year is refused whole: its dates that read either way would be stored swapped', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(
      core,
      clerk,
      csv('amerika.csv', (d, m, y) => `${pad(m)}/${pad(d)}/${y}`),
    );
    for (const mode of ['preview', 'commit'] as const) {
      const run = await tryImport(core, clerk, file, { mode });
      expect(run.ok, mode).toBe(false);
      if (run.ok) continue;
      expect(run.error.code).toBe('VALIDATION');
      expect(run.error.message).toContain('Kolom Tanggal lahir ditulis bulan/tanggal/tahun');
      expect(run.error.message).toContain('baris 3 berisi "08/17/1983"');
      // The example is the clerk's own: a date of theirs that reads both ways.
      expect(run.error.message).toContain('misalnya "05/12/1980" di baris 2: 5 Desember atau 12 Mei 1980');
    }
    expect(storedPeople(core)).toEqual([]);
    await core.close();
  });

  it('day/month/year imports; one month-first slip among them is that row’s error only', async () => {
    const { core, clerk } = await clerkCore();
    const slipped = csv('indonesia.csv', (d, m, y) =>
      d === 3 ? `${pad(m)}/${pad(d + 10)}/${y}` : `${pad(d)}/${pad(m)}/${y}`,
    );
    const run = await importFile(core, clerk, grant(core, clerk, slipped), { mode: 'commit' });
    expect(errorCodes(run.result, 4)).toEqual(['DATE_MONTH_FIRST']);
    expect(storedPeople(core).map((p) => (p as unknown[])[2])).toEqual(['1980-05-12', '1983-08-17']);
    await core.close();
  });

  it.skipIf(!soffice)(
    'a date Excel or LibreOffice in English turned round is caught against the NIK and not stored',
    { timeout: 120_000 },
    async () => {
      const { core, clerk } = await clerkCore();
      // What a clerk gets opening a day/month/year CSV in English-language LibreOffice with the
      // NIK and KK columns as text, then saving: 12/05/1980 becomes the date cell 5 December
      // 1980, 17/08/1983 stays text (no month 17), 03/03/1990 is right either way.
      const source = csv('ekspor.csv', (d, m, y) => `${pad(d)}/${pad(m)}/${y}`);
      const xlsx = await convertWithLibreOffice(
        soffice!,
        source,
        tempDir(),
        'xlsx',
        'CSV:44,34,76,1,1/2/2/2/3/1/4/1/5/1/6/1/7/1',
      );
      const run = await importFile(core, clerk, grant(core, clerk, xlsx), { mode: 'commit' });
      expect(errorCodes(run.result, 2)).toEqual(['NIK_BIRTHDATE_SWAPPED']);
      const swapped = run.result.problems.find((p) => p.code === 'NIK_BIRTHDATE_SWAPPED')!;
      expect(swapped.column).toBe('TANGGAL_LAHIR');
      const message = swapped.message;
      expect(message).toContain('05-12-1980');
      expect(message).toContain('12-05-1980');
      expect(storedPeople(core).map((p) => (p as unknown[]).slice(0, 3))).toEqual([
        ['3579010303900003', 'Joko Utomo', '1990-03-03'],
        ['3579015708830002', 'Siti Aminah', '1983-08-17'],
      ]);
      await core.close();
    },
  );
});
