import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: a name search within a desa read the desa's whole (desa, name) index range when every
// word of the query was common in the city (48,000 entries at 1M people, p95 87 ms), because a
// word may sit anywhere in a name. Here each word of a person's folded name (three letters or
// more: shorter words are never looked up) is a key within the person's desa, so the people of a
// desa with a word are one index range. A query's word is a piece of a stored word ("anto" of
// "santoso"): the desa's distinct words, with how many people hold each, say which stored words
// hold it and which of the query's words is rarest in the desa; that one drives.
//
// name_key rides along so a multi-word query tests its other words on the entry, and the family
// is found on the desa's live names (below) at the same name and row, without reading a row. Removed people
// keep their entries (the search keeps live people only, as it does on every other index): one
// trigger fewer on every write. Words of a name key split through json_each: nameKey leaves
// only a-z and single spaces, nothing JSON would need escaped.
const words = (nameKey: string) => sql.raw(`json_each('["' || replace(${nameKey}, ' ', '","') || '"]')`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE people_name_words (
      household_desa TEXT NOT NULL,
      word TEXT NOT NULL,
      row_no INTEGER NOT NULL,
      name_key TEXT NOT NULL,
      PRIMARY KEY (household_desa, word, row_no)
    ) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE desa_name_words (
      household_desa TEXT NOT NULL,
      word TEXT NOT NULL,
      people INTEGER NOT NULL,
      PRIMARY KEY (household_desa, word)
    ) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO people_name_words (household_desa, word, row_no, name_key)
      SELECT DISTINCT p.household_desa, w.value, p.row_no, p.name_key FROM people p, ${words('p.name_key')} w
      WHERE p.household_desa IS NOT NULL AND length(w.value) >= 3
      ORDER BY 1, 2, 3`.execute(db);
  await sql`INSERT INTO desa_name_words (household_desa, word, people)
      SELECT household_desa, word, count(*) FROM people_name_words GROUP BY household_desa, word`.execute(db);
  // The counts follow the entries themselves, so an entry written twice (INSERT OR IGNORE below)
  // or never is never counted wrong.
  await sql`CREATE TRIGGER people_name_words_count AFTER INSERT ON people_name_words BEGIN
      INSERT INTO desa_name_words (household_desa, word, people) VALUES (new.household_desa, new.word, 1)
        ON CONFLICT DO UPDATE SET people = people + 1;
    END`.execute(db);
  await sql`CREATE TRIGGER people_name_words_uncount AFTER DELETE ON people_name_words BEGIN
      UPDATE desa_name_words SET people = people - 1
        WHERE household_desa = old.household_desa AND word = old.word;
    END`.execute(db);
  // A new person's words under the desa the row holds now: 0015's trigger may already have
  // corrected the desa the insert gave (trigger order is SQLite's to choose); if not, its update
  // moves the words by the trigger below. A person without a desa yet (pulled before the family)
  // gets the words when the family's insert sets it.
  await sql`CREATE TRIGGER people_name_words_insert AFTER INSERT ON people BEGIN
      INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
        SELECT p.household_desa, w.value, p.row_no, p.name_key FROM people p, ${words('p.name_key')} w
        WHERE p.row_no = new.row_no AND p.household_desa IS NOT NULL AND length(w.value) >= 3;
    END`.execute(db);
  // A renamed person, or one whose family's desa changed (0008's triggers copy it): pulled rows
  // rewrite every column, so only a real change touches the words.
  await sql`CREATE TRIGGER people_name_words_update AFTER UPDATE OF name_key, household_desa ON people
      WHEN new.name_key IS NOT old.name_key OR new.household_desa IS NOT old.household_desa BEGIN
      DELETE FROM people_name_words WHERE household_desa = old.household_desa AND row_no = old.row_no
        AND word IN (SELECT value FROM ${words('old.name_key')});
      INSERT OR IGNORE INTO people_name_words (household_desa, word, row_no, name_key)
        SELECT new.household_desa, w.value, new.row_no, new.name_key FROM ${words('new.name_key')} w
        WHERE new.household_desa IS NOT NULL AND length(w.value) >= 3;
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
  await sql`CREATE TRIGGER people_name_words_delete AFTER DELETE ON people BEGIN
      DELETE FROM people_name_words WHERE household_desa = old.household_desa AND row_no = old.row_no
        AND word IN (SELECT value FROM ${words('old.name_key')});
    END`.execute(db);
}
