import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

/** A workstation as 0016 left it: report settings in `settings`/`meta`, one checked signal, enrolled. */
async function before0017() {
  const raw = await databaseBefore('0017');
  const at = '2026-03-01T02:00:00.000Z';
  raw
    .prepare(
      `INSERT INTO users (id, username, full_name, role, area_json, created_at, updated_at)
              VALUES ('u1', 'budi', 'Budi Santoso', 'officer', '{"kecamatan":[],"desa":[]}', ?, ?)`,
    )
    .run(at, at);
  const stored = {
    kop: { lines: ['PEMERINTAH KOTA BATU'], address: 'Jl. Sudirman 507', phone: '', email: '', website: '' },
    city: 'Batu',
    reports: { bnba: { signers: [], maskNik: true } },
    logoSha256: 'abc',
  };
  raw
    .prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('reports', ?, ?)`)
    .run(JSON.stringify(stored), at);
  raw
    .prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('idleLockMinutes', '5', ?)`)
    .run(at);
  raw
    .prepare(
      `INSERT INTO meta (key, value) VALUES ('reports.logo', '{"mime":"image/png","dataBase64":"iVBO"}')`,
    )
    .run();
  raw
    .prepare(
      `INSERT INTO signal_checks (id, kind, subject_key, household_id, note, checked_by, created_at, updated_at)
              VALUES ('s1', 'shared_number', 'k', NULL, 'diperiksa', 'u1', ?, ?)`,
    )
    .run(at, at);
  raw.prepare(`INSERT INTO sync_state (key, value) VALUES ('baselineDone', 'true')`).run();
  return raw;
}

it('0017 moves the report settings into the synced row, names checkers and lists the new tables for the baseline', async () => {
  const raw = await before0017();
  // 0017 first; later migrations follow it.
  expect((await migrateToLatest(raw)).applied[0]).toBe('0017_office_settings_sync');
  expect(raw.prepare(`SELECT * FROM report_settings`).all()).toEqual([
    expect.objectContaining({
      id: 'office',
      kop_lines_json: '["PEMERINTAH KOTA BATU"]',
      kop_address: 'Jl. Sudirman 507',
      city: 'Batu',
      reports_json: '{"bnba":{"signers":[],"maskNik":true}}',
      logo_sha256: 'abc',
      logo_json: '{"mime":"image/png","dataBase64":"iVBO"}',
      version: 1,
    }),
  ]);
  // The machine's own settings stay; the moved ones leave settings and meta.
  expect(raw.prepare(`SELECT key FROM settings`).pluck().all()).toEqual(['idleLockMinutes']);
  expect(raw.prepare(`SELECT count(*) FROM meta WHERE key = 'reports.logo'`).pluck().get()).toBe(0);
  expect(raw.prepare(`SELECT checked_by_name FROM signal_checks`).pluck().get()).toBe('Budi Santoso');
  expect(
    JSON.parse(
      raw.prepare(`SELECT value FROM sync_state WHERE key = 'baselinePending'`).pluck().get() as string,
    ),
  ).toEqual(['report_settings', 'import_mappings', 'report_snapshots', 'signal_checks']);
  raw.close();
});
