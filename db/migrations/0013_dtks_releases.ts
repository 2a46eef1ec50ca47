import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// DTKS/DTSEN releases (issue 15). The ministry sends each city its social-welfare data a few
// times a year; each file is kept as a release (its date, source and file hash), with its rows
// as read and the registry person or family each matched. Reconciling a release lists what
// differs from the registry (new, gone, desil up/down, name, KK, address, died) as items the
// clerk accepts or refuses; the items carry the decision. A workstation's own record: the
// accepted changes sync as the registry rows they change.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dtks_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Where it came from, as the clerk names it ("DTSEN Kemensos", "DTKS Dinsos Provinsi"). */
    .addColumn('source', 'text', (c) => c.notNull())
    /** The date the ministry gives the data (YYYY-MM-DD): the desil's "as of". */
    .addColumn('release_date', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    /** SHA-256 over the stored rows (core/release/store.ts), so the audit entry vouches for them. */
    .addColumn('rows_sha256', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dtks_release_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('dtks_id', 'text')
    .addColumn('bdt_id', 'text')
    .addColumn('nik', 'text')
    .addColumn('kk_number', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('desa_code', 'text')
    .addColumn('desil', 'integer')
    .addColumn('died', 'integer', (c) => c.notNull())
    /** The registry person and family the row was matched to, and by what. */
    .addColumn('person_id', 'text')
    .addColumn('household_id', 'text')
    .addColumn('matched_by', 'text')
    .execute();
  await db.schema
    .createIndex('dtks_release_rows_household')
    .on('dtks_release_rows')
    .columns(['release_id', 'household_id'])
    .execute();
  await db.schema
    .createTable('dtks_release_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull())
    /** new | gone | desil_up | desil_down | name | kk | address | died */
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('release_row_id', 'text')
    .addColumn('desa_code', 'text')
    /** Whom it is about, as shown in the list (the person, or the family's head). */
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('before_value', 'text')
    .addColumn('after_value', 'text')
    /** null while open | diterima | ditolak */
    .addColumn('decision', 'text')
    .addColumn('reason', 'text')
    .addColumn('verification_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dtks_release_changes_release')
    .on('dtks_release_changes')
    .columns(['release_id', 'category'])
    .execute();
}
