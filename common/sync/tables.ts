/**
 * Which local tables sync with the central server, and what the server must know about each
 * to merge and to re-check role and area. Shared by core/sync (the device) and server/.
 *
 * Local-only (never synced): meta, settings (per-machine values; the office's report settings
 * are the synced report_settings row), regions (shipped reference set), users (password
 * slots are per workstation; the server keeps its own account table, see server/README),
 * audit_log (pushed separately as a chain), sync_* and kysely_migration.
 */
import type { Permission } from '../auth/roles.ts';

export interface SyncedTable {
  /** Unique keys among live rows. Nullable keys are cleared on a clash; others refuse the insert. */
  naturalKey?: { fields: string[]; nullable: boolean; liveWhen?: 'not_deleted' };
  /** How the server finds the desa a row belongs to, for the area check. */
  area: 'desa_code' | 'household' | 'case' | 'none';
  /** Any of these permissions allows a change to the table. */
  write: Permission[];
  /** Tables with a deleted_at column: a natural key counts only while it is null. */
  softDelete?: boolean;
}

const REGISTRY: Permission[] = [
  'registry.write',
  'duplicates.review',
  'import.run',
  'verification.write',
  'verification.approve',
  'enrolment.write',
];

export const SYNCED_TABLES = {
  ref_values: {
    naturalKey: { fields: ['kind', 'code'], nullable: false },
    area: 'none',
    write: ['reference.manage'],
  },
  programs: { naturalKey: { fields: ['code'], nullable: false }, area: 'none', write: ['reference.manage'] },
  program_components: {
    naturalKey: { fields: ['program_id', 'code'], nullable: false },
    area: 'none',
    write: ['reference.manage'],
  },
  households: {
    naturalKey: { fields: ['kk_number'], nullable: true },
    area: 'desa_code',
    write: REGISTRY,
    softDelete: true,
  },
  household_kk_history: { area: 'household', write: REGISTRY },
  household_desil_history: { area: 'household', write: REGISTRY },
  people: {
    naturalKey: { fields: ['nik'], nullable: true },
    area: 'household',
    write: REGISTRY,
    softDelete: true,
  },
  enrolments: {
    area: 'household',
    write: ['enrolment.write', 'verification.approve', 'import.run', 'registry.write', 'duplicates.review'],
  },
  verifications: {
    area: 'desa_code',
    write: ['verification.write', 'verification.approve', 'registry.write', 'complaints.write'],
  },
  attachments: {
    area: 'none',
    write: ['verification.write', 'registry.write', 'cases.write', 'complaints.write'],
  },
  disbursement_periods: {
    naturalKey: { fields: ['program_id', 'year', 'start_month', 'months'], nullable: false },
    area: 'none',
    write: ['disbursement.write', 'disbursement.close'],
  },
  disbursement_items: {
    area: 'desa_code',
    write: ['disbursement.write', 'disbursement.close', 'import.run'],
  },
  disbursement_corrections: { area: 'none', write: ['disbursement.close', 'disbursement.write'] },
  cases: { area: 'desa_code', write: ['cases.write', 'complaints.write'] },
  case_events: { area: 'case', write: ['cases.write', 'complaints.write'] },
  referrals: { area: 'case', write: ['cases.write'] },
  complaints: { area: 'none', write: ['complaints.write', 'cases.write'] },
  duplicate_candidates: {
    naturalKey: { fields: ['person_a', 'person_b'], nullable: false },
    area: 'none',
    write: [...REGISTRY],
  },
  /** One row, id "office": the letterhead and signatories every workstation prints. */
  report_settings: { area: 'none', write: ['settings.manage'] },
  /** Import templates: one per kind and name, shared by the office. */
  import_mappings: {
    naturalKey: { fields: ['kind', 'name'], nullable: false },
    area: 'none',
    write: ['import.run'],
  },
  /** Frozen reports: a reprint anywhere gives the same document and verification code. */
  report_snapshots: {
    naturalKey: { fields: ['params_key', 'revision'], nullable: false },
    area: 'none',
    write: ['reports.read', 'disbursement.close'],
  },
  /**
   * Leakage signals someone checked. A release signal's key names a release only its workstation
   * holds (dtks_releases is local): such a check travels but matches nothing elsewhere.
   */
  signal_checks: {
    naturalKey: { fields: ['kind', 'subject_key'], nullable: false },
    area: 'household',
    write: ['duplicates.review'],
  },
  operations: {
    area: 'none',
    write: [...REGISTRY, 'disbursement.write', 'disbursement.close', 'cases.write', 'complaints.write'],
  },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof SYNCED_TABLES;
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTableName[];
export const isSyncedTable = (name: string): name is SyncedTableName => Object.hasOwn(SYNCED_TABLES, name);

/** Reference tables the app seeds itself (user_id null) with stable ids on every device. */
export const SEEDED_TABLES: ReadonlySet<string> = new Set(['ref_values', 'programs', 'program_components']);

/**
 * Columns that are the device's own, never sent: people.row_no is a local rowid for full-text
 * search, people.household_desa a copy of the family's desa kept by triggers for search (0008).
 */
export const LOCAL_COLUMNS: ReadonlySet<string> = new Set(['row_no', 'household_desa']);

/** Values compare as JSON scalars; booleans are stored as 0/1. */
export function normalValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return normalValue(a) === normalValue(b);
}

/** The natural key of a live row, or null when it has none (a null field, or a soft-deleted row). */
export function naturalKeyOf(table: string, row: Record<string, unknown>): string | null {
  if (!isSyncedTable(table)) return null;
  const spec: SyncedTable = SYNCED_TABLES[table];
  if (!spec.naturalKey) return null;
  if (spec.softDelete && row.deleted_at != null) return null;
  const parts = spec.naturalKey.fields.map((f) => row[f]);
  if (parts.some((p) => p == null || p === '')) return null;
  return `${table}:${parts.map((p) => String(p)).join('|')}`;
}

/** Kemendagri desa code 35.79.01.1001 -> kecamatan 35.79.01. */
export const kecamatanOf = (desaCode: string): string => desaCode.split('.').slice(0, 3).join('.');

/**
 * One line of the content digest: entity, id, version and the row's non-null fields, keys sorted.
 * Devices (core/sync) and the server hash the same lines in the same order, so equal digests mean
 * the same live rows.
 */
export function digestLine(
  entity: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
): string {
  const fields = Object.keys(data)
    .filter((k) => data[k] !== null && data[k] !== undefined && !LOCAL_COLUMNS.has(k) && k !== 'version')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(normalValue(data[k]))}`);
  return `${entity}|${id}|${version}|{${fields.join(',')}}\n`;
}

/** Sort key for digest lines (plain code-unit order, the same in every store). */
export const digestOrder = (a: { entity: string; id: string }, b: { entity: string; id: string }): number =>
  a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
