import { qb, reusable, type Sql } from '../../db/sql.ts';
import type { DtksReleaseRowsTable } from '../../db/schema.ts';
import type { ReleaseRow } from './readRelease.ts';

export type MatchedBy = NonNullable<DtksReleaseRowsTable['matched_by']>;

/** A release row with the registry person and family it names, if any. */
export interface MatchedRow extends ReleaseRow {
  personId: string | null;
  householdId: string | null;
  matchedBy: MatchedBy | null;
}

const live = qb
  .selectFrom('people')
  .select(['id', 'household_id'])
  .where('deleted_at', 'is', null)
  .where('status', '!=', 'digabung');
const byDtksId = reusable((v: string) => live.where('dtks_id', '=', v).limit(1));
const byBdtId = reusable((v: string) => live.where('bdt_id', '=', v).limit(1));
const byNik = reusable((v: string) => live.where('nik', '=', v).limit(1));
const householdByKk = reusable((kk: string) =>
  qb
    .selectFrom('households')
    .select('id')
    .where('kk_number', '=', kk)
    .where('deleted_at', 'is', null)
    .limit(1),
);

/**
 * Finds whom each row names, by the identifiers the importer keeps, strongest first: ID DTKS,
 * IDARTBDT (both given by the ministry, they survive a corrected NIK), then NIK. A row naming
 * nobody still belongs to a registered family when its KK is one (a new member).
 */
export function matchRows(sql: Sql, rows: ReleaseRow[]): MatchedRow[] {
  return rows.map((row) => {
    const tries: [MatchedBy, string | null, typeof byNik][] = [
      ['dtks_id', row.dtksId, byDtksId],
      ['bdt_id', row.bdtId, byBdtId],
      ['nik', row.nik, byNik],
    ];
    for (const [by, value, query] of tries) {
      if (!value) continue;
      const person = sql.first(query(value));
      if (person) return { ...row, personId: person.id, householdId: person.household_id, matchedBy: by };
    }
    const family = row.kk ? sql.first(householdByKk(row.kk)) : undefined;
    return { ...row, personId: null, householdId: family?.id ?? null, matchedBy: family ? 'kk' : null };
  });
}
