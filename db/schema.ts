import type { Role } from '../common/auth/roles.ts';

/**
 * The current shape of the local database, as the migrations leave it. Booleans are 0/1,
 * timestamps ISO-8601 UTC text, ids UUIDv7 text, money integer rupiah.
 */
export interface Schema {
  meta: MetaTable;
  users: UsersTable;
  settings: SettingsTable;
  regions: RegionsTable;
  audit_log: AuditLogTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  username: string;
  full_name: string;
  role: Role;
  /** JSON AreaScope */
  area_json: string;
  active: number;
  must_change_password: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
  updated_by: string | null;
}

export type RegionLevel = 'provinsi' | 'kota' | 'kabupaten' | 'kecamatan' | 'kelurahan' | 'desa';

export interface RegionsTable {
  /** Kemendagri code with dots, e.g. 35.79.01.1001 */
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  postal_code: string | null;
  bps_code: string | null;
  /** Name folded for matching spreadsheet spellings ("ORO ORO OMBO" = "Oro-oro Ombo") */
  name_key: string;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  device_id: string;
  action: string;
  entity: string;
  entity_id: string | null;
  changes_json: string;
  prev_hash: string;
  hash: string;
}

export type TableName = keyof Schema;
