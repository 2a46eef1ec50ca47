/**
 * Attachment files travel between workstations (issue 16), sealed end to end with the office
 * key: a photo added on A opens on B byte for byte, the server holds only sealed bytes, refuses a
 * blob over the limit or of another length than the sealed file its row names, never replaces a
 * stored copy, and serves none that no live attachment row names. Real server on
 * loopback, two workstations, both stores.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BLOB_BYTES } from '../../common/sync/blobs.ts';
import { attachmentPath } from '../../core/attachments/attachments.ts';
import { readState } from '../../core/sync/state.ts';
import { ADMIN, PASSWORDS } from '../support/core.ts';
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

/** Text inside the photo: found in the server's copy only if the server could read the file. */
const MARKER = 'PENANDA-FOTO-RUMAH-3579014506850002';
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(`${MARKER} `.repeat(200)),
  Buffer.from([0xff, 0xd9]),
]);

/** A family, its verification and a house photo on it: answers the family's and the photo's ids. */
async function familyWithPhoto(device: Device): Promise<{ householdId: string; id: string }> {
  const created = await device.officer.ok('households.create', {
    household: {
      kkNumber: '3579012003150004',
      desaCode: '35.79.01.2006',
      rt: '1',
      rw: '2',
      address: 'Jl. Arjuno 1',
    },
    members: [
      {
        nik: '3579014506850002',
        name: 'Siti Aminah Larasati',
        sex: 'P',
        birthDate: '1985-06-05',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  const verification = await device.officer.ok('verification.start', {
    householdId: created.value.id,
    source: 'usulan',
  });
  const added = await device.officer.ok('attachments.add', {
    ownerEntity: 'verifications',
    ownerId: verification.id,
    fileName: 'rumah depan.jpg',
    mime: 'image/jpeg',
    dataBase64: PHOTO.toString('base64'),
  });
  return { householdId: created.value.id, id: added.id };
}

/** A request to the server with the workstation's own credentials. */
function asDevice(
  server: ServerProcess,
  device: Device,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const state = readState(device.sql);
  return fetch(new URL(path, server.url), {
    method,
    headers: {
      authorization: `Bearer ${state.deviceId}.${state.secret}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The sealed bytes the server serves for a hash, asked as `device`. */
async function servedBytes(server: ServerProcess, device: Device, sha256: string): Promise<Buffer> {
  const answer = await asDevice(server, device, 'GET', `v1/blobs/${sha256}`);
  expect(answer.status).toBe(200);
  return Buffer.from(((await answer.json()) as { data: string }).data, 'base64');
}

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(
    `attachment files between workstations (${kind} store)`,
    () => {
      let server: ServerProcess;
      let a: Device;
      let b: Device;
      beforeEach(async () => {
        const { dataDir, env } = await serverEnv(kind);
        server = new ServerProcess(dataDir, env);
        await server.start();
        a = await Device.create('A', ['officer']);
        b = await Device.create('B', ['officer']);
        await a.enrol(server);
        await b.enrol(server);
      }, 120_000);
      afterEach(async () => {
        await a?.close();
        await b?.close();
        await server?.stop();
      });

      it('a photo added on A opens on B byte for byte; the server holds it sealed', async () => {
        // Added before the office key exists: it waits unsealed, and nothing of it leaves A.
        const { id } = await familyWithPhoto(a);
        await a.syncUntilClean();
        await b.syncUntilClean();
        const list = await b.officer.call('attachments.get', { id });
        expect(list.ok).toBe(false);
        if (!list.ok) expect(list.error.message).toMatch(/kode kunci berkas kantor di halaman Sinkronisasi/);

        // The first workstation makes the key; the second types its code (dashes and case as typed).
        const { code } = await a.admin.ok('attachments.setOfficeKey', {});
        expect(code).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
        const mistyped = await b.admin.call('attachments.setOfficeKey', {
          code: code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        });
        expect(mistyped.ok).toBe(false);
        if (!mistyped.ok) expect(mistyped.error.message).toMatch(/Kode kunci berkas kantor tidak cocok/);
        await b.admin.ok('attachments.setOfficeKey', { code: code.toLowerCase().replace(/-/g, ' ') });
        expect((await b.admin.ok('attachments.officeKey', { reveal: true })).code).toBe(code);

        // Sealed when the key was set, but not sent until A syncs.
        const early = await b.officer.call('attachments.get', { id });
        expect(early.ok).toBe(false);
        if (!early.ok) expect(early.error.message).toMatch(/belum dikirim ke server/);
        await a.syncUntilClean();
        expect(a.sql.raw.prepare('SELECT count(*) AS n FROM attachment_uploads').get()).toEqual({ n: 0 });

        const opened = await b.officer.ok('attachments.get', { id });
        expect(Buffer.from(opened.dataBase64, 'base64').equals(PHOTO)).toBe(true);
        expect(opened.fileName).toBe('rumah depan.jpg');
        // Kept on B, encrypted with B's own files key like its own files.
        expect(existsSync(attachmentPath(b.core.dir.filesDir, id))).toBe(true);
        await server.stop();
        const again = await b.officer.ok('attachments.get', { id });
        expect(Buffer.from(again.dataBase64, 'base64').equals(PHOTO)).toBe(true);

        // The server's copy: the sealed bytes only (file + 29 bytes), never the photo's text.
        const store = await openServerStore(server);
        try {
          const blobs = await store.db.selectFrom('blobs').selectAll().execute();
          expect(blobs).toHaveLength(1);
          expect(blobs[0]!.size).toBe(PHOTO.length + 29);
          const stored = Buffer.from(blobs[0]!.data);
          expect(stored.length).toBe(PHOTO.length + 29);
          expect(stored.includes(Buffer.from(MARKER))).toBe(false);
          expect(stored.includes(PHOTO.subarray(0, 64))).toBe(false);
        } finally {
          await store.close();
        }
      });

      it('refuses a blob over the limit and serves none that no live attachment row names', async () => {
        const { id } = await familyWithPhoto(a);
        await a.admin.ok('attachments.setOfficeKey', {});
        await a.syncUntilClean();
        const sha256 = (
          a.sql.raw.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(id) as { sha256: string }
        ).sha256;

        const tooBig = await asDevice(server, b, 'POST', `v1/blobs/${'ab'.repeat(32)}`, {
          data: Buffer.alloc(MAX_BLOB_BYTES + 1).toString('base64'),
        });
        expect(tooBig.status).toBe(413);
        expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');

        // No row names this hash: neither stored nor served, and the answer does not say whether it exists.
        const unnamed = 'cd'.repeat(32);
        const stray = await asDevice(server, b, 'POST', `v1/blobs/${unnamed}`, { data: 'AAAA' });
        expect(stray.status).toBe(409);
        expect((await asDevice(server, b, 'GET', `v1/blobs/${unnamed}`)).status).toBe(404);
        expect((await asDevice(server, b, 'GET', `v1/blobs/${sha256}`)).status).toBe(200);
        expect((await asDevice(server, b, 'GET', 'v1/blobs/not-a-hash')).status).toBe(400);

        // Only the workstation that added the attachment may upload its file: another may not put
        // something else under its hash; a resend from A is a no-op, the first copy stays, even
        // when the resent bytes differ (sealing again draws a new IV) and have the right length.
        const foreign = await asDevice(server, b, 'POST', `v1/blobs/${sha256}`, { data: 'AAAA' });
        expect(foreign.status).toBe(409);
        const first = await servedBytes(server, b, sha256);
        expect(first.length).toBe(PHOTO.length + 29);
        const other = Buffer.alloc(first.length, 0x5a);
        const resend = await asDevice(server, a, 'POST', `v1/blobs/${sha256}`, {
          data: other.toString('base64'),
        });
        expect(await resend.json()).toEqual({ stored: false });
        expect((await servedBytes(server, b, sha256)).equals(first)).toBe(true);

        // Without credentials nothing is served.
        expect((await fetch(new URL(`v1/blobs/${sha256}`, server.url))).status).toBe(401);
      });

      it('refuses bytes that cannot be the sealed file its hash names, and stores nothing of them', async () => {
        // The row reaches the server; its file waits on A (no office key yet), so none is stored.
        const { id } = await familyWithPhoto(a);
        await a.syncUntilClean();
        const sha256 = (
          a.sql.raw.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(id) as { sha256: string }
        ).sha256;
        // A sealed file is the file plus 29 bytes: one byte short, one byte over, or the plain file.
        for (const length of [PHOTO.length + 28, PHOTO.length + 30, PHOTO.length]) {
          const wrong = await asDevice(server, a, 'POST', `v1/blobs/${sha256}`, {
            data: Buffer.alloc(length, 0x5a).toString('base64'),
          });
          expect(wrong.status).toBe(400);
          const answer = (await wrong.json()) as { ok: boolean; error: { code: string; message: string } };
          expect(answer.ok).toBe(false);
          expect(answer.error.code).toBe('BLOB_MISMATCH');
          expect(answer.error.message).toMatch(
            new RegExp(
              `Isi berkas tidak cocok .* ${length} byte, .* ${PHOTO.length + 29} byte .* Berkas tidak disimpan`,
            ),
          );
        }
        const missing = await asDevice(server, b, 'GET', `v1/blobs/${sha256}`);
        expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_UPLOADED');

        // A's own sealed file, sent once the key is set, is taken and opens on B.
        const { code } = await a.admin.ok('attachments.setOfficeKey', {});
        await b.admin.ok('attachments.setOfficeKey', { code });
        await a.syncUntilClean();
        await b.syncUntilClean();
        const opened = await b.officer.ok('attachments.get', { id });
        expect(Buffer.from(opened.dataBase64, 'base64').equals(PHOTO)).toBe(true);
      });

      it('finds a blob by the hash column of its rows; a store from before the column gets it filled at start', async () => {
        const { id } = await familyWithPhoto(a);
        await a.admin.ok('attachments.setOfficeKey', {});
        await a.syncUntilClean();
        const sha256 = (
          a.sql.raw.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(id) as { sha256: string }
        ).sha256;
        const hashes = async () => {
          const store = await openServerStore(server);
          try {
            return await store.db
              .selectFrom('entities')
              .select(['id', 'blob_sha256'])
              .where('blob_sha256', 'is not', null)
              .execute();
          } finally {
            await store.close();
          }
        };
        // Published with the row: the attachment alone has it.
        expect(await hashes()).toEqual([{ id, blob_sha256: sha256 }]);

        // A store from before the column: the server adds and fills it at start.
        await server.stop();
        const store = await openServerStore(server);
        await store.db.schema.dropIndex('entities_blob_sha256').execute();
        await store.db.schema.alterTable('entities').dropColumn('blob_sha256').execute();
        await store.close();
        await server.start();
        expect(await hashes()).toEqual([{ id, blob_sha256: sha256 }]);
        const served = await asDevice(server, b, 'GET', `v1/blobs/${sha256}`);
        expect(served.status).toBe(200);
      });
    },
  );

  describe.skipIf(kind === 'postgres' && !pgUrl)(`attachment files and retention (${kind} store)`, () => {
    it('a retention purge on the workstation removes the file from the server', async () => {
      const clock = { at: new Date('2019-02-01T03:00:00Z') };
      const { dataDir, env } = await serverEnv(kind);
      const server = new ServerProcess(dataDir, env);
      await server.start();
      const a = await Device.create('A', ['officer'], { clock: () => clock.at });
      // After the clock jumps, sessions have idled out: each user logs in again.
      const wake = async () => {
        await a.admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
        await a.officer.ok('auth.login', { username: 'officer1', password: PASSWORDS.officer });
      };
      try {
        await a.enrol(server);
        await a.admin.ok('attachments.setOfficeKey', {});
        const { householdId, id } = await familyWithPhoto(a);
        const sha256 = (
          a.sql.raw.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(id) as { sha256: string }
        ).sha256;
        await a.syncUntilClean();
        expect((await asDevice(server, a, 'GET', `v1/blobs/${sha256}`)).status).toBe(200);

        clock.at = new Date('2019-02-02T03:00:00Z');
        await wake();
        await a.officer.ok('households.remove', {
          id: householdId,
          reason: 'Pindah ke luar kota (surat pindah)',
        });
        await a.syncUntilClean();
        clock.at = new Date('2026-12-06T03:00:00Z');
        await wake();
        await a.admin.ok('retention.purge', { expected: 1 });
        expect((await a.syncUntilClean()).alarms).toEqual([]);

        expect(existsSync(attachmentPath(a.core.dir.filesDir, id))).toBe(false);
        expect((await asDevice(server, a, 'GET', `v1/blobs/${sha256}`)).status).toBe(404);
        await server.stop();
        const store = await openServerStore(server);
        try {
          expect(await store.db.selectFrom('blobs').select('sha256').execute()).toEqual([]);
        } finally {
          await store.close();
        }
      } finally {
        await a.close();
        await server.stop();
      }
    });
  });
}

it('a purge on a workstation never enrolled drops the sealed copy that waited for the server', async () => {
  const clock = { at: new Date('2019-02-01T03:00:00Z') };
  const a = await Device.create('A', ['officer'], { clock: () => clock.at });
  try {
    await a.admin.ok('attachments.setOfficeKey', {});
    const { householdId, id } = await familyWithPhoto(a);
    const waiting = () => a.sql.raw.prepare('SELECT attachment_id FROM attachment_uploads').all();
    expect(waiting()).toEqual([{ attachment_id: id }]);
    await a.officer.ok('households.remove', {
      id: householdId,
      reason: 'Pindah ke luar kota (surat pindah)',
    });
    clock.at = new Date('2026-12-06T03:00:00Z');
    await a.admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    await a.admin.ok('retention.purge', { expected: 1 });
    expect(waiting()).toEqual([]);
  } finally {
    await a.close();
  }
});
