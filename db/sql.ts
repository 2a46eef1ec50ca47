import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  CompiledQuery,
  type Compilable,
} from 'kysely';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { SqliteDb } from './connection.ts';
import type { Schema } from './schema.ts';

/**
 * Kysely builds and types the queries; better-sqlite3 runs them synchronously. Synchronous
 * execution gives real transactions that no other request can interleave with, and avoids an
 * await per row in bulk work.
 */
export const qb = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Query<R> = Compilable<R> | CompiledQuery<R>;

/**
 * A query built and compiled once, run many times with other values: for per-row paths of bulk
 * work (an import), where compiling the query tree cost more than running it. `build` gets one
 * placeholder per parameter and must use each as a single value (not inside an `in` list).
 */
export function reusable<A extends unknown[], R>(
  build: (...values: A) => Compilable<R>,
): (...values: A) => CompiledQuery<R> {
  const marks = Array.from({ length: build.length }, (_, i) => ({ placeholder: i }));
  const template = build(...(marks as A)).compile();
  const slots = template.parameters.map((p) => marks.indexOf(p as (typeof marks)[number]));
  if (marks.some((_, i) => !slots.includes(i))) throw new Error('reusable: a value does not reach the query');
  return (...values) =>
    CompiledQuery.raw(
      template.sql,
      slots.map((slot, i) => (slot >= 0 ? values[slot] : template.parameters[i])),
    ) as CompiledQuery<R>;
}

function compiled<R>(query: Query<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

/** SQLite has no boolean: the driver refuses JS booleans, so they become 0/1 here, once. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * A column default as SQLite stores it (SQL text), as the value it gives; undefined when it is
 * an expression (CURRENT_TIMESTAMP, a function call) whose value only SQLite knows.
 */
function literalDefault(sqlText: string | null): unknown {
  if (sqlText === null || /^null$/i.test(sqlText)) return null;
  if (/^-?\d+(\.\d+)?$/.test(sqlText)) return Number(sqlText);
  const quoted = /^'((?:[^']|'')*)'$/s.exec(sqlText);
  return quoted ? quoted[1]!.replaceAll("''", "'") : undefined;
}

/** What SQLite fills in for each column an INSERT leaves out. */
export interface ColumnDefaults {
  /** Every column with its literal default (null when it has none); null when any is an expression. */
  values: ReadonlyMap<string, unknown> | null;
}

export class Sql {
  private readonly statements = new Map<string, Statement>();
  private readonly defaults = new Map<string, ColumnDefaults>();
  private defaultsSchema = -1;

  constructor(readonly raw: SqliteDb) {}

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.raw.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Query<R>): R[] {
    const q = compiled(query);
    return this.statement(q.sql).all(...bindable(q.parameters)) as R[];
  }

  first<R>(query: Query<R>): R | undefined {
    const q = compiled(query);
    return this.statement(q.sql).get(...bindable(q.parameters)) as R | undefined;
  }

  run(query: Query<unknown>): { changes: number } {
    const q = compiled(query);
    const info = this.statement(q.sql).run(...bindable(q.parameters));
    return { changes: info.changes };
  }

  /**
   * The defaults of a table's columns, read once per schema version: an insert can then know
   * the row it stored without reading it back.
   */
  columnDefaults(table: string): ColumnDefaults {
    const schema = this.statement('PRAGMA schema_version').pluck().get() as number;
    if (schema !== this.defaultsSchema) {
      this.defaults.clear();
      this.defaultsSchema = schema;
    }
    let found = this.defaults.get(table);
    if (!found) {
      const columns = this.raw.pragma(`table_info("${table}")`) as {
        name: string;
        dflt_value: string | null;
      }[];
      const values = new Map(columns.map((c) => [c.name, literalDefault(c.dflt_value)]));
      found = { values: [...values.values()].includes(undefined) ? null : values };
      this.defaults.set(table, found);
    }
    return found;
  }

  /**
   * Refreshes the query planner's statistics of tables that changed a lot since last time
   * (SQLite's own advice: at open, and after bulk changes). Without them SQLite guesses, and
   * on a city-sized registry a family list took 25 ms instead of 3. Bounded work; a database
   * busy with another writer skips it, since it only makes queries faster.
   */
  optimize(options: { allTables?: boolean } = {}): void {
    try {
      this.raw.exec(`PRAGMA analysis_limit = 400; PRAGMA optimize${options.allTables ? ' = 0x10002' : ''};`);
    } catch (error) {
      if (!(error instanceof Error && /busy|locked/i.test(error.message))) throw error;
    }
  }

  /** BEGIN IMMEDIATE: takes the write lock up front so two writers never deadlock mid-way. */
  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  close(): void {
    this.statements.clear();
    if (this.raw.open) this.raw.close();
  }
}
