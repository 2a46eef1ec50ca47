import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, storedPeople } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { DEFAULT_IMPORT_LIMITS } from './limits.ts';
import { sniffFile } from './sniff.ts';

/**
 * What web applications and clerks' own habits make of a recipient list: tab-separated text
 * named .xls, ID numbers kept as text with ="…", Excel's long dates with the day's name, English
 * dates, date serials saved as text, and abbreviated relationship words.
 */
const ROWS = [
  ['NO_KK', 'NIK', 'NAMA', 'TGL_LAHIR', 'JK', 'HUBUNGAN', 'DESA'],
  [
    '="3579012003150004"',
    '="3579011205800001"',
    'Budi Santoso',
    'Senin, 12 Mei 1980',
    'L',
    'KEP. KELUARGA',
    'Temas',
  ],
  [
    '="3579012003150004"',
    '="3579015708830002"',
    'Siti Aminah',
    'Wednesday, August 17, 1983',
    'P',
    'ISTRI',
    'Temas',
  ],
  ['="3579012003150004"', '="3579010303100003"', 'Ahmad Fauzi', '40240', 'L', 'ANAK', 'Temas'],
];

function write(name: string, separator: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, ROWS.map((r) => r.join(separator)).join('\r\n') + '\r\n');
  return path;
}

describe('lists as web applications and clerks write them', () => {
  it('imports tab-separated text named .xls, ="…" ID numbers, long and English dates, serials and KEP. KELUARGA', async () => {
    const { core, clerk } = await clerkCore();
    const file = write('penerima.xls', '\t');
    expect(sniffFile(file, 'penerima.xls', DEFAULT_IMPORT_LIMITS)).toBe('text');
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.inspect).toMatchObject({ format: 'text', delimiter: '\t' });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(storedPeople(core)).toEqual([
      // 40240 is 3 March 2010 counted as Excel counts days.
      ['3579010303100003', 'Ahmad Fauzi', '2010-03-03', 'anak'],
      ['3579011205800001', 'Budi Santoso', '1980-05-12', 'kepala_keluarga'],
      ['3579015708830002', 'Siti Aminah', '1983-08-17', 'istri'],
    ]);
    await core.close();
  });

  it('still refuses an .xls that is neither a workbook, a web page nor a table of text', () => {
    const path = join(tempDir(), 'acak.xls');
    writeFileSync(path, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x09, 0x09, 0x0a, 0x00, 0x09, 0x09, 0x0a]));
    expect(() => sniffFile(path, 'acak.xls', DEFAULT_IMPORT_LIMITS)).toThrow(/\.xls tidak didukung/);
    const prose = join(tempDir(), 'surat.xls');
    writeFileSync(prose, 'Kepada Yth.\nKepala Dinas Sosial\nDengan hormat,\n');
    expect(() => sniffFile(prose, 'surat.xls', DEFAULT_IMPORT_LIMITS)).toThrow(/\.xls tidak didukung/);
  });
});
