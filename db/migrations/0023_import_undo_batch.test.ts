import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

it('0023 keeps the imports made before it as imports (undoing none), and lets an undo name its batch', async () => {
  const raw = await databaseBefore('0023');
  const at = '2026-03-01T02:00:00.000Z';
  const batch = raw.prepare(
    `INSERT INTO import_batches (id, kind, file_name, sheet, mapping_json, options_json, counts_json, undo_json, status, created_at, updated_at)
     VALUES (?, 'recipients', 'dtks.xlsx', 'Sheet1', '{}', '{}', '{}', '', ?, ?, ?)`,
  );
  batch.run('b-old', 'committed', at, at);
  expect((await migrateToLatest(raw)).applied).toContain('0023_import_undo_batch');
  expect(raw.prepare('SELECT id, undoes FROM import_batches').all()).toEqual([{ id: 'b-old', undoes: null }]);
  raw.prepare('UPDATE import_batches SET status = ? WHERE id = ?').run('undone', 'b-old');
  batch.run('b-undo', 'committed', at, at);
  raw.prepare('UPDATE import_batches SET undoes = ? WHERE id = ?').run('b-old', 'b-undo');
  expect(raw.prepare('SELECT id FROM import_batches WHERE undoes IS NULL').pluck().all()).toEqual(['b-old']);
});
