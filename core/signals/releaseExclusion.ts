import { rows, type DetectContext, type Detected } from './detected.ts';
import { LATEST_RELEASE } from './releaseInclusion.ts';

interface Unserved {
  household_id: string;
  release_id: string;
  release_name: string;
  desil: number;
}

/**
 * Possible exclusion errors: a registered family the latest release ranks in desil 1-4 that is
 * in no programme (no enrolment proposed, active or suspended). One case per family and
 * release.
 */
export function releaseExclusion(ctx: DetectContext): Detected[] {
  const found = rows<Unserved>(
    ctx.sql,
    `WITH latest AS (${LATEST_RELEASE})
     SELECT r.household_id, latest.id AS release_id, latest.source || ' ' || latest.release_date AS release_name,
            MIN(r.desil) AS desil
       FROM latest
       JOIN dtks_release_rows r ON r.release_id = latest.id
       JOIN households h ON h.id = r.household_id
      WHERE h.deleted_at IS NULL AND h.status = 'aktif'
        AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.household_id = h.id AND e.deleted_at IS NULL
                          AND e.status IN ('usulan', 'aktif', 'ditangguhkan'))
      GROUP BY r.household_id
     HAVING MIN(r.desil) BETWEEN 1 AND 4
      ORDER BY r.household_id`,
  );
  return found.map((f) => ({
    kind: 'release_exclusion',
    key: `${f.household_id}:${f.release_id}:desil${f.desil}`,
    householdIds: [f.household_id],
    reason: `Desil ${f.desil} menurut rilis ${f.release_name}, tetapi tidak terdaftar di program apa pun.`,
  }));
}
