import type { Transaction } from 'kysely';
import type { AuditEntry } from '../common/sync/protocol.ts';
import type { ServerSchema } from './store.ts';

/** A device's audit entry as the server stores it, or undefined when it has not arrived. */
export async function storedEntry(
  trx: Transaction<ServerSchema>,
  deviceId: string,
  seq: number,
): Promise<(AuditEntry & { redacted_by?: string }) | undefined> {
  const row = await trx
    .selectFrom('audit_entries')
    .select('entry_json')
    .where('device_id', '=', deviceId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row && (JSON.parse(row.entry_json) as AuditEntry & { redacted_by?: string });
}
