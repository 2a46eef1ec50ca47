import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { canonicalJson } from '../../common/canonicalJson.ts';
import {
  mutationPayload,
  OUTBOX_GENESIS,
  type FieldChanges,
  type Mutation,
} from '../../common/sync/protocol.ts';
import { isSyncedTable, LOCAL_COLUMNS, normalValue } from '../../common/sync/tables.ts';
import type { SyncOutboxTable } from '../../db/schema.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { newId } from '../ids.ts';

/** Columns the server keeps itself: never part of a change. */
const SERVER_COLUMNS = new Set(['version', 'updated_at']);

export interface OutboxDraft {
  entity: string;
  entityId: string;
  op: Mutation['op'];
  baseVersion: number;
  changes: FieldChanges;
  userId: string | null;
  username: string | null;
  at: string;
}

export const syncsTable = (table: string): boolean => isSyncedTable(table);

/**
 * Appends one outbox row in the caller's transaction: the next device_seq (gapless: it is the
 * INTEGER PRIMARY KEY and rows are never deleted), a fresh mutation id, chained by hash to the
 * previous row. The head is read each time, so two writers in one transaction stay in order.
 */
export function appendOutbox(sql: Sql, draft: OutboxDraft): void {
  if (!sql.inTransaction) throw new Error('appendOutbox outside a transaction');
  // Written out rather than built: this runs for every synced row of a bulk import.
  const last = sql.first<{ device_seq: number; hash: string }>(CompiledQuery.raw(OUTBOX_HEAD, []));
  const seq = (last?.device_seq ?? 0) + 1;
  const prevHash = last?.hash ?? OUTBOX_GENESIS;
  // Built with keys in sorted order, so canonicalJson need not copy it to sort it.
  const changes: FieldChanges = {};
  for (const field of Object.keys(draft.changes).sort()) {
    if (SERVER_COLUMNS.has(field) || LOCAL_COLUMNS.has(field)) continue;
    const change = draft.changes[field]!;
    changes[field] = { new: normalValue(change.new), old: normalValue(change.old) };
  }
  const body = {
    seq,
    mutationId: newId(),
    entity: draft.entity,
    entityId: draft.entityId,
    op: draft.op,
    baseVersion: draft.baseVersion,
    changes,
    userId: draft.userId,
    username: draft.username,
    at: draft.at,
    prevHash,
  };
  const changesJson = canonicalJson(changes);
  const hash = createHash('sha256').update(mutationPayload(body, changesJson)).digest('hex');
  sql.run(
    CompiledQuery.raw(INSERT_OUTBOX, [
      seq,
      body.mutationId,
      body.entity,
      body.entityId,
      body.op,
      body.baseVersion,
      changesJson,
      body.userId,
      body.username,
      body.at,
      prevHash,
      hash,
    ]),
  );
}

const OUTBOX_HEAD = 'SELECT device_seq, hash FROM sync_outbox ORDER BY device_seq DESC LIMIT 1';
const INSERT_OUTBOX = `INSERT INTO sync_outbox (device_seq, mutation_id, entity, entity_id, op, base_version,
  changes_json, user_id, username, at, prev_hash, hash, acked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`;

/** The full row as stored (defaults included), as the changes of an insert. */
export function insertChanges(row: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, value] of Object.entries(row)) {
    if (value === null || value === undefined || SERVER_COLUMNS.has(field) || LOCAL_COLUMNS.has(field))
      continue;
    changes[field] = { old: null, new: value };
  }
  return changes;
}

export function toMutation(row: SyncOutboxTable): Mutation {
  return {
    seq: row.device_seq,
    mutationId: row.mutation_id,
    entity: row.entity,
    entityId: row.entity_id,
    op: row.op,
    baseVersion: row.base_version,
    changes: JSON.parse(row.changes_json) as FieldChanges,
    userId: row.user_id,
    username: row.username,
    at: row.at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function pendingCount(sql: Sql): number {
  return Number(
    sql.first(
      qb
        .selectFrom('sync_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('acked_at', 'is', null),
    )?.n ?? 0,
  );
}
