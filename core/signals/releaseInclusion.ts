import { rows, type DetectContext, type Detected } from './detected.ts';

/**
 * Programmes that take their recipients from DTKS/DTSEN, with the highest desil each serves
 * (DOMAIN.md: bansos goes to desil 1-4). The city's own incentive chooses by its own rules and
 * is not checked here. Until the Program page keeps a limit per programme, this is the rule.
 */
export const DTKS_PROGRAMMES: Record<string, number> = { PKH: 4, BPNT: 4, PBI_JK: 4, BLT_DD: 4 };

/** The newest release: the one whose absence or desil means something today. */
export const LATEST_RELEASE = `SELECT id, source, release_date FROM dtks_releases
                                ORDER BY release_date DESC, created_at DESC LIMIT 1`;

interface Enrolled {
  household_id: string;
  release_id: string;
  release_name: string;
  /** The family's desil in the release, or null when the release does not name it. */
  desil: number | null;
  named: number;
  programs: string;
}

/**
 * Possible inclusion errors: a family active in a DTKS programme that the latest release no
 * longer names, or names with a desil above the programme's limit. One case per family and
 * release; a new release (or a desil change) opens it again.
 */
export function releaseInclusion(ctx: DetectContext): Detected[] {
  const codes = JSON.stringify(Object.keys(DTKS_PROGRAMMES));
  const enrolled = rows<Enrolled>(
    ctx.sql,
    `WITH latest AS (${LATEST_RELEASE}),
          named AS (SELECT r.household_id, MIN(r.desil) AS desil FROM dtks_release_rows r, latest
                     WHERE r.release_id = latest.id AND r.household_id IS NOT NULL GROUP BY r.household_id)
     SELECT e.household_id, latest.id AS release_id, latest.source || ' ' || latest.release_date AS release_name,
            named.desil, named.household_id IS NOT NULL AS named,
            json_group_array(DISTINCT p.code) AS programs
       FROM latest, enrolments e
       JOIN households h ON h.id = e.household_id
       JOIN programs p ON p.id = e.program_id
       LEFT JOIN named ON named.household_id = e.household_id
      WHERE e.status = 'aktif' AND e.deleted_at IS NULL AND h.deleted_at IS NULL
        AND p.code IN (SELECT value FROM json_each(?))
      GROUP BY e.household_id
      ORDER BY e.household_id`,
    [codes],
  );
  const out: Detected[] = [];
  for (const e of enrolled) {
    const programs = (JSON.parse(e.programs) as string[]).sort();
    if (!e.named) {
      out.push({
        kind: 'release_inclusion',
        key: `${e.household_id}:${e.release_id}:tidak_ada`,
        householdIds: [e.household_id],
        reason: `Aktif di ${programs.join(', ')}, tetapi keluarga ini tidak ada di rilis ${e.release_name}.`,
      });
      continue;
    }
    const over = programs.filter((code) => e.desil !== null && e.desil > DTKS_PROGRAMMES[code]!);
    if (over.length)
      out.push({
        kind: 'release_inclusion',
        key: `${e.household_id}:${e.release_id}:desil${e.desil}:${over.join('+')}`,
        householdIds: [e.household_id],
        reason: `Aktif di ${over.map((c) => `${c} (sampai desil ${DTKS_PROGRAMMES[c]})`).join(', ')}, tetapi desilnya ${e.desil} menurut rilis ${e.release_name}.`,
      });
  }
  return out;
}
