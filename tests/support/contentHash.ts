import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonicalJson.ts';
import type { SqliteDb } from '../../db/connection.ts';

export interface TableContent {
  columns: string[];
  /** Rows as arrays in `columns` order, sorted by all columns; blobs as "hex:..." text. */
  rows: unknown[][];
}

/** Every table but SQLite's own (sqlite_*), by name, plus "(schema)": the tables' and indexes' SQL. */
export type Content = Record<string, TableContent>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const plain = (value: unknown) => (Buffer.isBuffer(value) ? `hex:${value.toString('hex')}` : value);

export function readContent(db: SqliteDb): Content {
  const content: Content = {
    '(schema)': {
      columns: ['type', 'name', 'tbl_name', 'sql'],
      rows: db
        .prepare(
          `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE substr(name, 1, 7) <> 'sqlite_' ORDER BY type, name`,
        )
        .raw(true)
        .all() as unknown[][],
    },
  };
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = (db.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name);
    const list = columns.map(quote).join(', ');
    const rows = db
      .prepare(`SELECT ${list} FROM ${quote(table)} ORDER BY ${list}`)
      .raw(true)
      .all() as unknown[][];
    content[table] = { columns, rows: rows.map((row) => row.map(plain)) };
  }
  return content;
}

/** SHA-256 of the canonical JSON: equal hashes mean the same schema and the same rows. */
export function hashContent(content: Content): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function contentHash(db: SqliteDb): string {
  return hashContent(readContent(db));
}

/** Index of a column by name (throws if the table has no such column). */
export function columnIndex(table: TableContent | undefined, column: string): number {
  const index = table?.columns.indexOf(column) ?? -1;
  if (index < 0) throw new Error(`no column ${column}`);
  return index;
}

/** A row's value by column name. */
export const valueOf = (table: TableContent, row: unknown[], column: string): unknown =>
  row[columnIndex(table, column)];
