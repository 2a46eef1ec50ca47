import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: a name search within a desa looks for sound-alikes on the desa's (desa, sound) index
// (0008), then read each candidate's row for its name and family: up to 2,000 rows, a page each,
// 13 ms of a 50 ms search at 1M people. With the name key (what the spelling check compares) and
// the family in the index, no row is read. Live people only, as every search asks: row_no is
// named so the order within one sound code stays the row order, deleted_at so SQLite sees the
// index covers the query. It replaces 0008's index, whose only reader this search was.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX people_desa_phonetic`.execute(db);
  await sql`CREATE INDEX people_desa_sound_live
      ON people(household_desa, phonetic_key, row_no, name_key, household_id, deleted_at)
      WHERE deleted_at IS NULL`.execute(db);
}
