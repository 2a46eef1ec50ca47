/**
 * Import and export at scale: a generated 100,000-row DTKS-like .xlsx (22 columns).
 *   (a) exceljs streaming read alone        (b) the full import into an encrypted database
 *   (b0) the rows (b) wrote, copied into a fresh copy of the database: the floor of any import
 *   (b1) the same without audit entries and outbox rows: the floor of an import that kept neither
 *   (b2) the same import through the CLI, as a user runs it (`bansos import FILE`), whole process
 *   (c) a bare exceljs streaming write       (d) the app's export of the same 100,000 people
 * Each step runs in its own process; time and peak memory (max RSS) are printed with the
 * ratios b/a and d/c, measured in the same run. Nothing is asserted. The job and parser
 * threads run from the Electron build's bundles (dist/electron), as in the desktop app.
 *
 *   npm run bench -- import [--rows 100000] [--steps read,import,cli] [--cpu-prof DIR]
 * `--steps` runs only the named steps (read, import, here, cli, floor, entities, write, export);
 * `--cpu-prof DIR` writes a V8 CPU profile of every thread of the child steps into DIR.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { LAUNCH_ENV } from '../../build/launchEnv.mjs';
import { lazyExcelJs } from '../../build/esbuild.node.mjs';
import { CLI_BUNDLE } from '../support/cli.ts';
import { makeDtksXlsx } from './import/makeFile.ts';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rows: { type: 'string', default: '100000' },
    steps: { type: 'string', default: 'read,import,cli,floor,entities,write,export' },
    'cpu-prof': { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const STEPS = new Set(values.steps.split(','));
const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
const dir = mkdtempSync(join(tmpdir(), 'bansos-bench-import-'));
const file = join(dir, 'dtks.xlsx');
const dataDir = join(dir, 'data');

// Every thread runs bundled code, as in the desktop app: no TypeScript loader in any of them.
execFileSync('node', ['build/esbuild.electron.mjs'], { stdio: 'ignore' });
execFileSync('node', ['build/esbuild.cli.mjs', '--if-stale'], { stdio: 'ignore' });
const workerDir = join(process.cwd(), 'dist/electron');
const child = join(process.cwd(), 'dist/bench/importChild.cjs');
await build({
  entryPoints: ['tests/bench/import/child.ts'],
  outfile: child,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // exceljs on first use, as in the app's own bundles: the app's main thread never loads it for
  // an import, so the bench's must not either (the read step loads it before its clock starts).
  plugins: [lazyExcelJs],
  logLevel: 'error',
});
await build({
  entryPoints: { exceljs: 'exceljs' },
  outdir: dirname(child),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'error',
});
cpSync('build/codeCache.cjs', join(dirname(child), 'codeCache.cjs'));

console.log(`Generating ${ROWS.toLocaleString('en')} rows…`);
await makeDtksXlsx(file, ROWS);
console.log(`  ${file}: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

/** One step as child.ts reports it: time, resident memory before and at its peak, rows. */
interface Step {
  ms: number;
  /** CPU time of every thread of the step's process, and of its main thread alone. */
  cpuMs: number;
  mainCpuMs: number;
  peakRssMb: number;
  baseRssMb: number;
  /** The main thread's heap at its peak (in `here`, the import job's). */
  peakHeapMb: number;
  rows: number;
}

// Every step's process starts as the app's Node processes do (build/launchEnv.mjs).
const run = (...args: string[]) => {
  const out = execFileSync('node', [...profile, child, ...args], {
    env: { ...process.env, ...LAUNCH_ENV, BANSOS_WORKER_DIR: workerDir },
    maxBuffer: 10 * 1024 * 1024,
  }).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!) as Step;
};
const cli = (...args: string[]) =>
  execFileSync('node', [CLI_BUNDLE, ...args], {
    env: {
      ...process.env,
      BANSOS_PASSWORD: 'bench admin kota batu kopi',
      BANSOS_NEW_PASSWORD: 'bench operator kota batu',
    },
  });

cli('init', '--data', dataDir, '--user', 'admin');
cli('user', 'add', 'operator', '--role', 'clerk', '--data', dataDir, '--user', 'admin');
execFileSync('node', [CLI_BUNDLE, 'user', 'passwd', '--data', dataDir, '--user', 'operator'], {
  env: {
    ...process.env,
    BANSOS_PASSWORD: 'bench operator kota batu',
    BANSOS_NEW_PASSWORD: 'bench operator kota batu 2',
  },
});
// child.ts logs in with this password
process.env.BENCH_OPERATOR = 'bench operator kota batu 2';

const floorDir = join(dir, 'floor');
cpSync(dataDir, floorDir, { recursive: true });
const entitiesDir = join(dir, 'floor-entities');
cpSync(dataDir, entitiesDir, { recursive: true });
const hereDir = join(dir, 'here');
cpSync(dataDir, hereDir, { recursive: true });
const cliDir = join(dir, 'cli');
cpSync(dataDir, cliDir, { recursive: true });

/**
 * `bansos import` as a user runs it: the whole CLI process, start to exit. Its peak memory is
 * the process's own (the job and parser threads live in it), which a preload writes at exit.
 */
function cliImport(): Step {
  const rssFile = join(dir, 'cli-rss');
  const preload = join(dir, 'maxrss.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify(u)); });`,
  );
  const started = performance.now();
  // The bin itself, started by its shebang as the installed `bansos` is (it sets LAUNCH_ENV).
  execFileSync(CLI_BUNDLE, ['import', file, '--data', cliDir, '--user', 'operator'], {
    env: {
      ...process.env,
      NODE_OPTIONS: [...profile, '--require', preload].join(' '),
      BANSOS_PASSWORD: 'bench operator kota batu 2',
    },
    stdio: 'ignore',
  });
  const ms = performance.now() - started;
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as NodeJS.ResourceUsage;
  return {
    ms,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    mainCpuMs: NaN,
    peakRssMb: usage.maxRSS / 1024,
    baseRssMb: 0,
    peakHeapMb: NaN,
    rows: ROWS,
  };
}

/** A step not asked for (`--steps`) is left out of the table and of every ratio it is part of. */
const step = (name: string, measure: () => Step): Step | null => (STEPS.has(name) ? measure() : null);
const read = step('read', () => run('read', file, dataDir, ''));
const full = step('import', () => run('import', file, dataDir, ''));
// The job on the child's main thread, for `--cpu-prof` (a fresh copy: the same rows are new).
const here = step('here', () => run('import-here', file, hereDir, ''));
const viaCli = step('cli', cliImport);
// The floors copy what (b) wrote.
const floor = full && step('floor', () => run('floor', dataDir, floorDir, ''));
const entities = full && step('entities', () => run('floor-entities', dataDir, entitiesDir, ''));
const write = step('write', () => run('write', String(ROWS), dataDir, join(dir, 'bare.xlsx')));
const exported = step('export', () => run('export', '', dataDir, join(dir, 'ekspor.xlsx')));

const row = (name: string, r: Step | null) =>
  r && {
    step: name,
    rows: r.rows,
    seconds: (r.ms / 1000).toFixed(1),
    'CPU s': (r.cpuMs / 1000).toFixed(1),
    'main CPU s': Number.isNaN(r.mainCpuMs) ? '' : (r.mainCpuMs / 1000).toFixed(1),
    'peak MB': r.peakRssMb.toFixed(0),
    'MB before': r.baseRssMb.toFixed(0),
    'main heap MB': Number.isNaN(r.peakHeapMb) ? '' : r.peakHeapMb.toFixed(0),
  };
console.log(
  `load: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min) on ${cpus().length} cores`,
);
console.table(
  [
    row('(a) exceljs read alone', read),
    row('(b) full import (encrypted)', full),
    row('(b2) the same through the CLI', viaCli),
    row('(bh) the job on the main thread', here),
    row('(b0) its rows copied, no checks', floor),
    row('(b1) its entity rows only', entities),
    row('(c) exceljs write alone', write),
    row('(d) app export', exported),
  ].filter((r) => r !== null),
);
const ratio = (label: string, over: Step | null, under: Step | null, after: string) => {
  if (over && under) console.log(`${label} = ${(over.ms / under.ms).toFixed(2)}${after}`);
};
ratio(
  'import ratio b/a',
  full,
  read,
  ` (target ≤ 2.0, moonshot 1.3); import peak ${full?.peakRssMb.toFixed(0)} MB (target < 300 MB)`,
);
ratio(
  'CLI ratio b2/a',
  viaCli,
  read,
  ` (target ≤ 2.0); CLI process peak ${viaCli?.peakRssMb.toFixed(0)} MB (target < 300 MB)`,
);
ratio(
  'floor b0/a',
  floor,
  read,
  ': writing the rows an import keeps (entities, audit, outbox), nothing else',
);
ratio('entity floor b1/a', entities, read, ': the entity rows alone, as if nothing were audited or synced');
ratio('export ratio d/c', exported, write, ' (target ≤ 1.2)');
rmSync(dir, { recursive: true, force: true });
