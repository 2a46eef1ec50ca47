import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Identifiers that link a person or a family to national data (DOMAIN.md "Code lists in real
// files"): kept from imported DTKS/BDT/Kemensos files, so a later DTKS release can be matched
// to the people it names by more than NIK and KK.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('dtks_id', 'text').execute();
  await db.schema.alterTable('people').addColumn('bdt_id', 'text').execute();
  /** The KKS card number: financial data, shown only to roles with registry.readSpecific. */
  await db.schema.alterTable('people').addColumn('kks_number', 'text').execute();
  /** IDKELUARGA (BDT) or IDSEMESTA (DTSEN): the national id of the family. */
  await db.schema.alterTable('households').addColumn('family_ref', 'text').execute();
  await db.schema.createIndex('people_dtks_id').on('people').column('dtks_id').execute();
  await db.schema.createIndex('people_bdt_id').on('people').column('bdt_id').execute();
  await db.schema.createIndex('households_family_ref').on('households').column('family_ref').execute();
}
