import { createHash } from 'node:crypto';
import {
  BATCH_ENTITY,
  batchDigest,
  chunkDigest,
  chunkOf,
  type BatchChunk,
  type Sha256,
} from '../common/sync/batch.ts';
import type { AuditEntry, Mutation } from '../common/sync/protocol.ts';
import type { ServerDb, ServerSchema } from './store.ts';
import { isBatchAction } from '../common/audit/batches.ts';

/**
 * An import arrives as chunks (common/sync/batch.ts). Each chunk is stored as it comes, held;
 * the batch is merged only in the push that brings its last chunk, row by row through the same
 * merge as every other change, after its chunks are found complete and matching the digest the
 * last one declares. A batch that does not match is refused whole and raises an alarm: it is
 * never half-applied.
 */
export type UnpackedBatch = { chunkSeqs: number[] } & ({ rows: Mutation[] } | { refused: string });

const sha256: Sha256 = (text) => createHash('sha256').update(text).digest('hex');

/**
 * For every last chunk in this push: the batch's chunks (held from earlier pushes, or earlier
 * in this one), checked, as the row mutations they carry, by the last chunk's seq. Read before
 * the push merges anything, so the rows are loaded and locked with the rest.
 */
export async function unpackBatches(
  db: ServerDb,
  device: ServerSchema['devices'],
  mutations: Mutation[],
): Promise<Map<number, UnpackedBatch>> {
  const unpacked = new Map<number, UnpackedBatch>();
  const nextSeq = Number(device.next_seq);
  for (const m of mutations) {
    const chunk = chunkOf(m);
    if (!chunk?.last || m.seq < nextSeq) continue;
    const held = await db
      .selectFrom('mutations')
      .select(['device_seq', 'changes_json', 'username', 'at', 'mutation_id'])
      .where('device_id', '=', device.id)
      .where('entity', '=', BATCH_ENTITY)
      .where('entity_id', '=', m.entityId)
      .where('outcome', '=', 'held')
      .orderBy('device_seq')
      .execute();
    const earlier = [
      ...held.map((h) => ({
        seq: Number(h.device_seq),
        mutationId: h.mutation_id,
        username: h.username,
        at: h.at,
        chunk: chunkOf({ op: 'batch', changes: JSON.parse(h.changes_json) as Mutation['changes'] }),
      })),
      ...mutations
        .filter((o) => o.op === 'batch' && o.entityId === m.entityId && o.seq >= nextSeq && o.seq < m.seq)
        .map((o) => ({
          seq: o.seq,
          mutationId: o.mutationId,
          username: o.username,
          at: o.at,
          chunk: chunkOf(o),
        })),
    ];
    const chunks = [
      ...earlier,
      { seq: m.seq, mutationId: m.mutationId, username: m.username, at: m.at, chunk },
    ];
    const refusal = checkChunks(
      chunks.map((c) => c.chunk),
      chunk.last,
    );
    const chunkSeqs = chunks.map((c) => c.seq);
    if (refusal) {
      unpacked.set(m.seq, { refused: refusal, chunkSeqs });
      continue;
    }
    const rows: Mutation[] = [];
    for (const c of chunks)
      c.chunk!.rows.forEach((row, i) =>
        rows.push({
          ...row,
          seq: m.seq,
          mutationId: `${c.mutationId}/${i}`,
          userId: m.userId,
          username: c.username,
          at: c.at,
          prevHash: m.prevHash,
          hash: m.hash,
        }),
      );
    unpacked.set(m.seq, { rows, chunkSeqs });
  }
  return unpacked;
}

/** Why a batch's chunks are not the batch its last chunk declares; null when they are. */
function checkChunks(chunks: (BatchChunk | null)[], last: NonNullable<BatchChunk['last']>): string | null {
  if (chunks.length !== last.chunks || chunks.some((c, i) => c?.index !== i))
    return `Impor dikirim dalam ${last.chunks} bagian, server menerima ${chunks.length} bagian yang utuh dan berurutan.`;
  const digest = batchDigest(
    chunks.map((c) => chunkDigest(c!.rows, sha256)),
    sha256,
  );
  if (digest !== last.sha256) return 'Isi bagian-bagian impor tidak cocok dengan ringkasannya.';
  return null;
}

/** Once a batch is merged or refused, its held chunks (stored by now) take the batch's outcome. */
export async function settleChunks(
  db: ServerDb,
  deviceId: string,
  chunkSeqs: number[],
  outcome: string,
): Promise<void> {
  if (!chunkSeqs.length) return;
  await db
    .updateTable('mutations')
    .set({ outcome })
    .where('device_id', '=', deviceId)
    .where('device_seq', 'in', chunkSeqs)
    .where('outcome', '=', 'held')
    .execute();
}

/**
 * The batch's entry in the workstation's audit chain (`import.commit`, or `import.undo.batch`
 * for an undo) names the digest of what it synced (`sync_sha256`). The chain arrives after the
 * outbox, so the check is made here: an entry whose digest is not the one the batch's last chunk
 * declared, or whose batch never arrived, means what was synced is not what was imported.
 * Answers the alarm's words, or null.
 */
export async function checkAuditedBatch(
  db: ServerDb,
  device: Pick<ServerSchema['devices'], 'id' | 'name'>,
  entry: AuditEntry,
): Promise<string | null> {
  if (!isBatchAction(entry.action) || !entry.entity_id) return null;
  const claimed = (JSON.parse(entry.changes_json) as Record<string, { new?: unknown }>).sync_sha256?.new;
  if (typeof claimed !== 'string') return null;
  const chunks = await db
    .selectFrom('mutations')
    .select('changes_json')
    .where('device_id', '=', device.id)
    .where('entity', '=', BATCH_ENTITY)
    .where('entity_id', '=', entry.entity_id)
    .execute();
  const declared = chunks
    .map((c) => chunkOf({ op: 'batch', changes: JSON.parse(c.changes_json) as Mutation['changes'] }))
    .find((c) => c?.last)?.last?.sha256;
  if (declared === claimed) return null;
  return declared
    ? `Impor ${entry.entity_id} dari perangkat ${device.name}: isi yang dikirim tidak sama dengan yang tercatat di log audit (catatan ${entry.seq}).`
    : `Impor ${entry.entity_id} dari perangkat ${device.name} tercatat di log audit (catatan ${entry.seq}), tetapi isinya tidak pernah sampai ke server.`;
}
