import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/store.ts';
import { ADMIN, PASSWORDS, userWithRole } from '../support/core.ts';
import { grant, importFile } from '../support/importHarness.ts';
import { tempDir } from '../support/tempDir.ts';
import { Device, ServerProcess } from './support/syncRig.ts';

/**
 * Issue 12, retention across the city: a purge on workstation A reaches the central server and
 * workstation B. The server takes the administrator's purge (and only purge values), redacts its
 * copies of A's history; B records the purge in its own chain and redacts its own history, and
 * the server then redacts B's copies. Every chain still verifies on both workstations.
 */
const BUDI = { nik: '3579011205800001', name: 'Budi Santosa Wirajaya' };
const KK = '3579012003150004';
const OLD_ADDRESS = 'Jl. Kartika Nomor Duabelas';
const NEW_ADDRESS = 'Jl. Diponegoro Gang Mawar Tiga';

class Clock {
  constructor(public at: Date) {}
  readonly now = () => this.at;
}

/** After the clock jumps, sessions have idled out: each user logs in again. */
async function wake(device: Device): Promise<void> {
  await device.admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
  await device.officer.ok('auth.login', { username: 'officer1', password: PASSWORDS.officer });
}

function workstationText(device: Device): string {
  const raw = device.sql.raw;
  return ['people', 'households', 'audit_log', 'sync_outbox', 'sync_conflicts']
    .map((t) => JSON.stringify(raw.prepare(`SELECT * FROM ${t}`).all()))
    .join('\n');
}

async function serverText(dataDir: string): Promise<string> {
  const store = await openStore(dataDir, undefined, {
    key: { passphrase: process.env.BANSOS_SERVER_PASSPHRASE! },
  });
  try {
    const tables = ['entities', 'mutations', 'audit_entries', 'conflicts'] as const;
    const dumps = await Promise.all(tables.map((t) => store.db.selectFrom(t).selectAll().execute()));
    return dumps.map((rows) => JSON.stringify(rows)).join('\n');
  } finally {
    await store.close();
  }
}

describe('retention purge across workstations and the central server', () => {
  it('leaves no personal value of a purged family on A, on B or on the server, and every chain verifies', async () => {
    const clock = new Clock(new Date('2019-02-01T03:00:00Z'));
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'), {}, 0);
    await server.start();
    const a = await Device.create('A', ['officer'], { clock: clock.now });
    const b = await Device.create('B', ['officer'], { clock: clock.now });
    try {
      await a.enrol(server);
      await b.enrol(server);
      const created = await a.officer.ok('households.create', {
        household: { kkNumber: KK, desaCode: '35.79.01.2006', rt: '2', rw: '5', address: OLD_ADDRESS },
        members: [
          {
            nik: BUDI.nik,
            name: BUDI.name,
            sex: 'L',
            birthDate: '1980-05-12',
            relationship: 'kepala_keluarga',
          },
        ],
      });
      const id = created.value.id;
      await a.syncUntilClean();
      await b.syncUntilClean();
      // B edits the family too: its own audit entries and outbox rows hold the values.
      const page = await b.officer.ok('households.get', { id });
      await b.officer.ok('households.update', {
        id,
        expectedVersion: page.household.version,
        household: { kkNumber: KK, desaCode: '35.79.01.2006', rt: '2', rw: '5', address: NEW_ADDRESS },
      } as never);
      await b.syncUntilClean();
      await a.syncUntilClean();

      clock.at = new Date('2019-02-02T03:00:00Z');
      await wake(a);
      await wake(b);
      await a.officer.ok('households.remove', { id, reason: 'Pindah ke luar kota (surat pindah)' });
      await a.syncUntilClean();
      await b.syncUntilClean();

      clock.at = new Date('2026-12-06T03:00:00Z');
      await wake(a);
      await wake(b);
      const preview = await a.admin.ok('retention.preview', {});
      expect(preview.due).toBe(1);
      await a.admin.ok('retention.purge', { expected: 1 });
      const pushed = await a.syncUntilClean();
      expect(pushed.alarms).toEqual([]);
      await b.syncUntilClean();
      await b.syncUntilClean(); // B's own purge entry reaches the server
      await a.syncUntilClean();

      for (const device of [a, b]) {
        const text = workstationText(device);
        for (const secret of [BUDI.nik, BUDI.name, KK, OLD_ADDRESS, NEW_ADDRESS])
          expect(text, `${device.name}: ${secret}`).not.toContain(secret);
        const verify = await device.admin.job<{ ok: boolean; problems: unknown[] }>('audit.verify', {});
        expect(verify, device.name).toMatchObject({ ok: true, problems: [] });
      }
      // B's copy of the family is the purged one, pulled from the server.
      const onB = b.sql.raw
        .prepare('SELECT purged_at, kk_number, desa_code FROM households WHERE id = ?')
        .get(id);
      expect(onB).toEqual({
        purged_at: '2026-12-06T03:00:00.000Z',
        kk_number: null,
        desa_code: '35.79.01.2006',
      });

      await server.stop();
      const text = await serverText(server.dataDir);
      for (const secret of [BUDI.nik, BUDI.name, KK, OLD_ADDRESS, NEW_ADDRESS])
        expect(text, `server: ${secret}`).not.toContain(secret);
    } finally {
      await server.stop();
      await a.core.close();
      await b.core.close();
    }
  });

  it('reaches a family that came by import: its values inside the synced chunks of the batch are redacted on A, B and the server', async () => {
    const clock = new Clock(new Date('2019-02-01T03:00:00Z'));
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'), {}, 0);
    await server.start();
    const a = await Device.create('A', ['officer'], { clock: clock.now });
    const b = await Device.create('B', ['officer'], { clock: clock.now });
    try {
      // Accounts known at enrolment are approved with the device; a later one waits for the admin.
      const clerk = await userWithRole(a.core, a.admin, 'clerk');
      await a.enrol(server);
      await b.enrol(server);
      const file = join(tempDir('bansos-import-'), 'penerima.csv');
      const header =
        'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;ALAMAT;DESA_KELURAHAN';
      const row = [
        KK,
        BUDI.nik,
        BUDI.name,
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        OLD_ADDRESS,
        'Oro-oro Ombo',
      ];
      writeFileSync(file, `${header}\r\n${row.join(';')}\r\n`);
      await importFile(a.core, clerk, grant(a.core, clerk, file), { mode: 'commit' });
      const chunks = () =>
        a.sql.raw.prepare(`SELECT changes_json FROM sync_outbox WHERE op = 'batch'`).pluck().all().join('\n');
      expect(chunks()).toContain(BUDI.nik);
      await a.syncUntilClean();
      await b.syncUntilClean();
      const id = a.sql.raw.prepare('SELECT id FROM households WHERE kk_number = ?').pluck().get(KK) as string;
      expect(b.sql.raw.prepare('SELECT address FROM households WHERE id = ?').pluck().get(id)).toBe(
        OLD_ADDRESS,
      );

      clock.at = new Date('2019-02-02T03:00:00Z');
      await wake(a);
      await wake(b);
      await a.officer.ok('households.remove', { id, reason: 'Pindah ke luar kota (surat pindah)' });
      await a.syncUntilClean();
      await b.syncUntilClean();

      clock.at = new Date('2026-12-06T03:00:00Z');
      await wake(a);
      await wake(b);
      await a.admin.ok('retention.purge', { expected: 1 });
      expect((await a.syncUntilClean()).alarms).toEqual([]);
      await b.syncUntilClean();
      await b.syncUntilClean();
      await a.syncUntilClean();

      for (const device of [a, b]) {
        const text = workstationText(device);
        for (const secret of [BUDI.nik, BUDI.name, KK, OLD_ADDRESS])
          expect(text, `${device.name}: ${secret}`).not.toContain(secret);
        const verify = await device.admin.job<{ ok: boolean; problems: unknown[] }>('audit.verify', {});
        expect(verify, device.name).toMatchObject({ ok: true, problems: [] });
      }
      expect(chunks()).toContain(id); // the chunk is still there, with the row's values redacted
      await server.stop();
      const text = await serverText(server.dataDir);
      for (const secret of [BUDI.nik, BUDI.name, KK, OLD_ADDRESS])
        expect(text, `server: ${secret}`).not.toContain(secret);
    } finally {
      await server.stop();
      await a.core.close();
      await b.core.close();
    }
  });

  it('the right to purge is not a right to edit: the server refuses an admin write that is not a purge', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'), {}, 0);
    await server.start();
    const a = await Device.create('A', ['officer']);
    try {
      await a.enrol(server);
      const created = await a.officer.ok('households.create', {
        household: { kkNumber: KK, desaCode: '35.79.01.2006', address: OLD_ADDRESS },
        members: [
          {
            nik: BUDI.nik,
            name: BUDI.name,
            sex: 'L',
            birthDate: '1980-05-12',
            relationship: 'kepala_keluarga',
          },
        ],
      });
      await a.syncUntilClean();
      const admin = a.sql.raw.prepare(`SELECT id FROM users WHERE username = ?`).get(ADMIN.username) as {
        id: string;
      };
      // The admin's workstation writes an ordinary edit (as a tampered app could).
      a.core.db.write({ userId: admin.id, username: ADMIN.username }, (changes) =>
        changes.update(
          'households',
          created.value.id as never,
          { address: 'Alamat Karangan Admin' },
          'test.edit',
        ),
      );
      const summary = await a.syncUntilClean();
      expect(summary.conflictsOpen).toBe(1);
      const conflicts = await a.officer.ok('sync.conflicts', {} as never);
      expect(JSON.stringify(conflicts)).toMatch(/tidak berwenang mengubah households/);
    } finally {
      await server.stop();
      await a.core.close();
    }
  });
});
