import { createHash } from 'node:crypto';
import { digestLine, digestOrder, SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';
import type { Sql } from '../../db/sql.ts';

/**
 * A SHA-256 over every synced row (entity, id, version, non-null fields), in the same form the
 * server computes over its copy (server/sync.ts contentDigest): equal digests, same data.
 */
export function syncedContentDigest(sql: Sql): { hash: string; rows: number } {
  const lines: { entity: string; id: string; line: string }[] = [];
  for (const table of SYNCED_TABLE_NAMES) {
    const rows = sql.raw.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    for (const row of rows) {
      const id = String(row.id);
      lines.push({ entity: table, id, line: digestLine(table, id, Number(row.version), row) });
    }
  }
  lines.sort(digestOrder);
  const hash = createHash('sha256');
  for (const l of lines) hash.update(l.line);
  return { hash: hash.digest('hex'), rows: lines.length };
}
