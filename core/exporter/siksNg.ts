import { maskIdNumber } from '../../common/domain/idNumbers.ts';
import { ageOn } from '../../common/domain/localDate.ts';
import { columnLabel } from '../../common/domain/auditLabels.ts';
import { AppFailure } from '../../common/errors.ts';
import { localDate } from '../../common/format.ts';
import type { Sql } from '../../db/sql.ts';
import type { Scope } from '../registry/scope.ts';
import type { ExportFilters, ExportList } from './lists.ts';
import type { ExportColumn, ExportValue } from './write.ts';

/**
 * Proposals back to the ministry (usulan baru, perbaikan data, usulan keluar) from the
 * verification outcomes a manager approved, one row per family member.
 *
 * The layout. SIKS-NG's own upload template was not found in any public source we could read
 * (searched: OpenSID, public repositories naming SIKS-NG/DTKS/usulan, the SIKS-NG manuals'
 * openings). What is public is OpenSID's DTKS export of the REGSOSEK2022.K form, sheet
 * "Anggota Keluarga" (OpenSID/OpenSID v2410.0.0, app/Services/DTKSRegsosEk2022k.php,
 * eksporAnggota; codes from app/Enums/Dtks/Regsosek2022kEnum.php, pilihanBagian4). This export
 * takes that sheet's columns in its order up to question 409, with its third header row as
 * the header, and its codes:
 * - 101-104: province, regency, district and village as BPS codes (2, 2, 3 and 3 digits);
 *   105, 105a (SLS), 109 and 110 (building and family numbers of the census) stay empty: the
 *   office does not keep them, and an empty cell keeps every later column in its place;
 * - 401 the member's number in the family, 402 name, 403 NIK;
 * - 404 keberadaan: 1 tinggal bersama keluarga, 2 meninggal, 3 pindah (dalam negeri);
 * - 405 jenis kelamin 1 laki-laki, 2 perempuan; 406 birth date yyyy-mm-dd (text, as OpenSID
 *   writes it); 407 age; 408 status kawin 1 belum, 2 kawin, 3 cerai hidup, 4 cerai mati;
 * - 409 hubungan dengan kepala keluarga: 1 kepala, 2 istri/suami, 3 anak, 4 menantu, 5 cucu,
 *   6 orang tua/mertua, 7 pembantu/sopir, 8 lainnya.
 * After them, what a proposal needs and that sheet does not carry: ID DTKS, IDARTBDT, the kind
 * of proposal, its reason and the approval date.
 */
export const SIKS_NG_SHEET = 'Anggota Keluarga';

export const SIKS_NG_PROPOSALS = {
  baru: 'USULAN BARU',
  perbaikan: 'PERBAIKAN DATA',
  keluar: 'USULAN KELUAR',
} as const;

const col = (header: string, type: ExportColumn['type'] = 'id', width = 8): ExportColumn => ({
  header,
  type,
  width,
});

export const SIKS_NG_COLUMNS: ExportColumn[] = [
  col('101', 'id', 6),
  col('102', 'id', 6),
  col('103', 'id', 6),
  col('104', 'id', 6),
  col('105', 'id', 6),
  col('105a Kode Sub SLS', 'id', 10),
  col('109', 'id', 6),
  col('110 No Urut Keluarga', 'id', 10),
  col('No KK', 'id', 20),
  col('401', 'number', 6),
  col('402 Nama', 'text', 28),
  col('403 NIK', 'id', 20),
  col('404', 'number', 6),
  col('405', 'number', 6),
  col('406', 'id', 12),
  col('407', 'number', 6),
  col('408', 'number', 6),
  col('409', 'number', 6),
  col('ID DTKS', 'id', 16),
  col('IDARTBDT', 'id', 16),
  col('JENIS USULAN', 'text', 18),
  col('ALASAN', 'text', 40),
  col('TANGGAL PERSETUJUAN', 'date', 14),
];

const RELATIONSHIP_CODES: Record<string, number> = {
  kepala_keluarga: 1,
  istri: 2,
  suami: 2,
  pasangan: 2,
  anak: 3,
  menantu: 4,
  cucu: 5,
  orang_tua: 6,
  mertua: 6,
  pembantu: 7,
};

const PRESENCE_CODES: Record<string, number> = { aktif: 1, meninggal: 2, pindah: 3, keluar: 3 };

const GONE_LABELS: Record<string, string> = { meninggal: 'Meninggal', pindah: 'Pindah', keluar: 'Keluar' };

/** Marital status is free text in the registry ("Kawin", "CERAI MATI", "belum kawin"). */
function maritalCode(text: string | null): number | null {
  const t = (text ?? '').toUpperCase();
  if (t.includes('BELUM')) return 1;
  if (t.includes('CERAI') && t.includes('HIDUP')) return 3;
  if (t.includes('CERAI') && t.includes('MATI')) return 4;
  if (t.includes('KAWIN') || t.includes('NIKAH')) return 2;
  return null;
}

/** "3579010002" (BPS code of a desa) -> ["35", "79", "010", "002"]. */
function bpsParts(code: string | null): [string | null, string | null, string | null, string | null] {
  if (!code || !/^\d{10}$/.test(code)) return [null, null, null, null];
  return [code.slice(0, 2), code.slice(2, 4), code.slice(4, 7), code.slice(7)];
}

/** The first moment of a WIB day, as the UTC instants approvals are stored in. */
const startOfWibDay = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The visit's fields against the household's columns: what the field check found different. */
const VISIT_FIELDS = [
  ['houseOwnership', 'house_ownership'],
  ['floorAreaM2', 'floor_area_m2'],
  ['floorType', 'floor_type'],
  ['wallType', 'wall_type'],
  ['roofType', 'roof_type'],
  ['waterSource', 'water_source'],
  ['lighting', 'lighting'],
  ['toilet', 'toilet'],
  ['monthlyIncome', 'monthly_income'],
] as const;

type Row = Record<string, string | number | null>;

/** "jenis atap Genteng menjadi Seng; luas lantai 36 menjadi 24", or '' when the visit agrees. */
export function visitCorrections(visitJson: string, household: Row): string {
  const visit = JSON.parse(visitJson) as Record<string, unknown>;
  const found: string[] = [];
  for (const [key, column] of VISIT_FIELDS) {
    const after = visit[key];
    if (after === undefined || after === null || after === '') continue;
    const before = household[column] ?? null;
    if (String(after) !== String(before ?? ''))
      found.push(`${columnLabel(column)} ${before ?? '-'} menjadi ${String(after)}`);
  }
  const assets = Array.isArray(visit.assets) ? (visit.assets as string[]) : [];
  const registered = JSON.parse((household.assets_json as string | null) ?? '[]') as string[];
  if (assets.length && [...assets].sort().join('|') !== [...registered].sort().join('|'))
    found.push(`${columnLabel('assets_json')} ${registered.join(', ') || '-'} menjadi ${assets.join(', ')}`);
  return found.join('; ');
}

/**
 * The rows: for each family, its latest verification approved in the date range (approval
 * date in WIB). "Layak" on a family not in DTKS (status NON_DTKS or unknown, no ID DTKS,
 * IDARTBDT or IDKELUARGA) proposes its living members as new; "layak" on a DTKS family
 * proposes the members who died or moved out, and a correction when the visit recorded
 * housing or income other than the registry holds; "tidak layak" on a DTKS family proposes
 * every member out. A family outside DTKS found not eligible has nothing to send.
 */
export function siksNgProposals(
  sql: Sql,
  scope: Scope,
  filters: ExportFilters,
  maskNik: boolean,
  today: string,
): ExportList {
  const { approvedFrom, approvedTo } = filters;
  if (!approvedFrom || !approvedTo)
    throw new AppFailure(
      'VALIDATION',
      'Pilih tanggal awal dan akhir persetujuan verifikasi yang akan diusulkan.',
    );
  if (approvedFrom > approvedTo)
    throw new AppFailure('VALIDATION', 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.');
  const id = (v: string | null) => (v && maskNik ? maskIdNumber(v) : v);
  const inScope = [
    scope.desaCodes ? `AND h.desa_code IN (${[...scope.desaCodes].map(() => '?').join(',') || "''"})` : '',
    filters.desaCode ? 'AND h.desa_code = ?' : '',
  ].join(' ');
  const families = sql.raw.prepare(`
    WITH approved AS (
      SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.household_id ORDER BY v.approved_at DESC, v.id DESC) AS latest
      FROM verifications v
      WHERE v.approval = 'disetujui' AND v.outcome IS NOT NULL AND v.approved_at >= ? AND v.approved_at < ?)
    SELECT a.outcome, a.outcome_reason, a.approved_at, a.visit_json,
           h.id AS household_id, h.kk_number, h.desa_code, r.bps_code,
           h.house_ownership, h.floor_area_m2, h.floor_type, h.wall_type, h.roof_type, h.water_source,
           h.lighting, h.toilet, h.monthly_income, h.assets_json,
           (h.dtks_status = 'DTKS' OR h.family_ref IS NOT NULL OR EXISTS (
             SELECT 1 FROM people n WHERE n.household_id = h.id AND (n.dtks_id IS NOT NULL OR n.bdt_id IS NOT NULL))) AS in_dtks
    FROM approved a JOIN households h ON h.id = a.household_id LEFT JOIN regions r ON r.code = h.desa_code
    WHERE a.latest = 1 AND h.deleted_at IS NULL ${inScope}
    ORDER BY h.desa_code, h.kk_number, h.id`);
  const members = sql.raw.prepare(`
    SELECT nik, name, sex, birth_date, relationship, marital_status, status, status_reason, dtks_id, bdt_id
    FROM people WHERE household_id = ? AND deleted_at IS NULL AND merged_into IS NULL
    ORDER BY row_no`);
  const households = new Set<string>();
  const params = [
    startOfWibDay(approvedFrom),
    startOfWibDay(nextDay(approvedTo)),
    ...(scope.desaCodes ?? []),
    ...(filters.desaCode ? [filters.desaCode] : []),
  ];

  function* rows(): Generator<ExportValue[]> {
    for (const f of families.iterate(...params) as IterableIterator<Row>) {
      const people = members.all(f.household_id) as Row[];
      const proposals = proposalsOf(f, people);
      if (!proposals.length) continue;
      households.add(f.household_id as string);
      const region = bpsParts(f.bps_code as string | null);
      const approvedDay = localDate(f.approved_at as string);
      for (const { index, kind, reason } of proposals) {
        const p = people[index]!;
        const birth = p.birth_date as string | null;
        yield [
          ...region,
          null,
          null,
          null,
          null,
          id(f.kk_number as string | null),
          index + 1,
          p.name ?? null,
          id(p.nik as string | null),
          PRESENCE_CODES[p.status as string] ?? 1,
          p.sex === 'P' ? 2 : 1,
          birth,
          birth ? ageOn(birth, today) : null,
          maritalCode(p.marital_status as string | null),
          RELATIONSHIP_CODES[p.relationship as string] ?? 8,
          p.dtks_id ?? null,
          p.bdt_id ?? null,
          SIKS_NG_PROPOSALS[kind],
          reason,
          approvedDay,
        ];
      }
    }
  }

  return { title: SIKS_NG_SHEET, columns: SIKS_NG_COLUMNS, rows: rows(), households };
}

interface Proposal {
  index: number;
  kind: keyof typeof SIKS_NG_PROPOSALS;
  reason: string | null;
}

/** Which members of one family go to the ministry, and as what (see siksNgProposals). */
function proposalsOf(family: Row, people: Row[]): Proposal[] {
  const living = (p: Row) => p.status === 'aktif';
  const all = people.map((p, index) => ({ p, index }));
  if (!family.in_dtks)
    return family.outcome === 'layak'
      ? all
          .filter(({ p }) => living(p))
          .map(({ index }) => ({ index, kind: 'baru', reason: family.outcome_reason as string | null }))
      : [];
  if (family.outcome === 'tidak_layak')
    return all
      .filter(({ p }) => p.status !== 'digabung')
      .map(({ index }) => ({ index, kind: 'keluar', reason: family.outcome_reason as string | null }));
  const gone = all
    .filter(({ p }) => (p.status as string) in GONE_LABELS)
    .map(({ p, index }): Proposal => ({
      index,
      kind: 'keluar',
      reason: (p.status_reason as string | null) ?? GONE_LABELS[p.status as string]!,
    }));
  const corrections = visitCorrections(family.visit_json as string, family);
  const corrected = corrections
    ? all
        .filter(({ p }) => living(p))
        .map(({ index }): Proposal => ({ index, kind: 'perbaikan', reason: corrections }))
    : [];
  return [...corrected, ...gone].sort((a, b) => a.index - b.index);
}
