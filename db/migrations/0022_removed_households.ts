import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 14: a family list by name takes its families from the matched people's index entries,
// which already hold each person's desa (the family's, kept by 0008's triggers) and liveness. What
// they cannot say is whether the family itself was removed or is no longer aktif (the list's
// default filter): the registry removes a family's members with it, but a sync merge can leave a
// live member in a removed family. Asking the live families' index (0015) about ~450 matched
// families read ~400 of its pages, spread over the city (4-5 ms CPU of a 13 ms query at 1M
// people, on pages outside the 32 MB cache). The families set aside (removed, or not aktif) are
// the few: their ids fit in a handful of pages that stay in the cache, so the list asks which of
// its families are among them instead. Retention's index of the removed (0007) holds the removal
// time, not the id, so it cannot answer without reading each removed family's row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX households_set_aside ON households(id, deleted_at, status)
      WHERE deleted_at IS NOT NULL OR status != 'aktif'`.execute(db);
}
