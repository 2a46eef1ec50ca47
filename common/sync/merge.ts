/**
 * The server's decision on one mutation, as a pure function of what the store found: the stored
 * row, the account and the places the row belongs to, and another row holding the natural key the
 * mutation sets. The store (server/sync.ts) loads those, calls `merge` and writes the verdict; the
 * device (core/sync/apply.ts) follows the same natural-key rule when a pulled row meets a local one.
 *
 * The rules (ARCHITECTURE.md "Merge"): per field, three-way. The server's value equal to the
 * device's old one -> apply; equal to the new one -> already there; otherwise a `field` conflict
 * and the server's value stays. Edits to a deleted or missing row are conflicts; a delete that did
 * not see a later edit keeps that edit in a conflict. A natural key (KK, NIK ...) another live row
 * holds is cleared from the later row, or, for a key that cannot be empty, the new row is refused.
 * Every verdict that carries a `row` gives the entity a new version, so every device, the sender
 * included, pulls the server's verdict.
 */
import { ROLE_PERMISSIONS, type AreaScope, type Permission, type Role } from '../auth/roles.ts';
import { isPurgeWrite } from '../domain/retention.ts';
import type { ConflictView, Mutation } from './protocol.ts';
import {
  isSyncedTable,
  kecamatanOf,
  naturalKeyOf,
  normalValue,
  sameValue,
  SEEDED_TABLES,
  SYNCED_TABLES,
  type SyncedTable,
} from './tables.ts';

type Row = Record<string, unknown>;

/**
 * What happens to a field both sides changed (the server's value is neither the device's old nor
 * its new one). The protocol keeps the server's value and queues a conflict for a person; the
 * test suite builds a server with an overwriting policy as its negative control.
 */
export interface MergePolicy {
  bothChanged(field: string): 'conflict' | 'take-incoming';
}

export const threeWayMerge: MergePolicy = { bothChanged: () => 'conflict' };

/** An entity as the server holds it. A deleted row may keep its last values. */
export interface StoredRow {
  deleted: boolean;
  data: Row | null;
}

/** The server's account of the mutation's user. */
export interface MergeAccount {
  username: string;
  role: string;
  area: AreaScope;
  status: string;
  /** The account may write from the sending device: the pair is known, active and approved. */
  onDevice: boolean;
}

export interface MergeInput {
  mutation: Pick<Mutation, 'entity' | 'entityId' | 'op' | 'changes' | 'username' | 'userId' | 'at'>;
  /** The entity as stored, or null when the server has never seen it. */
  stored: StoredRow | null;
  /** Null when the server has no account of that name. */
  account: MergeAccount | null;
  /**
   * The desa the row belongs to as stored and as the mutation would leave it (`rowAfter`), for
   * an account limited to an area: undefined when the table or the row has no place, null for a
   * row without a desa. Read them only for such an account (`limitedToArea`).
   */
  desa: { before?: string | null | undefined; after?: string | null | undefined };
  /** Another live row holding the natural key the verdict `claims`, found by the store. */
  holder?: { id: string; naturalKey: string } | null;
  policy: MergePolicy;
  /** The sending device, named in the refusal that tells how to approve its account. */
  deviceId: string;
}

/** A conflict to queue for a person; the store adds who, where and when. */
export interface ConflictRecord {
  kind: ConflictView['kind'];
  field: string | null;
  base: unknown;
  server: unknown;
  client: unknown;
  message: string;
  otherId: string | null;
}

export interface Verdict {
  /** What the device is told (its `results`). */
  outcome: 'applied' | 'merged' | 'conflict' | 'refused';
  message?: string;
  /** The row the server keeps, with a new version. Absent: the stored row stays as it is. */
  row?: StoredRow;
  conflicts: ConflictRecord[];
  /** An open conflict this mutation decides (a `resolve`), and how. */
  resolves?: { conflictId: string; resolution: string };
  /**
   * A natural key the row takes that it did not hold before. The store looks for another live
   * row holding it and, when there is one, decides again with that row as `holder`.
   */
  claims?: string;
}

const TOMBSTONE: StoredRow = { deleted: true, data: null };

/** A resolution's own fields beside the row's: the conflict it decides and the choice made. */
const DECISION_FIELDS: ReadonlySet<string> = new Set(['__conflict', '__choice']);

/** Whether an account reaches only some kecamatan/desa (empty lists mean the whole city). */
export const limitedToArea = (account: MergeAccount | null): boolean =>
  !!account && (account.area.kecamatan.length > 0 || account.area.desa.length > 0);

/**
 * The row as the mutation would leave it if every field were taken, which is what the area check
 * reads: a row may neither be changed where the account may not go, nor moved there.
 */
export function rowAfter(stored: StoredRow | null, mutation: Pick<Mutation, 'op' | 'changes'>): Row | null {
  const after: Row | null = stored?.data ? { ...stored.data } : mutation.op === 'insert' ? {} : null;
  if (after && mutation.op !== 'delete')
    for (const [field, change] of Object.entries(mutation.changes))
      if (!DECISION_FIELDS.has(field)) after[field] = normalValue(change.new);
  return after;
}

/**
 * When two live rows claim one natural key, what the row that came later gives up: a key that may
 * be empty is cleared from it, a row whose key cannot be empty is refused. The server applies it
 * to a new row it receives; the device to a local row a pulled row's key collides with.
 */
export const naturalKeyYields = (spec: SyncedTable): 'key' | 'row' | null =>
  spec.naturalKey ? (spec.naturalKey.nullable ? 'key' : 'row') : null;

export function merge(input: MergeInput): Verdict {
  const m = input.mutation;
  if (!isSyncedTable(m.entity))
    return {
      outcome: 'refused',
      message: 'unknown table',
      conflicts: [conflict('refused', null, null, null, m.changes, `Tabel ${m.entity} tidak disinkronkan.`)],
    };
  const spec: SyncedTable = SYNCED_TABLES[m.entity];
  const changes = Object.fromEntries(Object.entries(m.changes).filter(([f]) => f !== '__conflict'));

  const refusal = refusalOf(input, spec);
  if (refusal)
    return {
      outcome: 'refused',
      message: refusal,
      row: input.stored ?? TOMBSTONE,
      conflicts: [conflict('refused', null, null, input.stored?.data ?? null, changes, refusal)],
    };

  if (m.op !== 'resolve') return decide(input, spec, changes);
  const conflictRef = m.changes.__conflict?.new;
  const resolves =
    typeof conflictRef === 'string'
      ? { conflictId: conflictRef, resolution: String(m.changes.__choice?.new ?? 'diputuskan') }
      : undefined;
  delete changes.__choice;
  // "Keep the server's value": nothing to merge, only the decision is recorded.
  const verdict: Verdict = Object.keys(changes).length
    ? decide(input, spec, changes)
    : { outcome: 'applied', conflicts: [] };
  return resolves ? { ...verdict, resolves } : verdict;
}

/** Who may do this, where: the role's permission, and the row's place before and after. */
function refusalOf(input: MergeInput, spec: SyncedTable): string | null {
  const m = input.mutation;
  const account = input.account?.status === 'active' && input.account.onDevice ? input.account : null;
  if (!account) {
    // Reference rows every workstation seeds itself, with stable ids.
    if (m.username === null && m.userId === null && SEEDED_TABLES.has(m.entity) && m.op === 'insert')
      return null;
    return m.username
      ? `Akun ${m.username} belum disetujui atau tidak aktif di server untuk perangkat ini (nama yang sama di perangkat lain adalah akun lain). Minta admin server menyetujuinya: user-set ${m.username} --device ${input.deviceId} --status active.`
      : 'Perubahan tanpa pengguna ditolak server.';
  }
  const permissions: readonly Permission[] = m.op === 'resolve' ? ['sync.resolve'] : spec.write;
  const held = ROLE_PERMISSIONS[account.role as Role] as ReadonlySet<Permission> | undefined;
  // The right to purge (UU PDP retention) is not a right to edit: only purge values pass.
  const purge = held?.has('retention.purge') && isPurgeWrite(m.entity, m.op, m.changes);
  if (!held || !(purge || permissions.some((p) => held.has(p))))
    return `Peran ${account.role} (${account.username}) tidak berwenang mengubah ${m.entity}.`;
  if (!limitedToArea(account)) return null;
  const { kecamatan, desa } = account.area;
  for (const code of [input.desa.before, input.desa.after]) {
    if (code === undefined) continue;
    if (code === null || !(desa.includes(code) || kecamatan.includes(kecamatanOf(code))))
      return `${account.username} mengubah data di luar wilayah tugasnya (${code ?? 'tanpa desa'}).`;
  }
  return null;
}

/** An allowed insert, update, delete or resolution with values, against the stored row. */
function decide(input: MergeInput, spec: SyncedTable, changes: Mutation['changes']): Verdict {
  const { mutation: m, stored } = input;
  if (m.op === 'insert' && !stored) {
    const data: Row = {};
    for (const [f, c] of Object.entries(changes)) data[f] = normalValue(c.new);
    data.updated_at = m.at;
    return insertNew(input, spec, data);
  }

  if (!stored || stored.deleted || !stored.data) {
    if (m.op === 'delete') return { outcome: 'merged', conflicts: [], ...(stored ? {} : { row: TOMBSTONE }) };
    const message = stored
      ? 'Data ini sudah dihapus di server; perubahan tidak diterapkan.'
      : 'Data ini tidak ada di server.';
    return {
      outcome: 'conflict',
      row: stored ?? TOMBSTONE,
      conflicts: [conflict(stored ? 'deleted' : 'missing', null, null, null, changes, message)],
    };
  }

  const data = stored.data;
  if (m.op === 'delete') {
    // A delete made without seeing a later edit: the edit is kept in the conflict, not lost.
    const unseen = Object.entries(changes).filter(([f, c]) => !sameValue(data[f] ?? null, c.old));
    const conflicts = unseen.length
      ? [
          conflict(
            'deleted',
            unseen.map(([f]) => f).join(', '),
            Object.fromEntries(unseen.map(([f, c]) => [f, c.old])),
            Object.fromEntries(unseen.map(([f]) => [f, data[f] ?? null])),
            null,
            'Data dihapus padahal sudah diubah di kantor lain; nilai terakhir disimpan di sini.',
          ),
        ]
      : [];
    return { outcome: unseen.length ? 'conflict' : 'applied', row: { deleted: true, data }, conflicts };
  }
  return mergeFields(input, spec, data, changes);
}

/** A row the server has never seen: taken whole, unless its natural key is another row's. */
function insertNew(input: MergeInput, spec: SyncedTable, data: Row): Verdict {
  const key = settleNaturalKey(input, spec, data, null);
  if (key.clash === 'refused')
    return { outcome: 'conflict', message: 'natural key', row: TOMBSTONE, conflicts: [key.conflict] };
  const row = { deleted: false, data };
  if (key.clash === 'cleared') return { outcome: 'conflict', row, conflicts: [key.conflict] };
  return { outcome: 'applied', row, conflicts: [], ...(key.claims ? { claims: key.claims } : {}) };
}

/**
 * An update, an insert of a row the server already has, or a resolution with values, per field
 * and three-way: the server's value equal to the device's old one -> take the new one; equal to
 * the new one -> already there; else both changed it, which the policy decides.
 */
function mergeFields(
  input: MergeInput,
  spec: SyncedTable,
  stored: Row,
  changes: Mutation['changes'],
): Verdict {
  const m = input.mutation;
  const data = { ...stored };
  const conflicts: ConflictRecord[] = [];
  let applied = 0;
  for (const [field, change] of Object.entries(changes)) {
    // The same seeded row inserted on two workstations: the first creation time stays.
    if (m.op === 'insert' && field === 'created_at') continue;
    const server = normalValue(data[field]);
    const oldValue = normalValue(change.old);
    const newValue = normalValue(change.new);
    if (sameValue(server, newValue)) continue;
    if (
      sameValue(server, oldValue) ||
      (m.op === 'insert' && server === null) ||
      input.policy.bothChanged(field) === 'take-incoming'
    ) {
      data[field] = newValue;
      applied++;
    } else
      conflicts.push(
        conflict(
          'field',
          field,
          oldValue,
          server,
          newValue,
          'Nilai ini diubah di dua kantor sekaligus: nilai server dipertahankan sampai diputuskan.',
        ),
      );
  }
  const key = applied ? settleNaturalKey(input, spec, data, stored) : { clash: 'none' as const };
  if (applied) data.updated_at = m.at;
  const row = { deleted: false, data };
  if (key.clash !== 'none') return { outcome: 'conflict', row, conflicts: [...conflicts, key.conflict] };
  return {
    outcome: conflicts.length ? 'conflict' : applied ? 'applied' : 'merged',
    row,
    conflicts,
    ...(key.claims ? { claims: key.claims } : {}),
  };
}

type KeySettlement =
  | { clash: 'none'; claims?: string }
  | { clash: 'cleared'; conflict: ConflictRecord }
  | { clash: 'refused'; conflict: ConflictRecord };

/**
 * The same KK or NIK registered in two offices: the later row keeps everything but the key (a row
 * the server had keeps its old key), and a conflict names the other row. A new row whose key
 * cannot be empty is refused instead. Clears the key in `data`.
 */
function settleNaturalKey(
  input: MergeInput,
  spec: SyncedTable,
  data: Row,
  before: Row | null,
): KeySettlement {
  const m = input.mutation;
  if (!spec.naturalKey) return { clash: 'none' };
  const natKey = naturalKeyOf(m.entity, data);
  if (!natKey || (before && naturalKeyOf(m.entity, before) === natKey)) return { clash: 'none' };
  const other = input.holder;
  if (!other || other.naturalKey !== natKey || other.id === m.entityId)
    return { clash: 'none', claims: natKey };
  const fields = spec.naturalKey.fields;
  const first = fields[0]!;
  const clientValue = Object.fromEntries(fields.map((f) => [f, data[f]]));
  const label = fields.join(', ');
  if (!before && naturalKeyYields(spec) === 'row')
    return {
      clash: 'refused',
      conflict: conflict(
        'natural_key',
        label,
        null,
        null,
        { ...data },
        `${label} sudah dipakai data lain di server; data ini tidak diterima.`,
        other.id,
      ),
    };
  for (const f of fields) data[f] = before ? (before[f] ?? null) : null;
  const name = label === 'kk_number' ? 'Nomor KK' : label === 'nik' ? 'NIK' : label;
  return {
    clash: 'cleared',
    conflict: conflict(
      'natural_key',
      first,
      before ? (before[first] ?? null) : null,
      data[first] ?? null,
      fields.length === 1 ? clientValue[first] : clientValue,
      `${name} ${String(clientValue[first])} sudah terdaftar pada data lain (kantor lain). Periksa apakah ini keluarga/orang yang sama.`,
      other.id,
    ),
  };
}

function conflict(
  kind: ConflictRecord['kind'],
  field: string | null,
  base: unknown,
  server: unknown,
  client: unknown,
  message: string,
  otherId: string | null = null,
): ConflictRecord {
  return { kind, field, base, server, client, message, otherId };
}
