import type { HouseholdRow, PersonRow } from '../../common/api/methods/registry.ts';
import { LIVE_ENROLMENT } from '../../common/domain/registry.ts';
import { normalizeIdNumber } from '../../common/domain/idNumbers.ts';
import { nameKey, nameSimilarity, phoneticKey } from '../../common/domain/names.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { RegionNames } from '../regions/names.ts';
import type { Scope } from './scope.ts';
import { toPersonRow, type PersonRowSource } from './views.ts';

/** [from, to) covering every string that starts with `prefix`, so a plain index serves it. */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

const personColumns = [
  'people.id',
  'people.household_id',
  'people.nik',
  'people.name',
  'people.sex',
  'people.birth_date',
  'people.relationship',
  'people.status',
  'households.kk_number',
  'households.desa_code',
  'households.rt',
  'households.rw',
] as const;

function peopleQuery() {
  return qb
    .selectFrom('people')
    .innerJoin('households', 'households.id', 'people.household_id')
    .select(personColumns)
    .where('people.deleted_at', 'is', null);
}

function inScope(rows: PersonRowSource[], scope: Scope, desaCode: string | undefined): PersonRowSource[] {
  return rows.filter(
    (r) => (!scope.desaCodes || scope.desaCodes.has(r.desa_code)) && (!desaCode || r.desa_code === desaCode),
  );
}

/** Row numbers whose folded name contains every word of the query (trigram index). */
function nameMatches(sql: Sql, key: string, limit: number, offset: number): number[] {
  const words = key.split(' ').filter((w) => w.length >= 3);
  if (!words.length) return [];
  const match = words.map((w) => `"${w}"`).join(' AND ');
  return (
    sql.raw
      .prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? LIMIT ? OFFSET ?')
      .all(match, limit, offset) as { rowid: number }[]
  ).map((r) => r.rowid);
}

/** Spelling similarity (Jaro-Winkler) a sound-alike needs: "Sity" finds "Siti", "zq" finds no one. */
const SOUND_ALIKE_MIN = 0.8;

/**
 * Finds people by NIK or KK (whole or first digits) or by any fragment of a name, tolerant of
 * the spelling variants DOMAIN.md lists (the query is folded like the stored name key, and
 * alike-sounding names are found by their phonetic key).
 */
export function findPeople(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  query: string,
  options: { desaCode?: string; limit: number },
): PersonRow[] {
  const digits = normalizeIdNumber(query);
  const found = new Map<string, PersonRowSource>();
  const take = (rows: PersonRowSource[]) => {
    for (const r of inScope(rows, scope, options.desaCode))
      if (found.size < options.limit) found.set(r.id, r);
  };

  if (/^\d{2,16}$/.test(digits)) {
    const [from, to] = prefixRange(digits);
    take(
      sql.all(
        peopleQuery()
          .where('people.nik', '>=', from)
          .where('people.nik', '<', to)
          .limit(options.limit * 2),
      ),
    );
    if (found.size < options.limit) {
      take(
        sql.all(
          peopleQuery()
            .where('households.kk_number', '>=', from)
            .where('households.kk_number', '<', to)
            .where('households.deleted_at', 'is', null)
            .limit(options.limit * 2),
        ),
      );
    }
    return [...found.values()].map((r) => toPersonRow(r, regions));
  }

  const key = nameKey(query);
  if (!key) return [];
  // Whole-name prefix first (most specific), then fragments anywhere, then sound-alikes.
  const [from, to] = prefixRange(key);
  take(
    sql.all(
      peopleQuery()
        .where('people.name_key', '>=', from)
        .where('people.name_key', '<', to)
        .limit(options.limit),
    ),
  );
  for (let page = 0; found.size < options.limit && page < 10; page++) {
    const rowNos = nameMatches(sql, key, 500, page * 500);
    if (!rowNos.length) break;
    take(sql.all(peopleQuery().where('people.row_no', 'in', rowNos)));
    if (rowNos.length < 500) break;
  }
  const sound = phoneticKey(query);
  // A sound code is coarse ("zzzzqq" codes as "s"): sound-alikes must also be spelled alike.
  if (found.size < options.limit && sound && key.length >= 3) {
    const [sFrom, sTo] = prefixRange(sound);
    const words = key.split(' ').length;
    const alike = (r: PersonRowSource) =>
      nameSimilarity(key, nameKey(r.name).split(' ').slice(0, words).join(' ')) >= SOUND_ALIKE_MIN;
    take(
      sql
        .all(
          peopleQuery()
            .where('people.phonetic_key', '>=', sFrom)
            .where('people.phonetic_key', '<', sTo)
            .limit(options.limit * 4),
        )
        .filter(alike),
    );
  }
  return [...found.values()]
    .map((r) => toPersonRow(r, regions))
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

export interface HouseholdFilters {
  query?: string;
  desaCode?: string;
  programId?: string;
  enrolmentStatus?: string;
  status?: 'aktif' | 'nonaktif';
  desilMax?: number;
}

export const COUNT_CAP = 10_000;

/** Newest first, paged by id (UUIDv7 sorts by creation), so page N costs the same as page 1. */
export function listHouseholds(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  filters: HouseholdFilters,
  page: { limit: number; cursor: string | null },
): { rows: HouseholdRow[]; nextCursor: string | null; total: number; totalIsLowerBound: boolean } {
  // A programme filter drives the query from the enrolments index (programme, family), newest
  // family first; otherwise the households table is walked by id. Either way page 1 stops early.
  const statuses = filters.enrolmentStatus ? [filters.enrolmentStatus] : [...LIVE_ENROLMENT];
  let base = filters.programId
    ? qb
        .selectFrom('enrolments as e')
        .innerJoin('households as h', 'h.id', 'e.household_id')
        .where('e.program_id', '=', filters.programId)
        .where('e.status', 'in', statuses as never)
        .where('e.deleted_at', 'is', null)
        .where('h.deleted_at', 'is', null)
    : qb.selectFrom('households as h').where('h.deleted_at', 'is', null);
  const order = filters.programId ? ('e.household_id' as const) : ('h.id' as const);
  if (scope.desaCodes) base = base.where('h.desa_code', 'in', [...scope.desaCodes, '']);
  if (filters.desaCode) base = base.where('h.desa_code', '=', filters.desaCode);
  if (filters.status) base = base.where('h.status', '=', filters.status);
  if (filters.desilMax) base = base.where('h.desil', '<=', filters.desilMax);
  if (filters.query?.trim()) {
    const ids = [
      ...new Set(findPeople(sql, regions, scope, filters.query, { limit: 500 }).map((p) => p.householdId)),
    ];
    base = base.where('h.id', 'in', [...ids, '']);
  }
  // Counting every match of a broad filter costs more than the page itself; past COUNT_CAP the
  // list says "10.000+" instead.
  const counted =
    sql.first(
      qb
        .selectFrom(
          (filters.programId ? base.select(order).distinct() : base.select(order))
            .limit(COUNT_CAP + 1)
            .as('matches'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n')),
    )?.n ?? 0;
  const total = Math.min(counted, COUNT_CAP);
  // Page ids first (from the covering indexes, no row reads), then just those rows.
  let idQuery = base
    .select(order)
    .distinct()
    .orderBy(order, 'desc')
    .limit(page.limit + 1);
  if (page.cursor) idQuery = idQuery.where(order, '<', page.cursor);
  const pageIds = sql.all(idQuery).map((r) => Object.values(r)[0] as string);
  const byId = new Map(
    sql
      .all(
        qb
          .selectFrom('households')
          .selectAll()
          .where('id', 'in', [...pageIds, '']),
      )
      .map((h) => [h.id, h]),
  );
  const households = pageIds.map((id) => byId.get(id)!);
  const rows = households.slice(0, page.limit);
  const ids = rows.map((h) => h.id);
  const heads = new Map(
    sql
      .all(
        qb
          .selectFrom('people')
          .select(['id', 'name', 'nik'])
          .where('id', 'in', [...rows.map((h) => h.head_person_id ?? ''), '']),
      )
      .map((p) => [p.id, p]),
  );
  const counts = new Map(
    sql
      .all(
        qb
          .selectFrom('people')
          .select(['household_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('household_id', 'in', [...ids, ''])
          .where('deleted_at', 'is', null)
          .where('status', '=', 'aktif')
          .groupBy('household_id'),
      )
      .map((r) => [r.household_id, r.n]),
  );
  const programs = new Map<string, string[]>();
  for (const r of sql.all(
    qb
      .selectFrom('enrolments')
      .innerJoin('programs', 'programs.id', 'enrolments.program_id')
      .select(['enrolments.household_id', 'programs.code'])
      .where('enrolments.household_id', 'in', [...ids, ''])
      .where('enrolments.status', 'in', [...LIVE_ENROLMENT])
      .where('enrolments.deleted_at', 'is', null)
      .distinct(),
  )) {
    programs.set(r.household_id, [...(programs.get(r.household_id) ?? []), r.code]);
  }
  return {
    rows: rows.map((h) => {
      const head = h.head_person_id ? heads.get(h.head_person_id) : undefined;
      return {
        id: h.id,
        kkNumber: h.kk_number,
        headName: head?.name ?? null,
        headNik: head?.nik ?? null,
        desaName: regions.name(h.desa_code),
        rt: h.rt,
        rw: h.rw,
        desil: h.desil,
        members: counts.get(h.id) ?? 0,
        programs: (programs.get(h.id) ?? []).sort(),
        status: h.status,
      };
    }),
    nextCursor: households.length > page.limit ? (rows.at(-1)?.id ?? null) : null,
    total,
    totalIsLowerBound: counted > COUNT_CAP,
  };
}
