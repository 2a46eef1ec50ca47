/**
 * The sync protocol end to end: a real server process on loopback (SQLite and PostgreSQL
 * stores), three workstations with their own encrypted databases, random offline edits and
 * random sync orders, conflicts, and fault injection (a lossy proxy, a server killed mid-push,
 * a client process killed mid-apply). Each invariant is checked by `checkInvariants`, and two
 * broken variants (last-writer-wins on the server; a client that clears its outbox before the
 * ack) must fail the same checks: that is how we know the checks have teeth.
 */
import { describe, expect, it } from 'vitest';
import type { ConflictView } from '../../common/sync/protocol.ts';
import { PASSWORDS } from '../support/core.ts';
import { ackBeforeResponse } from '../sync/faultyTransport.ts';
import { checkInvariants, Ledger, noViolations, seeded, type Violations } from './support/syncLedger.ts';
import {
  Device,
  LAST_WRITER_WINS_SERVER,
  LossyProxy,
  openServerStore,
  postgresUrl,
  serverDigest,
  ServerProcess,
  serverEnv,
  type StoreKind,
} from './support/syncRig.ts';

const pgUrl = await postgresUrl();
const STORES: StoreKind[] = ['sqlite', 'postgres'];
if (!pgUrl)
  console.warn(
    'PERINGATAN: PostgreSQL tidak dapat dihubungi (BANSOS_TEST_DATABASE_URL / DATABASE_URL / postgres://bansos:bansos@127.0.0.1:5432/bansos_test): rangkaian uji PostgreSQL dilewati.',
  );

type Variant = 'protocol' | 'last-writer-wins' | 'outbox-cleared-before-ack';

interface World {
  server: ServerProcess;
  proxy: LossyProxy | null;
  devices: Device[];
  ledger: Ledger;
  close(): Promise<void>;
}

async function world(
  kind: StoreKind,
  variant: Variant,
  options: { lossy: boolean; seed: number },
): Promise<World> {
  const { dataDir, env } = await serverEnv(kind);
  // The negative controls are built by the rig: a server with an overwriting merge policy, or
  // devices whose transport acknowledges before the answer. The product has no switch for either.
  const server = new ServerProcess(
    dataDir,
    { ...env, BANSOS_RATE_LIMIT: '10000' },
    0,
    {},
    variant === 'last-writer-wins' ? LAST_WRITER_WINS_SERVER : undefined,
  );
  await server.start();
  const random = seeded(options.seed);
  const proxy = options.lossy ? new LossyProxy(() => server.url, undefined, random) : null;
  const url = proxy ? await proxy.start() : server.url;
  const devices = [await Device.create('A'), await Device.create('B'), await Device.create('C')];
  // Enrolment is a one-time step done by hand; the faults start afterwards.
  if (proxy) proxy.enabled = false;
  for (const d of devices) await d.enrol(server, url);
  if (proxy) proxy.enabled = true;
  if (variant === 'outbox-cleared-before-ack')
    for (const d of devices) d.options = { transport: ackBeforeResponse(d.sql, () => d.core.db.now()) };
  return {
    server,
    proxy,
    devices,
    ledger: new Ledger(random),
    async close() {
      for (const d of devices) await d.close();
      await proxy?.stop();
      await server.stop();
    },
  };
}

/** Every device syncs until clean, twice round, so each has what the others sent. */
async function settle(w: World): Promise<void> {
  if (w.proxy) w.proxy.enabled = false;
  for (let round = 0; round < 2; round++) for (const d of w.devices) await d.syncUntilClean(5);
}

async function verdict(w: World): Promise<Violations> {
  const store = await openServerStore(w.server);
  try {
    return await checkInvariants(w.devices, store, w.ledger, await serverDigest(w.server));
  } finally {
    await store.close();
  }
}

/** Random offline edits and random sync orders; deliberate same-field edits in between. */
async function randomRounds(w: World, rounds: number, editsPerRound: number): Promise<void> {
  const { ledger, devices } = w;
  const shared = ledger.insertHousehold(devices[0]!);
  await devices[0]!.sync();
  for (const d of devices.slice(1)) await d.sync();
  for (let round = 0; round < rounds; round++) {
    for (const d of devices) for (let i = 0; i < editsPerRound; i++) ledger.randomEdit(d);
    // Small imports too: a batch travels under the same faults as a hand edit.
    if (round === 1) for (const d of devices) ledger.insertHouseholdsAsBatch(d, 40);
    // Concurrent edits of one field on every device that has the shared family.
    if (round % 2 === 0)
      for (const d of devices) ledger.edit(d, shared, 'notes', `catatan ${d.name} ronde ${round}`);
    const order = [...devices].sort(() => ledger.pick([-1, 1]));
    for (const d of order) if (ledger.pick([true, true, false])) await d.sync();
  }
}

/** Negative controls must break at least one invariant (or never converge). */
async function fails(run: () => Promise<Violations>): Promise<{ failed: boolean; why: string }> {
  try {
    const v = await run();
    return { failed: !noViolations(v), why: JSON.stringify(v).slice(0, 600) };
  } catch (error) {
    return { failed: true, why: `did not converge: ${(error as Error).message.slice(0, 300)}` };
  }
}

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(`sync over the ${kind} store`, () => {
    it('random offline edits in random sync orders converge on every replica, nothing lost', async () => {
      const w = await world(kind, 'protocol', { lossy: false, seed: 7 });
      try {
        await randomRounds(w, 6, 8);
        await settle(w);
        const v = await verdict(w);
        expect(v).toEqual({
          lostWrites: [],
          silentOverwrites: [],
          doubleApplied: [],
          gaps: [],
          divergence: [],
        });
        // The concurrent same-field edits are waiting for a person.
        const conflicts = await w.devices[2]!.officer.ok('sync.conflicts', {});
        expect(conflicts.filter((c) => c.kind === 'field' && c.field === 'notes').length).toBeGreaterThan(0);
      } finally {
        await w.close();
      }
    }, 240_000);

    it('same-field edits queue as conflicts; a person resolves one and the decision syncs', async () => {
      const w = await world(kind, 'protocol', { lossy: false, seed: 11 });
      try {
        const [a, b, c] = w.devices as [Device, Device, Device];
        const id = w.ledger.insertHousehold(a);
        await a.syncUntilClean();
        await b.syncUntilClean();
        await c.syncUntilClean();
        w.ledger.edit(a, id, 'address', 'Jl. Dari A');
        w.ledger.edit(b, id, 'address', 'Jl. Dari B');
        w.ledger.edit(c, id, 'rt', '007'); // a different field merges without a conflict
        // The same KK registered in two offices is a conflict too, not an error.
        const kk = '3579011503200001';
        const kkA = w.ledger.insertHousehold(a, kk);
        const kkB = w.ledger.insertHousehold(b, kk);
        for (const d of [a, b, c]) await d.syncUntilClean();
        for (const d of [a, b, c]) await d.syncUntilClean();
        const queue: ConflictView[] = await c.officer.ok('sync.conflicts', {});
        const address = queue.find((q) => q.field === 'address' && q.entityId === id)!;
        expect(address).toMatchObject({
          kind: 'field',
          serverValue: 'Jl. Dari A',
          clientValue: 'Jl. Dari B',
          username: 'officer1',
        });
        const clash = queue.find((q) => q.kind === 'natural_key')!;
        expect(clash).toMatchObject({ entity: 'households', entityId: kkB, otherId: kkA, clientValue: kk });
        expect(clash.message).toContain('sudah terdaftar');
        // Every replica has A's address and C's RT; B's KK copy was cleared, nothing else lost.
        for (const d of [a, b, c]) {
          expect(d.sql.raw.prepare('SELECT address, rt FROM households WHERE id = ?').get(id)).toEqual({
            address: 'Jl. Dari A',
            rt: '007',
          });
          expect(
            d.sql.raw.prepare('SELECT kk_number FROM households WHERE id = ?').pluck().get(kkB),
          ).toBeNull();
        }
        // A person on C takes B's address: an audited change that syncs everywhere.
        await c.officer.ok('sync.resolve', { conflictId: address.id, choice: 'client' });
        const audit = c.sql.raw
          .prepare(`SELECT action, entity_id FROM audit_log WHERE action = 'sync.conflict.resolve'`)
          .all();
        expect(audit).toEqual([{ action: 'sync.conflict.resolve', entity_id: id }]);
        await settle(w);
        for (const d of [a, b, c])
          expect(d.sql.raw.prepare('SELECT address FROM households WHERE id = ?').pluck().get(id)).toBe(
            'Jl. Dari B',
          );
        const after = await a.officer.ok('sync.conflicts', { includeResolved: true });
        expect(after.find((q) => q.id === address.id)).toMatchObject({
          status: 'resolved',
          resolvedBy: 'officer1',
          resolution: 'client',
        });
        const v = await verdict(w);
        expect(v.divergence).toEqual([]);
        expect(v.lostWrites).toEqual([]);
        expect(v.silentOverwrites).toEqual([]);
      } finally {
        await w.close();
      }
    }, 240_000);

    it('under faults (30% requests and 30% responses dropped, duplicates, server killed mid-push, client killed mid-apply) nothing is lost, doubled or overwritten, and every replica converges', async () => {
      const w = await world(kind, 'protocol', { lossy: true, seed: 23 });
      try {
        const { killedBy } = await faultScenario(w);
        expect(killedBy).toBe('SIGKILL');
        const v = await verdict(w);
        expect(v).toEqual({
          lostWrites: [],
          silentOverwrites: [],
          doubleApplied: [],
          gaps: [],
          divergence: [],
        });
        expect(w.proxy!.stats.droppedRequests).toBeGreaterThan(0);
        expect(w.proxy!.stats.droppedResponses).toBeGreaterThan(0);
        expect(w.proxy!.stats.duplicated).toBeGreaterThan(0);
      } finally {
        await w.close();
      }
    }, 300_000);

    it('negative control: a last-writer-wins server fails the same checks', async () => {
      const w = await world(kind, 'last-writer-wins', { lossy: true, seed: 23 });
      try {
        const result = await fails(async () => {
          await faultScenario(w);
          return verdict(w);
        });
        console.info(`negative control caught (${kind}): ${result.why}`);
        expect(result.failed, result.why).toBe(true);
        expect(result.why).toMatch(/silentOverwrites":\["/);
      } finally {
        await w.close();
      }
    }, 300_000);

    it('negative control: a client that clears its outbox before the ack fails the same checks', async () => {
      const w = await world(kind, 'outbox-cleared-before-ack', { lossy: true, seed: 23 });
      try {
        const result = await fails(async () => {
          await faultScenario(w);
          return verdict(w);
        });
        console.info(`negative control caught (${kind}): ${result.why}`);
        expect(result.failed, result.why).toBe(true);
      } finally {
        await w.close();
      }
    }, 300_000);
  });
}

/** The fault scenario shared by the protocol and its negative controls. */
async function faultScenario(w: World): Promise<{ killedBy: NodeJS.Signals | null }> {
  const [a, , c] = w.devices as [Device, Device, Device];
  await randomRounds(w, 5, 6);
  // The server dies (SIGKILL) while a large push is in flight, and comes back on the same port.
  // Hand-made rows and an import (synced as a batch of three chunks) in the same push.
  for (let i = 0; i < 1200; i++) w.ledger.insertHousehold(a);
  w.ledger.insertHouseholdsAsBatch(a, 2500);
  if (w.proxy) w.proxy.enabled = false;
  const inFlight = a.sync();
  await new Promise((r) => setTimeout(r, 250));
  await w.server.restart('SIGKILL');
  const interrupted = await inFlight;
  console.info(
    `sync during the server kill: ${typeof interrupted === 'string' ? `failed (${interrupted.slice(0, 80)})` : 'completed'}`,
  );
  if (w.proxy) w.proxy.enabled = true;
  await randomRounds(w, 2, 4);
  // A client process is killed (SIGKILL) in the middle of applying a pulled page.
  if (w.proxy) w.proxy.enabled = false;
  for (const d of w.devices.filter((x) => x !== c)) await d.syncUntilClean(5).catch(() => undefined);
  await c.syncUntilClean(5).catch(() => undefined);
  for (let i = 0; i < 30; i++) w.ledger.randomEdit(a);
  await a.syncUntilClean(5).catch(() => undefined);
  // C's database is opened by a second process while C's core stays open here, as the CLI did.
  const killedBy = await c.syncKilledMidApply('officer1', PASSWORDS.officer);
  if (w.proxy) w.proxy.enabled = true;
  await settle(w);
  return { killedBy };
}
