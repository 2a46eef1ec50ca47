import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, storedPeople, tryImport } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/**
 * Excel keeps 15 significant digits of a number: a NIK column formatted as a number loses
 * every NIK's last digit (…0017 becomes …0020), and saved as CSV the rounded digits are text
 * that reads as a NIK like any other. Five heads of family, as the clerk's source holds them.
 */
const PEOPLE = [
  { kk: '3579012003150004', nik: '3579011205800017', name: 'Budi Santoso', sex: 'L' },
  { kk: '3579012003150005', nik: '3579015708830023', name: 'Siti Aminah', sex: 'P' },
  { kk: '3579012003150006', nik: '3579010303900105', name: 'Joko Utomo', sex: 'L' },
  { kk: '3579012003150007', nik: '3579012111750041', name: 'Slamet Riyadi', sex: 'L' },
  { kk: '3579012003150008', nik: '3579014406880068', name: 'Sri Wahyuni', sex: 'P' },
] as const;

/** What Excel does to a 16-digit number: 15 significant digits, the 16th written as 0. */
const rounded = (digits: string) => `${Math.round(Number(digits) / 10)}0`;

function excelCsv(name: string, nik: (digits: string) => string): string {
  const path = join(tempDir(), name);
  const rows = PEOPLE.map((p) =>
    [p.kk, nik(p.nik), p.name, p.sex, 'Kepala Keluarga', 'Oro-oro Ombo'].join(';'),
  );
  writeFileSync(path, ['NO_KK;NIK;NAMA;JENIS_KELAMIN;HUBUNGAN;DESA', ...rows].join('\r\n') + '\r\n');
  return path;
}

describe('a NIK column Excel rounded before the file was saved as text', () => {
  it('is refused whole, saying so, when every NIK in it ends in 0', async () => {
    expect(PEOPLE.map((p) => rounded(p.nik).slice(-4))).toEqual(['0020', '0020', '0110', '0040', '0070']);
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, excelCsv('dibulatkan.csv', rounded));
    for (const mode of ['preview', 'commit'] as const) {
      const run = await tryImport(core, clerk, file, { mode });
      expect(run.ok, mode).toBe(false);
      if (run.ok) continue;
      expect(run.error.code).toBe('VALIDATION');
      expect(run.error.message).toContain(
        'Kolom NIK sudah dibulatkan Excel: semua 5 nomor di kolom ini berakhiran 0 (misalnya "3579011205800020" di baris 2)',
      );
      expect(run.error.message).toContain('format kolom NIK sebagai Teks');
    }
    expect(storedPeople(core)).toEqual([]);
    await core.close();
  });

  it('imports a file where some NIKs end in 0, as real ones do', async () => {
    const { core, clerk } = await clerkCore();
    // Three of five end in 0, the rest as typed: nothing was rounded.
    const file = grant(
      core,
      clerk,
      excelCsv('sebagian.csv', (nik) => (nik.endsWith('7') || nik.endsWith('3') ? nik : rounded(nik))),
    );
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ new: 5, errors: 0 });
    expect(storedPeople(core)).toHaveLength(5);
    await core.close();
  });
});
