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
    relationship, version, created_at, updated_at) VALUES (?, ?, ?, ?, '', 'L', 'anak', 1, '', '')`);
  const add = (id: string, name: string, household = 'h') =>
    insert.run(id, household, name, name.toLowerCase());
  const family = (id: string, desa: string) =>
    raw
      .prepare(
        `INSERT INTO households (id, kk_number, desa_code, created_at, updated_at) VALUES (?, ?, ?, '', '')`,
      )
      .run(id, `35790${id.padStart(11, '0')}`, desa);
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
  return { raw, sql, add, family, rename, remove, triggers, finds, intact };
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

  it('files the same name words and trigrams as the per-row triggers, a few desa at a time', async () => {
    // Five desa: three with more people than a group holds, two that share one; names with short
    // and repeated words.
    const desas = ['35.79.01.2001', '35.79.01.2002', '35.79.02.1001', '35.79.02.1002', '35.79.03.1001'];
    const names = ['Siti Aminah', 'Ni Luh Sari', 'Joko Santoso Joko', 'Dewi Sri Lestari', 'Agus Wibowo'];
    const apply = (db: Awaited<ReturnType<typeof people>>, from: number, to: number) => {
      for (let i = from; i < to; i++)
        db.add(
          `p${i}`,
          `${names[i % 5]} ${names[(i * 3) % 5]}`,
          `h${i % 9 === 0 ? 3 : i % 11 === 0 ? 4 : i % 3}`,
        );
    };
    const build = async (deferred: boolean) => {
      const db = await people();
      desas.forEach((desa, i) => db.family(`h${i}`, desa));
      apply(db, 0, 4); // there before the import
      db.raw.exec('BEGIN IMMEDIATE');
      const index = deferred ? deferNameIndex(db.sql, 8) : null;
      apply(db, 4, 40);
      db.add('no-desa', 'Bambang Hartono', 'h-not-yet-pulled');
      db.rename('p5', 'Eko Prasetyo');
      db.rename('p1', 'Sutrisno Hadi');
      db.remove('p6');
      index?.finish();
      db.raw.exec('COMMIT');
      db.intact();
      db.raw.exec('CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, people_fts, instance)');
      const filed = {
        words: db.raw.prepare('SELECT * FROM people_name_words ORDER BY 1, 2, 3').all(),
        trigrams: db.raw.prepare('SELECT * FROM temp.fts_terms ORDER BY term, doc, offset').all(),
      };
      db.sql.close();
      return filed;
    };
    const byTriggers = await build(false);
    const deferred = await build(true);
    expect(new Set(byTriggers.words.map((w) => (w as { household_desa: string }).household_desa))).toEqual(
      new Set([...desas, ...desas.map((desa) => `#${desa}`)]),
    );
    expect(deferred.words).toEqual(byTriggers.words);
    expect(deferred.trigrams).toEqual(byTriggers.trigrams);
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
