import { OPEN_CASE_STATUSES } from '../../common/domain/registry.ts';
import type { Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { desaCodesOfArea } from './scope.ts';

/**
 * The rows of a family's work still to be done, each of which carries its own desa: the desa
 * decides which officers may act on it and which workstations receive it (common/sync/place.ts).
 * Finished work stays where it was done: it is the history that desa's reports count.
 */
const OPEN_WORK = [
  { table: 'verifications', open: `status <> 'terverifikasi'`, assigned: true },
  {
    table: 'cases',
    open: `status IN (${OPEN_CASE_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    assigned: true,
  },
  { table: 'complaints', open: `status <> 'selesai'`, assigned: false },
  // A payment not yet made in a period still open: the new desa hands it over (its BNBA).
  {
    table: 'disbursement_items',
    open: `status = 'belum' AND period_id IN (SELECT id FROM disbursement_periods WHERE status = 'dibuka')`,
    assigned: false,
  },
] as const;

/**
 * A family moving to another desa takes its open work along: a pending visit, an open case or
 * complaint, an unpaid payment of an open period. Left behind, the old desa's officers would keep
 * acting on (and their workstations keep receiving) a family that is no longer theirs, and the
 * new desa's officers could not reach it. An officer assigned to the work whose area does not
 * cover the new desa is released from it, so it waits in the new desa for someone who can go.
 * Each row moves as its own audited, synced change.
 */
export function moveOpenWork(changes: Changes, householdId: string, from: string, to: string): void {
  const raw = changes.db.raw;
  for (const { table, open, assigned } of OPEN_WORK) {
    const rows = raw
      .prepare(
        `SELECT id${assigned ? ', assigned_to' : ''} FROM ${table}
         WHERE household_id = ? AND desa_code = ? AND ${open} ORDER BY id`,
      )
      .all(householdId, from) as { id: string; assigned_to?: string | null }[];
    for (const row of rows) {
      const release = row.assigned_to && !worksIn(changes.db, row.assigned_to, to);
      changes.update(
        table,
        row.id,
        (release ? { desa_code: to, assigned_to: null } : { desa_code: to }) as never,
        'households.move_work',
      );
    }
  }
}

/**
 * Whether the user `userId` may work in `desaCode`. Accounts live on their own workstation: a user
 * this one does not know keeps the work, since nothing here can say they cannot go.
 */
function worksIn(sql: Sql, userId: string, desaCode: string): boolean {
  const user = sql.raw.prepare('SELECT area_json FROM users WHERE id = ?').get(userId) as
    { area_json: string } | undefined;
  if (!user) return true;
  const covered = desaCodesOfArea(sql, JSON.parse(user.area_json) as { kecamatan: string[]; desa: string[] });
  return covered === null || covered.has(desaCode);
}
