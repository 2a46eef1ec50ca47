/**
 * One simulated office of the server load bench (tests/bench/serverLoad.ts): an encrypted
 * workstation database with the regions and one officer of its area, and what it does during the
 * load (offline edits, timed syncs). Used by the workstation processes (workstations.ts) and by the
 * bench's own process, which seeds the city and checks every office at the end.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AreaScope } from '../../../common/auth/roles.ts';
import { Database } from '../../../core/db/database.ts';
import { newId } from '../../../core/ids.ts';
import { defaultRegions } from '../../../core/regions/regions.ts';
import { runSync, type SyncSummary } from '../../../core/sync/engine.ts';
import { callServer, type Transfer, type Transport } from '../../../core/sync/transport.ts';

/** Where an office's database lives and how it opens: what a workstation process is handed. */
export interface OfficeSpec {
  n: number;
  name: string;
  area: AreaScope;
  file: string;
  keyHex: string;
}

export interface Office {
  name: string;
  db: Database;
  actor: { userId: string; username: string };
  area: AreaScope;
  /** The households of its area, and the hot ones among them (filled once they are seeded). */
  ids: string[];
  hot: string[];
}

/** Round trips as the workstation saw them, and the same requests as the server timed them. */
export interface Timed {
  round: number[];
  server: number[];
}

export interface Timings {
  push: Timed;
  /** Pushes carrying at least `edits` mutations (the target's "push of 100 mutations"). */
  fullPush: Timed;
  pull: Timed;
  sync: number[];
}

/** One household field an office changed: the invariants follow every value written. */
export interface Write {
  device: string;
  id: string;
  field: string;
  old: unknown;
  new: unknown;
}

/** How the load runs on each office (the bench's options). */
export interface LoadPlan {
  /** Epoch milliseconds at which every office stops starting syncs. */
  deadline: number;
  intervalMs: number;
  edits: number;
  busy: number;
  hotShare: number;
}

/** What one workstation process measured during the load. */
export interface LoadResult {
  timings: Timings;
  writes: Write[];
  failedSyncs: string[];
  /** Each push's start and end (epoch ms), so the bench counts pushes in flight across processes. */
  pushSpans: [number, number][];
  mutationsPushed: number;
  rowsPulled: number;
  syncs: number;
  /** This process's event loop delay during the load, p99 (ms): it is inside its round trips. */
  eventLoopDelayP99Ms: number;
}

/** Text fields of a household that any office may edit; each value written is unique. */
export const FIELDS = ['address', 'notes', 'dusun'] as const;

export const officeName = (n: number, area: AreaScope): string =>
  `Kantor ${String(n).padStart(2, '0')} (${area.desa[0] ?? area.kecamatan[0] ?? 'kota'})`;

/** Creates an office's database with the regions and one officer of its area. */
export async function createOffice(spec: OfficeSpec): Promise<Office> {
  const db = await Database.open(spec.file, Buffer.from(spec.keyHex, 'hex'), { create: true });
  const userId = newId();
  db.sql.raw
    .prepare(
      `INSERT INTO users (id, username, full_name, role, area_json, active, must_change_password, created_at, updated_at)
       VALUES (?, ?, ?, 'officer', ?, 1, 0, ?, ?)`,
    )
    .run(
      userId,
      `petugas.${String(spec.n).padStart(2, '0')}`,
      `Petugas Kantor ${spec.n}`,
      JSON.stringify(spec.area),
      db.now(),
      db.now(),
    );
  const insertRegion = db.sql.raw.prepare(
    'INSERT INTO regions (code, name, level, parent_code, postal_code, bps_code, name_key) VALUES (?,?,?,?,?,?,?)',
  );
  for (const r of defaultRegions())
    insertRegion.run(r.code, r.name, r.level, r.parent_code, r.postal_code, r.bps_code, r.name_key);
  return officeOn(db, spec);
}

/** Opens an office made earlier (by this process or another). */
export async function openOffice(spec: OfficeSpec): Promise<Office> {
  return officeOn(await Database.open(spec.file, Buffer.from(spec.keyHex, 'hex')), spec);
}

function officeOn(db: Database, spec: OfficeSpec): Office {
  const actor = db.sql.raw
    .prepare('SELECT id AS userId, username FROM users LIMIT 1')
    .get() as Office['actor'];
  return { name: spec.name, db, actor, area: spec.area, ids: [], hot: [] };
}

/**
 * Setting up (a first upload of the whole city, bootstraps) and settling wait for answers longer
 * than a workstation does, on a machine shared with other work; the load itself uses the
 * product's wait.
 */
export const patient: Transport = (to, ...rest) => callServer({ ...to, timeoutMs: 300_000 }, ...rest);

/** Syncs until nothing is pending; answers the rows pulled on the way. */
export async function syncUntilClean(o: Office, transport: Transport): Promise<SyncSummary> {
  let last = '';
  let pulled = 0;
  for (let i = 0; i < 5; i++) {
    try {
      const summary = await runSync(o.db, { transport });
      pulled += summary.pulled;
      if (summary.ok && summary.pending === 0) return { ...summary, pulled };
      last = summary.error ?? `${summary.pending} pending`;
    } catch (error) {
      last = (error as Error).message;
    }
  }
  throw new Error(`${o.name} did not settle: ${last}`);
}

/**
 * A transport that times each push and pull page into `into`: the round trip, and the server's
 * own time from its Server-Timing header. `fullPushSize` sorts out the pushes of a busy office;
 * `spans` keeps when each push ran.
 */
export function timedTransport(
  call: Transport,
  into: {
    push?: Timed;
    fullPush?: Timed;
    fullPushSize?: number;
    pull?: Timed;
    spans?: [number, number][];
  },
): Transport {
  const note = (t: Timed | undefined, round: number, server: number | undefined) => {
    if (!t) return;
    t.round.push(round);
    if (server !== undefined) t.server.push(server);
  };
  return async (to, method, path, body, transfer, reply) => {
    const pushSize = path === 'v1/push' ? (body as { mutations: unknown[] }).mutations.length : 0;
    // A transfer of its own, so the server's stated time is this request's alone.
    const own: Transfer = { bytesSent: 0, bytesReceived: 0 };
    const started = performance.now();
    try {
      return await call(to, method, path, body, own, reply);
    } finally {
      transfer.bytesSent += own.bytesSent;
      transfer.bytesReceived += own.bytesReceived;
      const ended = performance.now();
      const took = ended - started;
      if (pushSize) {
        into.spans?.push([performance.timeOrigin + started, performance.timeOrigin + ended]);
        note(into.push, took, own.serverMs);
        if (pushSize >= (into.fullPushSize ?? Infinity)) note(into.fullPush, took, own.serverMs);
      }
      if (path.startsWith('v1/pull')) note(into.pull, took, own.serverMs);
    }
  };
}

/**
 * The load on a process's offices: each edits offline and syncs every `intervalMs` (jittered) until
 * the deadline, busy cycles pushing `edits` mutations at once.
 */
export async function runLoad(offices: Office[], plan: LoadPlan): Promise<LoadResult> {
  const result: LoadResult = {
    timings: {
      push: { round: [], server: [] },
      fullPush: { round: [], server: [] },
      pull: { round: [], server: [] },
      sync: [],
    },
    writes: [],
    failedSyncs: [],
    pushSpans: [],
    mutationsPushed: 0,
    rowsPulled: 0,
    syncs: 0,
    eventLoopDelayP99Ms: 0,
  };
  const timed = timedTransport(callServer, {
    ...result.timings,
    fullPushSize: plan.edits,
    spans: result.pushSpans,
  });
  let counter = 0;
  const edit = (o: Office, count: number) =>
    o.db.write(o.actor, (changes) => {
      const read = o.db.sql.raw.prepare('SELECT * FROM households WHERE id = ?');
      for (let n = 0; n < count; n++) {
        const id = Math.random() < plan.hotShare ? pick(o.hot) : pick(o.ids);
        const field = pick(FIELDS);
        const row = read.get(id) as Record<string, unknown> | undefined;
        if (!row) continue;
        const value = `${field} ${o.name} ${++counter}`;
        changes.update('households', id as never, { [field]: value } as never, 'bench.edit');
        result.writes.push({ device: o.name, id, field, old: row[field] ?? null, new: value });
      }
    });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const left = () => plan.deadline - (performance.timeOrigin + performance.now());
  await Promise.all(
    offices.map(async (o) => {
      await sleep(Math.random() * plan.intervalMs);
      while (left() > 0) {
        edit(o, Math.random() < plan.busy ? plan.edits : Math.floor(Math.random() * 4));
        const started = performance.now();
        try {
          const summary = await runSync(o.db, { transport: timed });
          result.mutationsPushed += summary.pushed;
          result.rowsPulled += summary.pulled;
        } catch (error) {
          result.failedSyncs.push(`${o.name}: ${(error as Error).message}`);
        }
        result.timings.sync.push(performance.now() - started);
        result.syncs++;
        await sleep(plan.intervalMs * (0.5 + Math.random()));
      }
    }),
  );
  loop.disable();
  result.eventLoopDelayP99Ms = loop.percentile(99) / 1e6;
  return result;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
