import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import { appendOutbox, insertChanges } from '../sync/outbox.ts';
import type { FieldChanges } from '../../common/sync/protocol.ts';
import type { Frozen, ReportDocument } from './document.ts';

/**
 * Closed months: the first time a report of closed periods is produced, its document is
 * stored with the SHA-256 of its content; reprints read it back, so the same document comes
 * out even after a correction or a change of letterhead. The short verification code printed
 * on every page is the first 50 bits of that hash in base32 ("K7Q2M-XA9B3").
 *
 * The row is written directly, not through Changes.insert (which would copy the whole document
 * into the audit trail); the same transaction appends a `reports.freeze` audit entry holding
 * the hash, so an edited snapshot is detectable from the audit chain as well as from the row.
 * The row syncs (common/sync/tables.ts): its outbox row is appended here, so a reprint on any
 * workstation gives the same document and code. The code depends on the content only: the
 * numbers, letterhead and signatories, and the closing date, never on the workstation.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The content a code vouches for: the document without its freeze stamp and footer, plus the closing date. */
export function contentHash(doc: ReportDocument, closedAt: string): string {
  const content = { ...doc, frozen: null, footer: { text: '' } };
  return createHash('sha256')
    .update(canonicalJson({ document: content, closedAt }))
    .digest('hex');
}

export function shortCode(hash: string): string {
  const bits = BigInt(`0x${hash.slice(0, 16)}`) >> 14n; // the top 50 bits
  let out = '';
  for (let i = 9; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

export interface SnapshotRow {
  id: string;
  revision: number;
  document: ReportDocument;
  periodIds: string[];
  createdAt: string;
}

export function currentSnapshot(sql: Sql, paramsKey: string): SnapshotRow | null {
  const row = sql.first(
    qb
      .selectFrom('report_snapshots')
      .selectAll()
      .where('params_key', '=', paramsKey)
      .where('superseded_at', 'is', null)
      .orderBy('revision', 'desc'),
  );
  if (!row) return null;
  const document = JSON.parse(row.document_json) as ReportDocument;
  if (contentHash(document, row.closed_at) !== row.hash)
    throw new AppFailure(
      'DB_DAMAGED',
      `Dokumen laporan yang dibekukan (kode ${row.code}) tidak cocok lagi dengan kode verifikasinya: isinya telah diubah di luar aplikasi. Laporkan ke administrator dan auditor.`,
    );
  return {
    id: row.id,
    revision: row.revision,
    document,
    periodIds: JSON.parse(row.period_ids_json) as string[],
    createdAt: row.created_at,
  };
}

/** Stamps and stores a document of closed periods; answers it with its code and footer. */
export function freeze(
  changes: Changes,
  input: {
    doc: ReportDocument;
    paramsKey: string;
    params: unknown;
    periodIds: string[];
    closedAt: string;
    footer: (frozen: Frozen) => string;
    supersede?: { id: string; revision: number; reason: string } | null;
  },
): ReportDocument {
  const hash = contentHash(input.doc, input.closedAt);
  const revision = (input.supersede?.revision ?? 0) + 1;
  const frozen: Frozen = {
    closedAt: input.closedAt,
    code: shortCode(hash),
    hash,
    revision,
    frozenAt: changes.now,
  };
  const doc: ReportDocument = { ...input.doc, frozen, footer: { text: input.footer(frozen) } };
  if (input.supersede) supersede(changes, input.supersede.id);
  const id = newId();
  const row = {
    id,
    report: input.doc.report,
    params_key: input.paramsKey,
    params_json: canonicalJson(input.params),
    revision,
    period_ids_json: JSON.stringify(input.periodIds),
    closed_at: input.closedAt,
    document_json: JSON.stringify(doc),
    hash,
    code: frozen.code,
    created_by: changes.actorId,
    superseded_at: null,
    superseded_by: null,
    version: 1,
    created_at: changes.now,
    updated_at: changes.now,
  };
  changes.db.run(qb.insertInto('report_snapshots').values(row));
  toOutbox(changes, id, 'insert', 0, insertChanges(row));
  changes.note(input.supersede ? 'reports.reissue' : 'reports.freeze', 'report_snapshots', id, {
    report: input.doc.report,
    params: input.params,
    revision,
    hash,
    code: frozen.code,
    closedAt: input.closedAt,
    ...(input.supersede ? { supersedes: input.supersede.id, reason: input.supersede.reason } : {}),
  });
  return doc;
}

/** The older revision a reissue replaces: marked, with a new version for the sync merge. */
function supersede(changes: Changes, id: string): void {
  const before = changes.db.first(qb.selectFrom('report_snapshots').selectAll().where('id', '=', id));
  if (!before) throw new Error(`report_snapshots ${id} not found`);
  const patch = { superseded_at: changes.now, superseded_by: changes.actorId };
  changes.db.run(
    qb
      .updateTable('report_snapshots')
      .set({ ...patch, version: before.version + 1, updated_at: changes.now })
      .where('id', '=', id),
  );
  toOutbox(changes, id, 'update', before.version, {
    superseded_at: { old: before.superseded_at, new: patch.superseded_at },
    superseded_by: { old: before.superseded_by, new: patch.superseded_by },
  });
}

function toOutbox(
  changes: Changes,
  id: string,
  op: 'insert' | 'update',
  baseVersion: number,
  fields: FieldChanges,
): void {
  appendOutbox(changes.db, {
    entity: 'report_snapshots',
    entityId: id,
    op,
    baseVersion,
    changes: fields,
    userId: changes.actorId,
    username: changes.actorName,
    at: changes.now,
  });
}

export function findByCode(sql: Sql, code: string) {
  const normal = code.replace(/-/g, '').toUpperCase();
  const formatted = `${normal.slice(0, 5)}-${normal.slice(5)}`;
  const row = sql.first(
    qb.selectFrom('report_snapshots').selectAll().where('code', '=', formatted).orderBy('revision', 'desc'),
  );
  if (!row) return null;
  const document = JSON.parse(row.document_json) as ReportDocument;
  return {
    title: document.title,
    closedAt: row.closed_at,
    frozenAt: row.created_at,
    revision: row.revision,
    superseded: row.superseded_at !== null,
    intact: contentHash(document, row.closed_at) === row.hash && shortCode(row.hash) === row.code,
  };
}
