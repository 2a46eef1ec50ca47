import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { tempDir } from '../support/tempDir.ts';
import { Device, ServerProcess, serverCli } from './support/syncRig.ts';

/**
 * Issue 12, "accounts are not names": on workstation B an administrator creates a local user
 * with the username of workstation A's approved clerk. The server must not take B's edits as A's
 * clerk: the same name on another device is a pending pair until the server admin approves it.
 */

async function startServer() {
  const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'), {}, 0);
  await server.start();
  return server;
}

/** A household written on the device as the named local user, as the app's Changes does. */
function insertHouseholdAs(device: Device, username: string): string {
  const user = device.sql.raw.prepare('SELECT id FROM users WHERE username = ?').get(username) as {
    id: string;
  };
  const id = newId();
  device.core.db.write({ userId: user.id, username }, (changes) =>
    changes.insert(
      'households',
      { id, kk_number: null, desa_code: '35.79.01.1001', address: `Jl. ${username}`, notes: '' } as never,
      'test.insert',
    ),
  );
  return id;
}

const deviceIdOf = (server: ServerProcess, name: string) =>
  (JSON.parse(serverCli(server.dataDir, ['devices', '--json'])) as { id: string; name: string }[]).find(
    (d) => d.name === `Kantor ${name}`,
  )!.id;

describe('sync accounts: one identity across the city', () => {
  it('a same-named user made on another device is refused until the server approves that pair', async () => {
    const server = await startServer();
    const a = await Device.create('A', ['clerk']);
    const b = await Device.create('B', ['officer']);
    try {
      await a.enrol(server);
      await b.enrol(server);
      const fromA = insertHouseholdAs(a, 'clerk1');
      expect(await a.sync()).toMatchObject({ ok: true, pending: 0 });

      // B's admin makes a local "clerk1" after enrolment and writes as that user.
      await b.admin.ok('users.create', {
        username: 'clerk1',
        fullName: 'Bukan Petugas A',
        role: 'clerk',
        area: { kecamatan: [], desa: [] },
        temporaryPassword: 'sementara nama pinjaman kota batu',
      });
      const forged = insertHouseholdAs(b, 'clerk1');
      await b.sync();
      const conflicts = await b.admin.ok('sync.conflicts', {});
      const refused = conflicts.find((c) => c.kind === 'refused' && c.entityId === forged);
      expect(refused?.message).toMatch(/belum disetujui.*perangkat ini/);
      expect(b.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(forged)).toBe(0);
      // A's clerk is untouched and still accepted; the server lists B's pair as waiting.
      const accounts = JSON.parse(serverCli(server.dataDir, ['users', '--json'])) as {
        username: string;
        status: string;
        devices: { deviceId: string; approved: boolean }[];
      }[];
      const clerk = accounts.find((x) => x.username === 'clerk1')!;
      expect(clerk.status).toBe('active');
      const idB = deviceIdOf(server, 'B');
      expect(clerk.devices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ deviceId: deviceIdOf(server, 'A'), approved: true }),
          expect.objectContaining({ deviceId: idB, approved: false }),
        ]),
      );
      await a.sync();
      expect(a.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(forged)).toBe(0);
      expect(a.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(fromA)).toBe(1);

      // The server admin approves clerk1 on B: from then on B's edits as clerk1 are accepted.
      expect(
        serverCli(server.dataDir, ['user-set', 'clerk1', '--device', idB, '--status', 'active']),
      ).toMatch(/disetujui/);
      const approved = insertHouseholdAs(b, 'clerk1');
      expect(await b.sync()).toMatchObject({ ok: true, pending: 0 });
      await a.sync();
      expect(a.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(approved)).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await server.stop();
    }
  });
});
