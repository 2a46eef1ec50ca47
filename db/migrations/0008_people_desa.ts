import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// A person's desa on the people table (household_desa: not desa_code, which households sync
// under that name, and LOCAL_COLUMNS goes by name), so a name search within a desa reads one index range
// instead of every person of that name in the city (issue 14). It is the family's desa, copied
// by triggers, so every path that adds, moves or re-places people (registry edits, splits,
// merges, imports, pulled sync rows, undo) keeps it right without knowing it exists. A device's
// own column (common/sync/tables.ts LOCAL_COLUMNS): never sent, never a change of its own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('household_desa', 'text').execute();
  await sql`UPDATE people SET household_desa = (SELECT h.desa_code FROM households h WHERE h.id = people.household_id)`.execute(
    db,
  );
  // A new person takes the family's desa. A pulled page may hold the person before the family
  // (foreign keys are off while it applies): then the family's insert below fills it in.
  await sql`CREATE TRIGGER people_desa_insert AFTER INSERT ON people BEGIN
      UPDATE people SET household_desa = (SELECT desa_code FROM households WHERE id = new.household_id)
        WHERE row_no = new.row_no;
    END`.execute(db);
  await sql`CREATE TRIGGER people_desa_move AFTER UPDATE OF household_id ON people
      WHEN new.household_id IS NOT old.household_id BEGIN
      UPDATE people SET household_desa = (SELECT desa_code FROM households WHERE id = new.household_id)
        WHERE row_no = new.row_no;
    END`.execute(db);
  await sql`CREATE TRIGGER people_desa_household_insert AFTER INSERT ON households BEGIN
      UPDATE people SET household_desa = new.desa_code WHERE household_id = new.id;
    END`.execute(db);
  // Pulled rows rewrite every column: only a real change of desa touches the members.
  await sql`CREATE TRIGGER people_desa_household_move AFTER UPDATE OF desa_code ON households
      WHEN new.desa_code IS NOT old.desa_code BEGIN
      UPDATE people SET household_desa = new.desa_code WHERE household_id = new.id;
    END`.execute(db);
  // A name within a desa (or an officer's desas): the prefix search reads one range.
  await db.schema
    .createIndex('people_desa_name')
    .on('people')
    .columns(['household_desa', 'name_key'])
    .execute();
  await db.schema
    .createIndex('people_desa_phonetic')
    .on('people')
    .columns(['household_desa', 'phonetic_key'])
    .execute();
}
