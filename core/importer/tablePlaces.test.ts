import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, tryInspect } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import type { BansosCore } from '../app.ts';

const TEMAS = '35.79.01.1001';
const SISIR = '35.79.01.1004';

const HEADER = ['NO', 'NO KK', 'NIK', 'NAMA', 'TGL LAHIR', 'L/P', 'HUBUNGAN'];

/** A head of family per row; `n` keeps NIK and KK apart across the tables. */
const head = (n: number) => {
  const id = String(n).padStart(4, '0');
  return [n, `357901200315${id}`, `357901120580${id}`, `Warga ${n}`, '12-05-1980', 'L', 'KEPALA KELUARGA'];
};

async function sheet(name: string, rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('DATA').addRows(rows);
  const path = join(tempDir(), name);
  await book.xlsx.writeFile(path);
  return path;
}

const desaOf = (core: BansosCore) =>
  Object.fromEntries(
    (
      core.db.sql.raw
        .prepare('SELECT p.name, h.desa_code FROM people p JOIN households h ON h.id = p.household_id')
        .all() as { name: string; desa_code: string }[]
    ).map((r) => [r.name, r.desa_code]),
  );

describe('a desa named inside the table', () => {
  it('a second table titled with its own kelurahan: its people are that kelurahan’s, not the first title’s', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet('dua-tabel.xlsx', [
      ['DAFTAR PENERIMA BPNT KELURAHAN TEMAS KECAMATAN BATU'],
      HEADER,
      head(1),
      head(2),
      [],
      ['DAFTAR PENERIMA BPNT KELURAHAN SISIR KECAMATAN BATU'],
      HEADER,
      head(3),
      head(4),
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.inspect.fixed?.desa?.value).toBe(TEMAS);
    expect(run.result.counts).toMatchObject({ rows: 4, errors: 0 });
    expect(desaOf(core)).toEqual({ 'Warga 1': TEMAS, 'Warga 2': TEMAS, 'Warga 3': SISIR, 'Warga 4': SISIR });
    await core.close();
  });

  it('group rows written "KELURAHAN SISIR" without a colon are group rows; a title naming no real desa is not', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet('kelompok.xlsx', [
      HEADER,
      ['KELURAHAN TEMAS'],
      head(1),
      ['KELURAHAN SISIR'],
      head(2),
      // Not a desa of the reference set: the rows under it stay Sisir's.
      ['DAFTAR TAMBAHAN DESA TERTINGGAL'],
      head(3),
    ]);
    const inspect = await tryInspect(clerk, grant(core, clerk, file));
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.grouped?.map((g) => g.field)).toContain('desa');
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(desaOf(core)).toEqual({ 'Warga 1': TEMAS, 'Warga 2': SISIR, 'Warga 3': SISIR });
    await core.close();
  });

  it('a note about a move ("pindahan dari Desa Temas, sudah menetap di Sisir") does not move the rows under it', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet('catatan.xlsx', [
      ['DAFTAR PENERIMA BPNT KELURAHAN SISIR KECAMATAN BATU'],
      HEADER,
      head(1),
      ['Usulan baru (pindahan dari Desa Temas, sudah menetap di Sisir)'],
      head(2),
      ['Desa asal: Temas'],
      head(3),
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 3, errors: 0 });
    expect(desaOf(core)).toEqual({ 'Warga 1': SISIR, 'Warga 2': SISIR, 'Warga 3': SISIR });
    expect(run.result.ignored.map((r) => r.row)).toEqual([4, 6]);
    await core.close();
  });

  it('a signature block under the table, its NIP in the KK column and "Kepala Desa Sisir", is not data', async () => {
    const { core, clerk } = await clerkCore();
    const file = await sheet('tanda-tangan.xlsx', [
      ['DAFTAR PENERIMA BPNT KELURAHAN TEMAS KECAMATAN BATU'],
      HEADER,
      head(1),
      head(2),
      [],
      ['', 'Mengetahui,'],
      ['', 'Kepala Desa Sisir'],
      ['', 'NIP. 19680411 199303 1 009'],
    ]);
    const run = await importFile(core, clerk, grant(core, clerk, file), { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ rows: 2, errors: 0 });
    expect(run.result.ignored.map((r) => [r.row, r.reason])).toEqual([
      [6, 'tanda tangan, catatan atau jumlah di bawah tabel'],
      [7, 'tanda tangan, catatan atau jumlah di bawah tabel'],
      [8, 'tanda tangan, catatan atau jumlah di bawah tabel'],
    ]);
    expect(desaOf(core)).toEqual({ 'Warga 1': TEMAS, 'Warga 2': TEMAS });
    await core.close();
  });
});
