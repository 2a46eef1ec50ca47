import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

it('0024 counts the rows of the import chunks already waiting, one for any other change, from the index', async () => {
  const raw = await databaseBefore('0024');
  const insert = raw.prepare(
    `INSERT INTO sync_outbox (device_seq, mutation_id, entity, entity_id, op, base_version, changes_json,
       user_id, username, at, prev_hash, hash, acked_at) VALUES (?, ?, ?, ?, ?, 0, ?, NULL, NULL, '2026-03-01', '', '', ?)`,
  );
  const chunk = (rows: number) =>
    JSON.stringify({ index: 0, rows: Array.from({ length: rows }, (_, i) => ({ i })) });
  insert.run(1, 'm1', 'people', 'p1', 'update', '{"name":{"old":"A","new":"B"}}', null);
  insert.run(2, 'm2', 'import_batch', 'b1', 'batch', chunk(1000), null);
  insert.run(3, 'm3', 'import_batch', 'b1', 'batch', chunk(37), null);
  insert.run(4, 'm4', 'import_batch', 'b0', 'batch', chunk(5), '2026-02-01');
  expect((await migrateToLatest(raw)).applied).toContain('0024_outbox_row_count');
  expect(
    raw.prepare('SELECT device_seq, row_count FROM sync_outbox ORDER BY device_seq').raw().all(),
  ).toEqual([
    [1, 1],
    [2, 1000],
    [3, 37],
    [4, 5],
  ]);
  const pending = 'SELECT sum(row_count) FROM sync_outbox WHERE acked_at IS NULL';
  expect(raw.prepare(pending).pluck().get()).toBe(1038);
  const plan = raw.prepare(`EXPLAIN QUERY PLAN ${pending}`).all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('COVERING INDEX sync_outbox_pending');
});
