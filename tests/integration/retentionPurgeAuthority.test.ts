/**
 * A purge entry redacts the server's copy of a device's history, so the server applies it only
 * when it can tie it to the right to purge (server/purgeAuthority.ts): signed by an account the
 * server itself holds as active on that device with `retention.purge`, or, unsigned (a purge a
 * workstation adopted from another), only about families the server already holds purged. A
 * tampered workstation's purge signed by an officer, or unsigned about a live family, is stored
 * in the chain but not applied, with an alarm; so is one whose list cannot be read; the push
 * goes on. The admin's purge of the same
 * shape is applied. Real server on loopback, real encrypted workstation, both stores.
 */
import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../core/sync/engine.ts';
import { ADMIN } from '../support/core.ts';
import {
  Device,
  openServerStore,
  postgresUrl,
  ServerProcess,
  serverEnv,
  type StoreKind,
} from './support/syncRig.ts';

const pgUrl = await postgresUrl();
const STORES: StoreKind[] = ['sqlite', 'postgres'];
const NIK = '3579011205800001';
const ADDRESS = 'Jl. Kartika Nomor Duabelas';

/** A live family on A, synced: answers its and its head's ids. */
async function family(a: Device): Promise<{ id: string; personId: string }> {
  const created = await a.officer.ok('households.create', {
    household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', address: ADDRESS },
    members: [
      {
        nik: NIK,
        name: 'Budi Santosa Wirajaya',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  const id = created.value.id;
  const personId = a.sql.raw
    .prepare('SELECT id FROM people WHERE household_id = ?')
    .pluck()
    .get(id) as string;
  await a.syncUntilClean();
  return { id, personId };
}

/**
 * A purge entry as a tampered workstation could write it, signed by `username` (null: unsigned),
 * listing A's audit entries and sync history about the family, as core/retention/purge.ts does.
 */
function forgedPurge(a: Device, username: string | null, target: { id: string; personId: string }): void {
  const about = a.sql.raw
    .prepare(
      `SELECT seq, hash FROM audit_log WHERE (subject_id = ? OR entity_id IN (?, ?)) AND action <> 'retention.purge' ORDER BY seq`,
    )
    .all(target.id, target.id, target.personId) as { seq: number; hash: string }[];
  const userId = username
    ? (a.sql.raw.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string)
    : null;
  a.core.db.write({ userId, username }, (changes) =>
    changes.note('retention.purge', 'households', target.id, {
      households: [target.id],
      people: [target.personId],
      redacted: about.map((e) => [e.seq, e.hash]),
      rows: [`households:${target.id}`, `people:${target.personId}`],
    }),
  );
}

/** The server's copy of the device's history (audit entries and sync log), as text. */
async function serverHistory(server: ServerProcess): Promise<string> {
  await server.stop();
  const store = await openServerStore(server);
  try {
    const audit = await store.db.selectFrom('audit_entries').select('entry_json').execute();
    const mutations = await store.db.selectFrom('mutations').select('changes_json').execute();
    return JSON.stringify([audit, mutations]);
  } finally {
    await store.close();
    await server.start();
  }
}

async function syncOnce(device: Device): Promise<SyncSummary> {
  const summary = await device.sync();
  if (typeof summary === 'string') expect.fail(summary);
  return summary;
}

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(`who may purge on the server (${kind} store)`, () => {
    it("applies no purge the server cannot tie to the right to purge; the admin's is applied", async () => {
      const { dataDir, env } = await serverEnv(kind);
      const server = new ServerProcess(dataDir, env);
      await server.start();
      const a = await Device.create('A', ['officer']);
      try {
        await a.enrol(server);
        const target = await family(a);
        expect(await serverHistory(server)).toContain(NIK);

        // Signed by the officer: the server's account says officer, which may not purge.
        forgedPurge(a, 'officer1', target);
        const byOfficer = await syncOnce(a);
        expect(byOfficer.alarms).toEqual([
          expect.stringMatching(
            /^Penghapusan data pribadi \(retention\.purge, catatan audit \d+\) dari perangkat Kantor A tidak diterapkan di server: menurut server, peran akun officer1 adalah officer, yang tidak berwenang menghapus data masa retensi \(hanya peran admin\)\. .*Periksa siapa yang menjalankannya/,
          ),
        ]);
        expect(byOfficer.pending).toBe(0);

        // Unsigned, about a family the server holds live: no authorised purge stands behind it.
        forgedPurge(a, null, target);
        const unsigned = await syncOnce(a);
        expect(unsigned.alarms).toEqual([
          expect.stringContaining(`data households:${target.id} belum dihapus di server`),
        ]);
        const history = await serverHistory(server);
        expect(history).toContain(NIK);
        expect(history).toContain(ADDRESS);

        // Signed by the admin, but its list is not one (a tampered workstation writes any bytes
        // the chain then vouches for): held with an alarm, not a failed push.
        a.core.db.write({ userId: null, username: ADMIN.username }, (changes) =>
          changes.note('retention.purge', 'households', target.id, { households: target.id, redacted: 5 }),
        );
        const unreadable = await syncOnce(a);
        expect(unreadable.alarms).toEqual([
          expect.stringContaining('isi catatannya bukan daftar penghapusan yang dapat dibaca'),
        ]);
        expect(unreadable.pending).toBe(0);
        expect(await serverHistory(server)).toContain(NIK);

        // The chain went on: the admin's purge of the same shape, after all three, is applied.
        forgedPurge(a, ADMIN.username, target);
        expect((await syncOnce(a)).alarms).toEqual([]);
        const after = await serverHistory(server);
        expect(after).not.toContain(NIK);
        expect(after).not.toContain(ADDRESS);
      } finally {
        await a.close();
        await server.stop();
      }
    });
  });
}
