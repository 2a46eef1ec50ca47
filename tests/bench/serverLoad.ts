/**
 * Fifty offices on one PostgreSQL server (issue 14). A real server process on loopback with the
 * PostgreSQL store. The offices are those of Kota Batu: the Dinas (whole city), kecamatan offices
 * and desa offices, each enrolled with a code bound to its area (issue 16), so each receives and
 * may write only its area's families; the Dinas edit anywhere. One Dinas office registers the
 * households as import batches (what a city-wide import does) and uploads them; every other
 * office enrols and bootstraps its area; then each office edits offline and syncs every few
 * seconds (jittered), so some push while others pull. Each office is the real workstation code:
 * its own encrypted database, `Changes` (outbox and audit chain) and `runSync` over HTTP. The
 * offices run in several workstation processes (serverLoad/workstations.ts), a few on each event
 * loop, and the server in its own: with every office on one loop the round trips measured that
 * loop's queue (p99 delay 1.4 s at 50 offices), not the server. Each process's delay is printed. At the
 * end every office syncs until clean, and the invariants are checked: every office holds exactly
 * what the server answers it for its area, nothing lost, every audit chain verifies. Not a test:
 * nothing here asserts a time (tests/integration/serverLoad.test.ts runs a small version and
 * asserts the invariants).
 *
 *   npm run bench -- server [--devices 50] [--households 100000] [--minutes 5] [--interval 5]
 *     [--edits 100] [--busy 0.25] [--city 2] [--kecamatan 3] [--processes devices/5]
 *     [--households-only] (by default each household has 2-5 members, and 3 in 10 an enrolment)
 *   PostgreSQL: DATABASE_URL, or the local test cluster (postgres://bansos:bansos@127.0.0.1:5432/bansos_test);
 *   a fresh database is created for the run and dropped after it.
 *   Target: p95 push of 100 mutations < 1 s with 50 devices; no lost edit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { WHOLE_CITY, type AreaScope } from '../../common/auth/roles.ts';
import { describeArea, visibleIn } from '../../common/sync/place.ts';
import { kecamatanOf } from '../../common/sync/tables.ts';
import { BatchRecord } from '../../core/audit/batch.ts';
import { verifyChain } from '../../core/audit/chain.ts';
import { nameKey, phoneticKey } from '../../common/domain/names.ts';
import type { Changes } from '../../core/db/changes.ts';
import { newId, stableId } from '../../core/ids.ts';
import { ensureReferenceDefaults } from '../../core/programs/reference.ts';
import { defaultRegions } from '../../core/regions/regions.ts';
import { syncedContentDigest } from '../../core/sync/digest.ts';
import { enrol } from '../../core/sync/engine.ts';
import { readState } from '../../core/sync/state.ts';
import { target } from '../../core/sync/transport.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { normaliseCode } from '../../server/app.ts';
import { openStore, type Store } from '../../server/store.ts';
import {
  createOffice,
  FIELDS,
  officeName,
  openOffice,
  patient,
  syncUntilClean,
  type LoadPlan,
  type Office,
  type OfficeSpec,
  type Timed,
  type Timings,
  type Write,
} from './serverLoad/office.ts';
import { WorkstationProcess } from './serverLoad/workstations.ts';
import { table } from './support.ts';

export type { Timed, Timings } from './serverLoad/office.ts';

export interface LoadOptions {
  /** Admin URL of a PostgreSQL cluster; a database is created in it for the run. */
  databaseUrl: string;
  devices: number;
  households: number;
  /** Offices enrolled for the whole city (the Dinas; the first registers the households). Default 2. */
  cityOffices?: number;
  /** Offices enrolled for one kecamatan each, in turn; the rest are desa offices. Default 3. */
  kecamatanOffices?: number;
  /** How many desa hold the households, spread over the kecamatan (default all 24). */
  desas?: number;
  durationMs: number;
  /** Mean time between one office's syncs (each waits 0.5x to 1.5x of it). */
  intervalMs: number;
  /** Edits in a busy office's sync cycle (one push of that many mutations). */
  edits: number;
  /** Share of sync cycles that are busy; the others make 0 to 3 edits and mostly pull. */
  busy: number;
  /** Seed each household's members (2-5) and enrolments for three in ten, not households alone. */
  people?: boolean;
  /** Households per desa that its offices and the Dinas edit now and then, so they meet on fields. */
  hot?: number;
  /** Share of edits that go to those households (the rest anywhere in the office's area). */
  hotShare?: number;
  /**
   * Workstation processes the offices are shared out to (default one per five offices), each on
   * its own event loop; the server runs in a process of its own.
   */
  processes?: number;
  progress?: (line: string) => void;
}

export interface Bootstrap {
  office: string;
  kind: string;
  area: string;
  ms: number;
  rows: number;
  /** Pull pages of this bootstrap. */
  pages: Timed;
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
  /** Each workstation process's event loop delay during the load, p99 (ms). */
  eventLoopDelayP99Ms: number[];
  seedMs: number;
  bootstrapMs: number;
  bootstraps: Bootstrap[];
  /** Each office, its area's households and the workstation process that ran it. */
  offices: { name: string; kind: string; area: string; households: number; process: number }[];
  writes: number;
  violations: Violations;
}

export interface Violations {
  lostWrites: string[];
  silentOverwrites: string[];
  doubleApplied: string[];
  gaps: string[];
  /** An office's data differs from what the server answers it for its area (/v1/digest). */
  divergence: string[];
  /** A written household missing, stale or present on an office, against its area. */
  misplaced: string[];
  brokenChains: string[];
}

const ROOT = resolve(import.meta.dirname, '../..');
/** Households per seeding import batch (each syncs as chunks, merged when its last one arrives). */
const SEED_BATCH = 5000;

export async function runServerLoad(options: LoadOptions): Promise<LoadReport> {
  const say = options.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bansos-bench-server-'));
  const database = await createDatabase(options.databaseUrl);
  const server = await startServer(join(dir, 'server'), database.url);
  const store = await openStore(join(dir, 'server'), database.url);
  const offices: Office[] = [];
  const processes: WorkstationProcess[] = [];
  try {
    const desas = spread(
      defaultRegions()
        .filter((r) => r.level === 'desa' || r.level === 'kelurahan')
        .map((r) => r.code),
      options.desas ?? 24,
    );
    const specs = officeAreas(options, desas).map((area, n): OfficeSpec => ({
      n,
      name: officeName(n, area),
      area,
      file: join(dir, `office-${n}.db`),
      keyHex: newDatabaseKey().toString('hex'),
    }));
    // ---- one Dinas office registers the city's households and uploads them (a first upload)
    let t = performance.now();
    const seed = await createOffice(specs[0]!);
    let households: { id: string; desa_code: string }[];
    try {
      await enrolOffice(store, seed, server.url);
      seedHouseholds(seed, desas, options.households, options.people ?? false);
      await syncUntilClean(seed, patient);
      households = seed.db.sql.raw.prepare('SELECT id, desa_code FROM households ORDER BY id').all() as {
        id: string;
        desa_code: string;
      }[];
    } finally {
      seed.db.close();
    }
    const seedMs = performance.now() - t;
    say(`seeded ${options.households} households in ${(seedMs / 1000).toFixed(1)} s`);

    // ---- the offices go to the workstation processes, in turn
    const count = Math.max(1, Math.min(options.processes ?? Math.ceil(options.devices / 5), options.devices));
    for (let p = 0; p < count; p++) processes.push(new WorkstationProcess(`workstation process ${p + 1}`));
    const owner = (n: number) => processes[n % count]!;
    await Promise.all(
      processes.map((p, i) =>
        p.ask({ kind: 'open', create: false, offices: specs.filter((s) => s.n === 0 && i === 0) }),
      ),
    );
    await Promise.all(
      processes.map((p, i) =>
        p.ask({ kind: 'open', create: true, offices: specs.filter((s) => s.n > 0 && s.n % count === i) }),
      ),
    );

    // ---- every other office enrols and bootstraps its area (four at a time)
    t = performance.now();
    const bootstraps: Bootstrap[] = [];
    const waiting = specs.slice(1);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let o = waiting.shift(); o; o = waiting.shift()) {
          const code = await enrolCode(store, o.area);
          const b = await owner(o.n).ask({ kind: 'bootstrap', office: o.n, serverUrl: server.url, code });
          bootstraps.push({ office: o.name, kind: kindOf(o.area), area: describeArea(o.area), ...b });
        }
      }),
    );
    const bootstrapMs = performance.now() - t;
    say(`${options.devices - 1} offices bootstrapped in ${(bootstrapMs / 1000).toFixed(1)} s`);

    // ---- the load: offline edits and jittered syncs on every office at once
    const byOffice = householdsByOffice(households, specs, options.hot ?? 8);
    t = performance.now();
    const plan: LoadPlan = {
      deadline: performance.timeOrigin + t + options.durationMs,
      intervalMs: options.intervalMs,
      edits: options.edits,
      busy: options.busy,
      hotShare: options.hotShare ?? 0.1,
    };
    const results = await Promise.all(
      processes.map((p, i) =>
        p.ask({
          kind: 'load',
          plan,
          areas: Object.fromEntries(specs.filter((s) => s.n % count === i).map((s) => [s.n, byOffice[s.n]!])),
        }),
      ),
    );
    const loadMs = performance.now() - t;
    const syncs = results.reduce((n, r) => n + r.syncs, 0);
    say(`load done: ${syncs} syncs in ${(loadMs / 1000).toFixed(1)} s; settling`);
    await Promise.all(processes.map((p) => p.close()));

    // ---- settle: every office syncs until clean, twice round, so each has every verdict
    for (const spec of specs) offices.push(await openOffice(spec));
    for (let round = 0; round < 2; round++) for (const o of offices) await syncUntilClean(o, patient);
    const writes = results.flatMap((r) => r.writes);
    const violations = await checkInvariants(offices, store, writes);
    const conflicts: Record<string, number> = {};
    for (const c of await store.db.selectFrom('conflicts').select('kind').execute())
      conflicts[c.kind] = (conflicts[c.kind] ?? 0) + 1;
    const merged = (pick: (t: Timings) => Timed): Timed => ({
      round: results.flatMap((r) => pick(r.timings).round),
      server: results.flatMap((r) => pick(r.timings).server),
    });
    return {
      options,
      timings: {
        push: merged((x) => x.push),
        fullPush: merged((x) => x.fullPush),
        pull: merged((x) => x.pull),
        sync: results.flatMap((r) => r.timings.sync),
      },
      loadMs,
      mutationsPushed: results.reduce((n, r) => n + r.mutationsPushed, 0),
      rowsPulled: results.reduce((n, r) => n + r.rowsPulled, 0),
      syncs,
      failedSyncs: results.flatMap((r) => r.failedSyncs),
      maxPushesInFlight: mostAtOnce(results.flatMap((r) => r.pushSpans)),
      conflicts,
      eventLoopDelayP99Ms: results.map((r) => r.eventLoopDelayP99Ms),
      seedMs,
      bootstrapMs,
      bootstraps,
      offices: specs.map((s) => ({
        name: s.name,
        kind: kindOf(s.area),
        area: describeArea(s.area),
        households: byOffice[s.n]!.ids.length,
        process: s.n % count,
      })),
      writes: writes.length,
      violations,
    };
  } finally {
    for (const p of processes) p.kill();
    for (const o of offices) o.db.close();
    await store.close();
    await server.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The households each office's area holds (by the desa the seed gave them), and the hot ones among
 * them (the first `hotPerDesa` of each desa, by id), which its offices and the Dinas all edit.
 */
function householdsByOffice(
  households: { id: string; desa_code: string }[],
  specs: OfficeSpec[],
  hotPerDesa: number,
): { ids: string[]; hot: string[] }[] {
  return specs.map((s) => {
    const ids: string[] = [];
    const hot: string[] = [];
    const seen = new Map<string, number>();
    for (const h of households) {
      if (!visibleIn(h.desa_code, s.area)) continue;
      ids.push(h.id);
      const n = seen.get(h.desa_code) ?? 0;
      seen.set(h.desa_code, n + 1);
      if (n < hotPerDesa) hot.push(h.id);
    }
    return { ids, hot };
  });
}

/** The most pushes running at the same moment, from each push's start and end. */
function mostAtOnce(spans: [number, number][]): number {
  const events = spans.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let most = 0;
  for (const [, step] of events) most = Math.max(most, (now += step!));
  return most;
}

/** What kind of office an area makes: the Dinas (whole city), a kecamatan office, a desa office. */
const kindOf = (area: AreaScope): string =>
  area.desa.length ? 'desa' : area.kecamatan.length ? 'kecamatan' : 'Dinas (whole city)';

/** `count` items of `items`, evenly spaced (so a few desa still span the kecamatan). */
function spread<T>(items: T[], count: number): T[] {
  const n = Math.max(1, Math.min(count, items.length));
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/**
 * Each office's area, in office order: the Dinas (whole city), then one kecamatan office per
 * kecamatan in turn, then the desa offices, one per desa in turn (a desa's second office comes
 * once every desa has one).
 */
function officeAreas(options: LoadOptions, desas: string[]): AreaScope[] {
  const city = Math.max(1, options.cityOffices ?? 2);
  const kecamatan = [...new Set(desas.map(kecamatanOf))];
  const kecamatanOffices = options.kecamatanOffices ?? 3;
  return Array.from({ length: options.devices }, (_, i) => {
    if (i < city) return WHOLE_CITY;
    if (i < city + kecamatanOffices)
      return { kecamatan: [kecamatan[(i - city) % kecamatan.length]!], desa: [] };
    return { kecamatan: [], desa: [desas[(i - city - kecamatanOffices) % desas.length]!] };
  });
}

/**
 * The households, registered as a city-wide import is: batches of SEED_BATCH, each audited as
 * one `import.commit` entry over its record and synced as chunks (core/audit/batch.ts), the way
 * `core/importer/engine.ts` commits a file. Household i lives in desa i mod the desa count.
 */
function seedHouseholds(o: Office, desas: string[], count: number, people: boolean): void {
  // The programmes the enrolments name, seeded as the app seeds them at start (no user).
  if (people) o.db.write({ userId: null, username: null }, (changes) => ensureReferenceDefaults(changes));
  for (let start = 0; start < count; start += SEED_BATCH) {
    const end = Math.min(count, start + SEED_BATCH);
    const batchId = newId();
    const record = new BatchRecord();
    o.db.write(o.actor, (changes) => {
      changes.beginBatch(record, batchId);
      for (let i = start; i < end; i++) {
        const householdId = newId();
        changes.insert(
          'households',
          {
            id: householdId,
            kk_number: `3579${String(10_000_000_000 + i).slice(-12)}`,
            desa_code: desas[i % desas.length]!,
            address: `Jl. Beban ${i}`,
            rt: '001',
            rw: '002',
          } as never,
          'import.row',
        );
        if (people) seedMembers(changes, householdId, i);
      }
      const syncSha256 = changes.endBatch();
      const totals = record.write(changes.db, batchId);
      changes.insert(
        'import_batches',
        {
          id: batchId,
          kind: 'recipients',
          file_name: `beban-${start / SEED_BATCH + 1}.xlsx`,
          sheet: 'Data',
          mapping_json: '{}',
          options_json: '{}',
          counts_json: JSON.stringify({ rows: end - start, created: end - start }),
          undo_json: '',
          file_sha256: createHash('sha256').update(batchId).digest('hex'),
          rows_sha256: totals.rowsSha256,
          row_count: totals.rowCount,
          sync_sha256: syncSha256,
          status: 'committed',
          created_by: o.actor.userId,
          undone_at: null,
          undone_by: null,
        } as never,
        'import.commit',
      );
    });
  }
}

const GIVEN = ['Siti', 'Budi', 'Dewi', 'Agus', 'Sri', 'Joko', 'Wahyu', 'Endang', 'Slamet', 'Rina'];
const FAMILY = ['Santoso', 'Lestari', 'Wibowo', 'Rahayu', 'Prasetyo', 'Kurniawati', 'Utomo', 'Suryani'];
const KIN = ['kepala_keluarga', 'istri', 'anak', 'anak', 'anak'] as const;
/** Programmes the seed enrols families in (DOMAIN.md's, seeded with stable ids on every workstation). */
const SEED_PROGRAMS = ['PKH', 'BPNT'].map((code) => stableId(`program:${code}`));

/**
 * Household i's members, 2 to 5 (3.5 on average, as in Kota Batu's registry), each with a unique
 * NIK; three families in ten are enrolled, the head in PKH or BPNT. So bootstraps and pulls carry
 * the rows a real office has, not households alone.
 */
function seedMembers(changes: Changes, householdId: string, i: number): void {
  let head = '';
  for (let m = 0; m < 2 + (i % 4); m++) {
    const id = newId();
    head ||= id;
    const name = `${GIVEN[(i + m) % GIVEN.length]} ${FAMILY[(i * 7 + m) % FAMILY.length]} ${i}`;
    changes.insert(
      'people',
      {
        id,
        household_id: householdId,
        nik: `35${String(10_000_000_000_000 + i * 10 + m).slice(-14)}`,
        name,
        name_key: nameKey(name),
        phonetic_key: phoneticKey(name),
        sex: m === 1 ? 'P' : 'L',
        birth_date: `${1960 + ((i + m * 13) % 55)}-0${1 + (m % 9)}-1${m}`,
        relationship: KIN[m]!,
        status: 'aktif',
        id_warnings_json: '[]',
      } as never,
      'import.row',
    );
  }
  if (i % 10 < 3)
    changes.insert(
      'enrolments',
      {
        id: newId(),
        program_id: SEED_PROGRAMS[i % SEED_PROGRAMS.length]!,
        component_id: null,
        household_id: householdId,
        person_id: head,
        status: 'aktif',
        start_date: '2025-01-01',
      } as never,
      'import.row',
    );
}

/**
 * A one-time code for an area, written the way `server enrol-code --desa/--kecamatan` writes it.
 */
async function enrolCode(store: Store, area: AreaScope): Promise<string> {
  const code = randomBytes(9).toString('hex').toUpperCase();
  await store.db
    .insertInto('enrol_codes')
    .values({
      code_hash: createHash('sha256').update(normaliseCode(code)).digest('hex'),
      created_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      used_at: null,
      device_id: null,
      area_json: JSON.stringify(area),
    })
    .execute();
  return code;
}

async function enrolOffice(store: Store, o: Office, url: string): Promise<void> {
  await enrol(o.db, o.actor, { serverUrl: url, code: await enrolCode(store, o.area), deviceName: o.name });
}

const digestReply = z.object({ hash: z.string(), rows: z.number() });

/**
 * The invariants of DESIGN.md "Sync" after the settling rounds (the sync suite's checks, over
 * the offices of this run), with areas (issue 16):
 * - nothing lost, nothing twice, no gaps: every outbox row of every office is in the server's
 *   log exactly once, numbered 1..N;
 * - no lost edit: a field only one office wrote ends with that office's last value, and every
 *   value that is not the final one was seen by a later writer (its "old") or is in a conflict;
 * - each office holds exactly what the server answers it for its area: its digest equals the
 *   one `/v1/digest` answers it, and every written household is on each office whose area holds
 *   it, with the server's values, and on no other;
 * - every audit chain verifies on the office, and the server's copy is that chain.
 */
export async function checkInvariants(offices: Office[], store: Store, writes: Write[]): Promise<Violations> {
  const v: Violations = {
    lostWrites: [],
    silentOverwrites: [],
    doubleApplied: [],
    gaps: [],
    divergence: [],
    misplaced: [],
    brokenChains: [],
  };
  const db = store.db;
  for (const o of offices) {
    const state = readState(o.db.sql);
    const deviceId = state.deviceId!;
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
    // What the server answers this workstation itself, with its own credentials.
    const answer = await patient(
      target(state),
      'GET',
      'v1/digest',
      undefined,
      { bytesSent: 0, bytesReceived: 0 },
      digestReply,
    );
    const digest = syncedContentDigest(o.db.sql);
    if (digest.hash !== answer.hash)
      v.divergence.push(
        `${o.name}: ${digest.rows} rows, the server answers ${answer.rows} for ${describeArea(o.area)}; digests differ`,
      );
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
  const finals = new Map<string, { data: Record<string, unknown>; place: string | null } | null>();
  for (const r of await db
    .selectFrom('entities')
    .select(['id', 'deleted', 'data_json', 'place'])
    .where('entity', '=', 'households')
    .execute())
    finals.set(
      r.id,
      Number(r.deleted)
        ? null
        : { data: JSON.parse(r.data_json ?? '{}') as Record<string, unknown>, place: r.place },
    );
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
    const value = final.data[field] ?? null;
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
  // Every written household where its place says, with the server's values; nowhere else.
  const written = [...new Set(writes.map((w) => w.id))];
  for (const o of offices) {
    const read = o.db.sql.raw.prepare('SELECT address, notes, dusun FROM households WHERE id = ?');
    for (const id of written) {
      const final = finals.get(id);
      if (!final) continue;
      const row = read.get(id) as Record<string, unknown> | undefined;
      const belongs = visibleIn(final.place, o.area);
      if (belongs && !row) v.misplaced.push(`${o.name}: household ${id} of ${final.place} missing`);
      else if (!belongs && row) v.misplaced.push(`${o.name}: holds household ${id} of ${final.place}`);
      else if (row)
        for (const field of FIELDS)
          if ((row[field] ?? null) !== (final.data[field] ?? null))
            v.misplaced.push(
              `${o.name}: household ${id}.${field} is ${String(row[field])}, server has ${String(final.data[field])}`,
            );
    }
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
      city: { type: 'string', default: '2' },
      kecamatan: { type: 'string', default: '3' },
      processes: { type: 'string' },
      'households-only': { type: 'boolean', default: false },
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
    cityOffices: Number(values.city),
    kecamatanOffices: Number(values.kecamatan),
    durationMs: Number(values.minutes) * 60_000,
    intervalMs: Number(values.interval) * 1000,
    edits: Number(values.edits),
    busy: Number(values.busy),
    ...(values.processes ? { processes: Number(values.processes) } : {}),
    people: !values['households-only'],
    progress: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  const row = (what: string, samples: number[]) => ({
    what,
    n: samples.length,
    p50: `${percentile(samples, 0.5).toFixed(0)} ms`,
    p95: `${percentile(samples, 0.95).toFixed(0)} ms`,
    p99: `${percentile(samples, 0.99).toFixed(0)} ms`,
    max: `${Math.max(0, ...samples).toFixed(0)} ms`,
  });
  const both = (what: string, t: Timed) => [
    row(what, t.round),
    row(`  the same, inside the server`, t.server),
  ];
  const seconds = r.loadMs / 1000;
  const kinds = new Map<string, number>();
  for (const o of r.offices) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  console.log(
    `\nServer load: ${r.options.devices} offices (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${r.options.households.toLocaleString('id-ID')} households (${r.options.people ? '2-5 members each, 3 in 10 enrolled' : 'no members'}), PostgreSQL store, loopback HTTP, ${seconds.toFixed(0)} s of load`,
  );
  console.log(
    `seed upload (${Math.ceil(r.options.households / SEED_BATCH)} import batches) ${(r.seedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `bootstraps, ${r.bootstraps.length} offices four at a time: ${(r.bootstrapMs / 1000).toFixed(1)} s`,
  );
  const byArea = new Map<string, Bootstrap[]>();
  for (const b of r.bootstraps) byArea.set(b.kind, [...(byArea.get(b.kind) ?? []), b]);
  table(
    [...byArea].flatMap(([kind, list]) => {
      const pages: Timed = {
        round: list.flatMap((b) => b.pages.round),
        server: list.flatMap((b) => b.pages.server),
      };
      return [
        {
          ...row(
            `bootstrap of a ${kind} office`,
            list.map((b) => b.ms),
          ),
          rows: `${Math.round(list.reduce((s, b) => s + b.rows, 0) / list.length)} per office`,
        },
        ...both(`  its pull pages`, pages),
      ];
    }),
  );
  console.log('the load:');
  table([
    ...both('push (any size)', r.timings.push),
    ...both(`push of >= ${r.options.edits} mutations`, r.timings.fullPush),
    ...both('pull page', r.timings.pull),
    row('whole sync (push, audit, pull, status)', r.timings.sync),
  ]);
  console.log(
    `throughput: ${(r.mutationsPushed / seconds).toFixed(0)} mutations/s pushed, ${(r.rowsPulled / seconds).toFixed(0)} rows/s pulled, ${(r.syncs / seconds).toFixed(1)} syncs/s; at most ${r.maxPushesInFlight} pushes in flight at once; ${r.writes} edits`,
  );
  console.log(
    `conflicts raised: ${JSON.stringify(r.conflicts)}; failed syncs during the load: ${r.failedSyncs.length}`,
  );
  for (const f of r.failedSyncs.slice(0, 5)) console.log(`  ${f}`);
  const loops = r.eventLoopDelayP99Ms;
  console.log(
    `workstation processes: ${loops.length} (about ${Math.ceil(r.options.devices / loops.length)} offices each; the server in its own); their event loop delay p99 during the load: ${loops.map((d) => `${d.toFixed(0)}`).join(', ')} ms (max ${Math.max(...loops).toFixed(0)} ms: a process's delay is inside its offices' round trips)`,
  );
  const p95 = percentile(r.timings.fullPush.round, 0.95);
  const serverP95 = percentile(r.timings.fullPush.server, 0.95);
  console.log(
    `target p95 push of ${r.options.edits} mutations < 1 s: ${r.timings.fullPush.round.length ? (p95 < 1000 ? 'met' : 'NOT met') : 'no such push'} (${p95.toFixed(0)} ms round trip; ${serverP95.toFixed(0)} ms inside the server)`,
  );
  console.log('invariants after settling:');
  for (const [name, list] of Object.entries(r.violations))
    console.log(`  ${name}: ${list.length ? `${list.length} VIOLATIONS, first: ${list[0]}` : 'none'}`);
}
