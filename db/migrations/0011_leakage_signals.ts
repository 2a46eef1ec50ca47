import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Leakage signals and on-time disbursement (issue 15). A person's bank account and phone number
// beside the KKS card number (0006): specific data (UU PDP), shown only to roles with
// registry.readSpecific, and the identifiers by which one account or phone shared between
// unrelated families is found (core/signals). A period's due date, for "tersalurkan tepat
// waktu". Which signals someone checked, and what they found: a device's own record.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('bank_account', 'text').execute();
  await db.schema.alterTable('people').addColumn('phone_number', 'text').execute();
  for (const column of ['kks_number', 'bank_account', 'phone_number'])
    await db.schema
      .createIndex(`people_${column}`)
      .on('people')
      .columns([column, 'household_id'])
      .where(sql.ref(column), 'is not', null)
      .execute();
  await db.schema.alterTable('disbursement_periods').addColumn('due_date', 'text').execute();
  // Payments to a person (paid after death looks them up by the person).
  await db.schema
    .createIndex('disbursement_items_person')
    .on('disbursement_items')
    .column('person_id')
    .where(sql.ref('person_id'), 'is not', null)
    .execute();
  await db.schema
    .createTable('signal_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** shared_number | paid_ineligible | excluded_programs | person_two_households | amount_mismatch */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What was looked at: a new fact (another family on the same number) is a new signal. */
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('checked_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signal_checks_subject')
    .unique()
    .on('signal_checks')
    .columns(['kind', 'subject_key'])
    .execute();
}
