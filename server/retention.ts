import type { Transaction } from 'kysely';
import { PURGE_ACTION, redactJson, type PurgeList } from '../common/audit/redaction.ts';
import { BATCH_ENTITY, redactChunkRows } from '../common/sync/batch.ts';
import type { AuditEntry } from '../common/sync/protocol.ts';
import { dropUnnamedBlobs } from './blobs.ts';
import { storedEntry } from './auditEntries.ts';
import { judgePurge } from './purgeAuthority.ts';
import type { ServerSchema } from './store.ts';

/**
 * A workstation's retention purge (UU PDP) reaches the server as an audit entry naming what it
 * redacted. The server redacts its own copies the same way: that device's listed audit entries
 * (their stored hashes stay, so the chain the server holds still links), the device's sync
 * history of the purged rows, and the conflicts about them. The rows themselves arrived already
 * overwritten, as ordinary changes. Only a purge the server can tie to the right to purge is
 * applied (purgeAuthority.ts); the others stay stored as the device sent them, unapplied, and
 * the answer says why, one message each, for the caller to raise as alarms.
 */
export async function applyPurges(
  trx: Transaction<ServerSchema>,
  device: Pick<ServerSchema['devices'], 'id' | 'name'>,
  entries: AuditEntry[],
): Promise<string[]> {
  const held: string[] = [];
  for (const purge of entries.filter((e) => e.action === PURGE_ACTION)) {
    const verdict = await judgePurge(trx, device, purge);
    if ('hold' in verdict) held.push(verdict.hold);
    else await applyPurge(trx, device.id, purge.id, verdict.apply);
  }
  return held;
}

async function applyPurge(
  trx: Transaction<ServerSchema>,
  deviceId: string,
  purgeId: string,
  record: PurgeList,
): Promise<void> {
  for (const [seq] of record.redacted ?? []) await redactEntry(trx, deviceId, seq, purgeId);
  for (const key of record.rows ?? []) {
    const [entity, id] = key.split(':') as [string, string];
    await redactHistory(trx, deviceId, entity, id);
  }
  // The purged attachments' files leave the server too (their rows arrived marked deleted).
  const attachments = (record.rows ?? []).filter((k) => k.startsWith('attachments:'));
  await dropUnnamedBlobs(
    trx,
    attachments.map((k) => k.slice('attachments:'.length)),
  );
}

async function redactEntry(trx: Transaction<ServerSchema>, deviceId: string, seq: number, purgeId: string) {
  const entry = await storedEntry(trx, deviceId, seq);
  if (!entry || entry.redacted_by) return;
  const redacted = { ...entry, changes_json: redactJson(entry.changes_json), redacted_by: purgeId };
  await trx
    .updateTable('audit_entries')
    .set({ entry_json: JSON.stringify(redacted) })
    .where('device_id', '=', deviceId)
    .where('seq', '=', seq)
    .execute();
}

async function redactHistory(trx: Transaction<ServerSchema>, deviceId: string, entity: string, id: string) {
  const mutations = await trx
    .selectFrom('mutations')
    .select(['device_seq', 'changes_json'])
    .where('device_id', '=', deviceId)
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .execute();
  for (const m of mutations)
    await trx
      .updateTable('mutations')
      .set({ changes_json: redactJson(m.changes_json) })
      .where('device_id', '=', deviceId)
      .where('device_seq', '=', m.device_seq)
      .execute();
  // Rows an import carried are inside its chunks: only that row's values are redacted there.
  const chunks = await trx
    .selectFrom('mutations')
    .select(['device_seq', 'changes_json'])
    .where('device_id', '=', deviceId)
    .where('entity', '=', BATCH_ENTITY)
    .where('changes_json', 'like', `%${id}%`)
    .execute();
  for (const chunk of chunks) {
    const redacted = redactChunkRows(chunk.changes_json, [{ entity, id }], redactJson);
    if (redacted !== null)
      await trx
        .updateTable('mutations')
        .set({ changes_json: redacted })
        .where('device_id', '=', deviceId)
        .where('device_seq', '=', chunk.device_seq)
        .execute();
  }
  const conflicts = await trx
    .selectFrom('conflicts')
    .select(['id', 'base_json', 'server_json', 'client_json'])
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .execute();
  for (const c of conflicts)
    await trx
      .updateTable('conflicts')
      .set({
        base_json: redactJson(c.base_json),
        server_json: redactJson(c.server_json),
        client_json: redactJson(c.client_json),
      })
      .where('id', '=', c.id)
      .execute();
}
