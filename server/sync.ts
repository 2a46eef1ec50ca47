import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ROLES, WHOLE_CITY, type AreaScope } from '../common/auth/roles.ts';
import {
  limitedToArea,
  merge,
  rowAfter,
  threeWayMerge,
  type ConflictRecord,
  type MergeAccount,
  type MergeInput,
  type MergePolicy,
  type StoredRow,
  type Verdict,
} from '../common/sync/merge.ts';
import {
  mutationPayload,
  type ConflictView,
  type Mutation,
  type PushRequest,
  type PushResponse,
  type RosterUser,
} from '../common/sync/protocol.ts';
import {
  isSyncedTable,
  naturalKeyOf,
  digestLine,
  digestOrder,
  SYNCED_TABLES,
  type SyncedTable,
} from '../common/sync/tables.ts';
import { chunkOf } from '../common/sync/batch.ts';
import { settleChunks, unpackBatches, type UnpackedBatch } from './batches.ts';
import { CITY_ONLY, intersectAreas, PARENT_TABLES, wholeCity } from '../common/sync/place.ts';
import { areaOf, placeVisible, resolvePlace } from './places.ts';
import { attachmentHash, type ServerDb, type ServerSchema, type Store } from './store.ts';

type DeviceRow = ServerSchema['devices'];
type Row = Record<string, unknown>;

interface Entity {
  entity: string;
  id: string;
  version: number;
  seq: number;
  deleted: boolean;
  data: Row | null;
  natKey: string | null;
  dirty: boolean;
  /** When this push last gave the entity a new verdict: change numbers follow this order. */
  touched: number;
  /** The place stored with the row (null: never published), and where its publish puts it. */
  place: string | null;
  parent: string | null;
}

/**
 * SQLite: one push at a time per server process (SQLite has one writer, and Kysely one
 * connection). PostgreSQL does not take it: pushes from different devices run side by side under
 * the row and advisory locks described at `push`.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
export const pushLock = new Mutex();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const key = (entity: string, id: string) => `${entity}\u0000${id}`;

export class SyncRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Recorded after the refused transaction has rolled back, so the refusal cannot erase it. */
    readonly alarm?: { kind: string; message: string },
  ) {
    super(message);
  }
}

/** What a device tells about its users: unknown names wait for approval, claims never raise rights. */
export async function recordRoster(
  db: ServerDb,
  device: DeviceRow,
  roster: RosterUser[],
  now: string,
  trusted: boolean,
): Promise<void> {
  for (const user of roster) {
    const known = await db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', user.username)
      .executeTakeFirst();
    const claimed = JSON.stringify({ role: user.role, area: user.area, fullName: user.fullName });
    // The account may write from this device when the server says so: its own device (the one
    // whose roster created it), a device enrolled with it (the enrolment code is the server admin's
    // consent), or a pair the admin approved (`user-set NAME --device ID --status active`). The same
    // name appearing later on another device is a pending pair, never the existing account.
    const pairApproved = trusted || !known || known.source_device === device.id ? 1 : 0;
    if (!known) {
      await db
        .insertInto('accounts')
        .values({
          username: user.username,
          full_name: user.fullName,
          role: (ROLES as readonly string[]).includes(user.role) ? user.role : 'auditor',
          area_json: JSON.stringify(user.area),
          status: trusted ? 'active' : 'pending',
          source_device: device.id,
          created_at: now,
          claimed_json: null,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
    } else {
      const same = known.role === user.role && known.area_json === JSON.stringify(user.area);
      const next = same ? null : claimed;
      if (known.claimed_json !== next)
        await db
          .updateTable('accounts')
          .set({ claimed_json: next })
          .where('username', '=', user.username)
          .execute();
    }
    await db
      .insertInto('device_users')
      .values({
        device_id: device.id,
        username: user.username,
        active: user.active ? 1 : 0,
        approved: pairApproved,
      })
      .onConflict((oc) => oc.columns(['device_id', 'username']).doUpdateSet({ active: user.active ? 1 : 0 }))
      .execute();
  }
}

/** The merge's policy lives with the merge (common/sync/merge.ts); the server is built with it. */
export { threeWayMerge, type MergePolicy };

/**
 * Stores and merges a device's mutations, in device_seq order, in one transaction: replays of a
 * stored seq are answered from the log (idempotent), a seq beyond the next expected one stops the
 * batch (gap), a broken hash chain refuses the request. Every mutation that reaches an entity
 * bumps its version and server seq, so the device pulls the server's verdict back.
 *
 * On PostgreSQL, pushes from different devices run side by side. What keeps them correct:
 * - the device's row, `SELECT ... FOR UPDATE`: one push per device chain at a time (a retry
 *   arriving while the first attempt still runs waits, then is answered as a replay);
 * - a transaction-scoped advisory lock per entity the push reads or writes, and per natural key
 *   (KK, NIK ...) it sets, taken before the row is read and in one sorted order (`EntityLocks`):
 *   two pushes that touch the same family queue, the rest do not meet. Advisory rather than
 *   `FOR UPDATE` because a row being inserted does not exist yet, and a natural key is no row;
 * - the global change number (`entities.seq`, which pulls follow) is handed out last, under the
 *   `server_meta` seq row's lock held to commit: numbers become visible in the order they were
 *   given, so a pull can never pass a lower number that commits later. Only that short tail
 *   (writing the rows and committing) is serial;
 * - a push holding more locks than `ROW_LOCK_LIMIT` (a first upload, an import) takes one lock
 *   over all entities instead (exclusive; the small pushes hold it shared), so the lock table
 *   stays small; it then runs alone.
 * Two pushes waiting on each other (a lock found late, such as a parent family) are broken up by
 * PostgreSQL (deadlock_detected); the loser is rolled back and run again. SKIP LOCKED has no
 * place here: every push must apply its own rows, none may be skipped.
 */
export async function push(
  store: Store,
  deviceId: string,
  req: PushRequest,
  now: string,
  policy: MergePolicy = threeWayMerge,
): Promise<PushResponse> {
  const attempt = () =>
    pushInTransaction(store, deviceId, req, now, policy).catch(async (error: unknown) => {
      // The transaction has rolled back: the alarm goes in on its own, then the refusal.
      if (error instanceof SyncRefused && error.alarm)
        await alarm(store.db, deviceId, now, error.alarm.kind, error.alarm.message);
      throw error;
    });
  return store.kind === 'sqlite' ? pushLock.run(attempt) : rerunAfterDeadlock(attempt);
}

/** PostgreSQL's answer to two transactions waiting on each other: one is rolled back, run it again. */
async function rerunAfterDeadlock<T>(fn: () => Promise<T>, tries = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= tries || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

function pushInTransaction(
  store: Store,
  deviceId: string,
  req: PushRequest,
  now: string,
  policy: MergePolicy,
): Promise<PushResponse> {
  return store.db.transaction().execute(async (trx) => {
    let deviceQuery = trx.selectFrom('devices').selectAll().where('id', '=', deviceId);
    if (store.kind === 'postgres') deviceQuery = deviceQuery.forUpdate();
    const device = await deviceQuery.executeTakeFirstOrThrow();
    await recordRoster(trx, device, req.roster, now, false);
    const merger = new Merger(trx, store.kind, device, now, policy);
    const batches = await unpackBatches(trx, device, req.mutations);
    await merger.load([
      ...req.mutations,
      ...[...batches.values()].flatMap((b) => ('rows' in b ? b.rows : [])),
    ]);
    const results: PushResponse['results'] = [];
    let expected = Number(device.next_seq);
    let lastHash = device.last_hash;
    let gap = false;
    const stored: ServerSchema['mutations'][] = [];
    for (const m of req.mutations) {
      if (m.seq < expected) {
        const known = await trx
          .selectFrom('mutations')
          .select(['mutation_id', 'outcome'])
          .where('device_id', '=', device.id)
          .where('device_seq', '=', m.seq)
          .executeTakeFirst();
        if (!known || known.mutation_id !== m.mutationId)
          throw new SyncRefused(
            409,
            'MISMATCH',
            `Perubahan nomor ${m.seq} berbeda dari yang tersimpan di server. Alarm dicatat di server.`,
            {
              kind: 'mutation_mismatch',
              message: `Perangkat ${device.name} mengirim ulang nomor perubahan ${m.seq} dengan isi berbeda.`,
            },
          );
        results.push({ seq: m.seq, outcome: 'duplicate' });
        continue;
      }
      if (m.seq > expected) {
        gap = true;
        break;
      }
      const { hash, ...body } = m;
      if (m.prevHash !== lastHash || sha256(mutationPayload(body)) !== hash)
        throw new SyncRefused(
          409,
          'CHAIN',
          `Rantai perubahan terputus pada nomor ${m.seq}. Alarm dicatat di server.`,
          {
            kind: 'outbox_chain',
            message: `Rantai perubahan perangkat ${device.name} putus pada nomor ${m.seq}.`,
          },
        );
      const outcome =
        m.op === 'batch' ? await applyChunk(trx, merger, device, m, batches, now) : await merger.apply(m);
      results.push({ seq: m.seq, outcome: outcome.outcome, message: outcome.message });
      stored.push({
        device_id: device.id,
        device_seq: m.seq,
        mutation_id: m.mutationId,
        entity: m.entity,
        entity_id: m.entityId,
        op: m.op,
        outcome: outcome.outcome,
        username: m.username,
        at: m.at,
        received_at: now,
        hash,
        changes_json: JSON.stringify(m.changes),
      });
      expected = m.seq + 1;
      lastHash = hash;
    }
    await merger.flush();
    for (let i = 0; i < stored.length; i += 200)
      await trx
        .insertInto('mutations')
        .values(stored.slice(i, i + 200))
        .execute();
    for (const r of results) {
      const batch = batches.get(r.seq);
      if (batch) await settleChunks(trx, device.id, batch.chunkSeqs, r.outcome);
    }
    await trx
      .updateTable('devices')
      .set({ next_seq: expected, last_hash: lastHash, last_seen_at: now })
      .where('id', '=', device.id)
      .execute();
    // Last: the change numbers, whose lock is held until this transaction commits.
    await merger.publish();
    return { expectedSeq: expected, lastHash, results, ...(gap ? { gap } : {}) };
  });
}

export async function alarm(
  db: ServerDb,
  deviceId: string | null,
  at: string,
  kind: string,
  message: string,
) {
  await db
    .insertInto('alarms')
    .values({ id: randomUUID(), device_id: deviceId, at, kind, message })
    .execute();
}

interface Outcome {
  outcome: 'applied' | 'merged' | 'conflict' | 'refused' | 'duplicate' | 'held';
  message?: string;
}

/**
 * A chunk of an import (server/batches.ts): held until the batch's last chunk, which merges
 * every row of the batch, or refuses the batch whole.
 */
async function applyChunk(
  db: ServerDb,
  merger: Merger,
  device: DeviceRow,
  m: Mutation,
  batches: Map<number, UnpackedBatch>,
  now: string,
): Promise<Outcome> {
  const chunk = chunkOf(m);
  if (chunk && !chunk.last) return { outcome: 'held' };
  const batch = batches.get(m.seq);
  if (!chunk || !batch || 'refused' in batch) {
    const why = batch && 'refused' in batch ? batch.refused : 'Bagian impor tidak terbaca.';
    await alarm(
      db,
      device.id,
      now,
      'batch_refused',
      `Impor ${m.entityId} dari perangkat ${device.name} ditolak: ${why}`,
    );
    return { outcome: 'refused', message: why };
  }
  let outcome: Outcome['outcome'] = 'applied';
  for (const row of batch.rows) {
    const verdict = await merger.apply(row);
    if (verdict.outcome === 'conflict' || verdict.outcome === 'refused') outcome = 'conflict';
  }
  return { outcome };
}

class Merger {
  private readonly entities = new Map<string, Entity>();
  /** Natural key -> entities (by map key) that held it when last seen; checked again on use. */
  private readonly byNatKey = new Map<string, Set<string>>();
  private readonly natQueried = new Set<string>();
  private readonly accounts = new Map<string, MergeAccount | null>();
  private readonly conflicts: ServerSchema['conflicts'][] = [];
  private readonly resolved: { id: string; by: string | null; at: string; resolution: string }[] = [];
  private touches = 0;
  /** PostgreSQL only: SQLite pushes run one at a time (`pushLock`). */
  private readonly locks: EntityLocks | null;

  constructor(
    private readonly db: ServerDb,
    private readonly kind: Store['kind'],
    private readonly device: DeviceRow,
    private readonly now: string,
    private readonly policy: MergePolicy,
  ) {
    this.locks = kind === 'postgres' ? new EntityLocks(db) : null;
  }

  /** Fetches every entity the batch names (and their parents, for the area check) in a few queries. */
  async load(mutations: Mutation[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    const want = (entity: string, id: unknown) => {
      if (typeof id !== 'string') return;
      let ids = wanted.get(entity);
      if (!ids) wanted.set(entity, (ids = new Set()));
      ids.add(id);
    };
    for (const m of mutations) {
      want(m.entity, m.entityId);
      const householdId = m.changes.household_id?.new ?? m.changes.household_id?.old;
      want('households', householdId);
      want('cases', m.changes.case_id?.new ?? m.changes.case_id?.old);
    }
    // Natural keys the batch sets (KK, NIK ...), fetched in a few queries instead of one each.
    const natKeys = new Set<string>();
    for (const m of mutations) {
      if (m.op !== 'insert' && m.op !== 'update') continue;
      const values = Object.fromEntries(Object.entries(m.changes).map(([f, c]) => [f, c.new]));
      const k = naturalKeyOf(m.entity, values);
      if (k) natKeys.add(k);
    }
    // Everything known to be read, locked before it is read, in one sorted order (see `push`).
    if (mutations.length)
      await this.locks?.take([
        ...[...wanted].flatMap(([entity, ids]) => [...ids].map((id) => entityLock(entity, id))),
        ...[...natKeys].map(naturalKeyLock),
      ]);
    for (const [entity, ids] of wanted) await this.fetch(entity, [...ids]);
    await this.fetchNatKeys([...natKeys]);
    // Parents of rows that are only updated (their household is in the stored row).
    const parents = new Map<string, Set<string>>();
    for (const m of mutations) {
      const spec = SYNCED_TABLES[m.entity as keyof typeof SYNCED_TABLES] as SyncedTable | undefined;
      if (!spec || (spec.area !== 'household' && spec.area !== 'case')) continue;
      const data = this.entities.get(key(m.entity, m.entityId))?.data;
      const parent = spec.area === 'household' ? 'households' : 'cases';
      const pid = data?.[spec.area === 'household' ? 'household_id' : 'case_id'];
      if (typeof pid === 'string' && !this.entities.has(key(parent, pid))) {
        let ids = parents.get(parent);
        if (!ids) parents.set(parent, (ids = new Set()));
        ids.add(pid);
      }
    }
    for (const [entity, ids] of parents) await this.fetch(entity, [...ids]);
  }

  private async fetch(entity: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500).filter((id) => !this.entities.has(key(entity, id)));
      if (!chunk.length) continue;
      await this.locks?.take(chunk.map((id) => entityLock(entity, id)));
      const rows = await this.db
        .selectFrom('entities')
        .selectAll()
        .where('entity', '=', entity)
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) {
        const e = fromRow(r);
        this.entities.set(key(entity, r.id), e);
        this.remember(e);
      }
    }
  }

  private async get(entity: string, id: string): Promise<Entity | undefined> {
    const k = key(entity, id);
    if (!this.entities.has(k)) await this.fetch(entity, [id]);
    return this.entities.get(k);
  }

  /** The server's account of a user and whether it may write from this device, as `merge` reads it. */
  private async account(username: string | null): Promise<MergeAccount | null> {
    if (!username) return null;
    if (!this.accounts.has(username)) {
      const row = await this.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const onDevice = await this.db
        .selectFrom('device_users')
        .select(['active', 'approved'])
        .where('device_id', '=', this.device.id)
        .where('username', '=', username)
        .executeTakeFirst();
      this.accounts.set(
        username,
        row
          ? {
              username,
              role: row.role,
              // A workstation enrolled for part of the city writes only there, whoever signs in.
              area: intersectAreas(JSON.parse(row.area_json) as AreaScope, areaOf(this.device.area_json)),
              status: row.status,
              onDevice: onDevice?.active === 1 && onDevice.approved === 1,
            }
          : null,
      );
    }
    return this.accounts.get(username) ?? null;
  }

  /** Another live row holding the same natural key, if any (the store, then this batch). */
  private async holder(natKey: string, self: string): Promise<Entity | undefined> {
    if (!this.natQueried.has(natKey)) await this.fetchNatKeys([natKey]);
    for (const k of this.byNatKey.get(natKey) ?? []) {
      const e = this.entities.get(k);
      if (e && e.natKey === natKey && e.id !== self && !e.deleted) return e;
    }
    return undefined;
  }

  private remember(e: Entity): void {
    if (!e.natKey) return;
    let set = this.byNatKey.get(e.natKey);
    if (!set) this.byNatKey.set(e.natKey, (set = new Set()));
    set.add(key(e.entity, e.id));
  }

  private async fetchNatKeys(natKeys: string[]): Promise<void> {
    const fresh = natKeys.filter((k) => !this.natQueried.has(k));
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500);
      for (const k of chunk) this.natQueried.add(k);
      await this.locks?.take(chunk.map(naturalKeyLock));
      const rows = await this.db.selectFrom('entities').selectAll().where('nat_key', 'in', chunk).execute();
      for (const r of rows) {
        const k = key(r.entity, r.id);
        if (!this.entities.has(k)) {
          const e = fromRow(r);
          this.entities.set(k, e);
          this.remember(e);
        }
      }
    }
  }

  private async desaOf(spec: SyncedTable, data: Row | null): Promise<string | null | undefined> {
    if (!data) return undefined;
    if (spec.area === 'desa_code') return (data.desa_code as string | null) ?? null;
    if (spec.area === 'household' || spec.area === 'case') {
      const parentTable = spec.area === 'household' ? 'households' : 'cases';
      const pid = data[spec.area === 'household' ? 'household_id' : 'case_id'];
      if (typeof pid !== 'string') return null;
      const parent = await this.get(parentTable, pid);
      return (parent?.data?.desa_code as string | undefined) ?? null;
    }
    return undefined;
  }

  /**
   * The desa the row belongs to as stored and as the mutation would leave it. Its parents were
   * fetched (and locked) by `load`.
   */
  private async place(m: Mutation, spec: SyncedTable, stored: StoredRow | null): Promise<MergeInput['desa']> {
    return {
      before: await this.desaOf(spec, stored?.data ?? null),
      after: await this.desaOf(spec, rowAfter(stored, m)),
    };
  }

  private conflict(m: Mutation, c: ConflictRecord): void {
    this.conflicts.push({
      id: randomUUID(),
      kind: c.kind,
      entity: m.entity,
      entity_id: m.entityId,
      field: c.field,
      base_json: JSON.stringify(c.base ?? null),
      server_json: JSON.stringify(c.server ?? null),
      client_json: JSON.stringify(c.client ?? null),
      other_id: c.otherId,
      username: m.username,
      device_id: this.device.id,
      at: m.at,
      message: c.message,
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      resolution: null,
    });
  }

  /**
   * The server's verdict is new: the entity gets a new version, and at `publish` a new change
   * number, so every device pulls it.
   */
  private touch(e: Entity): void {
    e.version += 1;
    e.touched = ++this.touches;
    e.dirty = true;
    e.natKey = e.deleted || !e.data ? null : naturalKeyOf(e.entity, e.data);
    this.remember(e);
  }

  /**
   * One mutation: what the store knows goes to `merge`, its verdict is written here. A natural key
   * the row newly claims is looked up (the store, then this push) and, when another row holds it,
   * decided again with that holder.
   */
  async apply(m: Mutation): Promise<Outcome> {
    const spec: SyncedTable | undefined = isSyncedTable(m.entity) ? SYNCED_TABLES[m.entity] : undefined;
    const existing = spec ? await this.get(m.entity, m.entityId) : undefined;
    const stored: StoredRow | null = existing ? { deleted: existing.deleted, data: existing.data } : null;
    const account = spec ? await this.account(m.username) : null;
    const input: MergeInput = {
      mutation: m,
      stored,
      account,
      // Only an account limited to an area reads the row's place (a parent's desa).
      desa: spec && limitedToArea(account) ? await this.place(m, spec, stored) : {},
      policy: this.policy,
      deviceId: this.device.id,
    };
    let verdict = merge(input);
    if (verdict.claims) {
      const other = await this.holder(verdict.claims, m.entityId);
      if (other) verdict = merge({ ...input, holder: { id: other.id, naturalKey: verdict.claims } });
    }
    this.write(m, verdict);
    return { outcome: verdict.outcome, message: verdict.message };
  }

  /** A verdict into this push's conflicts, resolutions and touched entities. */
  private write(m: Mutation, verdict: Verdict): void {
    if (verdict.resolves)
      this.resolved.push({
        id: verdict.resolves.conflictId,
        by: m.username,
        at: m.at,
        resolution: verdict.resolves.resolution,
      });
    for (const c of verdict.conflicts) this.conflict(m, c);
    if (!verdict.row) return;
    const k = key(m.entity, m.entityId);
    let e = this.entities.get(k);
    if (!e) {
      e = {
        entity: m.entity,
        id: m.entityId,
        version: 0,
        seq: 0,
        deleted: true,
        data: null,
        natKey: null,
        dirty: true,
        touched: 0,
        place: null,
        parent: null,
      };
      this.entities.set(k, e);
    }
    e.deleted = verdict.row.deleted;
    e.data = verdict.row.data;
    this.touch(e);
  }

  /** The conflicts this push raised and the ones it resolved. */
  async flush(): Promise<void> {
    for (let i = 0; i < this.conflicts.length; i += 100)
      await this.db
        .insertInto('conflicts')
        .values(this.conflicts.slice(i, i + 100))
        .execute();
    for (const r of this.resolved)
      await this.db
        .updateTable('conflicts')
        .set({ status: 'resolved', resolved_by: r.by, resolved_at: r.at, resolution: r.resolution })
        .where('id', '=', r.id)
        .execute();
  }

  /**
   * Writes the touched entities with their change numbers, taken here at the end under the seq
   * row's lock (PostgreSQL: FOR UPDATE, held until the push commits; see `push`). The caller
   * commits right after.
   */
  async publish(): Promise<void> {
    const { dirty, moves } = await this.placeDirty();
    if (!dirty.length) return;
    let q = this.db.selectFrom('server_meta').select('value').where('key', '=', 'seq');
    if (this.kind === 'postgres') q = q.forUpdate();
    let seq = Number((await q.executeTakeFirstOrThrow()).value);
    for (const e of dirty) e.seq = ++seq;
    // Natural keys must be updated before new holders are written (no unique index, but order is kept).
    for (let i = 0; i < dirty.length; i += 200) {
      const chunk = dirty.slice(i, i + 200).map((e) => ({
        entity: e.entity,
        id: e.id,
        version: e.version,
        seq: e.seq,
        deleted: e.deleted ? 1 : 0,
        data_json: e.data ? JSON.stringify(e.data) : null,
        nat_key: e.natKey,
        place: e.place,
        parent: e.parent,
        blob_sha256: attachmentHash(e.entity, e.data),
      }));
      await this.db
        .insertInto('entities')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['entity', 'id']).doUpdateSet({
            version: sql`excluded.version`,
            seq: sql`excluded.seq`,
            deleted: sql`excluded.deleted`,
            data_json: sql`excluded.data_json`,
            nat_key: sql`excluded.nat_key`,
            place: sql`excluded.place`,
            parent: sql`excluded.parent`,
            blob_sha256: sql`excluded.blob_sha256`,
          }),
        )
        .execute();
    }
    const exits = moves.map(({ e, from }) => ({
      seq: e.seq,
      entity: e.entity,
      id: e.id,
      from_place: from,
      to_place: e.place ?? CITY_ONLY,
    }));
    for (let i = 0; i < exits.length; i += 200)
      await this.db
        .insertInto('area_exits')
        .values(exits.slice(i, i + 200))
        .execute();
    await this.db
      .updateTable('server_meta')
      .set({ value: String(seq) })
      .where('key', '=', 'seq')
      .execute();
  }

  /**
   * The rows to publish, each with its place (common/sync/place.ts), and the rows whose place
   * changed with the place they left. A row whose place changes takes the rows that follow it
   * along (a family's members, enrolments and history): they are published again, without a new
   * version, so the workstations of the new place receive them and those of the old place let
   * them go (`area_exits`).
   */
  private async placeDirty(): Promise<{ dirty: Entity[]; moves: { e: Entity; from: string }[] }> {
    const lookup = async (table: string, id: string) => {
      const parent = await this.get(table, id);
      return parent && !parent.deleted ? parent.data : null;
    };
    const dirty = [...this.entities.values()].filter((e) => e.dirty).sort((a, b) => a.touched - b.touched);
    const moves: { e: Entity; from: string }[] = [];
    for (let i = 0; i < dirty.length; i++) {
      const e = dirty[i]!;
      const from = e.place;
      // A tombstone keeps the place it had, so the workstations that held the row delete it.
      if (!(e.deleted && from !== null)) Object.assign(e, await resolvePlace(e.entity, e.data, lookup));
      if (from === null || from === e.place) continue;
      moves.push({ e, from });
      if (!PARENT_TABLES.has(e.entity)) continue;
      for (const child of await this.children(e)) {
        if (child.dirty) continue;
        child.dirty = true;
        child.touched = ++this.touches;
        dirty.push(child);
      }
    }
    return { dirty, moves };
  }

  /** The stored rows that follow `parent` (their `parent` column names it). */
  private async children(parent: Entity): Promise<Entity[]> {
    const rows = await this.db
      .selectFrom('entities')
      .select(['entity', 'id'])
      .where('parent', '=', `${parent.entity}:${parent.id}`)
      .execute();
    const byTable = new Map<string, string[]>();
    for (const r of rows) byTable.set(r.entity, [...(byTable.get(r.entity) ?? []), r.id]);
    for (const [entity, ids] of byTable) await this.fetch(entity, ids);
    return rows.flatMap((r) => this.entities.get(key(r.entity, r.id)) ?? []);
  }
}

/** Above this many entity and key locks a push locks all entities at once (see `push`). */
const ROW_LOCK_LIMIT = 256;

const entityLock = (entity: string, id: string) => `entity\u0000${entity}\u0000${id}`;
const naturalKeyLock = (natKey: string) => `natural-key\u0000${natKey}`;

/** A 64-bit advisory lock key for a name; two names sharing one only queue needlessly. */
const advisoryKey = (name: string) => createHash('sha256').update(name).digest().readBigInt64BE(0);

/** Held shared by every push that locks entities one by one, exclusive by one that locks them all. */
const ALL_ENTITIES = advisoryKey('bansos entities');

/**
 * A push's transaction-scoped advisory locks on PostgreSQL (released at commit or rollback).
 * The first call decides: up to ROW_LOCK_LIMIT names each get a lock, in sorted order under the
 * shared lock over all entities; more than that and the push takes that lock exclusively, so a
 * first upload of 100,000 rows does not fill PostgreSQL's lock table.
 */
class EntityLocks {
  private readonly held = new Set<string>();
  private started = false;
  private everything = false;

  constructor(private readonly db: ServerDb) {}

  async take(names: string[]): Promise<void> {
    if (this.everything) return;
    const fresh = [...new Set(names)].filter((n) => !this.held.has(n));
    if (!this.started) {
      this.started = true;
      this.everything = fresh.length > ROW_LOCK_LIMIT;
      if (this.everything) {
        await sql`select pg_advisory_xact_lock(${String(ALL_ENTITIES)}::bigint)`.execute(this.db);
        return;
      }
      await sql`select pg_advisory_xact_lock_shared(${String(ALL_ENTITIES)}::bigint)`.execute(this.db);
    }
    if (!fresh.length) return;
    for (const n of fresh) this.held.add(n);
    const keys = fresh.map(advisoryKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // unnest yields the array in order, so the locks are taken in it.
    await sql`select pg_advisory_xact_lock(k) from unnest(${keys.map(String)}::bigint[]) as k`.execute(
      this.db,
    );
  }
}

function fromRow(r: ServerSchema['entities']): Entity {
  return {
    entity: r.entity,
    id: r.id,
    version: Number(r.version),
    seq: Number(r.seq),
    deleted: Number(r.deleted) === 1,
    data: r.data_json ? (JSON.parse(r.data_json) as Row) : null,
    natKey: r.nat_key,
    dirty: false,
    touched: 0,
    place: r.place,
    parent: r.parent,
  };
}

/**
 * Rows after the cursor in server order, those the workstation's area receives, and the rows
 * that left its area meanwhile (`left`: the place they went to). The JSON of each row is
 * spliced, not re-parsed. The head is read first and bounds both lists, so a page that found
 * fewer than `limit` items has seen everything up to it.
 */
export async function pullPage(
  db: ServerDb,
  cursor: number,
  limit: number,
  area: AreaScope = WHOLE_CITY,
): Promise<string> {
  const head = Number(
    (await db.selectFrom('server_meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow())
      .value,
  );
  const limited = !wholeCity(area);
  const rows = await db
    .selectFrom('entities')
    .select(['entity', 'id', 'version', 'seq', 'deleted', 'data_json'])
    .where('seq', '>', cursor)
    .where('seq', '<=', head)
    .$if(limited, (q) => q.where((eb) => placeVisible(eb, 'place', area)))
    .orderBy('seq')
    .limit(limit)
    .execute();
  const exits = limited
    ? await db
        .selectFrom('area_exits')
        .select(['seq', 'entity', 'id', 'to_place'])
        .where('seq', '>', cursor)
        .where('seq', '<=', head)
        .where((eb) =>
          eb.and([placeVisible(eb, 'from_place', area), eb.not(placeVisible(eb, 'to_place', area))]),
        )
        .orderBy('seq')
        .limit(limit)
        .execute()
    : [];
  const items = [
    ...rows.map((r) => ({
      seq: Number(r.seq),
      json: `{"seq":${Number(r.seq)},"entity":${JSON.stringify(r.entity)},"id":${JSON.stringify(r.id)},"version":${Number(r.version)},"deleted":${Number(r.deleted) === 1},"data":${r.data_json ?? 'null'}}`,
    })),
    ...exits.map((x) => ({
      seq: Number(x.seq),
      json: `{"seq":${Number(x.seq)},"entity":${JSON.stringify(x.entity)},"id":${JSON.stringify(x.id)},"version":0,"deleted":false,"data":null,"left":${JSON.stringify(x.to_place)}}`,
    })),
  ]
    .sort((x, y) => x.seq - y.seq)
    .slice(0, limit);
  const more = rows.length === limit || exits.length === limit;
  const next = more ? items.at(-1)!.seq : Math.max(head, cursor);
  return `{"rows":[${items.map((i) => i.json).join(',')}],"cursor":${next},"head":${Math.max(head, next)},"more":${more}}`;
}

export function toConflictView(
  row: ServerSchema['conflicts'],
  deviceNames: Map<string, string>,
): ConflictView {
  return {
    id: row.id,
    kind: row.kind as ConflictView['kind'],
    entity: row.entity,
    entityId: row.entity_id,
    field: row.field,
    baseValue: JSON.parse(row.base_json),
    serverValue: JSON.parse(row.server_json),
    clientValue: JSON.parse(row.client_json),
    otherId: row.other_id,
    username: row.username,
    deviceName: deviceNames.get(row.device_id) ?? row.device_id,
    at: row.at,
    message: row.message,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}

/** A digest of the live rows: devices compute the same over their synced tables. */
export async function contentDigest(
  db: ServerDb,
  area: AreaScope = WHOLE_CITY,
): Promise<{ hash: string; rows: number }> {
  const rows = await db
    .selectFrom('entities')
    .select(['entity', 'id', 'version', 'data_json'])
    .where('deleted', '=', 0)
    .$if(!wholeCity(area), (q) => q.where((eb) => placeVisible(eb, 'place', area)))
    .execute();
  rows.sort(digestOrder);
  const hash = createHash('sha256');
  for (const r of rows)
    hash.update(digestLine(r.entity, r.id, Number(r.version), JSON.parse(r.data_json ?? '{}')));
  return { hash: hash.digest('hex'), rows: rows.length };
}
