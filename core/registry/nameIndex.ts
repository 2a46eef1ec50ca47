import type { Sql } from '../../db/sql.ts';

/**
 * The triggers that keep the trigram name index (people_fts) in step with people, and the row
 * they look at: an insert indexes the new row, an update or delete removes the old entry.
 */
const TRIGGERS = {
  people_fts_insert: 'new',
  people_fts_update: 'old',
  people_fts_delete: 'old',
  // The desa's name words (0020): one sorted statement at the end, where a row at a time wrote a
  // page of a 2,000,000-entry index apiece at 1M people.
  people_name_words_insert: 'new',
  people_name_words_update: 'old',
  people_name_words_delete: 'old',
} as const;

export interface DeferredNameIndex {
  /** Indexes every person added since the deferral began and puts the triggers back. */
  finish(): void;
}

/**
 * Lets a bulk import add many people without indexing each name as it goes. FTS5 writes its
 * pending entries to disk at every statement that touches it, so indexing 100,000 names one
 * insert at a time costs ~2 s against ~0.15 s for one statement at the end.
 *
 * Inside the caller's write transaction, the triggers are replaced by copies that act only on
 * rows that existed before (row_no up to the current highest); `finish` indexes the newer rows
 * with their final names in one statement and restores the triggers as they were. Whatever
 * happens to a new row in between (an update, a delete) is therefore never half-indexed. Both
 * steps are schema changes in the same transaction: a rollback undoes them with the rows, and
 * other connections never see the copies.
 */
export function deferNameIndex(sql: Sql): DeferredNameIndex {
  if (!sql.inTransaction) throw new Error('deferNameIndex outside a transaction');
  const raw = sql.raw;
  const last = raw.prepare('SELECT coalesce(max(row_no), 0) FROM people').pluck().get() as number;
  const originals = new Map<string, string>();
  for (const [name, row] of Object.entries(TRIGGERS)) {
    const original = raw
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
      .pluck()
      .get(name) as string | undefined;
    if (!original) throw new Error(`trigger ${name} not found`);
    const guarded = original.replace(/\sBEGIN\s/, ` WHEN ${row}.row_no <= ${last} BEGIN\n`);
    if (guarded === original) throw new Error(`trigger ${name} has no BEGIN`);
    originals.set(name, original);
    raw.exec(`DROP TRIGGER ${name}; ${guarded}`);
  }
  return {
    finish() {
      raw
        .prepare(
          'INSERT INTO people_fts(rowid, name_key) SELECT row_no, name_key FROM people WHERE row_no > ?',
        )
        .run(last);
      // As 0020's insert trigger files a person: each word under the desa, and each desa's new
      // words once in its word list (a few hundred entries, not one per person).
      const words = `FROM people p, json_each('["' || replace(p.name_key, ' ', '","') || '"]') w
        WHERE p.row_no > ? AND p.household_desa IS NOT NULL AND length(w.value) >= 3`;
      raw
        .prepare(
          `INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
           SELECT * FROM (SELECT p.household_desa, w.value, p.row_no, p.name_key ${words} ORDER BY 1, 2, 3)`,
        )
        .run(last);
      raw
        .prepare(
          `INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
           SELECT * FROM (SELECT DISTINCT '#' || p.household_desa, w.value, 0, '' ${words} ORDER BY 1, 2)`,
        )
        .run(last);
      for (const [name, original] of originals) raw.exec(`DROP TRIGGER ${name}; ${original}`);
    },
  };
}
