import type { ReleaseCategory } from '../../common/api/methods/release.ts';
import { CompiledQuery } from 'kysely';
import type { Sql } from '../../db/sql.ts';
import type { MatchedRow } from './match.ts';

/** One difference between a release and the registry, before the clerk decides on it. */
export interface ReleaseItem {
  category: ReleaseCategory;
  householdId: string | null;
  personId: string | null;
  /** The release row it comes from (none for a family gone from the release). */
  rowNo: number | null;
  desaCode: string | null;
  subjectName: string;
  before: string | null;
  after: string | null;
}

interface Family {
  id: string;
  desa_code: string;
  kk_number: string | null;
  address: string;
  desil: number | null;
  head_person_id: string | null;
  head_name: string | null;
}

interface Member {
  id: string;
  household_id: string;
  name: string;
  status: string;
}

const raw = <R>(sql: Sql, text: string, parameters: unknown[] = []): R[] =>
  sql.all(CompiledQuery.raw(text, parameters) as CompiledQuery<R>);

/**
 * Names and addresses compared as a clerk would: case, spacing and punctuation are how the
 * file was typed, not a change ("JL. MAWAR NO.3" is "Jl. Mawar No. 3").
 */
export const sameText = (a: string, b: string): boolean => {
  const fold = (s: string) =>
    s
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, ' ')
      .trim();
  return fold(a) === fold(b);
};

/** The most frequent non-empty value (the family's KK when its members' rows disagree). */
function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

/**
 * Families the release is expected to name: those the registry counts in DTKS (status DTKS,
 * a member with a national id, or named by an earlier release). A family registered only
 * locally and never in DTKS is not "gone" when the release leaves it out.
 */
function dtksFamilies(sql: Sql): Family[] {
  return raw<Family>(
    sql,
    `SELECT h.id, h.desa_code, h.kk_number, h.address, h.desil, h.head_person_id, p.name AS head_name
       FROM households h LEFT JOIN people p ON p.id = h.head_person_id
      WHERE h.deleted_at IS NULL
        AND (h.dtks_status = 'DTKS'
             OR EXISTS (SELECT 1 FROM people m WHERE m.household_id = h.id AND m.deleted_at IS NULL
                          AND (m.dtks_id IS NOT NULL OR m.bdt_id IS NOT NULL))
             OR EXISTS (SELECT 1 FROM dtks_release_rows r WHERE r.household_id = h.id))`,
  );
}

function familiesByIds(sql: Sql, ids: string[]): Map<string, Family> {
  const out = new Map<string, Family>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const f of raw<Family>(
      sql,
      `SELECT h.id, h.desa_code, h.kk_number, h.address, h.desil, h.head_person_id, p.name AS head_name
         FROM households h LEFT JOIN people p ON p.id = h.head_person_id
        WHERE h.id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    ))
      out.set(f.id, f);
  }
  return out;
}

function membersByIds(sql: Sql, ids: string[]): Map<string, Member> {
  const out = new Map<string, Member>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const m of raw<Member>(
      sql,
      `SELECT id, household_id, name, status FROM people WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    ))
      out.set(m.id, m);
  }
  return out;
}

/**
 * What the release says differs from the registry: people new to it, DTKS families it no
 * longer names, a family's desil up or down, and a person's name, KK, address or death. Run
 * before the release's own rows are stored, so "named by an earlier release" means earlier.
 */
export function reconcile(sql: Sql, rows: MatchedRow[]): ReleaseItem[] {
  const items: ReleaseItem[] = [];
  const byFamily = new Map<string, MatchedRow[]>();
  for (const row of rows) {
    if (row.householdId) byFamily.set(row.householdId, [...(byFamily.get(row.householdId) ?? []), row]);
  }
  const families = familiesByIds(sql, [...byFamily.keys()]);
  const members = membersByIds(
    sql,
    rows.flatMap((r) => (r.personId ? [r.personId] : [])),
  );

  for (const row of rows) {
    if (row.personId) continue;
    const family = row.householdId ? families.get(row.householdId) : undefined;
    items.push({
      category: 'new',
      householdId: family?.id ?? null,
      personId: null,
      rowNo: row.rowNo,
      desaCode: family?.desa_code ?? row.desaCode,
      subjectName: row.name,
      before: null,
      after: [
        row.nik && `NIK ${row.nik}`,
        row.kk && `KK ${row.kk}`,
        row.desil && `desil ${row.desil}`,
        family && 'keluarga sudah terdaftar',
      ]
        .filter(Boolean)
        .join(', '),
    });
  }

  for (const [householdId, familyRows] of byFamily) {
    const family = families.get(householdId)!;
    const about = { householdId, desaCode: family.desa_code, subjectName: family.head_name ?? '-' };
    const desil = familyRows.find((r) => r.desil !== null)?.desil ?? null;
    if (desil !== null && desil !== family.desil) {
      // No desil yet counts as above desil 10: a first ranking is a move down into the list.
      items.push({
        ...about,
        category: desil > (family.desil ?? 11) ? 'desil_up' : 'desil_down',
        personId: null,
        rowNo: familyRows.find((r) => r.desil !== null)!.rowNo,
        before: family.desil === null ? null : String(family.desil),
        after: String(desil),
      });
    }
    const named = familyRows.filter((r) => r.personId);
    const kk = mostCommon(named.map((r) => r.kk));
    if (kk && kk !== family.kk_number)
      items.push({
        ...about,
        category: 'kk',
        personId: null,
        rowNo: named.find((r) => r.kk === kk)!.rowNo,
        before: family.kk_number,
        after: kk,
      });
    const addressRow =
      named.find((r) => r.personId === family.head_person_id && r.address) ?? named.find((r) => r.address);
    if (addressRow && !sameText(addressRow.address, family.address))
      items.push({
        ...about,
        category: 'address',
        personId: null,
        rowNo: addressRow.rowNo,
        before: family.address,
        after: addressRow.address,
      });
    for (const row of named) {
      const person = members.get(row.personId!)!;
      const personal = { ...about, personId: person.id, rowNo: row.rowNo, subjectName: person.name };
      if (row.name && !sameText(row.name, person.name))
        items.push({ ...personal, category: 'name', before: person.name, after: row.name });
      if (row.died && person.status !== 'meninggal')
        items.push({ ...personal, category: 'died', before: person.status, after: 'meninggal' });
    }
  }

  for (const family of dtksFamilies(sql)) {
    if (byFamily.has(family.id)) continue;
    items.push({
      category: 'gone',
      householdId: family.id,
      personId: null,
      rowNo: null,
      desaCode: family.desa_code,
      subjectName: family.head_name ?? '-',
      before: family.desil === null ? null : `desil ${family.desil}`,
      after: null,
    });
  }
  return items;
}
