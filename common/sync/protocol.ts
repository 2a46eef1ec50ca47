/**
 * The sync wire protocol between a workstation (core/sync) and the central server (server/).
 * JSON over HTTPS; every call but /health and /v1/enrol carries `Authorization: Bearer
 * <deviceId>.<secret>`. See ARCHITECTURE.md "Sync" for the rules.
 */
import { z } from 'zod';
import { canonicalJson } from '../canonicalJson.ts';

export const PROTOCOL_VERSION = 1;
/** Largest push the server accepts, in mutations and in bytes. */
export const MAX_PUSH_MUTATIONS = 2000;
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const PULL_PAGE = 5000;
export const AUDIT_PAGE = 2000;

const GENESIS = '0'.repeat(64);
export const OUTBOX_GENESIS = GENESIS;

export const fieldChanges = z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() }));
export type FieldChanges = z.infer<typeof fieldChanges>;

export const mutation = z.object({
  seq: z.number().int().positive(),
  mutationId: z.string().min(1).max(64),
  entity: z.string().min(1).max(64),
  entityId: z.string().min(1).max(64),
  /** `batch`: a chunk of an import's rows (common/sync/batch.ts). */
  op: z.enum(['insert', 'update', 'delete', 'resolve', 'batch']),
  baseVersion: z.number().int().nonnegative(),
  changes: fieldChanges,
  userId: z.string().nullable(),
  username: z.string().nullable(),
  at: z.string(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type Mutation = z.infer<typeof mutation>;

/**
 * The payload an outbox row's hash covers: everything but the hash itself, as canonical JSON.
 * Keys are written in sorted order rather than sorted per call (this runs for every row of an
 * import); `changesJson` is the canonical JSON of `changes` when the caller already has it.
 * protocol.test.ts holds both formulas to canonicalJson's bytes.
 */
export function mutationPayload(
  m: Omit<Mutation, 'hash'>,
  changesJson: string = canonicalJson(m.changes),
): string {
  const head = JSON.stringify({ at: m.at, baseVersion: m.baseVersion });
  const tail = JSON.stringify({
    entity: m.entity,
    entityId: m.entityId,
    mutationId: m.mutationId,
    op: m.op,
    prevHash: m.prevHash,
    seq: m.seq,
    userId: m.userId,
    username: m.username,
  });
  return `${head.slice(0, -1)},"changes":${changesJson},${tail.slice(1)}`;
}

const area = z.object({ kecamatan: z.array(z.string()), desa: z.array(z.string()) });

export const rosterUser = z.object({
  username: z.string().min(1).max(64),
  fullName: z.string().max(200),
  role: z.string(),
  area,
  active: z.boolean(),
});
export type RosterUser = z.infer<typeof rosterUser>;

export const enrolRequest = z.strictObject({
  code: z.string().min(6).max(64),
  name: z.string().min(1).max(120),
  localDeviceId: z.string().min(1).max(64),
  roster: z.array(rosterUser).max(1000),
});
export const enrolResponse = z.object({
  deviceId: z.string(),
  secret: z.string(),
  serverId: z.string(),
  /** The area the workstation receives (a server before areas sends none: the whole city). */
  area: area.optional(),
});

export const pushRequest = z.strictObject({
  roster: z.array(rosterUser).max(1000),
  mutations: z.array(mutation).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequest>;

/** `held`: a chunk of a batch stored until its last chunk arrives (common/sync/batch.ts). */
export const mutationOutcome = z.enum(['applied', 'merged', 'conflict', 'refused', 'duplicate', 'held']);
export const pushResponse = z.object({
  /** The next device_seq the server expects: every lower seq is stored (acknowledged). */
  expectedSeq: z.number().int().positive(),
  /** The server's hash of the device's last stored mutation. */
  lastHash: z.string(),
  results: z.array(
    z.object({ seq: z.number().int(), outcome: mutationOutcome, message: z.string().optional() }),
  ),
  /** Set when the first mutation sent was beyond expectedSeq: resend from expectedSeq. */
  gap: z.boolean().optional(),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const auditEntry = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  at: z.string(),
  user_id: z.string().nullable(),
  username: z.string().nullable(),
  device_id: z.string(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string().nullable(),
  changes_json: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
  subject_id: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditPushRequest = z.strictObject({
  entries: z.array(auditEntry).max(AUDIT_PAGE),
  /** The device's chain head after these entries (seq 0 = empty chain). */
  head: z.object({ seq: z.number().int().nonnegative(), hash: z.string() }),
});
export const auditPushResponse = z.object({
  /** The next audit seq the server expects from this device. */
  expectedSeq: z.number().int().positive(),
  ok: z.boolean(),
  alarms: z.array(z.string()),
});

/**
 * The audit entry payload its hash covers, as canonical JSON (keys in sorted order; subject_id
 * only when set, so entries written before the column existed keep their hash). The one
 * formula for workstation (core/audit/chain.ts) and server alike.
 */
export function auditPayload(
  entry: Omit<AuditEntry, 'hash' | 'subject_id'> & { subject_id?: string | null },
): string {
  return JSON.stringify({
    action: entry.action,
    at: entry.at,
    changes_json: entry.changes_json,
    device_id: entry.device_id,
    entity: entry.entity,
    entity_id: entry.entity_id,
    id: entry.id,
    prev_hash: entry.prev_hash,
    seq: entry.seq,
    subject_id: entry.subject_id || undefined,
    user_id: entry.user_id,
    username: entry.username,
  });
}

export const pulledRow = z.object({
  seq: z.number().int(),
  entity: z.string(),
  id: z.string(),
  version: z.number().int(),
  deleted: z.boolean(),
  /** Every synced column but `version`; null for a tombstone of a row the device never had. */
  data: z.record(z.string(), z.unknown()).nullable(),
  /**
   * The row left the workstation's area (common/sync/place.ts) for this place (a desa code, or
   * '' for the city office): the workstation deletes its copy and notes the move.
   */
  left: z.string().optional(),
});
export type PulledRow = z.infer<typeof pulledRow>;

export const conflictView = z.object({
  id: z.string(),
  kind: z.enum(['field', 'natural_key', 'deleted', 'refused', 'missing']),
  entity: z.string(),
  entityId: z.string(),
  field: z.string().nullable(),
  baseValue: z.unknown(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  /** The other row holding the same KK/NIK (natural_key). */
  otherId: z.string().nullable(),
  username: z.string().nullable(),
  deviceName: z.string(),
  at: z.string(),
  message: z.string(),
  status: z.enum(['open', 'resolved']),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type ConflictView = z.infer<typeof conflictView>;

/** `GET v1/pull?cursor=N&limit=N`: where to start and how many rows at most (the server caps it). */
export const pullQuery = z.strictObject({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().default(PULL_PAGE),
});

export const pullResponse = z.object({
  rows: z.array(pulledRow),
  /** The cursor after these rows; equal to `head` when there is nothing more. */
  cursor: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponse>;

export const statusResponse = z.object({
  conflicts: z.array(conflictView),
  alarms: z.array(z.object({ at: z.string(), kind: z.string(), message: z.string() })),
  serverTime: z.string(),
});
export type StatusResponse = z.infer<typeof statusResponse>;

export const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** A digest of synced content: equal on two replicas iff they hold the same live rows. */
export function rowDigestInput(
  entity: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
): string {
  return canonicalJson({ entity, id, version, data });
}
export { GENESIS as AUDIT_GENESIS };
