import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: a name search within a desa read the desa's whole (desa, name) index range when every
// word of the query was common in the city (48,000 entries at 1M people, p95 87 ms), because a
// word may sit anywhere in a name. Here each word of a person's folded name (three letters or
// more: shorter words are never looked up) is a key within the person's desa, so the people of a
// desa with a word are one index range. A query's word is a piece of a stored word ("anto" of
// "santoso"): the desa's distinct words say which stored words hold it. They are entries of the
// same table, under '#' and the desa with row 0, so the statement that files a person's words
// files them too: a table of its own (with counts, by a trigger) cost twice as much again on
// every insert (100,000 people: +2.3 s CPU against +1.3 s for the words). A word no one in the
// desa holds any more keeps that entry; it only costs the search an empty range.
//
// name_key rides along so a multi-word query tests its other words on the entry, and the family
// is found on the desa's live names (below) at the same name and row, without reading a row.
// Removed people keep their entries (the search keeps live people only, as it does on every
// other index): one trigger fewer on every write. Words of a name key split through json_each: nameKey leaves
// only a-z and single spaces, nothing JSON would need escaped.
const wordsOf = (nameKey: string) => `json_each('["' || replace(${nameKey}, ' ', '","') || '"]')`;
const words = (nameKey: string) => sql.raw(wordsOf(nameKey));

/**
 * The entries filing a person's words (`p`, read from `from`): each under the desa, and each in
 * the desa's word list ('#' and the desa, row 0, no name).
 */
const filed = (p: string, from: string, where: string) =>
  sql.raw(`SELECT CASE k.list WHEN 1 THEN '#' || ${p}.household_desa ELSE ${p}.household_desa END,
      w.value, CASE k.list WHEN 1 THEN 0 ELSE ${p}.row_no END, CASE k.list WHEN 1 THEN '' ELSE ${p}.name_key END
    FROM ${from}${wordsOf(`${p}.name_key`)} w, (SELECT 0 AS list UNION ALL SELECT 1) k
    WHERE ${where} ${p}.household_desa IS NOT NULL AND length(w.value) >= 3`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE people_name_words (
      household_desa TEXT NOT NULL,
      word TEXT NOT NULL,
      row_no INTEGER NOT NULL,
      name_key TEXT NOT NULL,
      PRIMARY KEY (household_desa, word, row_no)
    ) WITHOUT ROWID`.execute(db);
  await sql`INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
      SELECT * FROM (${filed('p', 'people p, ', '')} ORDER BY 1, 2, 3)`.execute(db);
  // A new person's words under the desa the row holds now: 0015's trigger may already have
  // corrected the desa the insert gave (trigger order is SQLite's to choose); if not, its update
  // moves the words by the trigger below. A person without a desa yet (pulled before the family)
  // gets the words when the family's insert sets it.
  await sql`CREATE TRIGGER people_name_words_insert AFTER INSERT ON people BEGIN
      INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
        ${filed('p', 'people p, ', 'p.row_no = new.row_no AND')};
    END`.execute(db);
  // A renamed person, or one whose family's desa changed (0008's triggers copy it): pulled rows
  // rewrite every column, so only a real change touches the words. The condition is in the
  // statements, not a WHEN clause, because a bulk import adds its own WHEN to these triggers
  // while it defers them (core/registry/nameIndex.ts).
  await sql`CREATE TRIGGER people_name_words_update AFTER UPDATE OF name_key, household_desa ON people BEGIN
      DELETE FROM people_name_words WHERE household_desa = old.household_desa AND row_no = old.row_no
        AND word IN (SELECT value FROM ${words('old.name_key')})
        AND (new.name_key IS NOT old.name_key OR new.household_desa IS NOT old.household_desa);
      INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
        ${filed('new', '', '(new.name_key IS NOT old.name_key OR new.household_desa IS NOT old.household_desa) AND')};
    END`.execute(db);
  await sql`CREATE TRIGGER people_name_words_delete AFTER DELETE ON people BEGIN
      DELETE FROM people_name_words WHERE household_desa = old.household_desa AND row_no = old.row_no
        AND word IN (SELECT value FROM ${words('old.name_key')});
    END`.execute(db);
  // The matches' families, and a whole-name prefix within a desa, on the desa's live names: with
  // the row and the family in the index no row is read, and a desa's people of one name sit
  // together, where on the city's name index (0015) they are spread among the whole city's
  // (2,500 "Siti Santoso" over some 40 pages at 1M people, for the desa's 100). It replaces
  // 0008's (desa, name) index, whose only reader this search was.
  await sql`DROP INDEX people_desa_name`.execute(db);
  await sql`CREATE INDEX people_desa_name_live
      ON people(household_desa, name_key, row_no, household_id, deleted_at)
      WHERE deleted_at IS NULL`.execute(db);
}
