import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Printable reports (core/reports): the frozen document of a closed disbursement period.
export async function up(db: Kysely<any>): Promise<void> {
  // A report of closed periods is stored the first time it is produced: its document (the
  // numbers, the letterhead and signatories of that moment) and the SHA-256 of its content,
  // whose short form is printed as the verification code. Reprinting reads this row, so the
  // same document comes out. A reissue (after a correction) adds revision n+1 and marks the
  // old row superseded; rows are never deleted.
  await db.schema
    .createTable('report_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report', 'text', (c) => c.notNull())
    /** Canonical JSON of the parameters and the caller's area: one frozen document per key. */
    .addColumn('params_key', 'text', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('period_ids_json', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('superseded_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_snapshots_key')
    .unique()
    .on('report_snapshots')
    .columns(['params_key', 'revision'])
    .execute();
  await db.schema.createIndex('report_snapshots_code').on('report_snapshots').column('code').execute();

  // Report and dashboard sums read only these indexes, never the rows: the monthly report of
  // a 58,000-recipient period in ~0.1 s instead of ~0.5 s (tests/bench/reports.ts).
  await db.schema
    .createIndex('report_items')
    .on('disbursement_items')
    .columns(['period_id', 'desa_code', 'status', 'channel', 'not_paid_reason', 'amount'])
    .execute();
  await db.schema
    .createIndex('report_enrolments')
    .on('enrolments')
    .columns(['status', 'deleted_at', 'program_id', 'household_id', 'person_id', 'start_date', 'end_date'])
    .execute();
}
