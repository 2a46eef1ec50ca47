/**
 * An import travels as a batch (issue 14, common/sync/batch.ts): chunks of rows, held by the
 * server until the last one arrives, then merged row by row; a batch that does not add up is
 * refused whole, and the digest in the workstation's audit chain is checked against what was
 * synced. Real server process on loopback, both stores; faults come from transport wrappers the
 * test builds around the real one.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkOf, type BatchChunk } from '../../common/sync/batch.ts';
import {
  auditPayload,
  mutationPayload,
  type AuditEntry,
  type Mutation,
  type PushRequest,
} from '../../common/sync/protocol.ts';
import { verifyChain } from '../../core/audit/chain.ts';
import { callServer, NetworkFailure, type Transport } from '../../core/sync/transport.ts';
import { pendingCount } from '../../core/sync/outbox.ts';
import { Ledger, seeded } from './support/syncLedger.ts';
import {
  Device,
  openServerStore,
  postgresUrl,
  serverDigest,
  ServerProcess,
  serverEnv,
  type StoreKind,
} from './support/syncRig.ts';

const pgUrl = await postgresUrl();
const STORES: StoreKind[] = ['sqlite', 'postgres'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Sends one mutation per push, so a batch's chunks arrive apart; after `pushes` the line drops. */
function oneMutationPerPush(pushes: number): Transport {
  let sent = 0;
  return (target, method, path, body, transfer, reply) => {
    const request = body as PushRequest;
    if (path === 'v1/push' && request.mutations.length) {
      if (++sent > pushes) return Promise.reject(new NetworkFailure('Koneksi terputus (uji).'));
      body = { ...request, mutations: request.mutations.slice(0, 1) };
    }
    return callServer(target, method, path, body, transfer, reply);
  };
}

/** Rewrites push mutations with `edit`; with `rechain`, re-hashes the chain as a forger would. */
function rewritingPushes(edit: (m: Mutation) => Mutation, rechain: boolean): Transport {
  return (target, method, path, body, transfer, reply) => {
    if (path === 'v1/push') {
      const request = body as PushRequest;
      let prev: string | null = null;
      const mutations = request.mutations.map((original) => {
        const m = edit(structuredClone(original));
        if (!rechain) return m;
        const { hash: _hash, ...rest } = { ...m, prevHash: prev ?? m.prevHash };
        prev = sha256(mutationPayload(rest));
        return { ...rest, hash: prev };
      });
      body = { ...request, mutations };
    }
    return callServer(target, method, path, body, transfer, reply);
  };
}

/** Rewrites the sync digest of the batch entries with `action` and re-hashes the audit chain from there. */
const forgedAuditDigest =
  (action: string): Transport =>
  (target, method, path, body, transfer, reply) => {
    if (path === 'v1/audit') {
      const request = body as { entries: AuditEntry[] };
      let prev: string | null = null;
      const entries = request.entries.map((original) => {
        const entry = { ...original, prev_hash: prev ?? original.prev_hash };
        if (entry.action === action) {
          const changes = JSON.parse(entry.changes_json) as Record<string, { new: unknown; old: unknown }>;
          changes.sync_sha256 = { new: 'f'.repeat(64), old: null };
          entry.changes_json = JSON.stringify(changes);
          prev = '';
        }
        if (prev === null) return original;
        const { hash: _hash, ...rest } = entry;
        prev = sha256(auditPayload(rest));
        return { ...rest, hash: prev };
      });
      body = { ...request, entries };
    }
    return callServer(target, method, path, body, transfer, reply);
  };

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(`an import syncs as a batch (${kind} store)`, () => {
    let server: ServerProcess;
    let devices: Device[] = [];
    const ledger = new Ledger(seeded(14));
    const device = async (name: string) => {
      const d = await Device.create(name);
      await d.enrol(server);
      devices.push(d);
      return d;
    };
    // A server per test: the rig's folders and databases go when their test ends.
    beforeEach(async () => {
      const { dataDir, env } = await serverEnv(kind);
      server = new ServerProcess(dataDir, { ...env, BANSOS_RATE_LIMIT: '10000' });
      await server.start();
    }, 120_000);
    afterEach(async () => {
      for (const d of devices) await d.close();
      devices = [];
      await server?.stop();
    });

    async function serverState(batchId: string) {
      const store = await openServerStore(server);
      try {
        const households = await store.db
          .selectFrom('entities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity', '=', 'households')
          .where('deleted', '=', 0)
          .executeTakeFirstOrThrow();
        const chunks = await store.db
          .selectFrom('mutations')
          .select(['device_seq', 'outcome'])
          .where('entity_id', '=', batchId)
          .orderBy('device_seq')
          .execute();
        const alarms = await store.db.selectFrom('alarms').select(['kind', 'message']).execute();
        return { households: Number(households.n), outcomes: chunks.map((c) => c.outcome), alarms };
      } finally {
        await store.close();
      }
    }

    it('the chunks are held until the last arrives, then every row is merged and reaches the other office', async () => {
      const a = await device('A');
      const b = await device('B');
      await a.syncUntilClean(5);
      await b.syncUntilClean(5);
      const batchId = ledger.insertHouseholdsAsBatch(a, 2500);
      const outbox = a.sql.raw.prepare('SELECT op FROM sync_outbox WHERE acked_at IS NULL').pluck().all();
      expect(outbox).toEqual(['batch', 'batch', 'batch']);
      // What the Sinkronisasi page says is waiting: every row, not every chunk.
      expect(pendingCount(a.sql)).toBe(2500);

      // Two of the three chunks arrive, in separate pushes; then the line drops.
      a.options = { transport: oneMutationPerPush(2) };
      expect(await a.sync()).toMatch(/terputus/);
      const held = await serverState(batchId);
      expect(held.outcomes).toEqual(['held', 'held']);
      expect(held.households).toBe(0);

      a.options = undefined;
      expect(await a.syncUntilClean(5)).toMatchObject({ ok: true, pending: 0 });
      const merged = await serverState(batchId);
      expect(merged.outcomes).toEqual(['applied', 'applied', 'applied']);
      expect(merged.households).toBe(2500);
      expect(merged.alarms).toEqual([]);

      await b.syncUntilClean(5);
      expect(
        b.sql.raw.prepare("SELECT count(*) FROM households WHERE address LIKE 'Jl. Impor %'").pluck().get(),
      ).toBe(2500);
      await a.syncUntilClean(5);
      const digest = await serverDigest(server);
      expect(a.digest().hash).toBe(digest.hash);
      expect(b.digest().hash).toBe(digest.hash);
      expect(verifyChain(a.sql)).toMatchObject({ ok: true, problems: [] });
    }, 240_000);

    it('a batch whose chunks do not add up to what its last chunk declares is refused whole, with an alarm', async () => {
      const c = await device('C');
      const batchId = ledger.insertHouseholdsAsBatch(c, 1500);
      const before = await serverState(batchId);
      // A forger (or a bug) with the device's chain: the last chunk declares another digest.
      c.options = {
        transport: rewritingPushes((m) => {
          const chunk = chunkOf(m);
          if (chunk?.last) {
            const forged: BatchChunk = { ...chunk, last: { ...chunk.last, sha256: '0'.repeat(64) } };
            m.changes = { chunk: { new: forged, old: null } };
          }
          return m;
        }, true),
      };
      await c.sync();
      const after = await serverState(batchId);
      expect(after.outcomes).toEqual(['refused', 'refused']);
      expect(after.households).toBe(before.households);
      expect(after.alarms.map((x) => x.kind)).toContain('batch_refused');
      expect(after.alarms.find((x) => x.kind === 'batch_refused')!.message).toMatch(/tidak cocok/);
    }, 240_000);

    it('a chunk altered in transit breaks the chain: the push is refused and nothing of the batch is applied', async () => {
      const d = await device('D');
      const batchId = ledger.insertHouseholdsAsBatch(d, 1500);
      const before = await serverState(batchId);
      d.options = {
        transport: rewritingPushes((m) => {
          const chunk = chunkOf(m);
          if (chunk && chunk.index === 0) chunk.rows[0]!.changes.address = { old: null, new: 'Jl. Palsu' };
          if (chunk) m.changes = { chunk: { new: chunk, old: null } };
          return m;
        }, false),
      };
      expect(await d.sync()).toMatch(/Rantai perubahan terputus/);
      const after = await serverState(batchId);
      expect(after.outcomes).toEqual([]);
      expect(after.households).toBe(before.households);
      expect(after.alarms.map((x) => x.kind)).toContain('outbox_chain');
    }, 240_000);

    it('an audit entry naming another digest than the batch synced raises an alarm', async () => {
      const e = await device('E');
      const batchId = ledger.insertHouseholdsAsBatch(e, 30);
      e.options = { transport: forgedAuditDigest('import.commit') };
      await e.sync();
      const after = await serverState(batchId);
      expect(after.outcomes).toEqual(['applied']);
      const alarm = after.alarms.find((x) => x.kind === 'batch_audit' && x.message.includes(batchId));
      expect(alarm?.message).toContain(batchId);
      expect(alarm?.message).toMatch(/tidak sama dengan yang tercatat di log audit/);
    }, 240_000);

    it('an undo travels as a batch too: the other office loses the families, and the audit check holds', async () => {
      const a = await device('A');
      const b = await device('B');
      const batchId = ledger.insertHouseholdsAsBatch(a, 1200);
      await a.syncUntilClean(5);
      await b.syncUntilClean(5);
      const imported =
        "SELECT count(*) FROM households WHERE address LIKE 'Jl. Impor %' AND deleted_at IS NULL";
      expect(b.sql.raw.prepare(imported).pluck().get()).toBe(1200);

      const undoId = ledger.undoBatch(a, batchId);
      // 1,200 families removed and the batch's status: two chunks, not 1,201 outbox rows.
      expect(a.sql.raw.prepare('SELECT op FROM sync_outbox WHERE acked_at IS NULL').pluck().all()).toEqual([
        'batch',
        'batch',
      ]);
      expect(await a.syncUntilClean(5)).toMatchObject({ ok: true, pending: 0 });
      const undone = await serverState(undoId);
      expect(undone.outcomes).toEqual(['applied', 'applied']);
      expect(undone.alarms).toEqual([]);
      await b.syncUntilClean(5);
      expect(b.sql.raw.prepare(imported).pluck().get()).toBe(0);
      await a.syncUntilClean(5);
      const digest = await serverDigest(server);
      expect(a.digest().hash).toBe(digest.hash);
      expect(b.digest().hash).toBe(digest.hash);
      expect(verifyChain(a.sql)).toMatchObject({ ok: true, problems: [] });
    }, 240_000);

    it("an undo's audit entry naming another digest than it synced raises an alarm", async () => {
      const f = await device('F');
      const batchId = ledger.insertHouseholdsAsBatch(f, 20);
      await f.syncUntilClean(5);
      const undoId = ledger.undoBatch(f, batchId);
      f.options = { transport: forgedAuditDigest('import.undo.batch') };
      await f.sync();
      const after = await serverState(undoId);
      expect(after.outcomes).toEqual(['applied']);
      const alarm = after.alarms.find((x) => x.kind === 'batch_audit' && x.message.includes(undoId));
      expect(alarm?.message).toMatch(/tidak sama dengan yang tercatat di log audit/);
    }, 240_000);
  });
}
