import { rows, type DetectContext, type Detected } from './detected.ts';

interface Pair {
  household_id: string;
  a_code: string;
  a_name: string;
  b_code: string;
  b_name: string;
  /** The programme whose rule names the other (the first, when both do). */
  rule_name: string;
  other_name: string;
}

/**
 * A family active in two programmes that exclude each other. The rule is the office's own:
 * each programme's "tidak boleh bersamaan" list (programs.excludes_json, edited on the
 * Program page; DOMAIN.md's defaults: BLT Dana Desa excludes PKH and BPNT, the city's Insentif
 * excludes PKH). Enrolments made by hand warn; imported ones are enrolled with a warning, so
 * the list is what catches them afterwards.
 */
export function excludedPrograms(ctx: DetectContext): Detected[] {
  const pairs = rows<Pair>(
    ctx.sql,
    `WITH live AS (
       SELECT DISTINCT e.household_id, e.program_id
         FROM enrolments e JOIN households h ON h.id = e.household_id
        WHERE e.status = 'aktif' AND e.deleted_at IS NULL AND h.deleted_at IS NULL
          AND e.program_id IN (SELECT id FROM programs WHERE excludes_json <> '[]'
                               UNION SELECT p.id FROM programs p, programs o, json_each(o.excludes_json) x
                                      WHERE x.value = p.code))
     SELECT a.household_id, pa.code AS a_code, pa.name AS a_name, pb.code AS b_code, pb.name AS b_name,
            CASE WHEN EXISTS (SELECT 1 FROM json_each(pa.excludes_json) WHERE value = pb.code)
                 THEN pa.name ELSE pb.name END AS rule_name,
            CASE WHEN EXISTS (SELECT 1 FROM json_each(pa.excludes_json) WHERE value = pb.code)
                 THEN pb.name ELSE pa.name END AS other_name
       FROM live a
       JOIN live b ON b.household_id = a.household_id
       JOIN programs pa ON pa.id = a.program_id
       JOIN programs pb ON pb.id = b.program_id
      WHERE pa.code < pb.code
        AND (EXISTS (SELECT 1 FROM json_each(pa.excludes_json) WHERE value = pb.code)
             OR EXISTS (SELECT 1 FROM json_each(pb.excludes_json) WHERE value = pa.code))
      ORDER BY a.household_id, pa.code, pb.code`,
  );
  return pairs.map((p) => ({
    kind: 'excluded_programs',
    key: `${p.household_id}:${p.a_code}+${p.b_code}`,
    householdIds: [p.household_id],
    reason: `Aktif di ${p.a_name} dan ${p.b_name}; aturan ${p.rule_name}: tidak boleh bersamaan dengan ${p.other_name}.`,
  }));
}
