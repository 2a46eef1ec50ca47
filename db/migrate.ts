import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { AppFailure } from '../common/errors.ts';
import type { SqliteDb } from './connection.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_registry.ts';
import * as m0003 from './migrations/0003_import.ts';
import * as m0004 from './migrations/0004_sync.ts';
import * as m0005 from './migrations/0005_reports.ts';
import * as m0006 from './migrations/0006_national_ids.ts';
import * as m0007 from './migrations/0007_retention.ts';
import * as m0008 from './migrations/0008_people_desa.ts';
import * as m0010 from './migrations/0010_import_batch_rows.ts';
import * as m0011 from './migrations/0011_leakage_signals.ts';
import * as m0012 from './migrations/0012_verification_outcomes.ts';
import * as m0013 from './migrations/0013_dtks_releases.ts';
import * as m0015 from './migrations/0015_search_and_batch_redaction.ts';
import * as m0016 from './migrations/0016_batch_sync.ts';
import * as m0017 from './migrations/0017_office_settings_sync.ts';
import * as m0018 from './migrations/0018_search_sound_index.ts';
import * as m0019 from './migrations/0019_attachment_uploads.ts';
import * as m0020 from './migrations/0020_desa_name_words.ts';
import * as m0022 from './migrations/0022_removed_households.ts';
import * as m0023 from './migrations/0023_import_undo_batch.ts';
import * as m0024 from './migrations/0024_outbox_row_count.ts';
import * as m0025 from './migrations/0025_password_version.ts';

/** In order; names sort the same as the array. Forward only: there is no `down`. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registry': m0002,
  '0003_import': m0003,
  '0004_sync': m0004,
  '0005_reports': m0005,
  '0006_national_ids': m0006,
  '0007_retention': m0007,
  '0008_people_desa': m0008,
  '0010_import_batch_rows': m0010,
  '0011_leakage_signals': m0011,
  '0012_verification_outcomes': m0012,
  '0013_dtks_releases': m0013,
  '0015_search_and_batch_redaction': m0015,
  '0016_batch_sync': m0016,
  '0017_office_settings_sync': m0017,
  '0018_search_sound_index': m0018,
  '0019_attachment_uploads': m0019,
  '0020_desa_name_words': m0020,
  '0022_removed_households': m0022,
  '0023_import_undo_batch': m0023,
  '0024_outbox_row_count': m0024,
  '0025_password_version': m0025,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1) as string;

const MIGRATION_TABLE = 'kysely_migration';

function appliedMigrations(raw: SqliteDb): string[] {
  const exists = raw
    .prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name=?`)
    .get(MIGRATION_TABLE);
  if (!exists) return [];
  return (raw.prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/**
 * Brings the database up to this app's schema. A database written by a newer app (it has
 * migrations we do not know) is refused before anything is touched.
 */
export async function migrateToLatest(raw: SqliteDb): Promise<{ applied: string[] }> {
  const unknown = appliedMigrations(raw).filter((name) => !(name in MIGRATIONS));
  if (unknown.length) {
    throw new AppFailure(
      'DB_NEWER',
      `Database ini dibuat oleh versi Bansos Desk yang lebih baru (perubahan ${unknown.join(', ')}). Perbarui aplikasi ini ke versi terbaru, lalu buka lagi.`,
    );
  }
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  // Not db.destroy(): that would close the shared connection.
  if (error) throw error;
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
