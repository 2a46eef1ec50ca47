import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { clerkCore, errorCodes, grant, importFile } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { rtRwPairFromCell } from './values.ts';

/**
 * Village lists often keep RT and RW in one column ("RT/RW": "001/002"). Before, that column
 * matched no field and every family was stored without its RT and RW, without a word.
 */
const HEADER = ['NO KK', 'NIK', 'NAMA', 'L/P', 'HUBUNGAN', 'DESA', 'RT/RW'];

async function sheet(rows: (string | Date)[][], header = HEADER): Promise<string> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Data');
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  const path = join(tempDir(), 'rtrw.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

const placeOf = (core: Awaited<ReturnType<typeof clerkCore>>['core'], kk: string) =>
  core.db.sql.raw.prepare('SELECT rt, rw FROM households WHERE kk_number = ?').get(kk) as
    { rt: string | null; rw: string | null } | undefined;

describe('a combined RT/RW column', () => {
  it('reads the ways villages write it', () => {
    const read = (v: string) => rtRwPairFromCell({ t: 's', v });
    for (const [text, rt, rw] of [
      ['001/002', '001', '002'],
      ['1 / 2', '001', '002'],
      ['RT 03 RW 04', '003', '004'],
      ['RT.05/RW.06', '005', '006'],
      ['07-08', '007', '008'],
      ['009\\010', '009', '010'],
    ])
      expect(read(text!), text).toEqual({ ok: true, value: { rt, rw } });
    expect(read('-')).toEqual({ ok: true, value: { rt: null, rw: null } });
    for (const text of ['12', '1/2/3', 'RT satu RW dua', '1234/5'])
      expect(read(text), text).toMatchObject({ ok: false, code: 'RT_RW' });
  });

  it('stores each family’s RT and RW, and refuses a cell Excel turned into a date', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet([
      [
        '3579012003150004',
        '3579011205800001',
        'Budi Santoso',
        'L',
        'Kepala Keluarga',
        'Oro-oro Ombo',
        '001/002',
      ],
      [
        '3579012003150005',
        '3579011205800002',
        'Agus Salim',
        'L',
        'Kepala Keluarga',
        'Oro-oro Ombo',
        'RT 3 RW 12',
      ],
      [
        '3579012003150006',
        '3579011205800003',
        'Joko Widodo',
        'L',
        'Kepala Keluarga',
        'Oro-oro Ombo',
        new Date(Date.UTC(2026, 1, 1)),
      ],
      [
        '3579012003150007',
        '3579011205800004',
        'Slamet Riyadi',
        'L',
        'Kepala Keluarga',
        'Oro-oro Ombo',
        'dua',
      ],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.inspect.mapping).toMatchObject({ 'RT/RW': 'rtRw' });
    expect(placeOf(core, '3579012003150004')).toEqual({ rt: '001', rw: '002' });
    expect(placeOf(core, '3579012003150005')).toEqual({ rt: '003', rw: '012' });
    expect(errorCodes(run.result, 4)).toEqual(['RT_RW_DATE']);
    expect(run.result.problems.find((p) => p.row === 4)?.message).toContain('Format kolom sebagai Teks');
    expect(errorCodes(run.result, 5)).toEqual(['RT_RW']);
    expect(placeOf(core, '3579012003150006')).toBeUndefined();
    await core.close();
  });

  it('gives way to separate RT and RW columns on the same row', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet(
      [
        [
          '3579012003150004',
          '3579011205800001',
          'Budi Santoso',
          'L',
          'Kepala Keluarga',
          'Oro-oro Ombo',
          '009',
          '',
          '001/002',
        ],
      ],
      [...HEADER.slice(0, 6), 'RT', 'RW', 'RT/RW'],
    );
    await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(placeOf(core, '3579012003150004')).toEqual({ rt: '009', rw: '002' });
    await core.close();
  });
});
