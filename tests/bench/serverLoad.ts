/**
 * Fifty offices on one PostgreSQL server (issue 14). A real server process on loopback with the
 * PostgreSQL store, seeded with N households by one office; every other office enrols and
 * bootstraps; then each office edits offline and syncs every few seconds (jittered), so some
 * push while others pull. Each office is the real workstation code: its own encrypted database,
 * `Changes` (outbox and audit chain) and `runSync` over HTTP. At the end every office syncs until
 * clean, and the invariants are checked: identical data everywhere, nothing lost, every audit
 * chain verifies. Not a test: nothing here asserts a time (tests/integration/serverLoad.test.ts
 * runs a small version and asserts the invariants).
 *
 *   npm run bench -- server [--devices 50] [--households 100000] [--minutes 5] [--interval 5]
 *     [--edits 100] [--busy 0.25]
 *   PostgreSQL: DATABASE_URL, or the local test cluster (postgres://bansos:bansos@127.0.0.1:5432/bansos_test);
 *   a fresh database is created for the run and dropped after it.
 *   Target: p95 push of 100 mutations < 1 s with 50 devices; no lost edit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyChain } from '../../core/audit/chain.ts';
import { Database } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import { defaultRegions } from '../../core/regions/regions.ts';
import { syncedContentDigest } from '../../core/sync/digest.ts';
import { enrol, runSync, type SyncSummary } from '../../core/sync/engine.ts';
import { callServer, type Transfer, type Transport } from '../../core/sync/transport.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { normaliseCode } from '../../server/app.ts';
import { openStore, type Store } from '../../server/store.ts';
import { contentDigest } from '../../server/sync.ts';
import { table } from './support.ts';

export interface LoadOptions {
  /** Admin URL of a PostgreSQL cluster; a database is created in it for the run. */
  databaseUrl: string;
  devices: number;
  households: number;
  durationMs: number;
  /** Mean time between one office's syncs (each waits 0.5x to 1.5x of it). */
  intervalMs: number;
  /** Edits in a busy office's sync cycle (one push of that many mutations). */
  edits: number;
  /** Share of sync cycles that are busy; the others make 0 to 3 edits and mostly pull. */
  busy: number;
  /** Households every office edits now and then, so offices meet on the same fields. */
  hot?: number;
  /** Share of edits that go to those households (the rest anywhere). */
  hotShare?: number;
  progress?: (line: string) => void;
}

export interface Timings {
  push: number[];
  /** Pushes carrying at least `edits` mutations (the target's "push of 100 mutations"). */
  fullPush: number[];
  /** The same pushes as the server timed them (Server-Timing): without the workstations' own delay. */
  fullPushServer: number[];
  pull: number[];
  sync: number[];
}

export interface LoadReport {
  options: LoadOptions;
  timings: Timings;
  loadMs: number;
  mutationsPushed: number;
  rowsPulled: number;
  syncs: number;
  failedSyncs: string[];
  maxPushesInFlight: number;
  conflicts: Record<string, number>;
  eventLoopDelayP99Ms: number;
  seedMs: number;
  bootstrapMs: number;
  violations: Violations;
}

export interface Violations {
  lostWrites: string[];
  silentOverwrites: string[];
  doubleApplied: string[];
  gaps: string[];
  divergence: string[];
  brokenChains: string[];
}

interface Write {
  device: string;
  id: string;
  field: string;
  old: unknown;
  new: unknown;
}

interface Office {
  name: string;
  db: Database;
  actor: { userId: string; username: string };
}

const ROOT = resolve(import.meta.dirname, '../..');
/** Text fields of a household that any office may edit; each value written is unique. */
const FIELDS = ['address', 'notes', 'dusun'] as const;

export async function runServerLoad(options: LoadOptions): Promise<LoadReport> {
  const say = options.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bansos-bench-server-'));
  const database = await createDatabase(options.databaseUrl);
  const server = await startServer(join(dir, 'server'), database.url);
  const store = await openStore(join(dir, 'server'), database.url);
  const offices: Office[] = [];
  try {
    const regions = defaultRegions().filter((r) => r.level === 'desa' || r.level === 'kelurahan');
    // ---- one office registers the city's households and uploads them (a first upload)
    let t = performance.now();
    const seed = await office(dir, 0);
    offices.push(seed);
    await enrolOffice(store, seed, server.url);
    for (let start = 0; start < options.households; start += 2000)
      seed.db.write(seed.actor, (changes) => {
        for (let i = start; i < Math.min(options.households, start + 2000); i++)
          changes.insert(
            'households',
            {
              id: newId(),
              kk_number: `3579${String(10_000_000_000 + i).slice(-12)}`,
              desa_code: regions[i % regions.length]!.code,
              address: `Jl. Beban ${i}`,
              rt: '001',
              rw: '002',
            } as never,
            'bench.seed',
          );
      });
    await syncUntilClean(seed, patient);
    const seedMs = performance.now() - t;
    say(`seeded ${options.households} households in ${(seedMs / 1000).toFixed(1)} s`);
    const ids = seed.db.sql.raw.prepare('SELECT id FROM households ORDER BY id').pluck().all() as string[];

    // ---- every other office enrols and bootstraps (four at a time)
    t = performance.now();
    for (let i = 1; i < options.devices; i++) offices.push(await office(dir, i));
    const waiting = offices.slice(1);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let o = waiting.shift(); o; o = waiting.shift()) {
          await enrolOffice(store, o, server.url);
          await syncUntilClean(o, patient);
        }
      }),
    );
    const bootstrapMs = performance.now() - t;
    say(`${options.devices - 1} offices bootstrapped in ${(bootstrapMs / 1000).toFixed(1)} s`);

    // ---- the load: offline edits and jittered syncs on every office at once
    const writes: Write[] = [];
    const timings: Timings = { push: [], fullPush: [], fullPushServer: [], pull: [], sync: [] };
    const failedSyncs: string[] = [];
    let inFlight = 0;
    let maxPushesInFlight = 0;
    let mutationsPushed = 0;
    let rowsPulled = 0;
    let syncs = 0;
    let counter = 0;
    const timed: Transport = async (target, method, path, body, transfer, reply) => {
      const pushSize = path === 'v1/push' ? (body as { mutations: unknown[] }).mutations.length : 0;
      const started = performance.now();
      if (pushSize) maxPushesInFlight = Math.max(maxPushesInFlight, ++inFlight);
      // A transfer of its own, so the server's stated time is this request's alone.
      const own: Transfer = { bytesSent: 0, bytesReceived: 0 };
      try {
        return await callServer(target, method, path, body, own, reply);
      } finally {
        transfer.bytesSent += own.bytesSent;
        transfer.bytesReceived += own.bytesReceived;
        const took = performance.now() - started;
        if (pushSize) {
          inFlight--;
          timings.push.push(took);
          if (pushSize >= options.edits) {
            timings.fullPush.push(took);
            if (own.serverMs !== undefined) timings.fullPushServer.push(own.serverMs);
          }
        }
        if (path.startsWith('v1/pull')) timings.pull.push(took);
      }
    };
    const hot = ids.slice(0, options.hot ?? Math.min(200, ids.length));
    const edit = (o: Office, count: number) =>
      o.db.write(o.actor, (changes) => {
        const read = o.db.sql.raw.prepare('SELECT * FROM households WHERE id = ?');
        for (let n = 0; n < count; n++) {
          const id = Math.random() < (options.hotShare ?? 0.1) ? pick(hot) : pick(ids);
          const field = pick(FIELDS);
          const row = read.get(id) as Record<string, unknown> | undefined;
          if (!row) continue;
          const value = `${field} ${o.name} ${++counter}`;
          changes.update('households', id as never, { [field]: value } as never, 'bench.edit');
          writes.push({ device: o.name, id, field, old: row[field] ?? null, new: value });
        }
      });
    const loop = new Histogram();
    const deadline = performance.now() + options.durationMs;
    t = performance.now();
    await Promise.all(
      offices.map(async (o) => {
        await sleep(Math.random() * options.intervalMs);
        while (performance.now() < deadline) {
          edit(o, Math.random() < options.busy ? options.edits : Math.floor(Math.random() * 4));
          const started = performance.now();
          try {
            const summary = await runSync(o.db, { transport: timed });
            mutationsPushed += summary.pushed;
            rowsPulled += summary.pulled;
          } catch (error) {
            failedSyncs.push(`${o.name}: ${(error as Error).message}`);
          }
          timings.sync.push(performance.now() - started);
          syncs++;
          await sleep(options.intervalMs * (0.5 + Math.random()));
        }
      }),
    );
    const loadMs = performance.now() - t;
    const eventLoopDelayP99Ms = loop.stop();
    say(`load done: ${syncs} syncs in ${(loadMs / 1000).toFixed(1)} s; settling`);

    // ---- settle: every office syncs until clean, twice round, so each has every verdict
    for (let round = 0; round < 2; round++) for (const o of offices) await syncUntilClean(o);
    const violations = await checkInvariants(offices, store, writes);
    const conflicts: Record<string, number> = {};
    for (const c of await store.db.selectFrom('conflicts').select('kind').execute())
      conflicts[c.kind] = (conflicts[c.kind] ?? 0) + 1;
    return {
      options,
      timings,
      loadMs,
      mutationsPushed,
      rowsPulled,
      syncs,
      failedSyncs,
      maxPushesInFlight,
      conflicts,
      eventLoopDelayP99Ms,
      seedMs,
      bootstrapMs,
      violations,
    };
  } finally {
    for (const o of offices) o.db.close();
    await store.close();
    await server.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One office: an encrypted workstation database with the regions and one officer. */
async function office(dir: string, n: number): Promise<Office> {
  const db = await Database.open(join(dir, `office-${n}.db`), newDatabaseKey(), { create: true });
  const actor = { userId: newId(), username: `petugas.${String(n).padStart(2, '0')}` };
  db.sql.raw
    .prepare(
      `INSERT INTO users (id, username, full_name, role, area_json, active, must_change_password, created_at, updated_at)
       VALUES (?, ?, ?, 'officer', '{"kecamatan":[],"desa":[]}', 1, 0, ?, ?)`,
    )
    .run(actor.userId, actor.username, `Petugas Kantor ${n}`, db.now(), db.now());
  const insertRegion = db.sql.raw.prepare(
    'INSERT INTO regions (code, name, level, parent_code, postal_code, bps_code, name_key) VALUES (?,?,?,?,?,?,?)',
  );
  for (const r of defaultRegions())
    insertRegion.run(r.code, r.name, r.level, r.parent_code, r.postal_code, r.bps_code, r.name_key);
  return { name: `Kantor ${String(n).padStart(2, '0')}`, db, actor };
}

/** A one-time code written the way `server enrol-code` writes it, then the office enrols with it. */
async function enrolOffice(store: Store, o: Office, url: string): Promise<void> {
  const code = randomBytes(9).toString('hex').toUpperCase();
  await store.db
    .insertInto('enrol_codes')
    .values({
      code_hash: createHash('sha256').update(normaliseCode(code)).digest('hex'),
      created_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      used_at: null,
      device_id: null,
    })
    .execute();
  await enrol(o.db, o.actor, { serverUrl: url, code, deviceName: o.name });
}

/**
 * Setting up (a first upload of the whole city, bootstraps) waits for answers longer than a
 * workstation does, on a machine shared with other work; the load itself uses the product's wait.
 */
const patient: Transport = (target, ...rest) => callServer({ ...target, timeoutMs: 300_000 }, ...rest);

async function syncUntilClean(o: Office, transport?: Transport): Promise<SyncSummary> {
  let last = '';
  for (let i = 0; i < 5; i++) {
    try {
      const summary = await runSync(o.db, transport ? { transport } : {});
      if (summary.ok && summary.pending === 0) return summary;
      last = summary.error ?? `${summary.pending} pending`;
    } catch (error) {
      last = (error as Error).message;
    }
  }
  throw new Error(`${o.name} did not settle: ${last}`);
}

/**
 * The invariants of DESIGN.md "Sync" after the settling rounds (the sync suite's checks, over
 * the offices of this run):
 * - nothing lost, nothing twice, no gaps: every outbox row of every office is in the server's
 *   log exactly once, numbered 1..N;
 * - no lost edit: a field only one office wrote ends with that office's last value, and every
 *   value that is not the final one was seen by a later writer (its "old") or is in a conflict;
 * - identical data: every office's digest equals the server's;
 * - every audit chain verifies on the office, and the server's copy is that chain.
 */
export async function checkInvariants(offices: Office[], store: Store, writes: Write[]): Promise<Violations> {
  const v: Violations = {
    lostWrites: [],
    silentOverwrites: [],
    doubleApplied: [],
    gaps: [],
    divergence: [],
    brokenChains: [],
  };
  const db = store.db;
  const serverDigest = await contentDigest(db);
  for (const o of offices) {
    const deviceId = String(
      o.db.sql.raw.prepare(`SELECT value FROM sync_state WHERE key = 'deviceId'`).pluck().get(),
    ).replace(/"/g, '');
    const outbox = o.db.sql.raw
      .prepare('SELECT device_seq, mutation_id FROM sync_outbox ORDER BY device_seq')
      .all() as { device_seq: number; mutation_id: string }[];
    const stored = await db
      .selectFrom('mutations')
      .select(['device_seq', 'mutation_id'])
      .where('device_id', '=', deviceId)
      .orderBy('device_seq')
      .execute();
    const count = new Map<string, number>();
    stored.forEach((s, i) => {
      count.set(s.mutation_id, (count.get(s.mutation_id) ?? 0) + 1);
      if (Number(s.device_seq) !== i + 1) v.gaps.push(`${o.name}: server seq ${s.device_seq} at ${i + 1}`);
    });
    for (const [id, n] of count) if (n > 1) v.doubleApplied.push(`${o.name}: ${id} stored ${n} times`);
    for (const row of outbox)
      if (!count.has(row.mutation_id))
        v.lostWrites.push(`${o.name}: outbox #${row.device_seq} never reached the server`);
    const digest = syncedContentDigest(o.db.sql);
    if (digest.hash !== serverDigest.hash)
      v.divergence.push(`${o.name}: ${digest.rows} rows, digest differs from the server's`);
    const local = verifyChain(o.db.sql);
    if (!local.ok) v.brokenChains.push(`${o.name}: local chain: ${JSON.stringify(local.problems[0])}`);
    v.brokenChains.push(...(await serverChainProblems(store, o, deviceId)));
  }
  for (const a of await db.selectFrom('alarms').select(['kind', 'message']).execute())
    v.brokenChains.push(`alarm ${a.kind}: ${a.message}`);

  const conflicts = (
    await db.selectFrom('conflicts').select(['entity_id', 'field', 'client_json', 'server_json']).execute()
  ).map((c) => ({
    id: c.entity_id,
    field: c.field,
    client: JSON.parse(c.client_json),
    server: JSON.parse(c.server_json),
  }));
  const finals = new Map<string, Record<string, unknown> | null>();
  for (const r of await db
    .selectFrom('entities')
    .select(['id', 'deleted', 'data_json'])
    .where('entity', '=', 'households')
    .execute())
    finals.set(r.id, Number(r.deleted) ? null : (JSON.parse(r.data_json ?? '{}') as Record<string, unknown>));
  const byField = new Map<string, Write[]>();
  for (const w of writes) {
    const k = `${w.id}|${w.field}`;
    byField.set(k, [...(byField.get(k) ?? []), w]);
  }
  for (const [k, list] of byField) {
    const [id, field] = k.split('|') as [string, string];
    const final = finals.get(id);
    if (!final) {
      v.lostWrites.push(`household ${id} missing on the server`);
      continue;
    }
    const value = final[field] ?? null;
    const recorded = (w: Write) =>
      conflicts.some((c) => c.id === id && c.field === field && (c.client === w.new || c.server === w.new));
    const last = list.at(-1)!;
    if (new Set(list.map((w) => w.device)).size === 1 && value !== last.new && !recorded(last))
      v.lostWrites.push(`${id}.${field}: ${String(last.new)} by ${last.device}, server has ${String(value)}`);
    for (const w of list)
      if (w.new !== value && !list.some((o) => o !== w && o.old === w.new) && !recorded(w))
        v.silentOverwrites.push(
          `${id}.${field}: ${String(w.new)} replaced by ${String(value)} with no conflict`,
        );
  }
  return v;
}

/** The server's copy of an office's audit chain: linked from the start, each entry the office's own. */
async function serverChainProblems(store: Store, o: Office, deviceId: string): Promise<string[]> {
  const entries = await store.db
    .selectFrom('audit_entries')
    .select(['seq', 'hash', 'prev_hash'])
    .where('device_id', '=', deviceId)
    .orderBy('seq')
    .execute();
  const local = o.db.sql.raw.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
  let prev = '0'.repeat(64);
  for (const [i, e] of entries.entries()) {
    if (Number(e.seq) !== i + 1 || e.prev_hash !== prev || local.get(Number(e.seq)) !== e.hash)
      return [`${o.name}: server copy of the audit chain breaks at ${e.seq}`];
    prev = e.hash;
  }
  // Only the pages pulled after the last audit push may be missing from the server's copy.
  const unsent = o.db.sql.raw
    .prepare(`SELECT count(*) FROM audit_log WHERE seq > ? AND action != 'sync.pull'`)
    .pluck()
    .get(entries.length) as number;
  if (unsent) return [`${o.name}: ${unsent} audit entries never reached the server`];
  return [];
}

/** A fresh database in the cluster for one run, dropped afterwards. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bansos_load_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function startServer(
  dataDir: string,
  databaseUrl: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'start', '--data', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', BANSOS_RATE_LIMIT: '100000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /BANSOS_SERVER_URL=(\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** How late the workstations' event loop ran: their time in synchronous SQLite shows in every latency. */
class Histogram {
  private readonly h = monitorEventLoopDelay({ resolution: 10 });
  constructor() {
    this.h.enable();
  }
  stop(): number {
    this.h.disable();
    return this.h.percentile(99) / 1e6;
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** `npm run bench -- server ...`: runs the load and prints the figures and the invariant check. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      devices: { type: 'string', default: '50' },
      households: { type: 'string', default: '100000' },
      minutes: { type: 'string', default: '5' },
      interval: { type: 'string', default: '5' },
      edits: { type: 'string', default: '100' },
      busy: { type: 'string', default: '0.25' },
    },
  });
  const databaseUrl =
    process.env.DATABASE_URL ??
    process.env.BANSOS_TEST_DATABASE_URL ??
    'postgres://bansos:bansos@127.0.0.1:5432/bansos_test';
  const r = await runServerLoad({
    databaseUrl,
    devices: Number(values.devices),
    households: Number(values.households),
    durationMs: Number(values.minutes) * 60_000,
    intervalMs: Number(values.interval) * 1000,
    edits: Number(values.edits),
    busy: Number(values.busy),
    progress: (line) => console.log(line),
  });
  const row = (what: string, samples: number[]) => ({
    what,
    n: samples.length,
    p50: `${percentile(samples, 0.5).toFixed(0)} ms`,
    p95: `${percentile(samples, 0.95).toFixed(0)} ms`,
    p99: `${percentile(samples, 0.99).toFixed(0)} ms`,
    max: `${Math.max(0, ...samples).toFixed(0)} ms`,
  });
  const seconds = r.loadMs / 1000;
  console.log(
    `\nServer load: ${r.options.devices} offices, ${r.options.households.toLocaleString('id-ID')} households, PostgreSQL store, loopback HTTP, ${seconds.toFixed(0)} s of load`,
  );
  console.log(
    `seed upload ${(r.seedMs / 1000).toFixed(1)} s; ${r.options.devices - 1} bootstraps ${(r.bootstrapMs / 1000).toFixed(1)} s`,
  );
  table([
    row(`push (any size)`, r.timings.push),
    row(`push of >= ${r.options.edits} mutations`, r.timings.fullPush),
    row(`  the same, time inside the server`, r.timings.fullPushServer),
    row('pull page', r.timings.pull),
    row('whole sync (push, audit, pull, status)', r.timings.sync),
  ]);
  console.log(
    `throughput: ${(r.mutationsPushed / seconds).toFixed(0)} mutations/s pushed, ${(r.rowsPulled / seconds).toFixed(0)} rows/s pulled, ${(r.syncs / seconds).toFixed(1)} syncs/s; at most ${r.maxPushesInFlight} pushes in flight at once`,
  );
  console.log(
    `conflicts raised: ${JSON.stringify(r.conflicts)}; failed syncs during the load: ${r.failedSyncs.length}`,
  );
  for (const f of r.failedSyncs.slice(0, 5)) console.log(`  ${f}`);
  console.log(
    `workstations' event loop delay p99: ${r.eventLoopDelayP99Ms.toFixed(0)} ms (all offices share one process; this delay is inside every latency above)`,
  );
  const p95 = percentile(r.timings.fullPush, 0.95);
  const serverP95 = percentile(r.timings.fullPushServer, 0.95);
  console.log(
    `target p95 push of ${r.options.edits} mutations < 1 s: ${r.timings.fullPush.length ? (p95 < 1000 ? 'met' : 'NOT met') : 'no such push'} (${p95.toFixed(0)} ms round trip; ${serverP95.toFixed(0)} ms inside the server)`,
  );
  console.log('invariants after settling:');
  for (const [name, list] of Object.entries(r.violations))
    console.log(`  ${name}: ${list.length ? `${list.length} VIOLATIONS, first: ${list[0]}` : 'none'}`);
}
