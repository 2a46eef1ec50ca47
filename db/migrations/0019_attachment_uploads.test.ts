import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

/** A workstation as 0018 left it: a live attachment and a deleted one (foreign keys are off here). */
async function before0019() {
  const raw = await databaseBefore('0019');
  raw.pragma('foreign_keys = OFF');
  const at = '2026-03-01T02:00:00.000Z';
  const insert = raw.prepare(
    `INSERT INTO attachments (id, owner_entity, owner_id, file_name, mime, size, sha256, created_at, updated_at, deleted_at)
     VALUES (?, 'verifications', 'v1', 'rumah.jpg', 'image/jpeg', 10, ?, ?, ?, ?)`,
  );
  insert.run('a-live', 'a'.repeat(64), at, at, null);
  insert.run('a-deleted', 'b'.repeat(64), at, at, at);
  return raw;
}

it('0019 queues the live attachments made before it, unsealed until the office key is set', async () => {
  const raw = await before0019();
  expect((await migrateToLatest(raw)).applied[0]).toBe('0019_attachment_uploads');
  expect(raw.prepare('SELECT * FROM attachment_uploads').all()).toEqual([
    { attachment_id: 'a-live', sha256: 'a'.repeat(64), sealed: null },
  ]);
});
