import { describe, expect, it } from 'vitest';
import { openEncrypted } from '../../db/connection.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { Sql } from '../../db/sql.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { deferNameIndex } from './nameIndex.ts';

async function people() {
  const raw = openEncrypted(`${tempDir()}/n.db`, newDatabaseKey(), { create: true });
  await migrateToLatest(raw);
  // Names only: the families these people would belong to do not matter here.
  raw.pragma('foreign_keys = OFF');
  const sql = new Sql(raw);
  const insert = raw.prepare(`INSERT INTO people (id, household_id, name, name_key, phonetic_key, sex,
    relationship, version, created_at, updated_at) VALUES (?, 'h', ?, ?, '', 'L', 'anak', 1, '', '')`);
  const add = (id: string, name: string) => insert.run(id, name, name.toLowerCase());
  const rename = (id: string, name: string) =>
    raw.prepare('UPDATE people SET name = ?, name_key = ? WHERE id = ?').run(name, name.toLowerCase(), id);
  const remove = (id: string) => raw.prepare('DELETE FROM people WHERE id = ?').run(id);
  const triggers = () =>
    raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
  /** Who the index finds for a fragment, against who a scan of the names finds. */
  const finds = (fragment: string) => ({
    index: raw
      .prepare(
        'SELECT p.id FROM people_fts f JOIN people p ON p.row_no = f.rowid WHERE people_fts MATCH ? ORDER BY p.id',
      )
      .pluck()
      .all(`"${fragment}"`),
    scan: raw.prepare('SELECT id FROM people WHERE instr(name_key, ?) > 0 ORDER BY id').pluck().all(fragment),
  });
  const intact = () => raw.exec("INSERT INTO people_fts(people_fts, rank) VALUES ('integrity-check', 1)");
  return { raw, sql, add, rename, remove, triggers, finds, intact };
}

describe('deferring the name index during a bulk insert', () => {
  it('indexes what the transaction left, whatever happened to the rows in between', async () => {
    const db = await people();
    db.add('a', 'Sutrisno Wibowo');
    db.add('b', 'Siti Rahayu');
    db.add('c', 'Bambang Santoso');
    const before = db.triggers();

    db.raw.exec('BEGIN IMMEDIATE');
    const deferred = deferNameIndex(db.sql);
    db.add('d', 'Dewi Lestari');
    db.add('e', 'Eko Prasetyo');
    db.add('f', 'Joko Susilo');
    db.rename('a', 'Sutrisno Hadi'); // existing row renamed: its old entry must go
    db.rename('e', 'Eko Saputra'); // new row renamed before being indexed
    db.remove('b'); // existing row removed
    db.remove('f'); // new row removed before being indexed
    deferred.finish();
    db.raw.exec('COMMIT');

    expect(db.triggers()).toEqual(before);
    db.intact();
    for (const fragment of [
      'wibowo',
      'hadi',
      'rahayu',
      'lestari',
      'prasetyo',
      'saputra',
      'susilo',
      'santoso',
      'wi ',
      'san',
    ])
      expect(db.finds(fragment).index, fragment).toEqual(db.finds(fragment).scan);
    expect(db.finds('saputra').index).toEqual(['e']);
    expect(db.finds('wibowo').index).toEqual([]);

    // After the window the triggers are the usual ones again.
    db.add('g', 'Agus Wibowo');
    expect(db.finds('wibowo').index).toEqual(['g']);
    db.intact();
    db.sql.close();
  });

  it('leaves the schema as it was when the transaction rolls back', async () => {
    const db = await people();
    db.add('a', 'Sutrisno Wibowo');
    const before = db.triggers();
    db.raw.exec('BEGIN IMMEDIATE');
    deferNameIndex(db.sql);
    db.add('b', 'Siti Rahayu');
    expect(db.triggers()).not.toEqual(before);
    db.raw.exec('ROLLBACK');
    expect(db.triggers()).toEqual(before);
    db.add('c', 'Siti Aminah');
    expect(db.finds('siti').index).toEqual(['c']);
    db.intact();
    db.sql.close();
  });

  it('is refused outside a transaction', async () => {
    const db = await people();
    expect(() => deferNameIndex(db.sql)).toThrow('transaction');
    db.sql.close();
  });
});
