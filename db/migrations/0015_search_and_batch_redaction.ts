import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: search indexes and a cheaper people insert; retention reaching an import's record.
// 0008's triggers copy the family's desa onto every new or moved person. An insert that already
// carries the right desa (the registry and the importer supply it) should not pay for a second
// write of the row and its indexes, which doubled a bare insert of 100,000 people (issue 14). The
// guard compares with the family's desa rather than testing for NULL, so a wrong or missing value
// is still corrected: the copy stays right without trusting any caller.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER people_desa_insert`.execute(db);
  await sql`CREATE TRIGGER people_desa_insert AFTER INSERT ON people
      WHEN new.household_desa IS NOT (SELECT desa_code FROM households WHERE id = new.household_id) BEGIN
      UPDATE people SET household_desa = (SELECT desa_code FROM households WHERE id = new.household_id)
        WHERE row_no = new.row_no;
    END`.execute(db);
  await sql`DROP TRIGGER people_desa_move`.execute(db);
  await sql`CREATE TRIGGER people_desa_move AFTER UPDATE OF household_id ON people
      WHEN new.household_id IS NOT old.household_id
        AND new.household_desa IS NOT (SELECT desa_code FROM households WHERE id = new.household_id) BEGIN
      UPDATE people SET household_desa = (SELECT desa_code FROM households WHERE id = new.household_id)
        WHERE row_no = new.row_no;
    END`.execute(db);
  // A city-wide name range of a search reads only live people's row, family and desa (core/
  // registry/search.ts): with these in the index no row is read, so the first 500 people of a
  // common name cost a few index pages. row_no is named so the order within one name stays the
  // row order; deleted_at is named so SQLite sees the index covers the query (it does not count
  // the partial index's condition as a column). It replaces 0002's index on the name alone,
  // whose other reader (the duplicate scan) also wants live people only.
  await sql`DROP INDEX people_name_key`.execute(db);
  await sql`CREATE INDEX people_name_live ON people(name_key, row_no, household_desa, household_id, deleted_at)
      WHERE deleted_at IS NULL`.execute(db);
  // A family list's page counts each family's live members: with the member's state in the
  // index, no member row is read (it replaces 0002's index on the family alone, which it covers).
  await sql`DROP INDEX people_household`.execute(db);
  await sql`CREATE INDEX people_household_members ON people(household_id, deleted_at, status)`.execute(db);
  // A name query lists the families of up to 500 people: which of them are live (and in the
  // chosen desa, status and desil) is read from this index, not from 500 family rows.
  await sql`CREATE INDEX households_live ON households(id, desa_code, status, desil, deleted_at)
      WHERE deleted_at IS NULL`.execute(db);
  // Retention (UU PDP) reaches an import's record: a purged family's before-values in
  // import_batch_rows are redacted like its audit entries (core/retention/purge.ts). The line
  // keeps the SHA-256 of the values it held, which the batch's sum was made of, and names the
  // purge that redacted it; audit verify accepts it only when that purge lists the line with
  // that hash (core/audit/batch.ts).
  await db.schema.alterTable('import_batch_rows').addColumn('before_sha256', 'text').execute();
  await db.schema.alterTable('import_batch_rows').addColumn('redacted_by', 'text').execute();
}
