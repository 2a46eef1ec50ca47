import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// What an office shares between its workstations (issue 16, "shared where the office expects
// it"). The report settings (letterhead, city, signatories, logo) leave the key-value `settings`
// table, which stays local (it may hold per-machine values), for one synced row whose fields
// merge one by one: two offices editing the same line of the letterhead make a field conflict
// like any other row, editing different lines merges. Import templates (import_mappings) sync
// too, one per kind and name (common/sync/tables.ts), and frozen reports, one per parameters and
// revision: they need no new column. Leakage-signal checks (signal_checks) sync with their family's
// area and keep the checker's name, since the user id they hold is the workstation's own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_settings')
    /** Always "office": every workstation writes the same row, so the server merges them. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** JSON array of the letterhead's lines. Null columns mean the app's default. */
    .addColumn('kop_lines_json', 'text')
    .addColumn('kop_address', 'text')
    .addColumn('kop_phone', 'text')
    .addColumn('kop_email', 'text')
    .addColumn('kop_website', 'text')
    .addColumn('city', 'text')
    /** Per report kind: signatories and masking (JSON). */
    .addColumn('reports_json', 'text')
    .addColumn('logo_sha256', 'text')
    /** {mime, dataBase64}: the logo itself, so every workstation prints it (at most 300 KB). */
    .addColumn('logo_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await moveReportSettings(db);
  await db.schema.alterTable('signal_checks').addColumn('checked_by_name', 'text').execute();
  await sql`UPDATE signal_checks SET checked_by_name =
    (SELECT u.full_name FROM users u WHERE u.id = signal_checks.checked_by)`.execute(db);
  await baselineLater(db, ['report_settings', 'import_mappings', 'report_snapshots', 'signal_checks']);
}

/** The workstation's settings as they were (settings "reports", meta "reports.logo") move into the row. */
async function moveReportSettings(db: Kysely<any>): Promise<void> {
  const setting = await db
    .selectFrom('settings')
    .select(['value_json', 'updated_at'])
    .where('key', '=', 'reports')
    .executeTakeFirst();
  if (!setting) return;
  const stored = JSON.parse(setting.value_json as string) as {
    kop?: { lines: string[]; address: string; phone: string; email: string; website: string };
    city?: string;
    reports?: unknown;
    logoSha256?: string | null;
  };
  const logo = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'reports.logo')
    .executeTakeFirst();
  await db
    .insertInto('report_settings')
    .values({
      id: 'office',
      kop_lines_json: stored.kop ? JSON.stringify(stored.kop.lines) : null,
      kop_address: stored.kop?.address ?? null,
      kop_phone: stored.kop?.phone ?? null,
      kop_email: stored.kop?.email ?? null,
      kop_website: stored.kop?.website ?? null,
      city: stored.city ?? null,
      reports_json: stored.reports ? JSON.stringify(stored.reports) : null,
      logo_sha256: stored.logoSha256 && logo ? stored.logoSha256 : null,
      logo_json: stored.logoSha256 && logo ? logo.value : null,
      version: 1,
      created_at: setting.updated_at,
      updated_at: setting.updated_at,
    })
    .execute();
  await db.deleteFrom('settings').where('key', '=', 'reports').execute();
  await db.deleteFrom('meta').where('key', '=', 'reports.logo').execute();
}

/**
 * A workstation enrolled before this migration sent its rows once, at enrolment (the baseline),
 * when these tables were not synced: their rows go out at its next sync (core/sync/engine.ts).
 */
async function baselineLater(db: Kysely<any>, tables: string[]): Promise<void> {
  const done = await db
    .selectFrom('sync_state')
    .select('value')
    .where('key', '=', 'baselineDone')
    .executeTakeFirst();
  if (done?.value !== 'true') return;
  await sql`INSERT INTO sync_state (key, value) VALUES ('baselinePending', ${JSON.stringify(tables)})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db);
}
