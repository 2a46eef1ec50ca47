import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { openEncrypted, type SqliteDb } from '../../db/connection.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { MIGRATIONS } from '../../db/migrate.ts';
import { tempDir } from './tempDir.ts';

/**
 * A fresh encrypted database migrated up to, but not including, the migration whose name starts
 * with `number` ('0020'): a workstation as the release before it left it, for a migration's test
 * to fill with rows and then run `migrateToLatest` on.
 */
export async function databaseBefore(number: string): Promise<SqliteDb> {
  const raw = openEncrypted(`${tempDir()}/m.db`, newDatabaseKey(), { create: true });
  const earlier = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < number));
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => earlier },
    migrationTableName: 'kysely_migration',
  }).migrateToLatest();
  if (error) throw error;
  return raw;
}
