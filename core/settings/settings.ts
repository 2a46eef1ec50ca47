import { RETENTION_YEARS, type SettingsView } from '../../common/api/methods/admin.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { DEFAULT_IMPORT_LIMITS_VIEW } from '../importer/limits.ts';

export const DEFAULT_SETTINGS: SettingsView = {
  officeName: 'Dinas Sosial Kota Batu',
  idleLockMinutes: 15,
  cityPrefix: '3579',
  importLimits: DEFAULT_IMPORT_LIMITS_VIEW,
  retentionYears: RETENTION_YEARS.default,
};

type SettingKey = keyof SettingsView;

export function readSettings(sql: Sql): SettingsView {
  const rows = sql.all(qb.selectFrom('settings').select(['key', 'value_json']));
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
    if (key in stored) (settings as Record<SettingKey, unknown>)[key] = stored[key];
  }
  return settings;
}

export function updateSettings(
  changes: Changes,
  patch: Partial<SettingsView>,
  updatedBy: string | null,
): SettingsView {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const valueJson = JSON.stringify(value);
    const exists = changes.db.first(qb.selectFrom('settings').select('key').where('key', '=', key));
    if (exists) {
      changes.update(
        'settings',
        key,
        { value_json: valueJson, updated_at: changes.now, updated_by: updatedBy },
        'settings.update',
      );
    } else {
      changes.insert(
        'settings',
        { key, value_json: valueJson, updated_at: changes.now, updated_by: updatedBy },
        'settings.update',
      );
    }
  }
  return readSettings(changes.db);
}
