/**
 * Sync at scale: a workstation with N households (default 100,000, each with 3 members) pushes
 * to a real server process on loopback; then an empty workstation enrols and bootstraps (first
 * sync, streamed in pages), then syncs again with nothing to do. Prints time and bytes, and each
 * against baselines measured in the same run (reading the same rows from the local encrypted
 * database; one HTTP round trip to /health). Not a test: nothing here asserts a time.
 *
 *   npx tsx tests/bench/run.ts sync [--households 100000] [--store sqlite|postgres]
 *   (PostgreSQL: DATABASE_URL=postgres://... )
 *   Targets (issue 6): bootstrap under 30 s, no-op sync under 100 ms.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Database } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import { syncedContentDigest } from '../../core/sync/digest.ts';
import { enrol, runSync } from '../../core/sync/engine.ts';
import { SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { defaultRegions } from '../../core/regions/regions.ts';
import { table } from './support.ts';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { households: { type: 'string', default: '100000' } },
});
const HOUSEHOLDS = Number(values.households);
// The server's SQLite store is encrypted: every server process here (and openStore in-process)
// opens it with this test passphrase.
process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'bansos-bench-sync-'));
const serverDir = join(dir, 'server');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function serverCli(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args, '--data', serverDir], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
}

const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'server/main.ts', 'start', '--data', serverDir, '--port', '0'],
  {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((done, fail) => {
  let out = '';
  server.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /BANSOS_SERVER_URL=(\S+)/.exec(out);
    if (m) done(m[1]!);
  });
  server.on('exit', (code) => fail(new Error(`server exited ${code}`)));
});

const USER = { userId: newId(), username: 'bench.officer' };
async function workstation(name: string): Promise<Database> {
  const db = await Database.open(join(dir, `${name}.db`), newDatabaseKey(), { create: true });
  db.sql.raw
    .prepare(
      `INSERT INTO users (id, username, full_name, role, area_json, active, must_change_password, created_at, updated_at)
       VALUES (?, ?, 'Petugas Bench', 'officer', '{"kecamatan":[],"desa":[]}', 1, 0, ?, ?)`,
    )
    .run(USER.userId, USER.username, db.now(), db.now());
  const insertRegion = db.sql.raw.prepare(
    'INSERT INTO regions (code, name, level, parent_code, postal_code, bps_code, name_key) VALUES (?,?,?,?,?,?,?)',
  );
  for (const r of defaultRegions())
    insertRegion.run(r.code, r.name, r.level, r.parent_code, r.postal_code, r.bps_code, r.name_key);
  return db;
}

try {
  // ---- a busy office: N households with 3 members each, written through Changes (outbox + audit)
  const a = await workstation('office-a');
  const desa = a.sql.raw
    .prepare(`SELECT code FROM regions WHERE level IN ('desa','kelurahan')`)
    .pluck()
    .all() as string[];
  let t = performance.now();
  const batch = 1000;
  for (let start = 0; start < HOUSEHOLDS; start += batch) {
    a.write(USER, (changes) => {
      for (let i = start; i < Math.min(HOUSEHOLDS, start + batch); i++) {
        const id = newId();
        const kk = `3579${String(10_000_000_000 + i).slice(-12)}`;
        changes.insert(
          'households',
          {
            id,
            kk_number: kk,
            desa_code: desa[i % desa.length]!,
            address: `Jl. Bench ${i}`,
            rt: '001',
            rw: '002',
          } as never,
          'bench',
        );
        for (let p = 0; p < 3; p++) {
          const name = `Warga ${i} ${p}`;
          changes.insert(
            'people',
            {
              id: newId(),
              household_id: id,
              nik: `3579${String(20_000_000_000 + i * 3 + p).slice(-12)}`,
              name,
              name_key: name.toLowerCase(),
              phonetic_key: name.toLowerCase(),
              sex: p === 1 ? 'P' : 'L',
              relationship: p === 0 ? 'kepala_keluarga' : 'anak',
            } as never,
            'bench',
          );
        }
      }
    });
  }
  const seedMs = performance.now() - t;
  const rowsA = syncedContentDigest(a.sql).rows;

  // Baseline: reading every synced row of the local encrypted database once.
  t = performance.now();
  let scanned = 0;
  for (const name of SYNCED_TABLE_NAMES)
    scanned += (a.sql.raw.prepare(`SELECT * FROM ${name}`).all() as unknown[]).length;
  const scanMs = performance.now() - t;

  // Baseline: one HTTP round trip.
  t = performance.now();
  for (let i = 0; i < 20; i++) await (await fetch(`${url}/health`)).json();
  const rttMs = (performance.now() - t) / 20;

  serverCli(['user-set', USER.username, '--role', 'officer', '--status', 'active']);
  await enrol(a, USER, { serverUrl: url, code: serverCli(['enrol-code']), deviceName: 'Kantor A' });
  t = performance.now();
  const pushed = await runSync(a);
  const pushMs = performance.now() - t;

  // ---- an empty workstation: enrol and bootstrap
  const b = await workstation('office-b');
  await enrol(b, USER, { serverUrl: url, code: serverCli(['enrol-code']), deviceName: 'Kantor B' });
  t = performance.now();
  const boot = await runSync(b);
  const bootMs = performance.now() - t;
  // The first sync after a bootstrap still sends B's own audit entries of that bootstrap.
  t = performance.now();
  const settle = await runSync(b);
  const settleMs = performance.now() - t;
  t = performance.now();
  const noop = await runSync(b);
  const noopMs = performance.now() - t;
  const digestA = syncedContentDigest(a.sql);
  const digestB = syncedContentDigest(b.sql);

  console.log(
    `\nSync bench: ${HOUSEHOLDS.toLocaleString('id-ID')} households, ${rowsA.toLocaleString('id-ID')} synced rows, SQLite server store, loopback HTTP`,
  );
  table([
    { step: 'seed office A (Changes: rows + outbox + audit)', time: s(seedMs), bytes: '-', rows: rowsA },
    {
      step: 'first push A -> server',
      time: s(pushMs),
      bytes: `${mb(pushed.bytesSent)} up / ${mb(pushed.bytesReceived)} down`,
      rows: pushed.pushed,
    },
    {
      step: 'bootstrap B (first sync, empty device)',
      time: s(bootMs),
      bytes: `${mb(boot.bytesSent)} up / ${mb(boot.bytesReceived)} down`,
      rows: boot.pulled,
    },
    {
      step: 'next sync B (sends its bootstrap audit notes)',
      time: `${settleMs.toFixed(1)} ms`,
      bytes: `${settle.bytesSent} B up / ${settle.bytesReceived} B down`,
      rows: settle.pulled,
    },
    {
      step: 'no-op sync B',
      time: `${noopMs.toFixed(1)} ms`,
      bytes: `${noop.bytesSent} B up / ${noop.bytesReceived} B down`,
      rows: noop.pulled,
    },
    { step: 'baseline: read all synced rows of A locally', time: s(scanMs), bytes: '-', rows: scanned },
    { step: 'baseline: one HTTP round trip (/health)', time: `${rttMs.toFixed(2)} ms`, bytes: '-', rows: 0 },
  ]);
  console.log(
    `bootstrap / local read baseline: ${(bootMs / scanMs).toFixed(1)}x   (target: bootstrap < 30 s: ${bootMs < 30_000 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `no-op sync / HTTP round trip:    ${(noopMs / rttMs).toFixed(1)}x   (target: no-op < 100 ms: ${noopMs < 100 ? 'met' : 'NOT met'})`,
  );
  console.log(`replicas equal: ${digestA.hash === digestB.hash} (${digestB.rows} rows on B)`);
  a.close();
  b.close();
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}
