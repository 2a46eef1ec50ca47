import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

/** A workstation as 0020 left it: a live family, a removed one and a nonaktif one (foreign keys are off here). */
async function before0022() {
  const raw = await databaseBefore('0022');
  raw.pragma('foreign_keys = OFF');
  const at = '2026-03-01T02:00:00.000Z';
  const family = raw.prepare(
    `INSERT INTO households (id, kk_number, desa_code, status, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  family.run('h-live', '3579010101010001', '35.79.01.2001', 'aktif', at, at, null);
  family.run('h-removed', '3579010101010002', '35.79.01.2001', 'aktif', at, at, at);
  family.run('h-nonaktif', '3579010101010003', '35.79.01.2001', 'nonaktif', at, at, null);
  return raw;
}

it('0022 indexes the families set aside before it (removed or not aktif), and those set aside after it', async () => {
  const raw = await before0022();
  expect((await migrateToLatest(raw)).applied).toContain('0022_removed_households');
  const setAside = () =>
    raw
      .prepare(
        `SELECT id, deleted_at IS NOT NULL AS removed, status FROM households INDEXED BY households_set_aside
         WHERE deleted_at IS NOT NULL OR status != 'aktif' ORDER BY id`,
      )
      .all();
  expect(setAside()).toEqual([
    { id: 'h-nonaktif', removed: 0, status: 'nonaktif' },
    { id: 'h-removed', removed: 1, status: 'aktif' },
  ]);
  raw.prepare(`UPDATE households SET status = 'aktif' WHERE id = 'h-nonaktif'`).run();
  raw.prepare(`UPDATE households SET deleted_at = created_at WHERE id = 'h-live'`).run();
  expect(setAside()).toEqual([
    { id: 'h-live', removed: 1, status: 'aktif' },
    { id: 'h-removed', removed: 1, status: 'aktif' },
  ]);
});
