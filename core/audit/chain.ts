import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { PURGE_ACTION, readPurgeList, redactJson } from '../../common/audit/redaction.ts';
import { auditPayload } from '../../common/sync/protocol.ts';
import type { AuditVerifyReport } from '../../common/api/methods/admin.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { auditedBatch, verifyBatches, type AuditedBatch } from './batch.ts';
import { isBatchAction } from '../../common/audit/batches.ts';

/**
 * The audit log is a hash chain: each entry carries the SHA-256 of the previous entry, and its
 * own hash covers every column. Editing, deleting or reordering any entry breaks the chain at
 * that point, and `verifyChain` names it.
 *
 * Truncating the newest entries leaves a valid shorter chain: only a copy of the head held
 * elsewhere (the central server, after sync) can reveal that.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditDraft = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash' | 'subject_id'> & {
  subject_id?: string | null;
};

export function entryHash(
  entry: Omit<AuditLogTable, 'hash' | 'subject_id'> & { subject_id?: string | null },
): string {
  return createHash('sha256').update(auditPayload(entry)).digest('hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export function chainHead(sql: Sql): ChainHead {
  const last = sql.first(qb.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/** Must run inside the caller's write transaction, so the entry lands with the change it records. */
export function appendAudit(sql: Sql, draft: AuditDraft, head: ChainHead = chainHead(sql)): ChainHead {
  if (!sql.inTransaction) throw new Error('appendAudit outside a transaction');
  const entry = { ...draft, seq: head.seq + 1, prev_hash: head.hash };
  const hash = entryHash(entry);
  // Written out rather than built: this runs for every audited row of a bulk import.
  sql.run(
    CompiledQuery.raw(INSERT_ENTRY, [
      entry.seq,
      entry.id,
      entry.at,
      entry.user_id,
      entry.username,
      entry.device_id,
      entry.action,
      entry.entity,
      entry.entity_id,
      entry.changes_json,
      entry.subject_id ?? null,
      entry.prev_hash,
      hash,
    ]),
  );
  return { seq: entry.seq, hash };
}

const INSERT_ENTRY = `INSERT INTO audit_log (seq, id, at, user_id, username, device_id, action, entity, entity_id,
  changes_json, subject_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function verifyChain(sql: Sql, onProgress?: (done: number) => void): AuditVerifyReport {
  const problems: AuditVerifyReport['problems'] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const redactions = new RedactionCheck();
  const batches: AuditedBatch[] = [];
  const rows = sql.raw
    .prepare('SELECT * FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<AuditLogTable>;
  for (const row of rows) {
    count++;
    if (row.seq !== expectedSeq) {
      problems.push({
        seq: row.seq,
        kind: row.seq > expectedSeq ? 'missing' : 'reordered',
        message:
          row.seq > expectedSeq
            ? `Catatan ${expectedSeq} sampai ${row.seq - 1} hilang dari log audit.`
            : `Urutan catatan ${row.seq} tidak sesuai.`,
      });
    }
    const { hash, redacted_by, ...rest } = row;
    // A purged entry's values are gone, so its content cannot be re-hashed: its stored hash
    // still links the chain, and the purge that redacted it must name it with that hash.
    if (redacted_by) redactions.redacted(row.seq, hash, redacted_by, row.changes_json);
    else if (entryHash(rest) !== hash) {
      problems.push({
        seq: row.seq,
        kind: 'edited',
        message: `Isi catatan ${row.seq} telah diubah setelah dicatat.`,
      });
    }
    if (row.action === PURGE_ACTION) redactions.purge(row.id, row.changes_json);
    // An import (or its undo) audited as one entry: its record and rows are checked after the chain.
    if (isBatchAction(row.action) && !redacted_by) {
      const batch = auditedBatch(row.seq, row.entity_id, row.changes_json);
      if (batch) batches.push(batch);
    }
    if (row.prev_hash !== prevHash) {
      problems.push({
        seq: row.seq,
        kind: 'bad_link',
        message: `Catatan ${row.seq} tidak menyambung ke catatan sebelumnya (ada yang dihapus, disisipkan atau ditukar).`,
      });
    }
    prevHash = hash;
    expectedSeq = row.seq + 1;
    if (onProgress && count % 5000 === 0) onProgress(count);
  }
  problems.push(...redactions.unexplained());
  problems.push(...verifyBatches(sql, batches));
  return {
    entries: count,
    ok: problems.length === 0,
    headSeq: expectedSeq - 1,
    headHash: prevHash,
    problems,
  };
}

function isRedacted(changesJson: string): boolean {
  try {
    return redactJson(changesJson) === changesJson;
  } catch {
    return false;
  }
}

/** Pairs each redacted entry with the purge entry that says it redacted exactly that entry. */
class RedactionCheck {
  private readonly marked: { seq: number; hash: string; by: string; clean: boolean }[] = [];
  private readonly listed = new Map<string, Map<number, string>>();

  /** `clean`: nothing but field names and the marker, so nothing could have been written in. */
  redacted(seq: number, hash: string, by: string, changesJson: string): void {
    this.marked.push({ seq, hash, by, clean: isRedacted(changesJson) });
  }

  purge(id: string, changesJson: string): void {
    this.listed.set(id, new Map(readPurgeList(changesJson)?.redacted ?? []));
  }

  unexplained(): AuditVerifyReport['problems'] {
    return this.marked
      .filter(({ seq, hash, by, clean }) => !clean || this.listed.get(by)?.get(seq) !== hash)
      .map(({ seq }) => ({
        seq,
        kind: 'edited' as const,
        message: `Catatan ${seq} ditandai dihapus karena retensi, tetapi tidak ada penghapusan yang mencatatnya: isinya telah diubah.`,
      }));
  }
}
