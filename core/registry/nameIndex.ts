import type { SqliteDb } from '../../db/connection.ts';
import type { Sql } from '../../db/sql.ts';

/**
 * The triggers that keep the trigram name index (people_fts) in step with people, and the row
 * they look at: an insert indexes the new row, an update or delete removes the old entry.
 */
const TRIGGERS = {
  people_fts_insert: 'new',
  people_fts_update: 'old',
  people_fts_delete: 'old',
  // The desa's name words (0020): filed in desa order at the end, where a row at a time wrote a
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
 * with their final names (the name words `chunkPeople` people at a time, see `fileNameWords`)
 * and restores the triggers as they were. Whatever
 * happens to a new row in between (an update, a delete) is therefore never half-indexed. Both
 * steps are schema changes in the same transaction: a rollback undoes them with the rows, and
 * other connections never see the copies.
 */
export function deferNameIndex(sql: Sql, chunkPeople = CHUNK_PEOPLE): DeferredNameIndex {
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
      fileNameWords(raw, last, chunkPeople);
      for (const [name, original] of originals) raw.exec(`DROP TRIGGER ${name}; ${original}`);
    },
  };
}

/**
 * People whose name words one statement files at most (a desa with more goes alone). The
 * statement sorts its entries in memory (temp_store = MEMORY): one statement for 100,000 people
 * sorted ~300,000 entries, 27 MB more at the peak, against 6 MB in groups of 20,000, for the
 * same CPU (2.0 s against 2.1 s for the whole `finish`).
 */
const CHUNK_PEOPLE = 20_000;

/**
 * Files the name words of the people after row `last` as 0020's insert trigger files a person's:
 * each word under the desa, and each desa's new words once in its word list (a few hundred
 * entries, not one per person). A few desa at a time, in desa order, each group's entries
 * sorted: the desa's entries are written in index order, as by a single statement, and the
 * sort held in memory stays one group's. Each group costs a pass over the new rows' desa, so
 * the groups are large: a handful for a city-sized import.
 */
function fileNameWords(raw: SqliteDb, last: number, chunkPeople: number): void {
  const words = `FROM people p, json_each('["' || replace(p.name_key, ' ', '","') || '"]') w
    WHERE p.row_no > ? AND p.household_desa IN (SELECT value FROM json_each(?)) AND length(w.value) >= 3`;
  const entries = raw.prepare(
    `INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
     SELECT * FROM (SELECT p.household_desa, w.value, p.row_no, p.name_key ${words} ORDER BY 1, 2, 3)`,
  );
  const list = raw.prepare(
    `INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
     SELECT * FROM (SELECT DISTINCT '#' || p.household_desa, w.value, 0, '' ${words} ORDER BY 1, 2)`,
  );
  for (const desas of desaGroups(raw, last, chunkPeople)) {
    entries.run(last, JSON.stringify(desas));
    list.run(last, JSON.stringify(desas));
  }
}

/** The desa of the people after row `last`, in order, grouped up to `chunkPeople` people a group. */
function desaGroups(raw: SqliteDb, last: number, chunkPeople: number): string[][] {
  const counts = new Map<string, number>();
  const desaOf = raw
    .prepare('SELECT household_desa FROM people WHERE row_no > ? AND household_desa IS NOT NULL')
    .pluck();
  for (const desa of desaOf.iterate(last) as IterableIterator<string>)
    counts.set(desa, (counts.get(desa) ?? 0) + 1);
  const groups: string[][] = [];
  let group: string[] = [];
  let people = 0;
  // Code-unit order, as SQLite's for these codes: it only makes the writes one ordered pass.
  for (const desa of [...counts.keys()].sort()) {
    if (group.length && people + counts.get(desa)! > chunkPeople) {
      groups.push(group);
      group = [];
      people = 0;
    }
    group.push(desa);
    people += counts.get(desa)!;
  }
  if (group.length) groups.push(group);
  return groups;
}
