import type { AreaScope } from '../../common/auth/roles.ts';
import { qb, type Sql } from '../../db/sql.ts';

/**
 * A family the server moved out of this workstation's area (it moved to another desa): its rows
 * were deleted here, and the sync page says so. `to` is the desa it went to ('' : the city office).
 */
export interface LeftArea {
  at: string;
  id: string;
  kk: string | null;
  head: string | null;
  to: string;
}

/** This workstation's sync settings and last outcome (table sync_state: local, never synced). */
export interface SyncState {
  serverUrl: string | null;
  /** The id the server gave this device at enrolment. */
  deviceId: string | null;
  deviceName: string | null;
  secret: string | null;
  pin: string | null;
  ca: string | null;
  cursor: number;
  auditNextSeq: number;
  intervalMinutes: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  failures: number;
  alarms: { at: string; kind: string; message: string }[];
  baselineDone: boolean;
  /** Tables a migration made synced after the baseline: their rows go out at the next sync. */
  baselinePending: string[];
  /** The area the server sends this workstation (null: enrolled before areas, the whole city). */
  area: AreaScope | null;
  leftArea: LeftArea[];
}

export const DEFAULT_INTERVAL_MINUTES = 5;

const DEFAULTS: SyncState = {
  serverUrl: null,
  deviceId: null,
  deviceName: null,
  secret: null,
  pin: null,
  ca: null,
  cursor: 0,
  auditNextSeq: 1,
  intervalMinutes: DEFAULT_INTERVAL_MINUTES,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastError: null,
  failures: 0,
  alarms: [],
  baselineDone: false,
  baselinePending: [],
  area: null,
  leftArea: [],
};

export function readState(sql: Sql): SyncState {
  const rows = sql.all(qb.selectFrom('sync_state').select(['key', 'value']));
  const state: Record<string, unknown> = { ...DEFAULTS };
  for (const row of rows) if (row.key in DEFAULTS) state[row.key] = JSON.parse(row.value);
  return state as unknown as SyncState;
}

/** Writes in the caller's transaction when there is one (the cursor moves with the rows it covers). */
export function writeState(sql: Sql, patch: Partial<SyncState>): void {
  const write = () => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      sql.run(
        qb
          .insertInto('sync_state')
          .values({ key, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })),
      );
    }
  };
  if (sql.inTransaction) write();
  else sql.transaction(write);
}
