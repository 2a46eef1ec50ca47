import { z } from 'zod';
import { canonicalJson } from '../canonicalJson.ts';
import { fieldChanges, type FieldChanges, type Mutation } from './protocol.ts';

/**
 * An import travels as a batch (issue 14): instead of one outbox row per imported row, the
 * workstation writes one outbox row (op `batch`) per chunk of up to BATCH_CHUNK_ROWS rows, each
 * still holding every row's values, so the server merges each row as it merges a hand edit.
 *
 * Why this is as safe as one row each:
 * - a chunk is an ordinary link of the outbox's hash chain: altered in transit, the chain breaks;
 *   lost, the next one leaves a gap; either way the push is refused before anything is applied;
 * - the server holds the chunks until the last one arrives, and applies the whole batch in one
 *   transaction, so a batch is never half-applied;
 * - the last chunk declares how many chunks there were and `batchDigest` over all of them; the
 *   server checks both, and checks the same digest against the batch's entry in the
 *   workstation's audit chain (`sync_sha256` of its `import.commit`) when that arrives.
 */
export const BATCH_ENTITY = 'import_batch';
export const BATCH_CHUNK_ROWS = 1000;
/** A chunk is closed early when its rows are this large, so a push stays far under the body limit. */
export const BATCH_CHUNK_BYTES = 2 * 1024 * 1024;

export const batchRow = z.strictObject({
  entity: z.string().min(1).max(64),
  entityId: z.string().min(1).max(64),
  op: z.enum(['insert', 'update', 'delete']),
  baseVersion: z.number().int().nonnegative(),
  changes: fieldChanges,
});
export type BatchRow = z.infer<typeof batchRow>;

export const batchChunk = z.strictObject({
  index: z.number().int().nonnegative(),
  rows: z.array(batchRow).min(1).max(BATCH_CHUNK_ROWS),
  /** Only on the last chunk: how many chunks the batch has, and the digest over all of them. */
  last: z.strictObject({ chunks: z.number().int().positive(), sha256: z.string().length(64) }).optional(),
});
export type BatchChunk = z.infer<typeof batchChunk>;

/** The field of a `batch` mutation's changes that holds its chunk (changes stay one shape on the wire). */
const CHUNK_FIELD = 'chunk';

export function chunkChanges(chunk: BatchChunk): FieldChanges {
  return { [CHUNK_FIELD]: { new: chunk, old: null } };
}

/** The chunk a `batch` mutation carries, parsed; null when it carries none or a malformed one. */
export function chunkOf(m: Pick<Mutation, 'op' | 'changes'>): BatchChunk | null {
  if (m.op !== 'batch') return null;
  const parsed = batchChunk.safeParse(m.changes[CHUNK_FIELD]?.new);
  return parsed.success ? parsed.data : null;
}

/** Hex SHA-256 of one chunk's rows as canonical JSON: the same bytes on workstation and server. */
export type Sha256 = (text: string) => string;

export function chunkDigest(rows: BatchRow[], sha256: Sha256): string {
  return sha256(canonicalJson(rows));
}

/** The batch's digest: over its chunks' digests, in index order. */
export function batchDigest(chunkDigests: string[], sha256: Sha256): string {
  return sha256(chunkDigests.join('\n'));
}

/**
 * A retention purge reaches rows an import carried: the `batch` mutation's changes (as stored
 * JSON) with every value of the given rows redacted by `redact`, the rest of the chunk as it
 * was; null when the chunk carries none of them.
 */
export function redactChunkRows(
  changesJson: string,
  rows: { entity: string; id: string }[],
  redact: (json: string) => string,
): string | null {
  const wanted = new Set(rows.map((r) => `${r.entity}:${r.id}`));
  const changes = JSON.parse(changesJson) as FieldChanges;
  const chunk = changes[CHUNK_FIELD]?.new as BatchChunk | undefined;
  let found = false;
  for (const row of chunk?.rows ?? [])
    if (wanted.has(`${row.entity}:${row.entityId}`)) {
      row.changes = JSON.parse(redact(JSON.stringify(row.changes))) as FieldChanges;
      found = true;
    }
  return found ? canonicalJson(changes) : null;
}
