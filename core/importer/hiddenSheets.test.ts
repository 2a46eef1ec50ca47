import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, storedPeople, tryInspect } from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

const soffice = findSoffice();

const HEADER = ['NO', 'NO KK', 'NIK', 'NAMA', 'TGL LAHIR', 'L/P', 'HUB KELUARGA', 'DESA'];

/** A family of one per row, in Oro-oro Ombo; `from` numbers them so two lists never share a NIK. */
const list = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const n = String(from + i).padStart(4, '0');
    return [
      i + 1,
      `357901200315${n}`,
      `357901120580${n}`,
      `Warga ${from + i}`,
      '12-05-1980',
      'L',
      'KEPALA KELUARGA',
      'Oro-oro Ombo',
    ];
  });

/**
 * What offices keep: last year's list hidden but left in the workbook (longer than this year's),
 * before the visible list. With `instructionsOnly` the visible sheet holds only instructions.
 */
async function workbook(name: string, options: { instructionsOnly?: boolean } = {}): Promise<string> {
  const book = new ExcelJS.Workbook();
  const old = book.addWorksheet('DATA 2025', { state: 'hidden' });
  old.addRows([HEADER, ...list(100, 30)]);
  if (options.instructionsOnly) {
    const help = book.addWorksheet('PETUNJUK');
    help.addRows([['Petunjuk pengisian'], ['Isi data di lembar DATA 2025.']]);
  } else {
    const current = book.addWorksheet('DATA 2026');
    current.addRows([HEADER, ...list(1, 4)]);
  }
  book.views = [{ activeTab: 1 } as never];
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('a hidden sheet', () => {
  it('is passed over for the visible list, and listed as hidden, in .xlsx', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await workbook('penerima.xlsx'));
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.sheet).toBe('DATA 2026');
    expect(inspect.value.sheets).toEqual([
      { name: 'DATA 2025', rowCount: 31, columnCount: 8, hidden: true },
      { name: 'DATA 2026', rowCount: 5, columnCount: 8 },
    ]);
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 4, errors: 0 });
    expect(storedPeople(core).map((p) => (p as unknown[])[1])).toEqual([
      'Warga 1',
      'Warga 2',
      'Warga 3',
      'Warga 4',
    ]);
    await core.close();
  });

  it('is taken when it alone holds a list, and said to be hidden', async () => {
    const { core, clerk } = await clerkCore();
    const inspect = await tryInspect(
      clerk,
      grant(core, clerk, await workbook('hanya-tersembunyi.xlsx', { instructionsOnly: true })),
    );
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.sheet).toBe('DATA 2025');
    expect(inspect.value.sheets.find((s) => s.name === 'DATA 2025')?.hidden).toBe(true);
    await core.close();
  });

  it.skipIf(!soffice)(
    'is known in the .xls and .ods LibreOffice writes of the same workbook',
    { timeout: 180_000 },
    async () => {
      const { core, clerk } = await clerkCore();
      const source = await workbook('penerima-lo.xlsx');
      const out = tempDir();
      for (const [target, filter] of [
        ['xls', 'xls:MS Excel 97'],
        ['ods', 'ods'],
      ] as const) {
        const converted = await convertWithLibreOffice(soffice!, source, out, filter);
        const inspect = await tryInspect(clerk, grant(core, clerk, converted));
        if (!inspect.ok) throw new Error(`${target}: ${inspect.error.message}`);
        expect(inspect.value.sheet, target).toBe('DATA 2026');
        expect(
          inspect.value.sheets.map((s) => [s.name, s.hidden ?? false]),
          target,
        ).toEqual([
          ['DATA 2025', true],
          ['DATA 2026', false],
        ]);
      }
      await core.close();
    },
  );
});
