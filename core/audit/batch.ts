import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { PURGE_ACTION, redactJson } from '../../common/audit/redaction.ts';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { LOCAL_COLUMNS } from '../../common/sync/tables.ts';
import type { AuditVerifyReport } from '../../common/api/methods/admin.ts';
import type { Sql } from '../../db/sql.ts';
import type { ImportBatchRowsTable } from '../../db/schema.ts';

/**
 * An import is audited as a batch (issue 14): one audit entry for the whole import instead of
 * one per row, which cost more than reading the file. What keeps it as tamper-evident as
 * before:
 * - the batch's record (import_batch_rows: every row it created, changed or removed, with the
 *   row's version and the SHA-256 of its content as the batch left it) is summed into one
 *   SHA-256, `rows_sha256`, that the batch's audit entry carries, so the record cannot change
 *   without breaking the chain;
 * - `verifyBatches` recomputes that sum from the record, and each row's content hash from the
 *   row itself while the row is still at the version the batch left it at. Every change the
 *   app makes moves a row's version (hand edits and undo are audited, pulled rows carry the
 *   server's version), so a row at the batch's version whose content differs was edited behind
 *   the app's back.
 */

/** Columns that are the device's own bookkeeping, kept by triggers: not the row's content. */
const DEVICE_COLUMNS = LOCAL_COLUMNS;

/** SHA-256 of a row's canonical content, as stored (the same read at import and at verify). */
export function rowDigest(row: Record<string, unknown>): string {
  const content: Record<string, unknown> = {};
  for (const field of Object.keys(row).sort()) if (!DEVICE_COLUMNS.has(field)) content[field] = row[field];
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

type Op = ImportBatchRowsTable['op'];

interface Noted {
  op: Op;
  household: string | null;
  /** The values a changed or removed row had before the batch (first change wins). */
  before: Record<string, unknown> | null;
}

export interface BatchTotals {
  rowsSha256: string;
  rowCount: number;
}

/**
 * The line of one row in the batch's sum: table, id, what the batch did, the row's hash, and
 * the hash of the values it replaced (what undo puts back), so neither can change unseen.
 */
const sumLine = (entity: string, id: string, op: string, rowHash: string, beforeHash: string) =>
  `${entity}\t${id}\t${op}\t${rowHash}\t${beforeHash}\n`;

/** The hash of a line's before-values as the sum takes it: '-' for a created row. */
export const beforeHashOf = (beforeJson: string | null) =>
  beforeJson === null ? '-' : createHash('sha256').update(beforeJson).digest('hex');

/** Rows are read back and written in chunks of this many ids. */
const CHUNK = 500;

/**
 * What `Changes` notes while an import writes: per table, the ids it touched and how. Kept
 * per table (not one list of objects) and only as far as undo needs it: a created row is its
 * id and family.
 */
export class BatchRecord {
  private readonly tables = new Map<string, Map<string, Noted | string | null>>();

  created(table: string, id: string, household: string | null): void {
    const rows = this.rowsOf(table);
    if (!rows.has(id)) rows.set(id, household);
  }

  updated(table: string, id: string, household: string | null, before: Record<string, unknown>): void {
    const rows = this.rowsOf(table);
    const noted = rows.get(id);
    if (noted === undefined) rows.set(id, { op: 'update', household, before: { ...before } });
    else if (typeof noted === 'object' && noted !== null && noted.before)
      for (const field of Object.keys(before))
        if (!(field in noted.before)) noted.before[field] = before[field];
  }

  removed(table: string, id: string, household: string | null, before: Record<string, unknown>): void {
    const rows = this.rowsOf(table);
    const noted = rows.get(id);
    // A row created and removed in the same batch leaves nothing behind.
    if (noted !== undefined && (noted === null || typeof noted === 'string')) rows.delete(id);
    else rows.set(id, { op: 'remove', household, before: noted?.before ?? before });
  }

  get size(): number {
    let n = 0;
    for (const rows of this.tables.values()) n += rows.size;
    return n;
  }

  /**
   * Writes the record of batch `batchId` in the caller's transaction: each row read back as the
   * batch leaves it, hashed, and summed in table and id order. Answers the sum the batch's
   * audit entry carries.
   */
  write(sql: Sql, batchId: string): BatchTotals {
    const insert = sql.raw.prepare(
      `INSERT INTO import_batch_rows (batch_id, entity, entity_id, op, household_id, before_json, version, row_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const sum = createHash('sha256');
    let rowCount = 0;
    for (const table of [...this.tables.keys()].sort()) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`batch record names table ${table}`);
      const rows = this.tables.get(table)!;
      const ids = [...rows.keys()].sort();
      const read = sql.raw.prepare(`SELECT * FROM "${table}" WHERE id IN (SELECT value FROM json_each(?))`);
      for (let at = 0; at < ids.length; at += CHUNK) {
        const chunk = ids.slice(at, at + CHUNK);
        const stored = new Map(
          (read.all(JSON.stringify(chunk)) as Record<string, unknown>[]).map((r) => [r.id as string, r]),
        );
        for (const id of chunk) {
          const noted = rows.get(id)!;
          const detail: Noted =
            noted === null || typeof noted === 'string'
              ? { op: 'create', household: noted, before: null }
              : noted;
          const row = stored.get(id);
          // A removed row is summed by the values it had.
          const content = row ?? (detail.op === 'remove' ? detail.before! : null);
          if (!content) throw new Error(`${table} ${id} of this import is missing`);
          const rowHash = rowDigest(content);
          const beforeJson = detail.before ? canonicalJson(detail.before) : null;
          insert.run(
            batchId,
            table,
            id,
            detail.op,
            detail.household,
            beforeJson,
            Number(content.version ?? 0),
            rowHash,
          );
          sum.update(sumLine(table, id, detail.op, rowHash, beforeHashOf(beforeJson)));
          rowCount++;
        }
      }
    }
    return { rowsSha256: sum.digest('hex'), rowCount };
  }

  private rowsOf(table: string): Map<string, Noted | string | null> {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    return rows;
  }
}

/** A batch as its audit entry states it. */
export interface AuditedBatch {
  seq: number;
  batchId: string;
  rowsSha256: string;
  rowCount: number;
}

/** Reads `rows_sha256`/`row_count` from an `import.commit` entry; null for a batch audited row by row. */
export function auditedBatch(seq: number, entityId: string | null, changesJson: string): AuditedBatch | null {
  const changes = JSON.parse(changesJson) as Record<string, { new?: unknown } | undefined>;
  const rowsSha256 = changes.rows_sha256?.new;
  if (typeof rowsSha256 !== 'string' || !entityId) return null;
  return { seq, batchId: entityId, rowsSha256, rowCount: Number(changes.row_count?.new ?? 0) };
}

type Problem = AuditVerifyReport['problems'][number];

/**
 * Checks each batch's record against the sum its audit entry holds, and each of its rows still
 * at the batch's version against the row's content hash. A row whose version moved on was
 * changed through the app: an audited hand edit or undo, a later batch, or a row pulled from
 * the server (whose copy is checked there); such rows are not held to the batch's content.
 */
export function verifyBatches(sql: Sql, batches: AuditedBatch[]): Problem[] {
  const problems: Problem[] = [];
  const recordOf = sql.raw.prepare(
    'SELECT entity, entity_id, op, before_json, version, row_hash, before_sha256, redacted_by FROM import_batch_rows WHERE batch_id = ? ORDER BY entity, entity_id',
  );
  const listed = listedRedactions(sql);
  for (const batch of batches) {
    const sum = createHash('sha256');
    let count = 0;
    const byTable = new Map<string, Pick<ImportBatchRowsTable, 'entity_id' | 'version' | 'row_hash'>[]>();
    const unlisted: string[] = [];
    for (const r of recordOf.iterate(batch.batchId) as IterableIterator<ImportBatchRowsTable>) {
      // A redacted line is summed by the hash of the values it held, kept beside it.
      if (r.redacted_by && !redactionListed(listed, batch.batchId, r))
        unlisted.push(`${r.entity} ${r.entity_id}`);
      const beforeHash = r.redacted_by ? (r.before_sha256 ?? '') : beforeHashOf(r.before_json);
      sum.update(sumLine(r.entity, r.entity_id, r.op, r.row_hash, beforeHash));
      count++;
      if (r.op === 'remove') continue;
      const rows = byTable.get(r.entity);
      if (rows) rows.push(r);
      else byTable.set(r.entity, [r]);
    }
    if (unlisted.length)
      problems.push({
        seq: batch.seq,
        kind: 'edited',
        message: `Rincian impor pada catatan ${batch.seq} ditandai dihapus karena retensi, tetapi tidak ada penghapusan yang mencatatnya (${unlisted.slice(0, 3).join(', ')}${unlisted.length > 3 ? ', …' : ''}): isinya telah diubah.`,
      });
    if (count !== batch.rowCount || sum.digest('hex') !== batch.rowsSha256) {
      problems.push({
        seq: batch.seq,
        kind: 'edited',
        message: `Catatan rincian impor pada catatan ${batch.seq} tidak cocok dengan ringkasannya di log audit: rincian impor telah diubah.`,
      });
      continue;
    }
    for (const [table, rows] of byTable) {
      const changed = changedRows(sql, table, rows);
      if (!changed.length) continue;
      const shown = changed.slice(0, 3).join(', ');
      problems.push({
        seq: batch.seq,
        kind: 'edited',
        message: `${changed.length.toLocaleString('id-ID')} baris ${table} dari impor pada catatan ${batch.seq} telah diubah di luar aplikasi (${shown}${changed.length > 3 ? ', …' : ''}).`,
      });
    }
  }
  return problems;
}

/** Ids of rows still at the batch's version whose content is not what the batch left. */
function changedRows(
  sql: Sql,
  table: string,
  rows: Pick<ImportBatchRowsTable, 'entity_id' | 'version' | 'row_hash'>[],
): string[] {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`batch record names table ${table}`);
  const read = sql.raw.prepare(`SELECT * FROM "${table}" WHERE id IN (SELECT value FROM json_each(?))`);
  const changed: string[] = [];
  for (let at = 0; at < rows.length; at += CHUNK) {
    const chunk = rows.slice(at, at + CHUNK);
    const stored = new Map(
      (read.all(JSON.stringify(chunk.map((r) => r.entity_id))) as Record<string, unknown>[]).map((r) => [
        r.id as string,
        r,
      ]),
    );
    for (const r of chunk) {
      const row = stored.get(r.entity_id);
      // Gone without a version to show for it: a row is never deleted by the app while the
      // batch stands (undo soft-deletes; a removed item is recorded as removed).
      if (!row) {
        if (!hasLaterEntry(sql, table, r.entity_id)) changed.push(r.entity_id);
        continue;
      }
      if (Number(row.version ?? 0) !== r.version) continue;
      if (rowDigest(row) !== r.row_hash) changed.push(r.entity_id);
    }
  }
  return changed;
}

const hasLaterEntry = (sql: Sql, table: string, id: string) =>
  sql.first(
    CompiledQuery.raw('SELECT 1 AS found FROM audit_log WHERE entity = ? AND entity_id = ? LIMIT 1', [
      table,
      id,
    ]),
  ) !== undefined;

/**
 * Retention (UU PDP) reaches the batch's record: a purged family's before-values are redacted
 * like its audit entries (core/retention/purge.ts). The line keeps the hash of the values it
 * held (`before_sha256`), so the batch's sum still verifies, and names the purge that redacted
 * it; the purge's audit entry lists the line with that hash. Verify accepts a redacted line
 * only when so listed and holding nothing but field names and the marker, as `verifyChain`
 * does for audit entries: marking a line redacted cannot hide an edit of it.
 */

/** A line a purge redacts: [batch id, table, row id, SHA-256 of its before-values]. */
export type RedactedLine = [string, string, string, string];

/** What a purge's audit entry adds to its record for the import records it redacts. */
export interface BatchRedactions {
  batchLines?: RedactedLine[];
}

/**
 * The lines of import records holding before-values of these rows, not yet redacted, with
 * their hashes: what a purge lists. `removedOf` also takes the family's removed rows, which
 * no longer exist to be named.
 */
export function linesHoldingValues(
  sql: Sql,
  rowKeys: [string, string][],
  removedOf: string | null,
): RedactedLine[] {
  const lines = sql.raw
    .prepare(
      `SELECT batch_id, entity, entity_id, before_json FROM import_batch_rows
       WHERE redacted_by IS NULL AND before_json IS NOT NULL
         AND ((entity, entity_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))
           OR (op = 'remove' AND household_id = ?))
       ORDER BY batch_id, entity, entity_id`,
    )
    .all(JSON.stringify(rowKeys), removedOf) as Pick<
    ImportBatchRowsTable,
    'batch_id' | 'entity' | 'entity_id' | 'before_json'
  >[];
  return lines.map((l) => [l.batch_id, l.entity, l.entity_id, beforeHashOf(l.before_json)]);
}

/** Redacts the listed lines still holding values, naming the purge; answers how many. */
export function redactLines(sql: Sql, purgeId: string, lines: RedactedLine[]): number {
  const read = sql.raw.prepare(
    'SELECT before_json FROM import_batch_rows WHERE batch_id = ? AND entity = ? AND entity_id = ? AND redacted_by IS NULL',
  );
  const write = sql.raw.prepare(
    `UPDATE import_batch_rows SET before_json = ?, before_sha256 = ?, redacted_by = ?
     WHERE batch_id = ? AND entity = ? AND entity_id = ?`,
  );
  let count = 0;
  for (const [batchId, entity, id, hash] of lines) {
    const line = read.get(batchId, entity, id) as { before_json: string | null } | undefined;
    if (!line?.before_json) continue;
    write.run(redactJson(line.before_json), hash, purgeId, batchId, entity, id);
    count++;
  }
  return count;
}

/** Every line the purges in the chain list, keyed by purge, batch, table and id: its hash. */
function listedRedactions(sql: Sql): Map<string, string> {
  const listed = new Map<string, string>();
  const purges = sql.raw
    .prepare('SELECT id, changes_json FROM audit_log WHERE action = ?')
    .all(PURGE_ACTION) as { id: string; changes_json: string }[];
  for (const purge of purges) {
    const record = JSON.parse(purge.changes_json) as BatchRedactions;
    for (const [batchId, entity, id, hash] of record.batchLines ?? [])
      listed.set(`${purge.id}\t${batchId}\t${entity}\t${id}`, hash);
  }
  return listed;
}

function redactionListed(
  listed: Map<string, string>,
  batchId: string,
  r: Pick<ImportBatchRowsTable, 'entity' | 'entity_id' | 'before_json' | 'before_sha256' | 'redacted_by'>,
): boolean {
  const hash = listed.get(`${r.redacted_by}\t${batchId}\t${r.entity}\t${r.entity_id}`);
  return hash !== undefined && hash === r.before_sha256 && r.before_json !== null && isClean(r.before_json);
}

/** Nothing but field names and the marker: nothing could have been written in. */
function isClean(json: string): boolean {
  try {
    return redactJson(json) === json;
  } catch {
    return false;
  }
}
