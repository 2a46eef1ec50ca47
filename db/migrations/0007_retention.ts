import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// UU PDP retention (core/retention): when a removed family's or person's personal data was
// purged, which audit entries and sent outbox rows had their values redacted by which purge,
// and which families each bulk export or BNBA print disclosed (for Data Saya).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('purged_at', 'text').execute();
  await db.schema.alterTable('households').addColumn('purged_at', 'text').execute();
  /** The id of the retention.purge audit entry that redacted this entry's values. */
  await db.schema.alterTable('audit_log').addColumn('redacted_by', 'text').execute();
  await db.schema.alterTable('sync_outbox').addColumn('redacted_by', 'text').execute();
  await db.schema
    .createTable('disclosures')
    .addColumn('household_id', 'text', (c) => c.notNull())
    /** The audit entry of the export or print (export.list, reports.print, reports.export). */
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosures_pk', ['household_id', 'audit_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  for (const table of ['people', 'households'])
    await db.schema
      .createIndex(`${table}_purged_at`)
      .on(table)
      .column('purged_at')
      .where(sql.ref('purged_at'), 'is not', null)
      .execute();
  await db.schema
    .createIndex('households_deleted_at')
    .on('households')
    .column('deleted_at')
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
}
