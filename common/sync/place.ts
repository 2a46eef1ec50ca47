/**
 * Which workstations receive a row (UU PDP data minimisation): a workstation enrolled for a
 * kecamatan or desa gets only that area's families, cases and payments, plus the reference data
 * and office settings every workstation needs. The server stores each row's place when it
 * publishes the row (server/sync.ts) and filters pulls, conflicts and digests by it.
 *
 * A place is a desa code, EVERYONE, or CITY_ONLY (personal data that belongs to no single desa:
 * such rows go only to workstations enrolled for the whole city).
 */
import type { AreaScope } from '../auth/roles.ts';
import { kecamatanOf } from './tables.ts';

export const EVERYONE = '*';
export const CITY_ONLY = '';

/** Where a row's place comes from: the row itself, or the row it belongs to. */
export type PlaceSource = { place: string } | { parent: { table: string; id: string } };

type Row = Record<string, unknown>;

const own = (row: Row): PlaceSource => ({
  place: typeof row.desa_code === 'string' && row.desa_code ? row.desa_code : CITY_ONLY,
});

const follows =
  (table: string, field: string) =>
  (row: Row): PlaceSource =>
    typeof row[field] === 'string' && row[field]
      ? { parent: { table, id: row[field] } }
      : { place: CITY_ONLY };

const everyone = (): PlaceSource => ({ place: EVERYONE });
const cityOnly = (): PlaceSource => ({ place: CITY_ONLY });

/** Rows an attachment may hang on; anything else stays with the city office. */
const ATTACHMENT_OWNERS: ReadonlySet<string> = new Set([
  'verifications',
  'cases',
  'households',
  'complaints',
]);

/**
 * Per synced table. Reference data and the office's settings go everywhere. A duplicate pair may
 * join two desas and an undo record (operations) may hold many families: both stay with the city.
 * A frozen BNBA lists names and addresses, so it goes to its desa (or the city when it covers more).
 */
const PLACE_RULES: Record<string, (row: Row) => PlaceSource> = {
  ref_values: everyone,
  programs: everyone,
  program_components: everyone,
  disbursement_periods: everyone,
  report_settings: everyone,
  import_mappings: everyone,
  households: own,
  verifications: own,
  disbursement_items: own,
  cases: own,
  complaints: own,
  household_kk_history: follows('households', 'household_id'),
  household_desil_history: follows('households', 'household_id'),
  people: follows('households', 'household_id'),
  enrolments: follows('households', 'household_id'),
  signal_checks: follows('households', 'household_id'),
  case_events: follows('cases', 'case_id'),
  referrals: follows('cases', 'case_id'),
  disbursement_corrections: follows('disbursement_items', 'item_id'),
  attachments: (row) =>
    typeof row.owner_entity === 'string' && ATTACHMENT_OWNERS.has(row.owner_entity)
      ? follows(row.owner_entity, 'owner_id')(row)
      : cityOnly(),
  report_snapshots: (row) => {
    const params = parseParams(row.params_json);
    // Only a report known to hold totals goes everywhere; an unreadable one stays with the city.
    if (typeof params.report === 'string' && params.report !== 'bnba') return everyone();
    if (params.report !== 'bnba') return cityOnly();
    return typeof params.desaCode === 'string' && params.desaCode ? { place: params.desaCode } : cityOnly();
  },
  duplicate_candidates: cityOnly,
  operations: cityOnly,
};

function parseParams(json: unknown): Row {
  try {
    const value: unknown = typeof json === 'string' ? JSON.parse(json) : null;
    return value && typeof value === 'object' ? (value as Row) : {};
  } catch {
    return {};
  }
}

/** Whether the table has its own rule (every synced table must: see place.test.ts). */
export const hasPlaceRule = (table: string): boolean => Object.hasOwn(PLACE_RULES, table);

/** Where the row's place comes from; an unknown table stays with the city. */
export function placeSource(table: string, row: Row | null): PlaceSource {
  const rule = PLACE_RULES[table];
  return rule && row ? rule(row) : cityOnly();
}

/** The tables whose rows other rows follow (a move of one re-places its rows). */
export const PARENT_TABLES: ReadonlySet<string> = new Set([
  'households',
  'cases',
  'verifications',
  'complaints',
  'disbursement_items',
]);

/** Whether a workstation's area is the whole city (empty lists). */
export const wholeCity = (area: AreaScope): boolean => area.kecamatan.length === 0 && area.desa.length === 0;

/** Whether a workstation enrolled for `area` receives a row at `place`. */
export function visibleIn(place: string | null, area: AreaScope): boolean {
  if (wholeCity(area)) return true;
  if (place === EVERYONE) return true;
  if (place === null || place === CITY_ONLY) return false;
  return area.desa.includes(place) || area.kecamatan.includes(kecamatanOf(place));
}

/**
 * What both an account and a workstation reach: a desa counts when each of them covers it. An
 * empty result is spelled with a desa code no row has, since empty lists mean the whole city.
 */
export function intersectAreas(a: AreaScope, b: AreaScope): AreaScope {
  if (wholeCity(a)) return b;
  if (wholeCity(b)) return a;
  const covers = (area: AreaScope, desa: string) =>
    area.desa.includes(desa) || area.kecamatan.includes(kecamatanOf(desa));
  const kecamatan = a.kecamatan.filter((k) => b.kecamatan.includes(k));
  const desa = [
    ...new Set([...a.desa.filter((d) => covers(b, d)), ...b.desa.filter((d) => covers(a, d))]),
  ].filter((d) => !kecamatan.includes(kecamatanOf(d)));
  return kecamatan.length || desa.length ? { kecamatan, desa } : { kecamatan: [], desa: [NOWHERE] };
}

/** A desa code no row carries: the area that reaches nothing. */
export const NOWHERE = '-';

/** A short Indonesian description of an area, for the sync page and the admin's listing. */
export function describeArea(area: AreaScope): string {
  if (wholeCity(area)) return 'seluruh kota';
  const parts = [
    ...area.kecamatan.map((k) => `kecamatan ${k}`),
    ...area.desa.filter((d) => d !== NOWHERE).map((d) => `desa ${d}`),
  ];
  return parts.length ? parts.join(', ') : 'tidak ada wilayah';
}
