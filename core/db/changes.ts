import type { Insertable, Kysely, Updateable } from 'kysely';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Schema } from '../../db/schema.ts';
import { appendAudit, chainHead, type ChainHead } from '../audit/chain.ts';
import { newId } from '../ids.ts';

/** Who is acting: a logged-in user, or the app itself (first-run setup, migrations). */
export interface Actor {
  userId: string | null;
  username: string | null;
}

const PRIMARY_KEYS = {
  users: 'id',
  settings: 'key',
  regions: 'code',
  meta: 'key',
} as const satisfies { [T in Exclude<keyof Schema, 'audit_log'>]: keyof Schema[T] & string };

export type AuditedTable = keyof typeof PRIMARY_KEYS;
type Row<T extends AuditedTable> = Schema[T];
type Key<T extends AuditedTable> = Row<T>[(typeof PRIMARY_KEYS)[T] & keyof Row<T>] & string;

// Generic over tables, so the builder is untyped here; the public methods keep the row types.
const anyQb = qb as unknown as Kysely<Record<string, Record<string, unknown>>>;

/** Columns that change on every write and would only add noise to the trail. */
const NOT_AUDITED = new Set(['updated_at', 'updated_by', 'last_login_at']);

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

/**
 * The one way to change data. Every method writes the row and, in the same transaction,
 * appends an audit entry with the before/after of the fields that changed. Obtain it only
 * from `Database.write`, which opens the transaction.
 */
export class Changes {
  private head: ChainHead;

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

  insert<T extends AuditedTable>(table: T, row: Insertable<Row<T>>, action: string): void {
    this.sql.run(anyQb.insertInto(table).values(row as Record<string, unknown>));
    const changes: FieldChanges = {};
    for (const [field, value] of Object.entries(row)) {
      if (!NOT_AUDITED.has(field) && value !== undefined && value !== null) changes[field] = { old: null, new: value };
    }
    this.record(action, table, String((row as Record<string, unknown>)[PRIMARY_KEYS[table]]), changes);
  }

  /** Writes only the fields that differ; answers what changed (empty when nothing did). */
  update<T extends AuditedTable>(table: T, key: Key<T>, patch: Updateable<Row<T>>, action: string): FieldChanges {
    const pk: string = PRIMARY_KEYS[table];
    const name: string = table;
    const id: string = key;
    const before = this.sql.first(anyQb.selectFrom(name).selectAll().where(pk, '=', id));
    if (!before) throw new Error(`${table} ${key} not found`);
    const changes: FieldChanges = {};
    const write: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined || sameValue(before[field], value)) continue;
      write[field] = value;
      if (!NOT_AUDITED.has(field)) changes[field] = { old: before[field] ?? null, new: value };
    }
    // A patch whose only differences are its own timestamps changed nothing.
    if (Object.keys(write).every((field) => field === 'updated_at' || field === 'updated_by')) return changes;
    this.sql.run(anyQb.updateTable(name).set(write).where(pk, '=', id));
    if (Object.keys(changes).length) this.record(action, table, key, changes);
    return changes;
  }

  /** Rows are deleted only where the design allows (e.g. reference data); people are soft-deleted. */
  delete<T extends AuditedTable>(table: T, key: Key<T>, action: string): void {
    const pk: string = PRIMARY_KEYS[table];
    const name: string = table;
    const id: string = key;
    const before = this.sql.first(anyQb.selectFrom(name).selectAll().where(pk, '=', id));
    if (!before) return;
    this.sql.run(anyQb.deleteFrom(name).where(pk, '=', id));
    const changes: FieldChanges = {};
    for (const [field, value] of Object.entries(before)) {
      if (!NOT_AUDITED.has(field) && value !== null) changes[field] = { old: value, new: null };
    }
    this.record(action, table, key, changes);
  }

  /** An audited event that changes no row: a login, an export, a print, a read of specific data. */
  note(action: string, entity: string, entityId: string | null, details: Record<string, unknown> = {}): void {
    this.record(action, entity, entityId, details);
  }

  private record(action: string, entity: string, entityId: string | null, changes: Record<string, unknown>): void {
    this.head = appendAudit(
      this.sql,
      {
        id: newId(),
        at: this.now,
        user_id: this.actor.userId,
        username: this.actor.username,
        device_id: this.deviceId,
        action,
        entity,
        entity_id: entityId,
        changes_json: canonicalJson(changes),
      },
      this.head,
    );
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof b === 'boolean') return a === (b ? 1 : 0);
  return a === b || (a == null && b == null);
}
