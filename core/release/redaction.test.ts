import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, Client, setUpCore, userWithRole } from '../../tests/support/core.ts';
import { grant, importFile } from '../../tests/support/importHarness.ts';
import type { BansosCore } from '../app.ts';

/**
 * Retention (UU PDP) reaches the DTKS/DTSEN releases: a release keeps the ministry's rows as
 * read and the reconciliation names whom each item is about. After a family is purged, none of
 * its NIKs, KK, names or addresses remain in either; the other family's stay.
 */
const KK_PURGED = '3579012003150004';
const KK_KEPT = '3579012003150012';
const BUDI = { nik: '3579011205800001', name: 'Budi Santoso' };
const JOKO = { nik: '3579010101750003', name: 'Joko Susilo' };

class Clock {
  constructor(public at: Date) {}
  readonly now = () => this.at;
}

async function writeRelease(path: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DTSEN');
  sheet.addRow([
    'NO',
    'ID DTKS',
    'NIK',
    'NO KK',
    'NAMA',
    'ALAMAT',
    'KECAMATAN',
    'DESA/KELURAHAN',
    'DESIL',
    'STATUS',
  ]);
  const rows = [
    [
      'DTKS-0001',
      BUDI.nik,
      KK_PURGED,
      'Budi Santoso Wirajaya',
      'Jl. Kartika 12',
      'Batu',
      'Oro-oro Ombo',
      2,
      '',
    ],
    ['DTKS-0002', JOKO.nik, KK_KEPT, 'Joko Susilo Utomo', 'Jl. Mawar 3', 'Batu', 'Oro-oro Ombo', 3, ''],
  ];
  rows.forEach((r, i) => {
    const row = sheet.addRow([i + 1, ...r]);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = '@';
  });
  await workbook.xlsx.writeFile(path);
}

const releaseText = (core: BansosCore) =>
  ['dtks_release_rows', 'dtks_release_changes']
    .map((t) => JSON.stringify(core.db.sql.raw.prepare(`SELECT * FROM ${t}`).all()))
    .join('\n');

describe('retention purge and the DTKS releases (UU PDP)', () => {
  it('leaves no personal value of the purged family in a release or its reconciliation', async () => {
    const clock = new Clock(new Date('2019-02-01T03:00:00Z'));
    const { core, admin, files } = await setUpCore({ clock: clock.now });
    const clerk = await userWithRole(core, admin, 'clerk');
    const csv = join(files, 'penerima.csv');
    writeFileSync(
      csv,
      [
        'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN',
        [KK_PURGED, BUDI.nik, BUDI.name, '12-05-1980', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'].join(';'),
        [KK_KEPT, JOKO.nik, JOKO.name, '01-01-1975', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'].join(';'),
      ].join('\r\n') + '\r\n',
    );
    await importFile(core, clerk, grant(core, clerk, csv), { mode: 'commit' });
    const release = join(files, 'dtsen.xlsx');
    await writeRelease(release);
    await clerk.ok('release.import', {
      file: grant(core, clerk, release),
      source: 'DTSEN Kemensos',
      releaseDate: '2019-01-15',
    });
    const before = releaseText(core);
    for (const value of [BUDI.nik, KK_PURGED, 'Budi Santoso Wirajaya', JOKO.nik])
      expect(before).toContain(value);

    const raw = core.db.sql.raw;
    const family = raw
      .prepare('SELECT id FROM households WHERE kk_number = ?')
      .pluck()
      .get(KK_PURGED) as string;
    const officer = await userWithRole(core, admin, 'officer');
    await officer.ok('households.remove', { id: family, reason: 'Pindah ke luar kota (surat pindah)' });
    clock.at = new Date('2026-12-06T03:00:00Z');
    const purger = new Client(core);
    await purger.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await purger.ok('retention.purge', { expected: 1 })).toMatchObject({ households: 1 });

    const after = releaseText(core);
    for (const value of [BUDI.nik, KK_PURGED, 'Budi', 'Kartika', 'DTKS-0001'])
      expect(after).not.toContain(value);
    // The kept family's rows stay as the ministry sent them; the purged row still counts.
    for (const value of [JOKO.nik, KK_KEPT, 'Joko Susilo Utomo']) expect(after).toContain(value);
    expect(raw.prepare('SELECT count(*) FROM dtks_release_rows').pluck().get()).toBe(2);
    const verify = await purger.job<{ ok: boolean; problems: unknown[] }>('audit.verify', {});
    expect(verify).toMatchObject({ ok: true, problems: [] });
    await core.close();
  });
});
