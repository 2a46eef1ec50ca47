import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// An approved verification changes the family's programmes (core/verification/outcomes.ts):
// the enrolments it changed, with their values before and after, kept on the verification so
// the approval can be undone exactly. Synced with the verification.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('verifications')
    .addColumn('enrolment_changes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
