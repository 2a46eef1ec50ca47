/**
 * A real central server (child process, loopback), an optional lossy proxy in front of it, and
 * workstations with their own encrypted databases, for the sync tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, expect, onTestFinished } from 'vitest';
import type { Role } from '../../../common/auth/roles.ts';
import type { BansosCore } from '../../../core/app.ts';
import { syncedContentDigest } from '../../../core/sync/digest.ts';
import type { SyncOptions, SyncSummary } from '../../../core/sync/engine.ts';
import type { CoreOptions } from '../../../core/app.ts';
import { openStore, type Store } from '../../../server/store.ts';
import { contentDigest } from '../../../server/sync.ts';
import { PROJECT_ROOT } from '../../support/cli.ts';
import type { Client } from '../../support/core.ts';
import { setUpCore, userWithRole } from '../../support/core.ts';
import { tempDir } from '../../support/tempDir.ts';

export type StoreKind = 'sqlite' | 'postgres';
// The server's SQLite store is encrypted: every server process here (and openStore in-process)
// opens it with this test passphrase.
process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';

/** Runs a server CLI command (enrol-code, devices ...) and answers its stdout. */
export function serverCli(
  dataDir: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args, '--data', dataDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

/** The product's server, or a test entry started the same way (the negative control's). */
export const SERVER_ENTRY = 'server/main.ts';
export const LAST_WRITER_WINS_SERVER = 'tests/sync/lastWriterWinsServer.ts';

export class ServerProcess {
  url = '';
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly dataDir: string,
    readonly env: Record<string, string | undefined> = {},
    private port = 0,
    private readonly tls: { cert?: string; key?: string } = {},
    private readonly entry = SERVER_ENTRY,
  ) {}

  async start(): Promise<string> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        this.entry,
        'start',
        '--data',
        this.dataDir,
        '--port',
        String(this.port),
        ...(this.tls.cert && this.tls.key ? ['--cert', this.tls.cert, '--key', this.tls.key] : []),
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, LOG_LEVEL: 'warn', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => (this.output += c));
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (c: string) => {
        out += c;
        this.output += c;
        const m = /BANSOS_SERVER_URL=(\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${this.output}`)));
    });
    // Same port after a restart, so devices keep their URL.
    this.port = Number(new URL(this.url).port);
    return this.url;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = null;
  }

  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  /** A one-time code; `area` binds the workstation enrolled with it to part of the city. */
  enrolCode(area: { kecamatan?: string[]; desa?: string[] } = {}): string {
    const args = [
      ...(area.kecamatan ? ['--kecamatan', area.kecamatan.join(',')] : []),
      ...(area.desa ? ['--desa', area.desa.join(',')] : []),
    ];
    return serverCli(this.dataDir, ['enrol-code', ...args], this.env);
  }
}

/** Drops requests and responses at random and delivers some requests twice. Loopback only. */
export class LossyProxy {
  private server: Server | null = null;
  url = '';
  stats = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0 };
  enabled = true;

  constructor(
    private readonly target: () => string,
    private readonly rates = { dropRequest: 0.3, dropResponse: 0.3, duplicate: 0.15 },
    private readonly random: () => number = Math.random,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.stats.requests++;
        const body = Buffer.concat(chunks);
        if (this.enabled && this.random() < this.rates.dropRequest) {
          this.stats.droppedRequests++;
          res.socket?.destroy();
          return;
        }
        const dropResponse = this.enabled && this.random() < this.rates.dropResponse;
        const duplicate = this.enabled && this.random() < this.rates.duplicate;
        const forward = () =>
          new Promise<{
            status: number;
            headers: Record<string, string | string[] | undefined>;
            body: Buffer;
          } | null>((resolve) => {
            const url = new URL(req.url ?? '/', this.target());
            const upstream = httpRequest(
              url,
              { method: req.method, headers: { ...req.headers, host: url.host } },
              (up) => {
                const parts: Buffer[] = [];
                up.on('data', (c: Buffer) => parts.push(c));
                up.on('end', () =>
                  resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(parts) }),
                );
                up.on('error', () => resolve(null));
              },
            );
            upstream.on('error', () => resolve(null));
            upstream.end(body);
          });
        void (async () => {
          const first = await forward();
          if (duplicate) {
            this.stats.duplicated++;
            await forward();
          }
          if (!first || dropResponse) {
            if (dropResponse) this.stats.droppedResponses++;
            res.socket?.destroy();
            return;
          }
          res.writeHead(first.status, first.headers);
          res.end(first.body);
        })();
      });
    });
    // Idle connections stay open as long as the real server keeps them (Fastify: 72 s). Node's
    // default 5 s equals the client agent's idle timeout, so a request sent after a 5 s pause
    // (an enrolment code being made) could meet a socket closing under it: a reset no real
    // server causes, and not one of the faults this proxy is for.
    this.server.keepAliveTimeout = 72_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}

/** One workstation: its own encrypted database, an admin, and an officer who makes the edits. */
export class Device {
  private constructor(
    readonly name: string,
    readonly core: BansosCore,
    readonly admin: Client,
    readonly officer: Client,
    readonly dataDir: string,
  ) {}

  static async create(
    name: string,
    roles: Role[] = ['officer'],
    options: Partial<CoreOptions> = {},
  ): Promise<Device> {
    const { core, admin, dataDir } = await setUpCore(options);
    core.sync.stop(); // tests drive every sync themselves
    let officer = admin;
    for (const role of roles) officer = await userWithRole(core, admin, role);
    return new Device(name, core, admin, officer, dataDir);
  }

  get sql() {
    return this.core.db.sql;
  }

  async enrol(
    server: ServerProcess,
    url = server.url,
    area: { kecamatan?: string[]; desa?: string[] } = {},
  ): Promise<void> {
    await this.admin.ok('sync.enrol', {
      serverUrl: url,
      code: server.enrolCode(area),
      deviceName: `Kantor ${this.name}`,
    });
    this.core.sync.stop();
  }

  /**
   * How this device syncs when the test gives it a transport of its own (the negative control's
   * faulty client); otherwise through `sync.run` like the app.
   */
  options: SyncOptions | undefined;

  /** One sync; answers the summary, or the error message when it failed (faults expected). */
  async sync(): Promise<SyncSummary | string> {
    try {
      const summary = this.options
        ? await this.core.sync.run(this.options)
        : await this.officer.ok('sync.run', {});
      this.core.sync.stop();
      return summary;
    } catch (error) {
      this.core.sync.stop();
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Syncs until a sync succeeds with nothing pending (faults may need several tries). */
  async syncUntilClean(tries = 60): Promise<SyncSummary> {
    let last: SyncSummary | string = '';
    for (let i = 0; i < tries; i++) {
      last = await this.sync();
      if (typeof last !== 'string' && last.ok && last.pending === 0) return last;
    }
    throw new Error(`${this.name}: sync did not complete after ${tries} tries: ${JSON.stringify(last)}`);
  }

  digest() {
    return syncedContentDigest(this.sql);
  }

  /** A sync in a process of its own, killed (SIGKILL) mid-apply: answers the signal it died of. */
  async syncKilledMidApply(username: string, password: string): Promise<NodeJS.Signals | null> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/sync/killMidApply.ts', this.dataDir, username],
      { cwd: PROJECT_ROOT, env: { ...process.env, BANSOS_PASSWORD: password }, stdio: 'inherit' },
    );
    return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  }

  async close(): Promise<void> {
    await this.core.close();
  }
}

/** PostgreSQL for the suite: DATABASE_URL, or the local cluster CI starts; null when none answers. */
export async function postgresUrl(): Promise<string | null> {
  const candidates = [
    process.env.BANSOS_TEST_DATABASE_URL,
    process.env.DATABASE_URL,
    'postgres://bansos:bansos@127.0.0.1:5432/bansos_test',
  ].filter((u): u is string => !!u);
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return url;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

/** A fresh PostgreSQL database per server (created from the admin URL), or a SQLite folder. */
export async function serverEnv(kind: StoreKind): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = join(tempDir('bansos-server-'), 'server');
  if (kind === 'sqlite') return { dataDir, env: {} };
  const base = await postgresUrl();
  if (!base) throw new Error('PostgreSQL tidak tersedia');
  const name = `bansos_t_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  dropWhenDone(base, name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { dataDir, env: { DATABASE_URL: url.toString() } };
}

/** Test databases go when their test (or file) is done, so runs do not pile them up. */
function dropWhenDone(base: string, name: string): void {
  const drop = async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      // FORCE: a server process of the test may still hold a connection. FORCE cannot end an
      // autovacuum worker busy in the database (no role of ours owns it: error 42501, seen once
      // in CI); it is done in moments, so the drop is tried again.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '42501' || attempt >= 40) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    } finally {
      await admin.end();
    }
  };
  if (expect.getState().currentTestName) onTestFinished(drop);
  else afterAll(drop);
}

export async function openServerStore(server: ServerProcess): Promise<Store> {
  return openStore(server.dataDir, server.env.DATABASE_URL);
}

export async function serverDigest(server: ServerProcess) {
  const store = await openServerStore(server);
  try {
    return await contentDigest(store.db);
  } finally {
    await store.close();
  }
}

export const DESA = ['35.79.01.1001', '35.79.01.1002', '35.79.02.2001', '35.79.02.2002'];
