import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

it('0025 starts every existing account at password version 0, so the sessions open at the update stay', async () => {
  const raw = await databaseBefore('0025');
  raw
    .prepare(
      `INSERT INTO users (id, username, full_name, role, area_json, active, must_change_password, created_at, updated_at)
       VALUES ('u1', 'admin', 'Admin', 'admin', '{"kecamatan":[],"desa":[]}', 1, 0, '2026-03-01', '2026-03-01')`,
    )
    .run();
  expect((await migrateToLatest(raw)).applied).toContain('0025_password_version');
  expect(raw.prepare('SELECT username, password_version FROM users').all()).toEqual([
    { username: 'admin', password_version: 0 },
  ]);
});
