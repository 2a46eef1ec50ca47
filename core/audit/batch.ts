import { createHash, hash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { PURGE_ACTION, readPurgeList, redactJson } from '../../common/audit/redaction.ts';
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

/**
 * SHA-256 of a row's canonical content, as stored (the same read at import and at verify).
 * `columns`, when given, are the row's content columns as `contentColumnsOf` lists them for
 * the row's keys (a batch knows them per table), saving the work out of its shape.
 */
export function rowDigest(row: Record<string, unknown>, columns?: ContentColumn[]): string {
  // One-shot hash: a Hash object per row cost as much again as hashing the row.
  return hash('sha256', contentJson(row, columns));
}

/**
 * The row's content as canonical JSON: its columns but the device's, in sorted order. Written
 * out for rows of plain values (what SQLite answers), with each shape's column order worked
 * out once, since it runs for every row an import writes; anything else goes through
 * `canonicalJson`, whose bytes these are.
 */
function contentJson(row: Record<string, unknown>, columns?: ContentColumn[]): string {
  columns ??= shapeColumns(Object.keys(row));
  let json = '{';
  for (let i = 0; i < columns.length; i++) {
    const { name, prefix } = columns[i]!;
    const value = row[name];
    let written: string;
    if (value === null) written = 'null';
    else if (typeof value === 'string') written = JSON.stringify(value);
    else if (typeof value === 'number' && Number.isFinite(value)) written = JSON.stringify(value);
    // undefined (left out), booleans, buffers: canonicalJson's own way.
    else return canonicalContent(row);
    json += (i ? ',' : '') + prefix + written;
  }
  return json + '}';
}

/** A column of a row's content, with its JSON key as written. */
interface ContentColumn {
  name: string;
  prefix: string;
}

/** The columns hashed of a row with these keys: sorted, without the device's. */
const contentColumnsOf = (keys: string[]): ContentColumn[] =>
  keys
    .filter((k) => !DEVICE_COLUMNS.has(k))
    .sort()
    .map((name) => ({ name, prefix: JSON.stringify(name) + ':' }));

function shapeColumns(keys: string[]): ContentColumn[] {
  const shape = keys.join('\u0000');
  let columns = contentColumns.get(shape);
  if (!columns) {
    columns = contentColumnsOf(keys);
    if (contentColumns.size < 1000) contentColumns.set(shape, columns);
  }
  return columns;
}

/** Row shape (its keys in order) -> the columns hashed, sorted, with their JSON keys. */
const contentColumns = new Map<string, ContentColumn[]>();

function canonicalContent(row: Record<string, unknown>): string {
  const content: Record<string, unknown> = {};
  for (const field of Object.keys(row).sort()) if (!DEVICE_COLUMNS.has(field)) content[field] = row[field];
  return canonicalJson(content);
}

type Op = ImportBatchRowsTable['op'];

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

/** Rows are read back in chunks of this many ids. */
const CHUNK = 500;

/** A line of the record as the batch writes it, before the sum is taken. */
interface Line {
  op: Op;
  before_json: string | null;
}

/**
 * What `Changes` notes while an import writes, written to `import_batch_rows` as it goes (the
 * lines of created rows a hundred to a statement, the rest one by one): each
 * row the batch created, changed or removed, hashed from the values it was written with (the
 * stored row, defaults included; read back only when SQLite would have converted a value), so
 * nothing is held in memory and no row is read twice. A row changed again in the same batch
 * has its line brought up to date. `write` then sums the lines in table and id order.
 */
export class BatchRecord {
  private target: { sql: Sql; batchId: string; statements: Statements } | null = null;
  private readonly tables = new Map<string, TableInfo>();
  /** Lines of created rows not yet written, LINE_VALUES values each: written LINES_AT_ONCE at a time. */
  private pending: unknown[] = [];

  /** Called by `Changes.beginBatch`: the lines of batch `batchId` go to `sql` from now on. */
  open(sql: Sql, batchId: string): void {
    if (this.target) throw new Error('batch record already open');
    this.target = { sql, batchId, statements: statementsOf(sql) };
  }

  /** A row the batch inserted, as stored (`written`: its values with the table's defaults). */
  created(table: string, id: string, household: string | null, written?: Record<string, unknown>): void {
    const { batchId, statements } = this.opened();
    const info = this.tableOf(table);
    const asGiven = written !== undefined && keptAsGiven(info.affinities, written);
    const content = asGiven ? written : this.readBack(table, id);
    // A line already there (a row removed and written again) is kept, as the first note wins.
    const digest = rowDigest(content, asGiven ? info.content : undefined);
    this.pending.push(batchId, table, id, household, versionOf(content), digest);
    if (this.pending.length === LINE_VALUES * LINES_AT_ONCE) {
      statements.createMany.run(this.pending);
      this.pending = [];
    }
  }

  /** Writes the lines still pending: before any line is read, and when the batch ends. */
  flush(): void {
    const { statements } = this.opened();
    for (let at = 0; at < this.pending.length; at += LINE_VALUES)
      statements.create.run(this.pending.slice(at, at + LINE_VALUES));
    this.pending = [];
  }

  /**
   * A row the batch changed: `before` the values it replaced, `after` the whole row as it now
   * stands. The first change's before-values win (what undo puts back).
   */
  updated(
    table: string,
    id: string,
    household: string | null,
    before: Record<string, unknown>,
    after?: Record<string, unknown>,
  ): void {
    const { batchId, statements } = this.opened();
    this.flush();
    const line = statements.line.get(batchId, table, id) as Line | undefined;
    if (line?.op === 'remove') return this.replaceBefore(table, id, line, before, true);
    const content = this.contentOf(table, id, after);
    if (line?.op === 'create') {
      statements.rehash.run(versionOf(content), rowDigest(content), batchId, table, id);
      return;
    }
    if (line) return this.replaceBefore(table, id, line, before, false, content);
    statements.insert.run(
      batchId,
      table,
      id,
      'update',
      household,
      canonicalJson(before),
      versionOf(content),
      rowDigest(content),
    );
  }

  /** A row the batch deleted; `before` its values. A row it created and removed leaves nothing. */
  removed(table: string, id: string, household: string | null, before: Record<string, unknown>): void {
    const { batchId, statements } = this.opened();
    this.flush();
    const line = statements.line.get(batchId, table, id) as Line | undefined;
    if (line?.op === 'create') {
      statements.drop.run(batchId, table, id);
      return;
    }
    // A removed row is summed by the values it had (those of its first change, if changed).
    const values = line?.before_json ? (JSON.parse(line.before_json) as Record<string, unknown>) : before;
    statements.upsert.run(
      batchId,
      table,
      id,
      'remove',
      household,
      canonicalJson(values),
      versionOf(values),
      rowDigest(values),
    );
  }

  /**
   * Sums the lines of the batch in table and id order (as `verifyBatches` reads them). Answers
   * the sum the batch's audit entry carries. `sql` and `batchId` are those it was opened with.
   */
  write(sql: Sql, batchId: string): BatchTotals {
    const target = this.target;
    if (target && (target.sql !== sql || target.batchId !== batchId))
      throw new Error('batch record written to another batch');
    if (target) this.flush();
    const sum = createHash('sha256');
    let rowCount = 0;
    const lines = sql.raw.prepare(
      'SELECT entity, entity_id, op, before_json, row_hash FROM import_batch_rows WHERE batch_id = ? ORDER BY entity, entity_id',
    );
    for (const r of lines.iterate(batchId) as IterableIterator<ImportBatchRowsTable>) {
      sum.update(sumLine(r.entity, r.entity_id, r.op, r.row_hash, beforeHashOf(r.before_json)));
      rowCount++;
    }
    return { rowsSha256: sum.digest('hex'), rowCount };
  }

  private opened() {
    if (!this.target) throw new Error('batch record not opened (Changes.beginBatch)');
    return this.target;
  }

  /** Merges the first change's before-values with later ones' (the earlier value wins). */
  private replaceBefore(
    table: string,
    id: string,
    line: Line,
    before: Record<string, unknown>,
    removed: boolean,
    content?: Record<string, unknown>,
  ): void {
    const { batchId, statements } = this.opened();
    const merged = (line.before_json ? JSON.parse(line.before_json) : {}) as Record<string, unknown>;
    for (const field of Object.keys(before)) if (!(field in merged)) merged[field] = before[field];
    const summed = removed ? merged : content!;
    statements.replace.run(canonicalJson(merged), versionOf(summed), rowDigest(summed), batchId, table, id);
  }

  /**
   * The row as stored: the values written when SQLite keeps each as given (the hash must be
   * the one `verifyBatches` takes from the stored row), otherwise the row read back.
   */
  private contentOf(table: string, id: string, written?: Record<string, unknown>): Record<string, unknown> {
    if (written && keptAsGiven(this.tableOf(table).affinities, written)) return written;
    return this.readBack(table, id);
  }

  private readBack(table: string, id: string): Record<string, unknown> {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`batch record names table ${table}`);
    const row = this.opened().sql.raw.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as
      Record<string, unknown> | undefined;
    if (!row) throw new Error(`${table} ${id} of this import is missing`);
    return row;
  }

  /** A table's column affinities and content columns, read once per batch. */
  private tableOf(table: string): TableInfo {
    let found = this.tables.get(table);
    if (!found) {
      const columns = this.opened().sql.raw.pragma(`table_info("${table}")`) as {
        name: string;
        type: string;
      }[];
      found = {
        affinities: new Map(columns.map((c) => [c.name, affinityOf(c.type)])),
        content: contentColumnsOf(columns.map((c) => c.name)),
      };
      this.tables.set(table, found);
    }
    return found;
  }
}

interface TableInfo {
  affinities: Map<string, Affinity>;
  /** The content columns of a row holding exactly the table's columns. */
  content: ContentColumn[];
}

/** True when every column is there and reads back exactly as written (see `keptAsGivenIn`). */
function keptAsGiven(affinities: Map<string, Affinity>, row: Record<string, unknown>): boolean {
  for (const [column, affinity] of affinities)
    if (!(column in row) || !keptAsGivenIn(affinity, row[column])) return false;
  return Object.keys(row).length === affinities.size;
}

/** A line of a created row: batch, table, id, family, version, hash. */
const LINE_VALUES = 6;
/** Created rows' lines written by one statement: one statement per row cost as much as hashing the row. */
const LINES_AT_ONCE = 100;

type Statements = ReturnType<typeof statementsOf>;

function statementsOf(sql: Sql) {
  const where = 'WHERE batch_id = ? AND entity = ? AND entity_id = ?';
  const columns = '(batch_id, entity, entity_id, op, household_id, before_json, version, row_hash)';
  const created = "(?, ?, ?, 'create', ?, NULL, ?, ?)";
  return {
    line: sql.raw.prepare(`SELECT op, before_json FROM import_batch_rows ${where}`),
    create: sql.raw.prepare(`INSERT OR IGNORE INTO import_batch_rows ${columns} VALUES ${created}`),
    createMany: sql.raw.prepare(
      `INSERT OR IGNORE INTO import_batch_rows ${columns} VALUES ${Array(LINES_AT_ONCE).fill(created).join(', ')}`,
    ),
    insert: sql.raw.prepare(`INSERT INTO import_batch_rows ${columns} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    upsert: sql.raw.prepare(
      `INSERT OR REPLACE INTO import_batch_rows ${columns} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rehash: sql.raw.prepare(`UPDATE import_batch_rows SET version = ?, row_hash = ? ${where}`),
    replace: sql.raw.prepare(
      `UPDATE import_batch_rows SET before_json = ?, version = ?, row_hash = ? ${where}`,
    ),
    drop: sql.raw.prepare(`DELETE FROM import_batch_rows ${where}`),
  };
}

const versionOf = (row: Record<string, unknown>) => Number(row.version ?? 0);

/** SQLite's column affinity, from the declared type (https://sqlite.org/datatype3.html 3.1). */
type Affinity = 'integer' | 'text' | 'blob' | 'real' | 'numeric';

function affinityOf(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'text';
  if (type === '' || type.includes('BLOB')) return 'blob';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'real';
  return 'numeric';
}

/**
 * Whether a value reads back as written: text in a text column, a finite number in a numeric
 * one (an integer stored as REAL reads back as the same number), null anywhere. Text in a
 * numeric column may be converted, a number in a text column is: those rows are read back.
 */
function keptAsGivenIn(affinity: Affinity, value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return affinity === 'text' || affinity === 'blob';
  if (typeof value === 'number') return Number.isFinite(value) && affinity !== 'text';
  return false;
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
    for (const [batchId, entity, id, hash] of readPurgeList(purge.changes_json)?.batchLines ?? [])
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
