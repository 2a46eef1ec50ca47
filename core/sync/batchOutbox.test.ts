import { afterEach, describe, expect, it } from 'vitest';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { Database } from '../db/database.ts';
import { BatchOutbox, insertChanges } from './outbox.ts';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

describe('an import’s outbox', () => {
  it('carries an inserted row given whole exactly as the changes of a single insert', async () => {
    const db = await Database.open(`${tempDir()}/t.db`, newDatabaseKey(), { create: true });
    opened.push(db);
    const rows: Record<string, unknown>[] = [
      // Shapes as Changes stores them: server and device columns, nulls, a boolean.
      {
        zeta: 'z',
        id: 'p1',
        version: 1,
        updated_at: 'now',
        row_no: null,
        household_desa: 'x',
        name: 'Siti',
        nik: null,
      },
      { id: 'p2', active: true, sort: 0, label: '', undefinedValue: undefined, created_at: 'then' },
      {
        name: 'Budi',
        id: 'p3',
        version: 1,
        zeta: 'z',
        updated_at: 'now',
        row_no: null,
        household_desa: 'x',
        nik: '1',
      },
    ];
    const author = { userId: null, username: 'tester', at: '2026-01-01T00:00:00Z' };
    const chunkOf = (fill: (outbox: BatchOutbox) => void) =>
      db.sql.transaction(() => {
        const outbox = new BatchOutbox(db.sql, 'batch', author);
        fill(outbox);
        outbox.finish();
        return db.sql.raw
          .prepare('SELECT changes_json FROM sync_outbox ORDER BY device_seq DESC LIMIT 1')
          .pluck()
          .get() as string;
      });
    const given = chunkOf((o) => rows.forEach((row) => o.addInsert('people', String(row.id), row)));
    const asChanges = chunkOf((o) =>
      rows.forEach((row) =>
        o.add({
          entity: 'people',
          entityId: String(row.id),
          op: 'insert',
          baseVersion: 0,
          changes: insertChanges(row),
        }),
      ),
    );
    expect(given).toBe(asChanges);
    expect(given).toContain('"active":{"new":1,"old":null}');
    expect(given).not.toContain('household_desa');
  });
});
