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
});
