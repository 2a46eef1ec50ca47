import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DEFAULT_IMPORT_LIMITS } from '../../core/importer/limits.ts';
import { inspectSpreadsheet, parseSpreadsheet } from '../../core/importer/reader.ts';
import {
  isSheet,
  measureInflated,
  previewEachSheetAlone,
  readZipDirectoryOf,
} from '../../core/importer/zip.ts';
import { tempDir } from '../support/tempDir.ts';

const CORPUS = join(import.meta.dirname, '../fixtures/import');
/** The corpus files no reader accepts (the corpus test holds their messages). */
const UNREADABLE = [
  '21-kosong.xlsx',
  '23-lama-berganti-nama.xlsx',
  '24-html-bernama.xlsx',
  '26-dokumen-word.xlsx',
  '27-terpotong.xlsx',
];
const READABLE = readdirSync(CORPUS).filter((f) => f.endsWith('.xlsx') && !UNREADABLE.includes(f));

/** Every sheet as the full read sees it: its rows, and how many. */
async function readWhole(path: string, sheet: string) {
  const rows = [];
  let count = -1;
  for await (const event of parseSpreadsheet(path, path, DEFAULT_IMPORT_LIMITS, { mode: 'read', sheet })) {
    if (event.type === 'rows') rows.push(...event.rows);
    if (event.type === 'sheetEnd') count = event.rows;
  }
  return { rows, count };
}

describe('inspecting a workbook', () => {
  it('has readable workbooks to inspect', () => {
    expect(READABLE.length).toBeGreaterThanOrEqual(14);
  });

  it.each(READABLE)(
    '%s: each sheet’s length as counted, and its first rows, are those of the full read',
    async (file) => {
      const path = join(CORPUS, file);
      const sheets = await inspectSpreadsheet(path, file, DEFAULT_IMPORT_LIMITS);
      expect(sheets.length).toBeGreaterThan(0);
      for (const sheet of sheets) {
        const whole = await readWhole(path, sheet.name);
        expect(sheet.rowCount, sheet.name).toBe(whole.count);
        expect(sheet.rows, sheet.name).toEqual(whole.rows.slice(0, 60));
      }
    },
  );

  it('reads only the first rows of a long sheet, and still reaches the sheets after it', async () => {
    const path = join(tempDir(), 'panjang.xlsx');
    const workbook = new ExcelJS.Workbook();
    const long = workbook.addWorksheet('Panjang');
    for (let i = 1; i <= 2500; i++) long.addRow([`baris ${i}`, i]);
    workbook.addWorksheet('Pendek').addRow(['satu']);
    workbook.addWorksheet('Kosong');
    await workbook.xlsx.writeFile(path);
    expect(await eachAlone(path)).toBe(true);
    const sheets = await inspectSpreadsheet(path, 'panjang.xlsx', DEFAULT_IMPORT_LIMITS);
    expect(sheets.map((s) => [s.name, s.rowCount, s.rows.length])).toEqual([
      ['Panjang', 2500, 60],
      ['Pendek', 1, 1],
      ['Kosong', 0, 0],
    ]);
    expect(sheets[0]!.rows[59]).toEqual({
      n: 60,
      cells: [
        { t: 's', v: 'baris 60' },
        { t: 'n', v: 60 },
      ],
    });
    await expect(
      inspectSpreadsheet(path, 'panjang.xlsx', { ...DEFAULT_IMPORT_LIMITS, maxRows: 2000 }),
    ).rejects.toThrow('lebih dari 2.000 baris');
  });

  it('a sheet per desa over one large string table is read in one pass, with the same answers', async () => {
    const path = join(tempDir(), 'per-desa.xlsx');
    const workbook = new ExcelJS.Workbook();
    for (let d = 1; d <= 12; d++) {
      const sheet = workbook.addWorksheet(`Desa ${d}`);
      for (let i = 1; i <= 8; i++) sheet.addRow([`Alamat ${d}-${i} `.padEnd(400, 'x'), i]);
    }
    await workbook.xlsx.writeFile(path);
    expect(await eachAlone(path)).toBe(false);
    const sheets = await inspectSpreadsheet(path, 'per-desa.xlsx', DEFAULT_IMPORT_LIMITS);
    expect(sheets).toHaveLength(12);
    for (const sheet of sheets) {
      const whole = await readWhole(path, sheet.name);
      expect([sheet.rowCount, sheet.rows]).toEqual([8, whole.rows]);
    }
  });
});

/** Which way inspect reads this file (zip.ts `previewEachSheetAlone`). */
async function eachAlone(path: string): Promise<boolean> {
  const parts = readZipDirectoryOf(path);
  const inflated = await measureInflated(path, parts, DEFAULT_IMPORT_LIMITS, statSync(path).size);
  return previewEachSheetAlone(
    parts.filter((p) => isSheet(p.name)),
    inflated,
  );
}
