import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// An import syncs as chunks of rows (common/sync/batch.ts); the batch keeps the digest over
// them, so its audit entry (import.commit) binds what was synced to what was imported.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_batches').addColumn('sync_sha256', 'text').execute();
}
