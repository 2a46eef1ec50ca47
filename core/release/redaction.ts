import { REDACTED } from '../../common/audit/redaction.ts';
import { PURGED_NAME } from '../../common/domain/retention.ts';
import type { Sql } from '../../db/sql.ts';

/**
 * A retention purge (UU PDP) reaches the releases too: a release keeps each row as the ministry
 * sent it, and the reconciliation names whom each item is about, with the values before and
 * after. The rows and items matched to a purged family or person lose their personal values
 * (the release's counts, desil and desa stay, as the registry's do). Run by redactTrail after
 * every purge and every adopted one, so each workstation's own releases are cleaned; idempotent.
 * The release's rows_sha256 was made over the rows as read: it vouches for the file at import
 * time, and nothing verifies it later against rows a purge may since have cleaned.
 */
export function redactReleaseRecords(sql: Sql, purged: { households: string[]; people: string[] }): number {
  const households = JSON.stringify(purged.households);
  const people = JSON.stringify(purged.people);
  const rows = sql.raw
    .prepare(
      `UPDATE dtks_release_rows
       SET nik = NULL, kk_number = NULL, dtks_id = NULL, bdt_id = NULL, name = ?, birth_date = NULL, address = ?
       WHERE name <> ? AND (household_id IN (SELECT value FROM json_each(?)) OR person_id IN (SELECT value FROM json_each(?)))`,
    )
    .run(PURGED_NAME, REDACTED, PURGED_NAME, households, people).changes;
  const items = sql.raw
    .prepare(
      `UPDATE dtks_release_changes SET subject_name = ?, before_value = NULL, after_value = NULL
       WHERE subject_name <> ? AND (household_id IN (SELECT value FROM json_each(?)) OR person_id IN (SELECT value FROM json_each(?)))`,
    )
    .run(PURGED_NAME, PURGED_NAME, households, people).changes;
  return rows + items;
}
