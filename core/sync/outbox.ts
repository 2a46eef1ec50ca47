import { createHash, hash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { redactJson } from '../../common/audit/redaction.ts';
import { canonicalJson } from '../../common/canonicalJson.ts';
import {
  BATCH_CHUNK_BYTES,
  BATCH_CHUNK_ROWS,
  BATCH_ENTITY,
  batchDigest,
  chunkChanges,
  redactChunkRows,
  type BatchChunk,
  type BatchRow,
  type Sha256,
} from '../../common/sync/batch.ts';
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
export function appendOutbox(sql: Sql, draft: OutboxDraft, changesJson?: string, rowCount = 1): void {
  if (!sql.inTransaction) throw new Error('appendOutbox outside a transaction');
  // Written out rather than built: this runs for every synced row of a hand edit or a chunk.
  const last = sql.first<{ device_seq: number; hash: string }>(CompiledQuery.raw(OUTBOX_HEAD, []));
  const seq = (last?.device_seq ?? 0) + 1;
  const prevHash = last?.hash ?? OUTBOX_GENESIS;
  const changes = draft.op === 'batch' ? draft.changes : syncedChanges(draft.changes);
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
  // An import's chunk comes already written (BatchOutbox): its rows are not serialised twice.
  changesJson ??= canonicalJson(changes);
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
      rowCount,
    ]),
  );
}

/**
 * The fields of a change the server merges, normalised, with keys in sorted order (so
 * canonicalJson need not copy them to sort them): no server-kept or device-local column.
 */
function syncedChanges(draft: FieldChanges): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of Object.keys(draft).sort()) {
    if (SERVER_COLUMNS.has(field) || LOCAL_COLUMNS.has(field)) continue;
    const change = draft[field]!;
    changes[field] = { new: normalValue(change.new), old: normalValue(change.old) };
  }
  return changes;
}

const sha256: Sha256 = (text) => hash('sha256', text);

/**
 * The outbox of an import (common/sync/batch.ts): rows are gathered into chunks, each written
 * as one outbox row when full, the last one declaring the count and the digest over all.
 * Memory stays one chunk, whatever the size of the file.
 */
export class BatchOutbox {
  /** The chunk's rows, each as its canonical JSON (a BatchRow's bytes in `canonicalJson`). */
  private rows: string[] = [];
  private bytes = 0;
  private readonly digests: string[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly batchId: string,
    private readonly author: Pick<OutboxDraft, 'userId' | 'username' | 'at'>,
  ) {}

  add(row: {
    entity: string;
    entityId: string;
    op: BatchRow['op'];
    baseVersion: number;
    changes: FieldChanges;
  }) {
    const { baseVersion, entity, entityId, op } = row;
    // Keys in sorted order, as canonicalJson writes them.
    const batchRow: BatchRow = { baseVersion, changes: syncedChanges(row.changes), entity, entityId, op };
    this.push(canonicalJson(batchRow));
  }

  /**
   * An inserted row, given as stored: the JSON `add` would write of `insertChanges(stored)`,
   * written in one pass without an object per field (every imported row comes this way).
   * `fields`: the row's fields as `insertFieldsOf` lists them, which a batch works out once
   * per table.
   */
  addInsert(
    entity: string,
    entityId: string,
    stored: Record<string, unknown>,
    fields: InsertFields = insertFieldsOf(Object.keys(stored)),
  ) {
    let changes = '';
    for (const { name, key } of fields) {
      const value = stored[name];
      if (value === null || value === undefined) continue;
      const written = typeof value === 'object' ? canonicalJson(value) : JSON.stringify(normalValue(value));
      changes += `${changes ? ',' : ''}${key}${written},"old":null}`;
    }
    this.push(
      `{"baseVersion":0,"changes":{${changes}},"entity":${JSON.stringify(entity)},"entityId":${JSON.stringify(entityId)},"op":"insert"}`,
    );
  }

  private push(row: string) {
    // A full chunk is written only when another row comes, so the last one is never empty.
    if (this.rows.length >= BATCH_CHUNK_ROWS || this.bytes >= BATCH_CHUNK_BYTES) this.write(null);
    this.rows.push(row);
    // Twice its UTF-16 length: above its UTF-8 bytes for Latin text, as the cap (far under the
    // body limit) needs; exact counting would cost a pass over every row.
    this.bytes += row.length * 2;
  }

  /** Writes the last chunk; answers the batch's digest, or null when it changed no synced row. */
  finish(): string | null {
    if (!this.rows.length) return null;
    const rows = this.rowsWritten();
    const digest = batchDigest([...this.digests, rows.digest], sha256);
    this.write({ chunks: this.digests.length + 1, sha256: digest }, rows);
    return digest;
  }

  /** The chunk's rows as canonical JSON (the bytes common/sync/batch.ts `chunkDigest` hashes), with their digest. */
  private rowsWritten(): { json: string; digest: string } {
    const json = `[${this.rows.join(',')}]`;
    return { json, digest: sha256(json) };
  }

  private write(last: BatchChunk['last'] | null, rows = this.rowsWritten()): void {
    const index = this.digests.length;
    this.digests.push(rows.digest);
    // The chunk without its rows, which are put in as already written.
    const chunk: BatchChunk = last ? { index, last, rows: [] } : { index, rows: [] };
    const changesJson = canonicalJson(chunkChanges(chunk)).replace('"rows":[]', () => `"rows":${rows.json}`);
    appendOutbox(
      this.sql,
      {
        entity: BATCH_ENTITY,
        entityId: this.batchId,
        op: 'batch',
        baseVersion: 0,
        changes: chunkChanges(chunk),
        ...this.author,
      },
      changesJson,
      this.rows.length,
    );
    this.rows = [];
    this.bytes = 0;
  }
}

/**
 * Redacts the given rows inside the import chunks that carried them (retention): only chunks
 * the server has acknowledged, unless `unacked` too (a workstation that never syncs). Each
 * chunk is read once however many of the rows it holds. Answers how many chunks changed.
 */
export function redactBatchedRows(
  sql: Sql,
  rows: { entity: string; id: string }[],
  purgeId: string,
  unacked: boolean,
): number {
  // The batches that carried a row are in their records; instr finds its chunk among theirs
  // without parsing them.
  const chunksOf = sql.raw
    .prepare(
      `SELECT device_seq FROM sync_outbox
       WHERE entity = ? AND entity_id IN (SELECT batch_id FROM import_batch_rows WHERE entity = ? AND entity_id = ?)
         AND instr(changes_json, ?) > 0 AND (acked_at IS NOT NULL OR ?)`,
    )
    .pluck();
  const byChunk = new Map<number, { entity: string; id: string }[]>();
  for (const row of rows)
    for (const seq of chunksOf.all(BATCH_ENTITY, row.entity, row.id, row.id, unacked ? 1 : 0) as number[])
      byChunk.set(seq, [...(byChunk.get(seq) ?? []), row]);
  const read = sql.raw.prepare('SELECT changes_json FROM sync_outbox WHERE device_seq = ?').pluck();
  const write = sql.raw.prepare(
    'UPDATE sync_outbox SET changes_json = ?, redacted_by = ? WHERE device_seq = ?',
  );
  let count = 0;
  for (const [seq, held] of byChunk) {
    const stored = read.get(seq) as string;
    const redacted = redactChunkRows(stored, held, redactJson);
    // Already redacted by an earlier pass: nothing to write.
    if (redacted === null || redacted === stored) continue;
    write.run(redacted, purgeId, seq);
    count++;
  }
  return count;
}

/** The fields an inserted row's change carries, sorted, each with its JSON up to the new value. */
export type InsertFields = { name: string; key: string }[];

/** What `addInsert` writes of a row with these columns: no server-kept or device column. */
export function insertFieldsOf(columns: string[]): InsertFields {
  return [...columns]
    .sort()
    .filter((field) => !SERVER_COLUMNS.has(field) && !LOCAL_COLUMNS.has(field))
    .map((name) => ({ name, key: `${JSON.stringify(name)}:{"new":` }));
}

const OUTBOX_HEAD = 'SELECT device_seq, hash FROM sync_outbox ORDER BY device_seq DESC LIMIT 1';
const INSERT_OUTBOX = `INSERT INTO sync_outbox (device_seq, mutation_id, entity, entity_id, op, base_version,
  changes_json, user_id, username, at, prev_hash, hash, acked_at, row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`;

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

export function toMutation(row: Omit<SyncOutboxTable, 'row_count'>): Mutation {
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

/** The changes waiting for the server: an import chunk counts its rows. */
export function pendingCount(sql: Sql): number {
  return Number(
    sql.first(
      qb
        .selectFrom('sync_outbox')
        .select((eb) => eb.fn.sum<number>('row_count').as('n'))
        .where('acked_at', 'is', null),
    )?.n ?? 0,
  );
}
