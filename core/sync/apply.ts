import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { naturalKeyYields } from '../../common/sync/merge.ts';
import type { PulledRow } from '../../common/sync/protocol.ts';
import {
  isSyncedTable,
  LOCAL_COLUMNS,
  normalValue,
  SYNCED_TABLES,
  type SyncedTable,
} from '../../common/sync/tables.ts';
import type { Sql } from '../../db/sql.ts';
import { appendAudit } from '../audit/chain.ts';
import { newId } from '../ids.ts';
import { pendingCount } from './outbox.ts';
import { readState, writeState, type LeftArea } from './state.ts';

interface Column {
  name: string;
  notnull: number;
  dflt_value: unknown;
}

/** Prepared statements per table, built from the table's columns as this app's migrations left them. */
class Statements {
  private readonly cache = new Map<string, { columns: Column[]; version: Statement; remove: Statement }>();
  private readonly upserts = new Map<string, Statement>();
  constructor(private readonly sql: Sql) {}

  table(name: string) {
    let t = this.cache.get(name);
    if (!t) {
      const columns = (this.sql.raw.pragma(`table_info(${name})`) as Column[]).filter(
        (c) => !LOCAL_COLUMNS.has(c.name),
      );
      t = {
        columns,
        version: this.sql.raw.prepare(`SELECT version FROM ${name} WHERE id = ?`),
        remove: this.sql.raw.prepare(`DELETE FROM ${name} WHERE id = ?`),
      };
      this.cache.set(name, t);
    }
    return t;
  }

  /** One upsert per table and set of present columns (a NOT NULL column the server lacks keeps its default). */
  upsert(name: string, columns: string[]): Statement {
    const k = `${name}:${columns.join(',')}`;
    let stmt = this.upserts.get(k);
    if (!stmt) {
      const updates = columns.filter((c) => c !== 'id').map((c) => `"${c}" = excluded."${c}"`);
      stmt = this.sql.raw.prepare(
        `INSERT INTO ${name} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}`,
      );
      this.upserts.set(k, stmt);
    }
    return stmt;
  }
}

export interface ApplyResult {
  applied: number;
  skipped: number;
  /** False when a local change appeared meanwhile: nothing was applied (push first). */
  done: boolean;
}

/**
 * Applies one page of server rows and moves the cursor, in one transaction. Never while the
 * outbox holds an unsent change; an older version never replaces a newer one. Foreign keys are
 * checked by the server's order of acceptance, not per page: a page may hold a person before the
 * household row that was last changed later, so the check is off while the page applies.
 */
export function applyPage(sql: Sql, rows: PulledRow[], cursor: number, at: string): ApplyResult {
  const statements = new Statements(sql);
  const raw = sql.raw;
  raw.pragma('foreign_keys = OFF');
  try {
    return sql.transaction(() => {
      if (pendingCount(sql) > 0) return { applied: 0, skipped: 0, done: false };
      let applied = 0;
      let skipped = 0;
      const left: LeftArea[] = [];
      for (const row of rows) {
        if (!isSyncedTable(row.entity)) {
          skipped++;
          continue;
        }
        const t = statements.table(row.entity);
        if (row.left !== undefined) {
          if (row.entity === 'households') left.push(describeLeaving(sql, row.id, row.left, at));
          t.remove.run(row.id);
          applied++;
          continue;
        }
        const local = t.version.get(row.id) as { version: number } | undefined;
        if (local && Number(local.version) > row.version) {
          skipped++;
          continue;
        }
        if (row.deleted || !row.data) {
          t.remove.run(row.id);
          applied++;
          continue;
        }
        const data = row.data;
        const columns: string[] = [];
        const values: unknown[] = [];
        for (const c of t.columns) {
          if (c.name === 'version') {
            columns.push('version');
            values.push(row.version);
            continue;
          }
          const present = Object.hasOwn(data, c.name) && data[c.name] !== null;
          if (!present && c.notnull && c.dflt_value !== null) continue;
          columns.push(c.name);
          values.push(c.name === 'id' ? row.id : normalValue(data[c.name] ?? null));
        }
        const stmt = statements.upsert(row.entity, columns);
        try {
          stmt.run(...values);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // A local row still holds a KK/NIK (or code) the server gave another row: the server's
          // version of that row comes later in this pull. Park it now.
          parkClashing(sql, row.entity, SYNCED_TABLES[row.entity], row.id, data);
          stmt.run(...values);
        }
        applied++;
      }
      writeState(sql, {
        cursor,
        ...(left.length ? { leftArea: [...left, ...readState(sql).leftArea].slice(0, MAX_LEFT_NOTES) } : {}),
      });
      appendAudit(sql, {
        id: newId(),
        at,
        user_id: null,
        username: null,
        device_id: (raw.prepare(`SELECT value FROM meta WHERE key = 'device_id'`).get() as { value: string })
          .value,
        action: 'sync.pull',
        entity: 'sync',
        entity_id: null,
        changes_json: JSON.stringify({
          rows: rows.length,
          applied,
          skipped,
          cursor,
          ...(left.length ? { familiesLeft: left.map((l) => ({ id: l.id, to: l.to })) } : {}),
        }),
      });
      return { applied, skipped, done: true };
    });
  } finally {
    raw.pragma('foreign_keys = ON');
  }
}

/** The families that left this workstation's area, newest first, kept for the sync page. */
const MAX_LEFT_NOTES = 200;

/** What the sync page says about a family the server moved out of this workstation's area. */
function describeLeaving(sql: Sql, id: string, to: string, at: string): LeftArea {
  const family = sql.raw
    .prepare(
      `SELECT h.kk_number AS kk, p.name AS head FROM households h
       LEFT JOIN people p ON p.id = h.head_person_id WHERE h.id = ?`,
    )
    .get(id) as { kk: string | null; head: string | null } | undefined;
  return { at, id, kk: family?.kk ?? null, head: family?.head ?? null, to };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The local row gives way as the server's merge decides (`naturalKeyYields`): a key that may be
 * empty is cleared from it, a row whose key cannot be empty is removed (the server refused it or
 * holds it under another id; either comes later in the pull).
 */
function parkClashing(
  sql: Sql,
  table: string,
  spec: SyncedTable,
  id: string,
  data: Record<string, unknown>,
): void {
  if (!spec.naturalKey) throw new Error(`unique clash on ${table} without a natural key`);
  const fields = spec.naturalKey.fields;
  const where = fields.map((f) => `"${f}" = ?`).join(' AND ');
  const params = fields.map((f) => normalValue(data[f]));
  if (naturalKeyYields(spec) === 'key')
    sql.raw
      .prepare(
        `UPDATE ${table} SET ${fields.map((f) => `"${f}" = NULL`).join(', ')} WHERE ${where} AND id <> ?`,
      )
      .run(...params, id);
  else sql.raw.prepare(`DELETE FROM ${table} WHERE ${where} AND id <> ?`).run(...params, id);
}
