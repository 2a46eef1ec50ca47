import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// An import is audited as a batch (issue 14): one audit entry per import, and here the batch's
// full record, one row per row it created, changed or removed: the family it concerns (Data Saya
// and the family's history find the batch through it), the values a changed row had before (undo
// puts them back), the row's version and the SHA-256 of its canonical content as the batch left
// it (audit verify checks both against the batch entry's hash). Kept in the encrypted database
// like everything else; local to the workstation, like the batch it belongs to.
// The batch's own row gains what its audit entry must carry: the file's SHA-256, the SHA-256
// over the record (its rows' hashes in table and id order) and how many rows the record holds.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_batches').addColumn('file_sha256', 'text').execute();
  await db.schema.alterTable('import_batches').addColumn('rows_sha256', 'text').execute();
  await db.schema.alterTable('import_batches').addColumn('row_count', 'integer').execute();
  await db.schema
    .createTable('import_batch_rows')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_batch_rows_pk', ['batch_id', 'entity', 'entity_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema
    .createIndex('import_batch_rows_row')
    .on('import_batch_rows')
    .columns(['entity', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('import_batch_rows_household')
    .on('import_batch_rows')
    .columns(['household_id'])
    .where('household_id', 'is not', null)
    .execute();
}
