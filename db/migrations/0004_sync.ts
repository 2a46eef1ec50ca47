import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Sync with the central server (core/sync, ARCHITECTURE.md "Sync").
export async function up(db: Kysely<any>): Promise<void> {
  // The transactional outbox: one row per change of a synced row, appended by Changes in the
  // change's own transaction. Gapless device_seq, hash-chained; kept after the ack (acked_at).
  await db.schema
    .createTable('sync_outbox')
    .addColumn('device_seq', 'integer', (c) => c.primaryKey())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('acked_at', 'text')
    .execute();
  await db.schema
    .createIndex('sync_outbox_pending')
    .on('sync_outbox')
    .columns(['acked_at', 'device_seq'])
    .execute();
  await db.schema
    .createIndex('sync_outbox_entity')
    .on('sync_outbox')
    .columns(['entity', 'entity_id'])
    .execute();

  // Enrolment, secret, cursor, schedule and last outcome: local to this workstation.
  await db.schema
    .createTable('sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // The server's conflicts queue as of the last sync, for the Sinkronisasi page.
  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('view_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}
