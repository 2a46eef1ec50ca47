import { describe, expect, it } from 'vitest';
import { openEncrypted } from './connection.ts';
import { newDatabaseKey } from './keySlots.ts';
import { LATEST_MIGRATION, MIGRATIONS, migrateToLatest } from './migrate.ts';
import { tempDir } from '../tests/support/tempDir.ts';

const tables = (db: ReturnType<typeof openEncrypted>) =>
  (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);

describe('migrations', () => {
  it('build the schema from an empty database and are idempotent', async () => {
    const db = openEncrypted(`${tempDir()}/m.db`, newDatabaseKey(), { create: true });
    const first = await migrateToLatest(db);
    expect(first.applied).toEqual(Object.keys(MIGRATIONS));
    expect(tables(db)).toEqual(expect.arrayContaining(['audit_log', 'meta', 'regions', 'settings', 'users']));
    expect((await migrateToLatest(db)).applied).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer app, touching nothing', async () => {
    const db = openEncrypted(`${tempDir()}/m.db`, newDatabaseKey(), { create: true });
    await migrateToLatest(db);
    db.prepare(
      `INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01')`,
    ).run();
    const before = tables(db);
    await expect(migrateToLatest(db)).rejects.toMatchObject({
      code: 'DB_NEWER',
      message: expect.stringContaining('Perbarui aplikasi'),
    });
    expect(tables(db)).toEqual(before);
    db.close();
  });

  it('names its latest migration', () => {
    expect(LATEST_MIGRATION).toBe(Object.keys(MIGRATIONS).at(-1));
  });
});
