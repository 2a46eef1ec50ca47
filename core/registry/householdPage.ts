import type { HouseholdView, PersonView } from '../../common/api/methods/registry.ts';
import { actionLabel, columnLabel } from '../../common/domain/auditLabels.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { RegionNames } from '../regions/names.ts';
import { getHousehold, membersOf } from './households.ts';
import type { Scope } from './scope.ts';
import { BATCH_ACTIONS } from '../../common/audit/batches.ts';
import { toHouseholdView, toPersonView } from './views.ts';

/** Columns a history line never names: keys and derived search keys (stored JSON neither). */
const UNNAMED = new Set(['id', 'household_id', 'name_key', 'phonetic_key']);

/**
 * The fields an entry changed on a row that already existed, or null when it made or removed a
 * row (its changes then name the row's key, `id`): the action's label says it all. Notes carry
 * details, not changes, and name none.
 */
function changedFields(entry: AuditLogTable): string[] | null {
  const changes = JSON.parse(entry.changes_json) as Record<string, unknown>;
  if ('id' in changes) return null;
  return Object.entries(changes)
    .filter(([k, v]) => v && typeof v === 'object' && 'new' in v && !UNNAMED.has(k) && !k.endsWith('_json'))
    .map(([k]) => k);
}

/** The family's history, newest first, from the audit trail (one indexed query). */
export function householdHistory(sql: Sql, householdId: string, limit = 300) {
  const rows = sql.all(
    qb
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('subject_id', '=', householdId),
          eb.and([eb('entity', '=', 'households'), eb('entity_id', '=', householdId)]),
          // An import, or its undo, audited as one entry (issue 14): its record names the family's rows.
          eb.and([
            eb('action', 'in', BATCH_ACTIONS),
            eb(
              'entity_id',
              'in',
              eb.selectFrom('import_batch_rows').select('batch_id').where('household_id', '=', householdId),
            ),
          ]),
        ]),
      )
      .orderBy('seq', 'desc')
      .limit(limit),
  );
  // One use case writes several rows (a family of four: the family, four people, its KK...);
  // show one line per action, moment and user, naming every field its rows changed.
  const lines = new Map<string, { entry: AuditLogTable; fields: string[] | null }>();
  for (const r of rows) {
    if (r.action === 'households.view') continue;
    const key = `${r.at}|${r.action}|${r.username ?? ''}`;
    const fields = changedFields(r);
    const line = lines.get(key);
    if (!line) lines.set(key, { entry: r, fields });
    else if (!line.fields || !fields) line.fields = null;
    else line.fields = [...new Set([...line.fields, ...fields])];
  }
  return [...lines.values()].map(({ entry, fields }) => ({
    at: entry.at,
    username: entry.username,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entity_id,
    summary: fields?.length
      ? `${actionLabel(entry.action)}: ${fields.slice(0, 6).map(columnLabel).join(', ')}`
      : actionLabel(entry.action),
  }));
}

export interface HouseholdPage {
  household: HouseholdView;
  members: PersonView[];
  kkHistory: { kkNumber: string; validFrom: string; validTo: string | null; reason: string }[];
  desilHistory: { desil: number; asOf: string; source: string }[];
  history: ReturnType<typeof householdHistory>;
}

export function householdPage(sql: Sql, regions: RegionNames, scope: Scope, id: string): HouseholdPage {
  const household = getHousehold(sql, id, scope);
  const members = membersOf(sql, id);
  return {
    household: toHouseholdView(household, regions),
    members: members.map((m) => toPersonView(m, scope)),
    kkHistory: sql
      .all(
        qb
          .selectFrom('household_kk_history')
          .selectAll()
          .where('household_id', '=', id)
          .orderBy('valid_from', 'desc')
          .orderBy('created_at', 'desc'),
      )
      .map((k) => ({
        kkNumber: k.kk_number,
        validFrom: k.valid_from,
        validTo: k.valid_to,
        reason: k.reason,
      })),
    desilHistory: sql
      .all(
        qb
          .selectFrom('household_desil_history')
          .selectAll()
          .where('household_id', '=', id)
          .orderBy('as_of', 'desc'),
      )
      .map((d) => ({ desil: d.desil, asOf: d.as_of, source: d.source })),
    history: householdHistory(sql, id),
  };
}
