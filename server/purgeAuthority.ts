import type { Transaction } from 'kysely';
import { PURGE_ACTION, readPurgeList, type PurgeList } from '../common/audit/redaction.ts';
import { ROLE_PERMISSIONS, type Role } from '../common/auth/roles.ts';
import { PURGE_MARKS, PURGED_VALUES } from '../common/domain/retention.ts';
import type { AuditEntry } from '../common/sync/protocol.ts';
import { sameValue } from '../common/sync/tables.ts';
import { storedEntry } from './auditEntries.ts';
import type { ServerSchema } from './store.ts';

type Trx = Transaction<ServerSchema>;
type Device = Pick<ServerSchema['devices'], 'id' | 'name'>;

/** The server applies the purge's list, or holds it saying why. */
export type PurgeVerdict = { apply: PurgeList } | { hold: string };

/**
 * Whether the server applies this purge entry, or holds it and why. A purge redacts the
 * server's copy of the device's history, so the device's word is not enough; the server asks
 * what it knows itself:
 * - an entry signed by a user: the server's own account of that user (role, status, and the
 *   pair with this device, as the server admin set or approved them; what the device claims
 *   never raises them) must hold `retention.purge`, as `merge` asks of the purge's row writes;
 * - an entry with no user: a workstation recording a purge it pulled from another
 *   (core/retention/purge.ts, adoptPulledPurges). The server applies it only when the families
 *   and people it names are purged in the server's own rows (written only through an
 *   authorised purge) and it redacts nothing else: only entries about them, only purged rows.
 */
export async function judgePurge(trx: Trx, device: Device, purge: AuditEntry): Promise<PurgeVerdict> {
  const record = readPurgeList(purge.changes_json);
  if (!record)
    return held(
      device,
      purge,
      'isi catatannya bukan daftar penghapusan yang dapat dibaca (rusak, atau ditulis di luar aplikasi).',
    );
  const why = purge.username
    ? await authorRefusal(trx, device, purge.username)
    : await adoptedRefusal(trx, device, record);
  return why ? held(device, purge, why) : { apply: record };
}

const held = (device: Device, purge: AuditEntry, why: string): PurgeVerdict => ({
  hold: `Penghapusan data pribadi (${PURGE_ACTION}, catatan audit ${purge.seq}) dari perangkat ${device.name} tidak diterapkan di server: ${why} Riwayat perangkat itu di server tidak disamarkan. Periksa siapa yang menjalankannya di perangkat itu.`,
});

const PURGERS = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
  ROLE_PERMISSIONS[r].has('retention.purge'),
);

async function authorRefusal(trx: Trx, device: Device, username: string): Promise<string | null> {
  const account = await trx
    .selectFrom('accounts')
    .select(['role', 'status'])
    .where('username', '=', username)
    .executeTakeFirst();
  const pair = await trx
    .selectFrom('device_users')
    .select(['active', 'approved'])
    .where('device_id', '=', device.id)
    .where('username', '=', username)
    .executeTakeFirst();
  if (account?.status !== 'active' || Number(pair?.active) !== 1 || Number(pair?.approved) !== 1)
    return `akun ${username} belum disetujui atau tidak aktif di server untuk perangkat ini. Bila penghapusan itu sah, setujui akunnya (user-set ${username} --device ${device.id} --status active) agar penghapusan berikutnya diterapkan.`;
  if (!ROLE_PERMISSIONS[account.role as Role]?.has('retention.purge'))
    return `menurut server, peran akun ${username} adalah ${account.role}, yang tidak berwenang menghapus data masa retensi (hanya peran ${PURGERS.join(', ')}).`;
  return null;
}

async function adoptedRefusal(trx: Trx, device: Device, record: PurgeList): Promise<string | null> {
  const targets = [
    ...(record.households ?? []).map((id) => `households:${id}`),
    ...(record.people ?? []).map((id) => `people:${id}`),
  ];
  if (!targets.length) return 'catatan tanpa pengguna itu tidak menyebut keluarga atau orang yang dihapus.';
  for (const key of new Set([...targets, ...(record.rows ?? [])]))
    if (!(await purgedOnServer(trx, key)))
      return `data ${key} belum dihapus di server, jadi catatan tanpa pengguna itu tidak berdasar pada penghapusan sah oleh admin.`;
  const about = new Set(targets.map((k) => k.slice(k.indexOf(':') + 1)));
  for (const [seq] of record.redacted ?? [])
    if (!(await entryAbout(trx, device.id, seq, about)))
      return `catatan audit ${seq} yang hendak disamarkan bukan tentang keluarga atau orang yang dihapus.`;
  return null;
}

/** The server's row holds a purge's values (and its time mark): what only a purge writes. */
async function purgedOnServer(trx: Trx, key: string): Promise<boolean> {
  const [table, id] = key.split(':') as [string, string | undefined];
  const values = (PURGED_VALUES as Record<string, Record<string, unknown>>)[table];
  if (!values || !id) return false;
  const row = await trx
    .selectFrom('entities')
    .select('data_json')
    .where('entity', '=', table)
    .where('id', '=', id)
    .executeTakeFirst();
  const data = JSON.parse(row?.data_json ?? 'null') as Record<string, unknown> | null;
  if (!data) return false;
  const mark = PURGE_MARKS[table];
  if (mark && typeof data[mark] !== 'string') return false;
  return Object.entries(values).every(([field, value]) => sameValue(data[field], value));
}

/** An audit entry of this device is about the purged (or unknown to the server: nothing to redact). */
async function entryAbout(trx: Trx, deviceId: string, seq: number, ids: Set<string>): Promise<boolean> {
  const entry = await storedEntry(trx, deviceId, seq);
  if (!entry) return true;
  return [entry.subject_id, entry.entity_id].some((id) => id !== null && ids.has(id));
}
