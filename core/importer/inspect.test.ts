import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkCore, grant, tryImport, tryInspect } from '../../tests/support/importHarness.ts';
import type { Client } from '../../tests/support/core.ts';
import type { BansosCore } from '../app.ts';

/**
 * What the mapping screen is told before anything is checked: why each column was read, the
 * closest fields of a column not read, and a relationship column that a header nobody knows
 * would have dropped (every wife and child "Lainnya"): a question, not a silent default.
 */

let core: BansosCore;
let clerk: Client;
let folder: string;
beforeAll(async () => {
  const setup = await clerkCore();
  ({ core, clerk } = setup);
  folder = setup.files;
});
afterAll(async () => core?.close());

function csv(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, lines.join('\r\n'));
  return grant(core, clerk, path);
}

describe('import.inspect', () => {
  it('asks about an unread column of relationship words, and the answer maps it', async () => {
    const file = csv('kel.csv', [
      'NO KK;NIK;NAMA;STATUS DLM KEL;DESA',
      '3579011504160015;3579011701900015;Wahyu Hidayat;KEPALA KELUARGA;Sisir',
      '3579011504160015;3579015503920016;Rina Marlina;ISTRI;Sisir',
      '3579011504160015;3579011203150017;Dimas;ANAK;Sisir',
    ]);
    const inspect = await tryInspect(clerk, file);
    expect(inspect.ok && inspect.value.mapping['STATUS DLM KEL']).toBe(null);
    expect(inspect.ok && inspect.value.questions).toEqual([
      expect.objectContaining({
        id: 'map:STATUS DLM KEL',
        column: 'STATUS DLM KEL',
        message: expect.stringContaining('tercatat "Lainnya"'),
      }),
    ]);
    expect(inspect.ok && inspect.value.reasons.NIK).toMatch(/Nama kolom dikenal/);
    const answered = await tryImport(core, clerk, file, { mapping: { 'STATUS DLM KEL': 'relationship' } });
    expect(answered.ok && answered.value.result.counts).toMatchObject({ rows: 3, valid: 3, warnings: 0 });
  });

  it('offers the closest fields first for a header it does not know', async () => {
    const file = csv('mirip.csv', [
      'NIK;NAMA;TGL LHR;DESA;NMR KARTU KELUARGA',
      '3579011701900015;Wahyu Hidayat;17-01-1990;Sisir;3579011504160015',
    ]);
    const inspect = await tryInspect(clerk, file);
    expect(inspect.ok && inspect.value.mapping['TGL LHR']).toBe('birthDate');
    expect(inspect.ok && inspect.value.suggestions['NMR KARTU KELUARGA']?.[0]).toBe('kk');
    expect(inspect.ok && inspect.value.missing).toEqual(['No. KK']);
  });

  // Outside probe: a bank result file whose status header nobody knows was read as a planned list
  // ("0 penerima ditambahkan, 3 sudah ada"), its SUKSES/GAGAL lost; or its status words sat under
  // KETERANGAN, read as the reason.
  it('asks about an unread column of payment status words when no column is read as the status', async () => {
    const file = csv('realisasi.csv', [
      'NO;NIK;NAMA;NOMINAL;HASIL BANK;TGL',
      '1;3579014405630001;KASIYEM AMINAH;400.000;GAGAL - KKS TERBLOKIR;',
      '2;3579015203020001;INDAH;400.000;SUKSES;05-12-2026',
      '3;3579014706660001;KARTINI;400.000;BELUM TRANSAKSI;',
    ]);
    const inspect = await tryInspect(clerk, file, { kind: 'payments' });
    expect(inspect.ok && inspect.value.mapping['HASIL BANK']).toBe(null);
    const questions = inspect.ok ? inspect.value.questions : [];
    expect(questions).toEqual([
      expect.objectContaining({
        id: 'map:HASIL BANK',
        column: 'HASIL BANK',
        message: expect.stringMatching(
          /^Kolom "HASIL BANK" tampaknya berisi status penyaluran.*Status penyaluran\?$/,
        ),
      }),
    ]);
    expect(questions[0]!.choices.map((c) => c.value)).toEqual(['status', 'ignore']);
    expect(questions[0]!.message).toContain('daftar salur');
  });

  it('reads REALISASI and TGL of a bank file as the status and the paid date', async () => {
    const file = csv('realisasi.csv', [
      'NO;NIK;NAMA;NOMINAL;REALISASI;TGL',
      '1;3579014405630001;KASIYEM AMINAH;400.000;GAGAL - KKS TERBLOKIR;',
      '2;3579015203020001;INDAH;400.000;SUKSES;05-12-2026',
    ]);
    const inspect = await tryInspect(clerk, file, { kind: 'payments' });
    expect(inspect.ok && inspect.value.mapping).toMatchObject({ REALISASI: 'status', TGL: 'date' });
    expect(inspect.ok && inspect.value.questions).toEqual([]);
  });

  it('asks about an unread column of membership statuses in a participant list, not about a yes/no column', async () => {
    const file = csv('peserta.csv', [
      'NIK;NAMA;PROGRAM;KET PESERTA;DISABILITAS',
      '3579014405630001;KASIYEM AMINAH;BPNT;AKTIF;YA',
      '3579015203020001;INDAH;BPNT;TIDAK AKTIF;TIDAK',
      '3579014706660001;KARTINI;BPNT;GRADUASI;YA',
    ]);
    const inspect = await tryInspect(clerk, file, { kind: 'enrolments' });
    const questions = inspect.ok ? inspect.value.questions : [];
    expect(questions.map((q) => q.id)).toEqual(['map:KET PESERTA']);
    expect(questions[0]!.choices.map((c) => c.value)).toEqual(['membershipStatus', 'ignore']);
  });

  it('asks about a KETERANGAN column read as the reason whose values are payment statuses', async () => {
    const file = csv('keterangan.csv', [
      'NO;NIK;NAMA;NOMINAL;KETERANGAN;TGL SALUR',
      '1;3579014405630001;KASIYEM AMINAH;400.000;GAGAL - KKS TERBLOKIR;',
      '2;3579015203020001;INDAH;400.000;SUKSES;05-12-2026',
      '3;3579014706660001;KARTINI;400.000;RETUR;',
    ]);
    const inspect = await tryInspect(clerk, file, { kind: 'payments' });
    expect(inspect.ok && inspect.value.mapping.KETERANGAN).toBe('reason');
    const questions = inspect.ok ? inspect.value.questions : [];
    expect(questions.map((q) => q.id)).toEqual(['map:KETERANGAN']);
    expect(questions[0]!.message).toContain('Keterangan / alasan');
    expect(questions[0]!.choices.map((c) => c.value)).toEqual(['status', 'ignore']);
  });

  it('does not ask when a status column is read, nor about reasons in a planned list', async () => {
    const results = csv('hasil.csv', [
      'NIK;NAMA;STATUS;KETERANGAN;CATATAN',
      '3579014405630001;KASIYEM AMINAH;GAGAL;GAGAL - KKS TERBLOKIR;SUKSES',
      '3579015203020001;INDAH;SUKSES;SUKSES;SUKSES',
    ]);
    const read = await tryInspect(clerk, results, { kind: 'payments' });
    expect(read.ok && read.value.questions).toEqual([]);
    const planned = csv('rencana.csv', [
      'NIK;NAMA;NOMINAL;KETERANGAN;CATATAN',
      '3579014405630001;KASIYEM AMINAH;400.000;PINDAH;Data tidak padan',
      '3579015203020001;INDAH;400.000;MENINGGAL;Rekening pasif',
      '3579014706660001;KARTINI;400.000;;1',
      '3579014706660002;SRI;400.000;;0',
    ]);
    const list = await tryInspect(clerk, planned, { kind: 'payments' });
    expect(list.ok && list.value.questions).toEqual([]);
  });
});
