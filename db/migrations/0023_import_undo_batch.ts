import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: undoing an import is audited and synced as a batch, as the import was. The undo's
// own record (import_batch_rows) hangs off an import_batches row of its own, which names the
// batch it undoes; the import list shows the undone batch, not that row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_batches').addColumn('undoes', 'text').execute();
}
