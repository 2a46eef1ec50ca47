import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { CompiledQuery, type Insertable, type Updateable } from 'kysely';
import { REDACTED } from '../../common/audit/redaction.ts';
import { canonicalJson } from '../../common/canonicalJson.ts';
import type { Sql } from '../../db/sql.ts';
import type { Schema } from '../../db/schema.ts';
import type { BatchRecord } from '../audit/batch.ts';
import { appendAudit, chainHead, type ChainHead } from '../audit/chain.ts';
import { newId } from '../ids.ts';
import {
  appendOutbox,
  BatchOutbox,
  insertChanges,
  insertFieldsOf,
  syncsTable,
  type InsertFields,
} from '../sync/outbox.ts';

/** Who is acting: a logged-in user, or the app itself (first-run setup, migrations). */
export interface Actor {
  userId: string | null;
  username: string | null;
}

const PRIMARY_KEYS = {
  users: 'id',
  settings: 'key',
  report_settings: 'id',
  regions: 'code',
  meta: 'key',
  ref_values: 'id',
  programs: 'id',
  program_components: 'id',
  households: 'id',
  household_kk_history: 'id',
  household_desil_history: 'id',
  people: 'id',
  enrolments: 'id',
  verifications: 'id',
  attachments: 'id',
  disbursement_periods: 'id',
  disbursement_items: 'id',
  disbursement_corrections: 'id',
  cases: 'id',
  case_events: 'id',
  referrals: 'id',
  complaints: 'id',
  duplicate_candidates: 'id',
  operations: 'id',
  report_snapshots: 'id',
  import_batches: 'id',
  import_mappings: 'id',
  signal_checks: 'id',
  dtks_releases: 'id',
  dtks_release_changes: 'id',
} as const satisfies {
  [
    T in Exclude<
      keyof Schema,
      | 'audit_log'
      | 'people_fts'
      | 'sync_outbox'
      | 'sync_state'
      | 'sync_conflicts'
      | 'disclosures'
      // An import batch's record: written whole by core/audit/batch.ts, summed in the batch's entry.
      | 'import_batch_rows'
      // A DTKS release's rows as read: written whole by core/release, summed in the release's entry.
      | 'dtks_release_rows'
      // Files waiting for the server (core/sync/blobs.ts): machine state like the outbox.
      | 'attachment_uploads'
      // Search's copy of the people's name words (0020), kept by triggers.
      | 'people_name_words'
    >
  ]: keyof Schema[T] & string;
};

export type AuditedTable = keyof typeof PRIMARY_KEYS;

/** Tables whose rows carry version/created_at/updated_at (synced entities). */
const VERSIONED = new Set<AuditedTable>(
  (Object.keys(PRIMARY_KEYS) as AuditedTable[]).filter(
    (t) => !['users', 'settings', 'regions', 'meta'].includes(t),
  ),
);
type Row<T extends AuditedTable> = Schema[T];
type Key<T extends AuditedTable> = Row<T>[(typeof PRIMARY_KEYS)[T] & keyof Row<T>] & string;

/**
 * The statements are written here rather than built with Kysely: they are generic over tables
 * (the public methods keep the row types) and run for every row of a bulk import, where
 * compiling a query tree per row cost more than running it. Table and column names come from
 * the typed rows, never from user input.
 */
const q = (text: string, parameters: unknown[]) => CompiledQuery.raw(text, parameters);
const name = (identifier: string) => `"${identifier}"`;
const selectRow = (table: string) =>
  `SELECT * FROM ${name(table)} WHERE ${name(PRIMARY_KEYS[table as AuditedTable])} = ?`;

/** Columns that change on every write and would only add noise to the trail. */
const NOT_AUDITED = new Set(['updated_at', 'updated_by', 'last_login_at', 'version', 'created_at']);

/**
 * Columns of bulky machine state (an import's undo log: 16 MB for 100,000 rows) that the trail
 * records by SHA-256, not in full: the entry stays small enough to reach the server (a sync
 * request is at most 16 MB) and the value stays tamper-evident. The report logo (up to 300 KB)
 * likewise: the trail records which logo, not its bytes.
 */
const AUDITED_BY_DIGEST = new Set(['undo_json', 'logo_json']);

/** A field's value as the audit trail records it. */
function audited(field: string, value: unknown): unknown {
  if (!AUDITED_BY_DIGEST.has(field) || typeof value !== 'string') return value;
  return `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

/**
 * How a batch inserts rows of one table: one statement over every column, prepared once, and
 * each column's literal default. The values bound are the row as stored, so the record and the
 * outbox take the same array without reading the row back or building a statement per row.
 */
interface InsertPlan {
  columns: string[];
  known: ReadonlySet<string>;
  defaults: unknown[];
  statement: Statement;
  versioned: boolean;
  /** What the outbox chunk carries of a row (null: the table does not sync). */
  synced: InsertFields | null;
}

/**
 * The one way to change data. Every method writes the row and, in the same transaction,
 * appends an audit entry with the before/after of the fields that changed and, for a synced
 * table (common/sync/tables.ts), the sync outbox row. Obtain it only from `Database.write`,
 * which opens the transaction.
 */
export class Changes {
  private head: ChainHead;
  private subject: string | null = null;
  private batch: { record: BatchRecord; outbox: BatchOutbox; plans: Map<string, InsertPlan | null> } | null =
    null;

  constructor(
    private readonly sql: Sql,
    private readonly actor: Actor,
    private readonly deviceId: string,
    readonly now: string,
  ) {
    this.head = chainHead(sql);
  }

  get db(): Sql {
    return this.sql;
  }

  get actorId(): string | null {
    return this.actor.userId;
  }

  get actorName(): string | null {
    return this.actor.username;
  }

  /**
   * From now on, rows written are noted in `record` instead of one audit entry each, and go to
   * the sync outbox in chunks instead of one row each: an import is audited and synced as batch
   * `batchId` (core/audit/batch.ts, common/sync/batch.ts). Its caller ends it with `endBatch`
   * and appends the one audit entry with the record's sum and the digest `endBatch` answers.
   */
  beginBatch(record: BatchRecord, batchId: string): void {
    if (this.batch) throw new Error('a batch is already open');
    const author = { userId: this.actor.userId, username: this.actor.username, at: this.now };
    record.open(this.sql, batchId);
    this.batch = { record, outbox: new BatchOutbox(this.sql, batchId, author), plans: new Map() };
  }

  /** Writes the batch's last chunk; answers the digest over its chunks (null: nothing to sync). */
  endBatch(): string | null {
    if (!this.batch) throw new Error('no batch is open');
    this.batch.record.flush();
    const digest = this.batch.outbox.finish();
    this.batch = null;
    return digest;
  }

  /** Versioned rows get version 1 and both timestamps here, so no caller forgets them. */
  insert<T extends AuditedTable>(table: T, row: Insertable<Row<T>>, action: string): void {
    if (this.batch && this.insertInBatch(table, row as Record<string, unknown>)) return;
    if (VERSIONED.has(table))
      row = { created_at: this.now, ...row, version: 1, updated_at: this.now } as Insertable<Row<T>>;
    const fields = Object.keys(row).filter((f) => (row as Record<string, unknown>)[f] !== undefined);
    const values = fields.map((f) => (row as Record<string, unknown>)[f]);
    const insert = `INSERT INTO ${name(table)} (${fields.map(name).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`;
    const pkValue = String((row as Record<string, unknown>)[PRIMARY_KEYS[table]]);
    let stored: Record<string, unknown> | undefined;
    if (syncsTable(table)) {
      // The stored row, defaults included: the server keeps whole rows. Built from the table's
      // literal defaults, which costs far less than reading the row back for every imported row.
      const defaults = this.sql.columnDefaults(table).values;
      if (defaults) {
        this.sql.run(q(insert, values));
        stored = withDefaults(row as Record<string, unknown>, defaults);
      } else stored = this.sql.first<Record<string, unknown>>(q(`${insert} RETURNING *`, values));
      if (this.batch) this.batch.outbox.addInsert(table, pkValue, stored ?? (row as Record<string, unknown>));
      else
        this.outbox(table, pkValue, 'insert', 0, insertChanges(stored ?? (row as Record<string, unknown>)));
    } else this.sql.run(q(insert, values));
    if (this.batch) {
      // Hashed from the row as stored, not read again (core/audit/batch.ts).
      this.batch.record.created(table, pkValue, this.subject, stored);
      return;
    }
    // Built with keys in sorted order, so canonicalJson need not copy it to sort it.
    const changes: FieldChanges = {};
    for (const field of Object.keys(row).sort()) {
      const value = (row as Record<string, unknown>)[field];
      if (!NOT_AUDITED.has(field) && value !== undefined && value !== null)
        changes[field] = { new: audited(field, value), old: null };
    }
    this.record(action, table, String((row as Record<string, unknown>)[PRIMARY_KEYS[table]]), changes);
  }

  /**
   * A batch's insert (every row an import creates): the row as stored is worked out and bound
   * in one pass over the table's columns, then noted in the record and the outbox chunk, as
   * `insert` does with the statement it builds. False when the table has a default only SQLite
   * knows (an expression): `insert` then reads the row back.
   */
  private insertInBatch(table: AuditedTable, row: Record<string, unknown>): boolean {
    const batch = this.batch!;
    const plan = this.planOf(table, batch.plans);
    if (!plan) return false;
    for (const field in row)
      if (row[field] !== undefined && !plan.known.has(field))
        throw new Error(`${table} has no column ${field}`);
    const { columns, defaults } = plan;
    const stored: Record<string, unknown> = {};
    const values: unknown[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      let value = row[column];
      if (plan.versioned)
        if (column === 'version') value = 1;
        else if (column === 'updated_at' || (column === 'created_at' && value === undefined))
          value = this.now;
      if (value === undefined) value = defaults[i];
      stored[column] = value;
      values[i] = typeof value === 'boolean' ? Number(value) : value;
    }
    plan.statement.run(values);
    const id = String(row[PRIMARY_KEYS[table]]);
    if (plan.synced) batch.outbox.addInsert(table, id, stored, plan.synced);
    batch.record.created(table, id, this.subject, stored);
    return true;
  }

  private planOf(table: AuditedTable, plans: Map<string, InsertPlan | null>): InsertPlan | null {
    let plan = plans.get(table);
    if (plan === undefined) {
      const defaults = this.sql.columnDefaults(table).values;
      const columns = defaults ? [...defaults.keys()] : [];
      plan = defaults && {
        columns,
        known: new Set(columns),
        defaults: [...defaults.values()],
        statement: this.sql.raw.prepare(
          `INSERT INTO ${name(table)} (${columns.map(name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ),
        versioned: VERSIONED.has(table),
        synced: syncsTable(table) ? insertFieldsOf(columns) : null,
      };
      plans.set(table, plan);
    }
    return plan;
  }

  /**
   * Writes only the fields that differ; answers what changed (empty when nothing did). With
   * `forget` (a retention purge) the trail records which fields changed but not their old values:
   * the outbox still carries them until the server has the change (its merge compares them).
   */
  update<T extends AuditedTable>(
    table: T,
    key: Key<T>,
    patch: Updateable<Row<T>>,
    action: string,
    options: { forget?: boolean } = {},
  ): FieldChanges {
    const id: string = key;
    const before = this.sql.first<Record<string, unknown>>(q(selectRow(table), [id]));
    if (!before) throw new Error(`${table} ${key} not found`);
    const changes: FieldChanges = {};
    const write: Record<string, unknown> = {};
    for (const field of Object.keys(patch).sort()) {
      const value = (patch as Record<string, unknown>)[field];
      if (value === undefined || sameValue(before[field], value)) continue;
      write[field] = value;
      if (!NOT_AUDITED.has(field))
        changes[field] = {
          new: audited(field, value),
          old: options.forget ? REDACTED : audited(field, before[field] ?? null),
        };
    }
    // A patch whose only differences are its own timestamps changed nothing.
    if (Object.keys(write).every((field) => field === 'updated_at' || field === 'updated_by')) return changes;
    if (VERSIONED.has(table)) {
      write.version = Number(before.version) + 1;
      write.updated_at = this.now;
    }
    const fields = Object.keys(write);
    this.sql.run(
      q(
        `UPDATE ${name(table)} SET ${fields.map((f) => `${name(f)} = ?`).join(', ')} WHERE ${name(PRIMARY_KEYS[table])} = ?`,
        [...fields.map((f) => write[f]), id],
      ),
    );
    if (syncsTable(table)) {
      const synced: FieldChanges = {};
      for (const field of Object.keys(write))
        synced[field] = { new: write[field], old: before[field] ?? null };
      this.outbox(table, id, 'update', Number(before.version ?? 0), synced);
    }
    if (this.batch)
      this.batch.record.updated(table, id, this.subject, beforeOf(before, write), { ...before, ...write });
    else if (Object.keys(changes).length) this.record(action, table, key, changes);
    return changes;
  }

  /** Rows are deleted only where the design allows (e.g. reference data); people are soft-deleted. */
  delete<T extends AuditedTable>(table: T, key: Key<T>, action: string): void {
    const id: string = key;
    const before = this.sql.first<Record<string, unknown>>(q(selectRow(table), [id]));
    if (!before) return;
    this.sql.run(q(`DELETE FROM ${name(table)} WHERE ${name(PRIMARY_KEYS[table])} = ?`, [id]));
    if (syncsTable(table))
      this.outbox(table, id, 'delete', Number(before.version ?? 0), insertChanges(before));
    if (this.batch) {
      this.batch.record.removed(table, id, this.subject, before);
      return;
    }
    const changes: FieldChanges = {};
    for (const field of Object.keys(before).sort()) {
      const value = before[field];
      if (!NOT_AUDITED.has(field) && value !== null)
        changes[field] = { new: null, old: audited(field, value) };
    }
    this.record(action, table, key, changes);
  }

  /** Runs `fn` with every audit entry marked as concerning this household (its history). */
  about<T>(householdId: string, fn: () => T): T {
    const outer = this.subject;
    this.subject = householdId;
    try {
      return fn();
    } finally {
      this.subject = outer;
    }
  }

  /**
   * An audited event that changes no row: a login, an export, a print, a read of specific data.
   * Answers the entry's id, for what refers to it (an export's disclosures).
   */
  note(
    action: string,
    entity: string,
    entityId: string | null,
    details: Record<string, unknown> = {},
  ): string {
    return this.record(action, entity, entityId, details);
  }

  /** Which families an export or print (the audit entry `auditId`) disclosed, for Data Saya. */
  disclosed(auditId: string, householdIds: Iterable<string>): void {
    const insert = this.sql.raw.prepare(
      'INSERT OR IGNORE INTO disclosures (household_id, audit_id) VALUES (?, ?)',
    );
    for (const householdId of householdIds) insert.run(householdId, auditId);
  }

  /** The sync outbox row of a change, in this transaction (core/sync/outbox.ts). */
  private outbox(
    table: string,
    entityId: string,
    op: 'insert' | 'update' | 'delete',
    baseVersion: number,
    changes: FieldChanges,
  ): void {
    // A delete's "changes" are the row's last values (old -> null), so the server can tell an
    // edit it has not seen.
    if (op === 'delete')
      for (const field of Object.keys(changes)) changes[field] = { new: null, old: changes[field]!.new };
    if (this.batch) {
      this.batch.outbox.add({ entity: table, entityId, op, baseVersion, changes });
      return;
    }
    appendOutbox(this.sql, {
      entity: table,
      entityId,
      op,
      baseVersion,
      changes,
      userId: this.actor.userId,
      username: this.actor.username,
      at: this.now,
    });
  }

  private record(
    action: string,
    entity: string,
    entityId: string | null,
    changes: Record<string, unknown>,
  ): string {
    const id = newId();
    this.head = appendAudit(
      this.sql,
      {
        id,
        at: this.now,
        user_id: this.actor.userId,
        username: this.actor.username,
        device_id: this.deviceId,
        action,
        entity,
        entity_id: entityId,
        changes_json: canonicalJson(changes),
        subject_id: this.subject,
      },
      this.head,
    );
    return id;
  }
}

function withDefaults(
  row: Record<string, unknown>,
  defaults: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [column, fallback] of defaults)
    stored[column] = row[column] === undefined ? fallback : row[column];
  return stored;
}

/** The values `write` replaces, as undo puts them back (not the bookkeeping it bumps itself). */
function beforeOf(before: Record<string, unknown>, write: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(write)) if (!NOT_AUDITED.has(field)) values[field] = before[field] ?? null;
  return values;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof b === 'boolean') return a === (b ? 1 : 0);
  return a === b || (a == null && b == null);
}
