import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: an import syncs as chunks of up to 1,000 rows, one outbox row each, so the count of
// changes waiting for the server (the Sinkronisasi page) said 101 after 100,000 imported rows.
// Each outbox row now says how many changes it carries: 1, or a chunk's rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sync_outbox')
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The count is read from the index: a chunk's row_count sits after its JSON, in overflow pages.
  await db.schema.dropIndex('sync_outbox_pending').execute();
  await db.schema
    .createIndex('sync_outbox_pending')
    .on('sync_outbox')
    .columns(['acked_at', 'device_seq', 'row_count'])
    .execute();
  await sql`UPDATE sync_outbox SET row_count = json_array_length(changes_json, '$.rows') WHERE op = 'batch'`.execute(
    db,
  );
}
