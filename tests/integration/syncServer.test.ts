/**
 * The central server as an operator and an attacker see it: TLS with a pinned certificate,
 * one-time enrolment codes and their rate limit, revocation, the server's own role and area
 * checks (a modified or misconfigured workstation cannot write outside its rights), gaps and
 * replays, request size limits, the audit chain alarm, and the CLI commands.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ADMIN, PASSWORDS } from '../support/core.ts';
import { tempDir } from '../support/tempDir.ts';
import { Ledger, seeded } from './support/syncLedger.ts';
import { Device, openServerStore, ServerProcess, serverCli } from './support/syncRig.ts';

async function startServer(env: Record<string, string> = {}, args: { cert?: string; key?: string } = {}) {
  const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'), env, 0, args);
  await server.start();
  return server;
}

async function post(url: string, path: string, body: unknown, auth?: string) {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('central server', () => {
  it('answers /health, and with a certificate speaks TLS that a workstation can pin', async () => {
    const dir = tempDir('bansos-tls-');
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=server-dinsos',
    ]);
    const der = Buffer.from(
      readFileSync(cert, 'utf8')
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, ''),
      'base64',
    );
    const pin = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    const server = await startServer({}, { cert, key });
    const device = await Device.create('TLS');
    try {
      expect(server.url).toMatch(/^https:/);
      const wrong = await device.admin.call('sync.enrol', {
        serverUrl: server.url,
        code: server.enrolCode(),
        deviceName: 'Kantor TLS',
        pin: 'AB:'.repeat(31) + 'AB',
      });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!wrong.ok) expect(wrong.error.message).toContain('sidik jari');
      await device.admin.ok('sync.enrol', {
        serverUrl: server.url,
        code: server.enrolCode(),
        deviceName: 'Kantor TLS',
        pin,
      });
      new Ledger(seeded(3)).insertHousehold(device);
      expect(await device.sync()).toMatchObject({ ok: true, pending: 0 });
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('enrolment codes work once, are rate limited, and a revoked device is refused in plain words', async () => {
    const server = await startServer({ BANSOS_RATE_LIMIT: '5' });
    const device = await Device.create('R');
    try {
      const health = await (await fetch(new URL('/health', server.url))).json();
      expect(health).toMatchObject({ ok: true, store: 'sqlite' });
      const code = server.enrolCode();
      await device.admin.ok('sync.enrol', { serverUrl: server.url, code, deviceName: 'Kantor R' });
      device.core.sync.stop();
      const reuse = await post(server.url, '/v1/enrol', {
        code,
        name: 'Lagi',
        localDeviceId: 'x',
        roster: [],
      });
      expect(reuse.status).toBe(403);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (
            await post(server.url, '/v1/enrol', {
              code: `SALAH-${i}00000`,
              name: 'Tebak',
              localDeviceId: 'x',
              roster: [],
            })
          ).status,
        );
      expect(statuses).toContain(429);
      const devices = JSON.parse(serverCli(server.dataDir, ['devices', '--json'])) as {
        id: string;
        name: string;
      }[];
      const id = devices.find((d) => d.name === 'Kantor R')!.id;
      serverCli(server.dataDir, ['revoke', id]);
      new Ledger(seeded(4)).insertHousehold(device);
      const refused = await device.sync();
      expect(refused).toContain('dicabut');
      const status = await device.officer.ok('sync.status', {});
      expect(status.lastError).toContain('dicabut');
      expect(status.pending).toBeGreaterThan(0); // kept, not lost
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('re-checks role and area itself: refused changes are queued as conflicts and undone on the device', async () => {
    const server = await startServer();
    const device = await Device.create('X');
    try {
      await device.enrol(server);
      // The server narrows the officer to one desa; the device still believes "whole city".
      serverCli(server.dataDir, ['user-set', 'officer1', '--desa', '35.79.01.1001']);
      const ledger = new Ledger(seeded(5));
      const inside = ledger.insertHousehold(device, undefined, '35.79.01.1001');
      const id = ledger.insertHousehold(device, undefined, '35.79.02.2001');
      expect(await device.sync()).toMatchObject({ ok: true });
      const conflicts = await device.officer.ok('sync.conflicts', {});
      const refused = conflicts.find((c) => c.kind === 'refused' && c.entityId === id);
      expect(refused?.message).toContain('di luar wilayah');
      expect(device.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(id)).toBe(0);
      expect(device.sql.raw.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(inside)).toBe(
        1,
      );
      // A user added on the workstation after enrolment has no rights until the server approves.
      await device.admin.ok('users.create', {
        username: 'baru1',
        fullName: 'Pengguna Baru',
        role: 'officer',
        area: { kecamatan: [], desa: [] },
        temporaryPassword: 'sementara pengguna baru kota batu',
      });
      const accounts = JSON.parse(serverCli(server.dataDir, ['users', '--json'])) as {
        username: string;
        status: string;
      }[];
      await device.sync();
      const after = JSON.parse(serverCli(server.dataDir, ['users', '--json'])) as {
        username: string;
        status: string;
      }[];
      expect(accounts.find((a) => a.username === 'baru1')).toBeUndefined();
      expect(after.find((a) => a.username === 'baru1')?.status).toBe('pending');
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('refuses gaps, answers replays from its log, and limits request size', async () => {
    const server = await startServer();
    const device = await Device.create('G');
    try {
      await device.enrol(server);
      const state = Object.fromEntries(
        (
          device.sql.raw.prepare('SELECT key, value FROM sync_state').all() as {
            key: string;
            value: string;
          }[]
        ).map((r) => [r.key, JSON.parse(r.value)]),
      ) as { deviceId: string; secret: string };
      const auth = `${state.deviceId}.${state.secret}`;
      new Ledger(seeded(6)).insertHousehold(device);
      const { toMutation } = await import('../../core/sync/outbox.ts');
      const rows = device.sql.raw.prepare('SELECT * FROM sync_outbox ORDER BY device_seq').all() as never[];
      const mutations = rows.map(toMutation);
      const gap = await post(server.url, '/v1/push', { roster: [], mutations: mutations.slice(5) }, auth);
      expect(gap.body).toMatchObject({ expectedSeq: 1, gap: true, results: [] });
      const first = await post(server.url, '/v1/push', { roster: [], mutations }, auth);
      const again = await post(server.url, '/v1/push', { roster: [], mutations }, auth);
      expect(first.body.expectedSeq).toBe(mutations.length + 1);
      expect(again.body.expectedSeq).toBe(mutations.length + 1);
      expect((again.body.results as { outcome: string }[]).every((r) => r.outcome === 'duplicate')).toBe(
        true,
      );
      const store = await openServerStore(server);
      const stored = await store.db.selectFrom('mutations').select('mutation_id').execute();
      await store.close();
      expect(stored.length).toBe(mutations.length);
      // A forged mutation (hash does not match) is refused and raises an alarm.
      const forged = {
        ...mutations[0]!,
        seq: mutations.length + 1,
        prevHash: mutations.at(-1)!.hash,
        changes: { notes: { old: '', new: 'palsu' } },
      };
      const refused = await post(server.url, '/v1/push', { roster: [], mutations: [forged] }, auth);
      expect(refused.status).toBe(409);
      // The server answers 413 from the declared length alone and closes the connection; a
      // client still writing the body may see that close (EPIPE, ECONNRESET) before the answer.
      // Either way the body was refused; the requests below show the server still serving.
      const big = await post(
        server.url,
        '/v1/push',
        `{"roster":[],"mutations":[],"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`,
        auth,
      ).catch((error: Error & { cause?: { code?: string } }) => ({ status: error.cause?.code }));
      expect([413, 'EPIPE', 'ECONNRESET']).toContain(big.status);
      const unauthenticated = await post(
        server.url,
        '/v1/push',
        { roster: [], mutations: [] },
        `${state.deviceId}.salah`,
      );
      expect(unauthenticated.status).toBe(401);
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('verifies each device audit chain and raises an alarm when it was cut short', async () => {
    const server = await startServer();
    const device = await Device.create('AU');
    try {
      await device.enrol(server);
      expect(await device.sync()).toMatchObject({ ok: true, alarms: [] });
      // Someone removes the newest audit entries: locally the chain still verifies.
      device.sql.raw.prepare('DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log)').run();
      // The sync that brings the alarm is not a success, and names the alarm once (issue 12).
      const summary = await device.officer.ok('sync.run', {});
      expect(summary.ok).toBe(false);
      expect(summary.error).toMatch(/server mencatat 1 alarm/);
      expect(summary.alarms).toHaveLength(1);
      expect(summary.alarms[0]).toMatch(/lebih pendek/);
      const status = await device.officer.ok('sync.status', {});
      expect(status.alarms.map((a) => a.kind)).toContain('audit_truncated');
      expect(serverCli(server.dataDir, ['alarms'])).toContain('audit_truncated');
      // The chain is still short: the server raises it again on the next sync, said once again.
      const again = await device.officer.ok('sync.run', {});
      expect(again.ok).toBe(false);
      expect(again.alarms).toHaveLength(1);
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('CLI: enrol, sync --json with a digest equal to the server, devices and the cross-office report', async () => {
    const server = await startServer();
    const device = await Device.create('CLI');
    try {
      const code = server.enrolCode();
      const enrolled = await runCli(
        [
          'enrol',
          code,
          '--data',
          device.dataDir,
          '--user',
          ADMIN.username,
          '--server',
          server.url,
          '--name',
          'Kantor CLI',
          '--json',
        ],
        { BANSOS_PASSWORD: ADMIN.password },
      );
      expect(enrolled.code, enrolled.stderr).toBe(0);
      expect(JSON.parse(enrolled.stdout)).toMatchObject({
        deviceId: expect.any(String),
        area: 'seluruh kota',
      });
      new Ledger(seeded(8)).insertHousehold(device);
      const run = await runCli(
        ['sync', '--data', device.dataDir, '--user', 'officer1', '--json', '--digest'],
        {
          BANSOS_PASSWORD: PASSWORDS.officer,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as {
        ok: boolean;
        pending: number;
        pushed: number;
        digest: { hash: string };
      };
      expect(out).toMatchObject({ ok: true, pending: 0 });
      expect(out.pushed).toBeGreaterThan(0);
      expect(out.digest.hash).toBe(JSON.parse(serverCli(server.dataDir, ['digest'])).hash);
      expect(serverCli(server.dataDir, ['devices'])).toContain('Kantor CLI');
      const report = JSON.parse(
        serverCli(server.dataDir, ['report', '--year', '2026', '--month', '11', '--json']),
      );
      expect(report).toMatchObject({ year: 2026, month: 11, rows: [] });
      // Moving the server's address is the administrator's (see the next test).
      const offline = await runCli(
        [
          'sync',
          '--data',
          device.dataDir,
          '--user',
          ADMIN.username,
          '--server',
          'http://127.0.0.1:9',
          '--json',
        ],
        { BANSOS_PASSWORD: ADMIN.password },
      );
      expect(offline.code).toBe(1);
      expect(JSON.parse(offline.stdout).error).toMatch(/tidak dapat dihubungi.*akan dikirim nanti/);
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('CLI: sync --server moves the server address only for an administrator, audited; an auditor is refused and the address stays', async () => {
    const server = await startServer();
    const device = await Device.create('Alamat', ['officer', 'auditor']);
    try {
      await device.enrol(server);
      const { deviceId } = await device.admin.ok('sync.status', {});
      new Ledger(seeded(9)).insertHousehold(device);
      // The next push would send every pending change and the device's secret to this address.
      const elsewhere = 'http://127.0.0.1:9';
      const refused = await runCli(
        ['sync', '--data', device.dataDir, '--user', 'auditor1', '--server', elsewhere, '--json'],
        { BANSOS_PASSWORD: PASSWORDS.auditor },
      );
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(
        /^Gagal: Alamat server sinkronisasi hanya dapat diubah oleh administrator/m,
      );
      const kept = await device.admin.ok('sync.status', {});
      expect(kept.serverUrl).toBe(server.url);
      expect(kept.pending, 'nothing was sent by the refused command').toBeGreaterThan(0);
      expect((await device.admin.ok('audit.list', { action: 'sync.server_change' })).entries).toEqual([]);

      const moved = await runCli(
        ['sync', '--data', device.dataDir, '--user', ADMIN.username, '--server', elsewhere, '--json'],
        { BANSOS_PASSWORD: ADMIN.password },
      );
      expect(moved.code, moved.stderr).toBe(1); // nobody answers there: the sync itself fails
      expect(JSON.parse(moved.stdout).error).toMatch(/tidak dapat dihubungi/);
      expect((await device.admin.ok('sync.status', {})).serverUrl).toBe(elsewhere);
      expect((await device.admin.ok('audit.list', { action: 'sync.server_change' })).entries).toMatchObject([
        {
          username: ADMIN.username,
          entity: 'sync',
          entityId: deviceId,
          changes: { serverUrl: { old: server.url, new: elsewhere } },
        },
      ]);
    } finally {
      await device.close();
      await server.stop();
    }
  });
});
