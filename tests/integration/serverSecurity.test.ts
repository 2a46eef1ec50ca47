/**
 * Issue 12: the central server's own data. Its SQLite store, WAL and backups are encrypted
 * (the NIK of a pushed person appears in none of their bytes), owner-only, and open only with
 * the passphrase or the key file; an old clear store is refused and can be encrypted in place;
 * a PostgreSQL URL to another host without verified TLS is refused before any connection; and
 * the alarm of a refused push survives the refusal and fails the CLI sync that learns of it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { deriveKey, newMeta, NEXT_META_FILE, writeMeta } from '../../server/keys.ts';
import { checkDatabaseUrl, openSqlite, openStore } from '../../server/store.ts';
import { PROJECT_ROOT, runCli } from '../support/cli.ts';
import { PASSWORDS } from '../support/core.ts';
import { tempDir } from '../support/tempDir.ts';
import { Ledger, seeded } from './support/syncLedger.ts';
import { Device, ServerProcess, serverCli, serverDigest } from './support/syncRig.ts';

const PASSPHRASE = process.env.BANSOS_SERVER_PASSPHRASE!;
const NIK = '3579011205800001';
const NAME = 'Budi Santoso Wicaksono';

/** A family with a known NIK, registered on the device and synced to the server. */
async function pushPerson(device: Device, server: ServerProcess): Promise<void> {
  await device.enrol(server);
  await device.officer.ok('households.create', {
    household: {
      kkNumber: '3579012003150004',
      desaCode: '35.79.01.2006',
      rt: '2',
      rw: '5',
      address: 'Jl. Kartika 12',
      desil: 2,
      desilAsOf: '2026-10-01',
    },
    members: [
      {
        nik: NIK,
        name: NAME,
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
        motherName: 'Sumarni',
      },
    ],
  });
  expect(await device.sync()).toMatchObject({ ok: true, pending: 0 });
}

/** Runs the server CLI and answers its exit code and output (not throwing on failure). */
function serverRun(dataDir: string, args: string[], env: Record<string, string | undefined> = {}) {
  try {
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', ...args, '--data', dataDir],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

function bytesOf(files: string[]): Buffer {
  return Buffer.concat(files.filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the central server keeps its data encrypted', { timeout: 300_000 }, () => {
  it('server.db and its WAL hold no pushed NIK or name in clear; folder 0700, files 0600', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    const device = await Device.create('ENC');
    try {
      await pushPerson(device, server);
      const db = join(server.dataDir, 'server.db');
      const files = [db, `${db}-wal`, `${db}-shm`];
      // While the server runs, the newest pages are in the WAL.
      expect(existsSync(`${db}-wal`)).toBe(true);
      const live = bytesOf(files);
      expect(live.length).toBeGreaterThan(0);
      expect(live.includes(NIK)).toBe(false);
      expect(live.includes(NAME)).toBe(false);
      expect(live.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      expect(mode(server.dataDir)).toBe(0o700);
      for (const f of files.filter((x) => existsSync(x))) expect([f, mode(f)]).toEqual([f, 0o600]);
      expect(mode(join(server.dataDir, 'server-key.json'))).toBe(0o600);
      // The key itself is not in the folder: only the salt.
      expect(readFileSync(join(server.dataDir, 'server-key.json'), 'utf8')).toMatch(/"salt"/);
      await server.stop();
      const closed = bytesOf(files);
      expect(closed.includes(NIK)).toBe(false);
      // The person is really there: the right passphrase reads it.
      const store = await openStore(server.dataDir, undefined, { key: { passphrase: PASSPHRASE } });
      const people = await store.db
        .selectFrom('entities')
        .select('data_json')
        .where('entity', '=', 'people')
        .execute();
      await store.close();
      expect(people.map((p) => p.data_json).join()).toContain(NIK);
    } finally {
      await device.close();
      await server.stop();
    }
  });

  it('refuses a wrong passphrase or none in plain words; the recovery key file opens it, never from the data folder', async () => {
    const dataDir = join(tempDir('bansos-server-'), 'server');
    const outside = tempDir('bansos-key-');
    expect(serverRun(dataDir, ['enrol-code']).code).toBe(0);
    const wrong = serverRun(dataDir, ['devices'], {
      BANSOS_SERVER_PASSPHRASE: 'frasa yang keliru sama sekali',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Frasa sandi server salah');
    const none = serverRun(dataDir, ['devices'], { BANSOS_SERVER_PASSPHRASE: undefined });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Kunci server diperlukan');
    // Recovery key: printed, or written to a file kept elsewhere.
    const printed = serverRun(dataDir, ['init-key']);
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim()).toMatch(/^([0-9A-F]{8}-){7}[0-9A-F]{8}$/);
    const inData = serverRun(dataDir, ['init-key', '--out', join(dataDir, 'kunci.txt')]);
    expect(inData.code).toBe(1);
    expect(inData.stderr).toContain('tidak boleh disimpan di folder data');
    expect(existsSync(join(dataDir, 'kunci.txt'))).toBe(false);
    const keyFile = join(outside, 'kunci-server.txt');
    expect(serverRun(dataDir, ['init-key', '--out', keyFile]).code).toBe(0);
    expect(mode(keyFile)).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toContain(printed.stdout.trim());
    // Passphrase lost: the key file alone opens the store.
    const recovered = serverRun(dataDir, ['enrol-code', '--key-file', keyFile], {
      BANSOS_SERVER_PASSPHRASE: undefined,
    });
    expect(recovered.code, recovered.stderr).toBe(0);
    // A key file that does not match is refused too.
    const otherDir = join(tempDir('bansos-server-'), 'server');
    const otherKey = join(outside, 'lain.txt');
    expect(
      serverRun(otherDir, ['enrol-code', '--key-file', otherKey], { BANSOS_SERVER_PASSPHRASE: undefined })
        .code,
    ).toBe(0); // a first start with --key-file makes the key file
    const mismatch = serverRun(dataDir, ['devices', '--key-file', otherKey]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('tidak cocok');
    // A new passphrase rekeys the store: the old one (and the old recovery key) stop working.
    const NEW = 'frasa sandi baru sesudah pergantian staf';
    const changed = serverRun(dataDir, ['passphrase'], { BANSOS_SERVER_NEW_PASSPHRASE: NEW });
    expect(changed.code, changed.stderr).toBe(0);
    expect(serverRun(dataDir, ['devices']).stderr).toContain('Frasa sandi server salah');
    expect(serverRun(dataDir, ['devices'], { BANSOS_SERVER_PASSPHRASE: NEW }).code).toBe(0);
    expect(serverRun(dataDir, ['devices', '--key-file', keyFile]).stderr).toContain('tidak cocok');
  });

  it('a passphrase change cut off after the rekey opens with the new passphrase; cut off before, with the old', async () => {
    const dataDir = join(tempDir('bansos-server-'), 'server');
    const NEW = 'frasa sandi baru yang terputus di tengah';
    await (await openStore(dataDir, undefined, { key: { passphrase: PASSPHRASE } })).close();
    // What `passphrase` does, stopped between the rekey and the rename of the new salt.
    const { database } = openSqlite(dataDir, { passphrase: PASSPHRASE }, { create: false });
    const next = newMeta('passphrase');
    writeMeta(dataDir, next, NEXT_META_FILE);
    database.pragma('wal_checkpoint(TRUNCATE)');
    expect(database.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
    database.pragma(`rekey="x'${deriveKey(NEW, next).toString('hex')}'"`);
    database.close();
    expect(() => openSqlite(dataDir, { passphrase: PASSPHRASE }, { create: false })).toThrow(
      /Frasa sandi server salah/,
    );
    await (await openStore(dataDir, undefined, { key: { passphrase: NEW } })).close();
    expect(existsSync(join(dataDir, NEXT_META_FILE))).toBe(false);
    // Stopped before the rekey: the store still has its key, and the stale salt goes.
    writeMeta(dataDir, newMeta('passphrase'), NEXT_META_FILE);
    await (await openStore(dataDir, undefined, { key: { passphrase: NEW } })).close();
    expect(existsSync(join(dataDir, NEXT_META_FILE))).toBe(false);
  });

  it('refuses an old clear server.db with how to migrate, and `encrypt` encrypts it in place', () => {
    const dataDir = join(tempDir('bansos-server-'), 'server');
    mkdirSync(dataDir, { recursive: true });
    const plain = new Database(join(dataDir, 'server.db'));
    plain.pragma('journal_mode = WAL');
    plain.exec(`CREATE TABLE old_rows (nik TEXT); INSERT INTO old_rows VALUES ('${NIK}')`);
    plain.close();
    expect(readFileSync(join(dataDir, 'server.db')).includes(NIK)).toBe(true);
    const refused = serverRun(dataDir, ['devices']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('belum terenkripsi');
    expect(refused.stderr).toContain('npm run server -- encrypt');
    const encrypted = serverRun(dataDir, ['encrypt']);
    expect(encrypted.code, encrypted.stderr).toBe(0);
    const db = join(dataDir, 'server.db');
    expect(bytesOf([db, `${db}-wal`]).includes(NIK)).toBe(false);
    expect(mode(db)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    expect(serverRun(dataDir, ['devices']).code).toBe(0);
    const reopened = new Database(db);
    reopened.pragma(`cipher='chacha20'`);
    expect(() => reopened.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    reopened.close();
  });

  it('backup writes an encrypted copy that restores only with the key', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    const device = await Device.create('BAK');
    const outside = tempDir('bansos-backup-');
    try {
      await pushPerson(device, server);
      const backup = join(outside, 'server.bak');
      const made = serverRun(server.dataDir, ['backup', '--out', backup]);
      expect(made.code, made.stderr).toBe(0);
      const bytes = readFileSync(backup);
      expect(bytes.includes(NIK)).toBe(false);
      expect(bytes.includes(NAME)).toBe(false);
      expect(mode(backup)).toBe(0o600);
      const digest = serverCli(server.dataDir, ['digest']);
      const wrong = serverRun(join(outside, 'salah'), ['restore', backup], {
        BANSOS_SERVER_PASSPHRASE: 'frasa yang keliru sama sekali',
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('Frasa sandi server salah');
      expect(existsSync(join(outside, 'salah', 'server.db'))).toBe(false);
      const keyFile = join(outside, 'kunci.txt');
      expect(serverRun(server.dataDir, ['init-key', '--out', keyFile]).code).toBe(0);
      const target = join(outside, 'pulih');
      const restored = serverRun(target, ['restore', backup, '--key-file', keyFile], {
        BANSOS_SERVER_PASSPHRASE: undefined,
      });
      expect(restored.code, restored.stderr).toBe(0);
      expect(mode(join(target, 'server.db'))).toBe(0o600);
      // Same content, and the passphrase opens the restored copy too (its salt came along).
      expect(serverCli(target, ['digest'])).toBe(digest);
      expect(JSON.parse(digest).rows).toBeGreaterThan(0);
    } finally {
      await device.close();
      await server.stop();
    }
  });
});

describe('a server whose key is lost', { timeout: 300_000 }, () => {
  it('is rebuilt from a workstation by re-enrolling it: its whole outbox goes again at once', async () => {
    const lost = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await lost.start();
    const device = await Device.create('RB');
    const fresh = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    try {
      await pushPerson(device, lost);
      await lost.stop();
      await fresh.start();
      expect(
        device.sql.raw.prepare('SELECT count(*) FROM sync_outbox WHERE acked_at IS NULL').pluck().get(),
      ).toBe(0);
      await device.enrol(fresh);
      // Enrolment marks the whole outbox unsent: the new server receives everything, with no
      // edit needed on the workstation first.
      await device.syncUntilClean();
      expect(await serverDigest(fresh)).toEqual(device.digest());
      new Ledger(seeded(12)).insertHousehold(device);
      await device.syncUntilClean();
      expect(await serverDigest(fresh)).toEqual(device.digest());
      const store = await openStore(fresh.dataDir);
      const people = await store.db
        .selectFrom('entities')
        .select('data_json')
        .where('entity', '=', 'people')
        .execute();
      await store.close();
      expect(people.map((p) => p.data_json).join()).toContain(NIK);
    } finally {
      await device.close();
      await lost.stop();
      await fresh.stop();
    }
  });
});

describe('PostgreSQL store', { timeout: 300_000 }, () => {
  it('refuses a URL to another host without sslmode=verify-full before connecting', async () => {
    // Guard for this test whatever the code under test does: a connection to anything but
    // loopback is recorded and never leaves the machine (also in the child process below).
    const connects: unknown[] = [];
    const original = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const first = args[0] as { host?: string } | number | string;
      const host =
        typeof first === 'object' ? first.host : typeof args[1] === 'string' ? args[1] : 'localhost';
      if (!/^(127\.|localhost$|::1$)/.test(host ?? 'localhost')) {
        connects.push(host);
        process.nextTick(() => this.destroy(new Error(`blocked by test: ${host}`)));
        return this;
      }
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
    const guard = join(tempDir(), 'block-network.mjs');
    writeFileSync(
      guard,
      `import net from 'node:net';
const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const host = typeof first === 'object' ? first.host : typeof args[1] === 'string' ? args[1] : 'localhost';
  if (!/^(127\\.|localhost$|::1$)/.test(host ?? 'localhost')) {
    process.stderr.write('BLOCKED CONNECTION ' + host + '\\n');
    process.nextTick(() => this.destroy(new Error('blocked by test')));
    return this;
  }
  return original.apply(this, args);
};
`,
    );
    const url = 'postgres://bansos:bansos@10.1.2.3:5432/bansos';
    try {
      const started = Date.now();
      await expect(openStore(tempDir(), url)).rejects.toThrow(/10\.1\.2\.3 tanpa TLS.*sslmode=verify-full/);
      expect(Date.now() - started).toBeLessThan(1000);
      for (const bad of [url, `${url}?sslmode=disable`, `${url}?sslmode=prefer`, `${url}?sslmode=no-verify`])
        expect(() => checkDatabaseUrl(bad), bad).toThrow(/--allow-insecure-db/);
      // Loopback, a local socket, verified TLS, or the operator's explicit choice pass.
      for (const ok of [
        'postgres://bansos:bansos@127.0.0.1:5432/bansos',
        'postgres://bansos:bansos@localhost/bansos',
        'postgres://bansos@/bansos?host=/var/run/postgresql',
        `${url}?sslmode=verify-full`,
      ])
        expect(() => checkDatabaseUrl(ok), ok).not.toThrow();
      expect(() => checkDatabaseUrl(url, { allowInsecure: true })).not.toThrow();
    } finally {
      net.Socket.prototype.connect = original;
    }
    expect(connects).toEqual([]);
    // The command line says the same and stops (no connection: the check comes first).
    const cli = serverRun(tempDir(), ['devices'], {
      DATABASE_URL: url,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${guard}`,
    });
    expect(cli.stderr).not.toContain('BLOCKED CONNECTION');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('sslmode=verify-full');
  });
});

describe('alarms', { timeout: 300_000 }, () => {
  it('a refused push (broken chain, changed replay) keeps its alarm, and the CLI sync that learns of it fails', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    const device = await Device.create('AL');
    let open = true;
    try {
      await pushPerson(device, server);
      const state = Object.fromEntries(
        (
          device.sql.raw.prepare('SELECT key, value FROM sync_state').all() as {
            key: string;
            value: string;
          }[]
        ).map((r) => [r.key, JSON.parse(r.value)]),
      ) as { deviceId: string; secret: string };
      const { toMutation } = await import('../../core/sync/outbox.ts');
      const rows = device.sql.raw.prepare('SELECT * FROM sync_outbox ORDER BY device_seq').all() as never[];
      const mutations = rows.map(toMutation);
      const post = async (body: unknown) => {
        const response = await fetch(new URL('/v1/push', server.url), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${state.deviceId}.${state.secret}`,
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
      };
      const forged = {
        ...mutations[0]!,
        seq: mutations.length + 1,
        prevHash: mutations.at(-1)!.hash,
        changes: { notes: { old: '', new: 'palsu' } },
      };
      const chain = await post({ roster: [], mutations: [forged] });
      expect(chain.status).toBe(409);
      expect(serverCli(server.dataDir, ['alarms'])).toContain('outbox_chain');
      expect(chain.body.error?.message).toContain('Alarm dicatat');
      const replay = await post({
        roster: [],
        mutations: [{ ...mutations[0]!, mutationId: '01900000-0000-7000-8000-000000000000' }],
      });
      expect(replay.status).toBe(409);
      const alarms = JSON.parse(serverCli(server.dataDir, ['alarms', '--json'])) as { kind: string }[];
      expect(alarms.map((a) => a.kind).sort()).toEqual(['mutation_mismatch', 'outbox_chain']);
      // Nothing of the refused pushes was stored.
      expect(serverCli(server.dataDir, ['devices', '--json'])).toContain(
        `"next_seq":${mutations.length + 1}`,
      );

      // The workstation learns of them on its next sync: not ok, non-zero exit, the alarms printed.
      await device.close();
      open = false;
      const run = await runCli(['sync', '--data', device.dataDir, '--user', 'officer1', '--json'], {
        BANSOS_PASSWORD: PASSWORDS.officer,
      });
      expect(run.code, run.stderr).not.toBe(0);
      const out = JSON.parse(run.stdout) as { ok: boolean; newAlarms: string[]; pending: number };
      expect(out.ok).toBe(false);
      expect(out.pending).toBe(0);
      expect(out.newAlarms.join(' ')).toMatch(/putus pada nomor/);
      expect(out.newAlarms.join(' ')).toMatch(/isi berbeda/);
      const human = await runCli(['sync', '--data', device.dataDir, '--user', 'officer1'], {
        BANSOS_PASSWORD: PASSWORDS.officer,
      });
      // Shown once: the next sync with nothing new is ok again.
      expect(human.code, human.stderr).toBe(0);
    } finally {
      if (open) await device.close();
      await server.stop();
    }
  });
});
