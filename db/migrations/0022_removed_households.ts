import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: a family list by name takes its families from the matched people's index entries,
// which already hold each person's desa (the family's, kept by 0008's triggers) and liveness. What
// they cannot say is whether the family itself was removed: the registry removes a family's
// members with it, but a sync merge can leave a live member in a removed family. Asking the live
// families' index (0015) about ~450 matched families read ~400 of its pages, spread over the
// city (4-5 ms CPU of a 13 ms query at 1M people, on pages outside the 32 MB cache). The removed
// families are few, so their ids fit in a handful of pages that stay in the cache: the list asks
// which of its families are there instead.
// Retention's index of them (0007) holds the removal time, not the id, so it cannot answer
// without reading each removed family's row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX households_removed ON households(id) WHERE deleted_at IS NOT NULL`.execute(db);
}
