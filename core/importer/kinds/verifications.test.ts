import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { kk, nik, pad2 } from '../../../tests/fixtures/import/corpus.ts';
import { type Client, userWithRole } from '../../../tests/support/core.ts';
import {
  clerkCore,
  errorCodes,
  grant,
  importFile,
  looksLikeUserMessage,
  tryImport,
} from '../../../tests/support/importHarness.ts';
import type { BansosCore } from '../../app.ts';

/**
 * Musdes/verval result files: the visit date is the day the family was visited or discussed,
 * read from the file (a column, or one value for the whole file), never the day the clerk
 * imports it. The outside probe's ver_musdes.xlsx had its "TGL MUSDES" column unread, and every
 * verification was stored with the import's day without a word.
 */

const OROOROMBO = '35.79.01.2006';
const HEADS = ['Agus', 'Bambang', 'Cahyo', 'Darmaji'];

const fam = (i: number) => ({
  kk: kk('01', '2015-03-20', 700 + i),
  nik: nik('01', `1970-01-${pad2(i)}`, 'L', 700 + i),
  name: `${HEADS[i - 1]} Santoso`,
});

let core: BansosCore;
let clerk: Client;
let officer: Client;
let files: string;
let counter = 0;

async function file(header: string[], rows: unknown[][]): Promise<string> {
  const path = join(files, `musdes-${++counter}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hasil Musdes');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = '@';
  await wb.xlsx.writeFile(path);
  return grant(core, clerk, path);
}

/** Visit dates as stored, by KK. */
async function visits(): Promise<Map<string | null, { outcome: string | null; visitDate: string | null }>> {
  const list = await clerk.ok('verification.list', { desaCode: OROOROMBO });
  return new Map(
    list.map((v) => [v.kkNumber, { outcome: v.outcome, visitDate: v.visit?.visitDate ?? null }]),
  );
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const dmyOf = (d: Date) => iso(d).split('-').reverse().join('/');

beforeEach(async () => {
  const setup = await clerkCore();
  ({ core, clerk, files } = setup);
  officer = await userWithRole(core, setup.admin, 'officer');
  const recipients = await file(
    [
      'NOMOR_KK',
      'NIK',
      'NAMA',
      'TANGGAL_LAHIR',
      'JENIS_KELAMIN',
      'HUBUNGAN_KELUARGA',
      'DESA_KELURAHAN',
      'KECAMATAN',
    ],
    [1, 2, 3, 4].map((i) => [
      fam(i).kk,
      fam(i).nik,
      fam(i).name,
      `${pad2(i)}-01-1970`,
      'L',
      'KEPALA KELUARGA',
      'Oro-oro Ombo',
      'Batu',
    ]),
  );
  const registered = await importFile(core, clerk, recipients, { mode: 'commit' });
  expect(registered.result.counts).toMatchObject({ new: 4, errors: 0 });
  expect(await officer.ok('verification.createWorklist', { desaCode: OROOROMBO, source: 'semua' })).toEqual({
    created: 4,
    skipped: 0,
  });
});

describe('verification results: the visit date', () => {
  it('a file with no visit-date column is refused as a whole, naming the column and the value for the whole file; nothing is stored with today’s date', async () => {
    const f = await file(
      ['NO KK', 'HASIL MUSDES', 'KETERANGAN'],
      [
        [fam(1).kk, 'LAYAK', 'Penghasilan di bawah UMK'],
        [fam(2).kk, 'TIDAK LAYAK', 'Sudah mampu'],
      ],
    );
    for (const mode of ['preview', 'commit'] as const) {
      const run = await tryImport(core, clerk, f, { kind: 'verifications', mode });
      expect(run).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!run.ok) {
        expect(run.error.message).toMatch(/Tanggal kunjungan/);
        expect(run.error.message).toMatch(/seluruh berkas/);
        expect(looksLikeUserMessage(run.error.message)).toEqual([]);
      }
    }
    const stored = await visits();
    expect(stored.get(fam(1).kk)).toEqual({ outcome: null, visitDate: null });
    expect(stored.get(fam(2).kk)).toEqual({ outcome: null, visitDate: null });
  });

  it('one date for the whole file (--set visitDate=…) is the visit date of every row, and a row’s own date wins', async () => {
    const f = await file(
      ['NO KK', 'HASIL MUSDES', 'KETERANGAN', 'TGL MUSDES'],
      [
        [fam(1).kk, 'LAYAK', 'Penghasilan di bawah UMK', null],
        [fam(2).kk, 'TIDAK LAYAK', 'Sudah mampu', '21/11/2026'],
      ],
    );
    const { result } = await importFile(core, clerk, f, {
      kind: 'verifications',
      mode: 'commit',
      fixed: { visitDate: '2026-11-20' },
    });
    expect(result.counts).toMatchObject({ rows: 2, updated: 2, errors: 0 });
    const stored = await visits();
    expect(stored.get(fam(1).kk)).toEqual({ outcome: 'layak', visitDate: '2026-11-20' });
    expect(stored.get(fam(2).kk)).toEqual({ outcome: 'tidak_layak', visitDate: '2026-11-21' });
  });

  it('TGL MUSDES: written dates are read; an empty one, an impossible 31/11/2026 and a day still to come are errors on their rows', async () => {
    // Two days on: a day still to come wherever the office is (localDate, not UTC).
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const f = await file(
      ['NO KK', 'HASIL MUSDES', 'KETERANGAN', 'TGL MUSDES'],
      [
        [fam(1).kk, 'LAYAK', 'Penghasilan di bawah UMK', '20 November 2026'],
        [fam(2).kk, 'LAYAK', 'Lansia tunggal', null],
        [fam(3).kk, 'TIDAK LAYAK', 'Sudah mampu', '31/11/2026'],
        [fam(4).kk, 'LAYAK', 'Rumah menumpang', dmyOf(tomorrow)],
      ],
    );
    const { result } = await importFile(core, clerk, f, { kind: 'verifications', mode: 'commit' });
    expect(result.counts).toMatchObject({ rows: 4, updated: 1, errors: 3 });
    expect(errorCodes(result, 2)).toEqual([]);
    expect(errorCodes(result, 3)).toEqual(['VISIT_DATE_MISSING']);
    expect(errorCodes(result, 4)).toEqual(['DATE_INVALID']);
    expect(errorCodes(result, 5)).toEqual(['DATE_FUTURE']);
    const byRow = new Map(result.problems.map((p) => [p.row, p]));
    expect(byRow.get(3)).toMatchObject({ column: 'TGL MUSDES' });
    expect(byRow.get(4)?.message).toContain('31/11/2026');
    expect(byRow.get(5)?.message).toContain(iso(tomorrow));
    for (const p of result.problems) expect(looksLikeUserMessage(p.message), p.message).toEqual([]);
    const stored = await visits();
    expect(stored.get(fam(1).kk)).toEqual({ outcome: 'layak', visitDate: '2026-11-20' });
    for (const i of [2, 3, 4]) expect(stored.get(fam(i).kk)).toEqual({ outcome: null, visitDate: null });
  });

  it('a visit date for the whole file that is still to come is refused on every row', async () => {
    const f = await file(
      ['NO KK', 'HASIL MUSDES', 'KETERANGAN'],
      [[fam(1).kk, 'LAYAK', 'Penghasilan di bawah UMK']],
    );
    const { result } = await importFile(core, clerk, f, {
      kind: 'verifications',
      fixed: { visitDate: '2099-01-01' },
    });
    expect(result.counts).toMatchObject({ rows: 1, errors: 1 });
    expect(errorCodes(result, 2)).toEqual(['DATE_FUTURE']);
  });
});
