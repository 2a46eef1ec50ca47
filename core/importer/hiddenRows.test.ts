import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, storedPeople, tryInspect } from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { HIDDEN_ROW_REASON as HIDDEN_ROW } from '../../common/api/methods/importExport.ts';

const soffice = findSoffice();

const HEADER = ['NO', 'NO KK', 'NIK', 'NAMA', 'TGL LAHIR', 'L/P', 'HUB KELUARGA', 'DESA'];
const DESA = ['Oro-oro Ombo', 'Sisir', 'Oro-oro Ombo', 'Sisir', 'Oro-oro Ombo', 'Oro-oro Ombo'];

/**
 * A clerk's working copy: six families over two desa, an autofilter on the desa showing Oro-oro
 * Ombo only (rows 3 and 5, Sisir's, hidden by it) and the last row hidden by hand (struck off).
 */
async function filteredList(name: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DATA');
  sheet.addRow(HEADER);
  DESA.forEach((desa, i) => {
    const n = String(i + 1).padStart(4, '0');
    sheet.addRow([
      i + 1,
      `357901200315${n}`,
      `357901120580${n}`,
      `Warga ${i + 1}`,
      '12-05-1980',
      'L',
      'KEPALA KELUARGA',
      desa,
    ]);
  });
  sheet.autoFilter = 'A1:H7';
  for (const n of [3, 5, 7]) sheet.getRow(n).hidden = true;
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

const names = (core: Parameters<typeof storedPeople>[0]) => storedPeople(core).map((p) => (p as string[])[1]);

describe('rows hidden in Excel', () => {
  it('are not read unless the clerk includes them, and are listed as not read with the reason', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await filteredList('tersaring.xlsx'));
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.sheets[0]).toMatchObject({ name: 'DATA', hiddenRows: 3 });
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(names(core)).toEqual(['Warga 1', 'Warga 3', 'Warga 5']);
    expect(run.result.ignored.map((r) => [r.row, r.reason])).toEqual([
      [3, HIDDEN_ROW],
      [5, HIDDEN_ROW],
      [7, HIDDEN_ROW],
    ]);
    await core.close();
  });

  it('are all counted for the clerk, though a long sheet is previewed from its first rows only', async () => {
    const { core, clerk } = await clerkCore();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DATA');
    sheet.addRow(HEADER);
    for (let i = 1; i <= 300; i++) {
      const n = String(i).padStart(4, '0');
      const row = sheet.addRow([
        i,
        `357901200315${n}`,
        `357901120580${n}`,
        `Warga ${i}`,
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        'Sisir',
      ]);
      if (i % 3 === 0) row.hidden = true;
    }
    const path = join(tempDir(), 'panjang.xlsx');
    await book.xlsx.writeFile(path);
    const inspect = await tryInspect(clerk, grant(core, clerk, path));
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.sheets[0]).toMatchObject({ rowCount: 301, hiddenRows: 100 });
    await core.close();
  });

  it('are read when the clerk includes them', async () => {
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, await filteredList('semua.xlsx'));
    const run = await importFile(core, clerk, file, { mode: 'commit', hiddenRows: 'include' });
    expect(run.result.counts).toMatchObject({ rows: 6, errors: 0 });
    expect(run.result.ignoredCount).toBe(0);
    await core.close();
  });

  it.skipIf(!soffice)(
    'are known in the .xls and .ods LibreOffice writes of the same list',
    { timeout: 180_000 },
    async () => {
      const { core, clerk } = await clerkCore();
      const source = await filteredList('tersaring-lo.xlsx');
      for (const filter of ['xls:MS Excel 97', 'ods']) {
        const converted = await convertWithLibreOffice(soffice!, source, tempDir(), filter);
        const inspect = await tryInspect(clerk, grant(core, clerk, converted));
        if (!inspect.ok) throw new Error(`${filter}: ${inspect.error.message}`);
        expect(inspect.value.sheets[0]?.hiddenRows, filter).toBe(3);
        const run = await importFile(core, clerk, grant(core, clerk, converted));
        expect(run.result.counts, filter).toMatchObject({ rows: 3, errors: 0 });
        expect(
          run.result.ignored.map((r) => r.row),
          filter,
        ).toEqual([3, 5, 7]);
      }
      await core.close();
    },
  );
});
