/**
 * Random offline edits on workstations, with a ledger of every write (old -> new), and the
 * invariant checks the sync suite asserts (and the negative controls must break).
 */
import { createHash } from 'node:crypto';
import type { ConflictView } from '../../../common/sync/protocol.ts';
import { BatchRecord } from '../../../core/audit/batch.ts';
import { newId } from '../../../core/ids.ts';
import { undoImport } from '../../../core/importer/undo.ts';
import type { Store } from '../../../server/store.ts';
import { DESA, type Device } from './syncRig.ts';

export const EDITABLE = ['address', 'notes', 'dusun', 'rt', 'rw', 'monthly_income'] as const;

export interface Write {
  device: string;
  entity: string;
  id: string;
  field: string;
  old: unknown;
  new: unknown;
}

export class Ledger {
  readonly writes: Write[] = [];
  readonly households = new Set<string>();
  private n = 0;

  constructor(private readonly random: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** A new household (unique KK) registered on a device. */
  insertHousehold(device: Device, kk?: string, desa?: string): string {
    const id = newId();
    const actor = this.actor(device);
    const n = ++this.n;
    const row = {
      id,
      kk_number:
        kk ?? `35790${String(Date.now() % 1e6).padStart(6, '0')}${String(n).padStart(5, '0')}`.slice(0, 16),
      desa_code: desa ?? this.pick(DESA),
      address: `Jl. Awal ${n}`,
      notes: '',
    };
    device.core.db.write(actor, (changes) => changes.insert('households', row as never, 'test.insert'));
    this.households.add(id);
    for (const [field, value] of Object.entries(row))
      if (field !== 'id')
        this.writes.push({ device: device.name, entity: 'households', id, field, old: null, new: value });
    return id;
  }

  /**
   * `count` new households written as one import batch, as core/importer/engine.ts writes a
   * file: noted in a batch record, synced as chunks, audited by one `import.commit` entry.
   */
  insertHouseholdsAsBatch(device: Device, count: number): string {
    const batchId = newId();
    const record = new BatchRecord();
    const rows: Record<string, unknown>[] = [];
    device.core.db.write(this.actor(device), (changes) => {
      changes.beginBatch(record, batchId);
      for (let i = 0; i < count; i++) {
        const n = ++this.n;
        const row = {
          id: newId(),
          kk_number: `35790${String(Date.now() % 1e6).padStart(6, '0')}${String(n).padStart(5, '0')}`.slice(
            0,
            16,
          ),
          desa_code: this.pick(DESA),
          address: `Jl. Impor ${n}`,
          notes: '',
        };
        changes.about(row.id, () => changes.insert('households', row as never, 'test.import'));
        rows.push(row);
      }
      const syncSha256 = changes.endBatch();
      const totals = record.write(changes.db, batchId);
      const batch = {
        id: batchId,
        kind: 'households',
        file_name: 'ledger.xlsx',
        sheet: 'Sheet1',
        mapping_json: '{}',
        options_json: '{}',
        counts_json: JSON.stringify({ new: count }),
        undo_json: '',
        file_sha256: createHash('sha256').update(batchId).digest('hex'),
        rows_sha256: totals.rowsSha256,
        row_count: totals.rowCount,
        sync_sha256: syncSha256,
        status: 'committed',
        created_by: null,
        undone_at: null,
        undone_by: null,
      };
      changes.insert('import_batches', batch as never, 'import.commit');
    });
    for (const row of rows) {
      const id = row.id as string;
      this.households.add(id);
      for (const [field, value] of Object.entries(row))
        if (field !== 'id')
          this.writes.push({ device: device.name, entity: 'households', id, field, old: null, new: value });
    }
    return batchId;
  }

  /** Sets one field of a household the device has, recording what the device saw before. */
  edit(device: Device, id: string, field: string, value: unknown): boolean {
    const row = device.sql.raw.prepare('SELECT * FROM households WHERE id = ?').get(id) as
      Record<string, unknown> | undefined;
    if (!row) return false;
    const old = row[field] ?? null;
    if (old === value) return false;
    device.core.db.write(this.actor(device), (changes) =>
      changes.update('households', id as never, { [field]: value } as never, 'test.edit'),
    );
    this.writes.push({ device: device.name, entity: 'households', id, field, old, new: value });
    return true;
  }

  randomEdit(device: Device): void {
    const ids = (
      device.sql.raw.prepare('SELECT id FROM households WHERE synthetic = 0').pluck().all() as string[]
    ).filter((id) => this.households.has(id));
    if (!ids.length || this.random() < 0.15) {
      this.insertHousehold(device);
      return;
    }
    const field = this.pick(EDITABLE);
    const value =
      field === 'monthly_income'
        ? Math.floor(this.random() * 50) * 100_000
        : `${field}-${device.name}-${++this.n}`;
    this.edit(device, this.pick(ids), field, value);
  }

  /** Undoes a batch as the app does (core/importer/undo.ts); answers the undo's own batch id. */
  undoBatch(device: Device, batchId: string): string {
    device.core.db.write(this.actor(device), (changes) => undoImport(changes, batchId));
    for (const id of device.sql.raw
      .prepare("SELECT entity_id FROM import_batch_rows WHERE batch_id = ? AND entity = 'households'")
      .pluck()
      .all(batchId) as string[])
      this.households.delete(id);
    return device.sql.raw
      .prepare('SELECT id FROM import_batches WHERE undoes = ?')
      .pluck()
      .get(batchId) as string;
  }

  private actor(device: Device) {
    const user = device.sql.raw.prepare(`SELECT id, username FROM users WHERE role = 'officer'`).get() as {
      id: string;
      username: string;
    };
    return { userId: user.id, username: user.username };
  }
}

export interface Violations {
  lostWrites: string[];
  silentOverwrites: string[];
  doubleApplied: string[];
  gaps: string[];
  divergence: string[];
}

export const noViolations = (v: Violations) => Object.values(v).every((list) => list.length === 0);

/**
 * Every invariant of DESIGN.md "Sync", checked on the final state (after a clean sync round):
 * - no lost writes: every outbox row of every device is stored on the server exactly once, and a
 *   field written by one device only ends with that device's last value;
 * - no silent overwrite: a written value that is not the final one was either seen by a later
 *   writer (its "old") or is in the conflicts queue;
 * - no double apply, no gaps: the server's log per device is 1..N with the device's mutation ids;
 * - convergence: every replica's digest equals the server's.
 */
export async function checkInvariants(
  devices: Device[],
  store: Store,
  ledger: Ledger,
  serverDigest: { hash: string },
): Promise<Violations> {
  const v: Violations = { lostWrites: [], silentOverwrites: [], doubleApplied: [], gaps: [], divergence: [] };
  const db = store.db;
  for (const device of devices) {
    const deviceId = (
      device.sql.raw.prepare(`SELECT value FROM sync_state WHERE key = 'deviceId'`).pluck().get() as
        string | undefined
    )?.replace(/"/g, '');
    const outbox = device.sql.raw
      .prepare('SELECT device_seq, mutation_id, acked_at FROM sync_outbox ORDER BY device_seq')
      .all() as {
      device_seq: number;
      mutation_id: string;
      acked_at: string | null;
    }[];
    const stored = deviceId
      ? await db
          .selectFrom('mutations')
          .select(['device_seq', 'mutation_id'])
          .where('device_id', '=', deviceId)
          .orderBy('device_seq')
          .execute()
      : [];
    const byId = new Map<string, number>();
    for (const s of stored) byId.set(s.mutation_id, (byId.get(s.mutation_id) ?? 0) + 1);
    stored.forEach((s, i) => {
      if (Number(s.device_seq) !== i + 1)
        v.gaps.push(`${device.name}: server seq ${s.device_seq} at position ${i + 1}`);
    });
    for (const [id, count] of byId)
      if (count > 1) v.doubleApplied.push(`${device.name}: ${id} stored ${count} times`);
    for (const row of outbox) {
      if (!byId.has(row.mutation_id))
        v.lostWrites.push(
          `${device.name}: outbox #${row.device_seq} never reached the server${row.acked_at ? ' (yet marked acknowledged)' : ''}`,
        );
    }
    const digest = device.digest();
    if (digest.hash !== serverDigest.hash)
      v.divergence.push(
        `${device.name}: ${digest.hash.slice(0, 12)} != server ${serverDigest.hash.slice(0, 12)}`,
      );
  }
  const conflicts = (await db.selectFrom('conflicts').selectAll().execute()).map((c) => ({
    entity: c.entity,
    entityId: c.entity_id,
    field: c.field,
    client: JSON.parse(c.client_json) as unknown,
    server: JSON.parse(c.server_json) as unknown,
  }));
  const finals = new Map<string, Record<string, unknown> | null>();
  for (const r of await db
    .selectFrom('entities')
    .select(['entity', 'id', 'deleted', 'data_json'])
    .where('entity', '=', 'households')
    .execute())
    finals.set(r.id, r.deleted ? null : (JSON.parse(r.data_json ?? '{}') as Record<string, unknown>));
  const byField = new Map<string, Write[]>();
  for (const w of ledger.writes) {
    const k = `${w.id}|${w.field}`;
    if (!byField.has(k)) byField.set(k, []);
    byField.get(k)!.push(w);
  }
  for (const [k, writes] of byField) {
    const [id, field] = k.split('|') as [string, string];
    const final = finals.get(id);
    if (final === undefined) {
      v.lostWrites.push(`household ${id} missing on the server`);
      continue;
    }
    if (final === null) continue;
    const value = final[field] ?? null;
    const recorded = (w: Write) =>
      conflicts.some(
        (c) =>
          c.entityId === id &&
          (c.field === field || c.field?.split(', ').includes(field)) &&
          (c.client === w.new || c.server === w.new),
      );
    const writers = new Set(writes.map((w) => w.device));
    const last = writes.at(-1)!;
    if (writers.size === 1 && value !== last.new && !recorded(last))
      v.lostWrites.push(
        `${id}.${field}: ${JSON.stringify(last.new)} by ${last.device}, server has ${JSON.stringify(value)}`,
      );
    for (const w of writes) {
      if (w.new === value) continue;
      const seen = writes.some((o) => o !== w && o.old === w.new);
      if (!seen && !recorded(w))
        v.silentOverwrites.push(
          `${id}.${field}: ${JSON.stringify(w.new)} (${w.device}) replaced by ${JSON.stringify(value)} with no conflict`,
        );
    }
  }
  return v;
}

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const conflictKinds = (conflicts: ConflictView[]) => conflicts.map((c) => c.kind);
export const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);
