import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Attachment files travel between workstations (issue 16): each file waits here, sealed with
// the office files key, until the central server has it (core/sync/blobs.ts). Local machine
// state like the outbox: never synced, never audited (the file's row is). A file added before
// this migration waits unsealed until the office key is set; one whose file is not on this
// workstation (its row was pulled) leaves the queue at the first upload.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachment_uploads')
    .addColumn('attachment_id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** The file sealed with the office key (common/sync/blobs.ts); null until the key is set. */
    .addColumn('sealed', 'blob')
    .execute();
  await sql`INSERT INTO attachment_uploads (attachment_id, sha256)
            SELECT id, sha256 FROM attachments WHERE deleted_at IS NULL`.execute(db);
}
