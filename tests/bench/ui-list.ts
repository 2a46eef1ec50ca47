/**
 * The family list at scale, measured in the real UI: a demo data folder with N synthetic
 * families (the CLI's `demo` command), the web host on it, Chromium logged in as petugas.demo.
 *
 * Measures, 5 times each (in the page, from the user's click or keystroke to the rows drawn):
 *   - list:     click "Keluarga & Individu" until the first rows of the table (.vtable-row) show;
 *   - search:   type a name in the search box until the first page of results shows;
 *   - baseline: click "Beranda" until its heading shows (same run, same machine).
 * Prints median and max, and how long the API call itself took. Asserts nothing.
 *
 *   npx tsx tests/bench/ui-list.ts [--households 100000] [--runs 5] [--query "Siti Rahayu"]
 *   npx tsx tests/bench/ui-list.ts --data DIR     (reuse a demo folder made earlier; kept)
 *
 * Needs the built renderer (npm run build:renderer) and Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH). Temporary folders and child processes are removed at the end, also after
 * an error or Ctrl+C. 100,000 families take several minutes to generate.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../core/reports/chromiumPdf.ts';
import { CLI_BUNDLE } from '../support/cli.ts';
import { freePort } from '../support/freePort.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DEMO_PASSWORD = 'demo bansos desk kota batu';
const OFFICER = { username: 'petugas.demo', fullName: 'Rina Petugas (demo)' };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// `npm run bench -- ui-list ...` passes the bench name first; a direct run does not.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'ui-list'),
  options: {
    households: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    query: { type: 'string', default: 'Siti Rahayu' },
    data: { type: 'string' },
  },
});
const HOUSEHOLDS = Number(values.households);
const RUNS = Number(values.runs);
const QUERY = values.query!;
if (!Number.isInteger(HOUSEHOLDS) || HOUSEHOLDS < 1) throw new Error('--households: a whole number ≥ 1');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a whole number ≥ 1');

// ---------------------------------------------------------------- cleanup

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('cleanup:', error);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanup().then(() => process.exit(130));
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Starts a child in its own process group; `stop()` ends the whole group (npx, tsx, node). */
function startChild(args: string[], env: NodeJS.ProcessEnv, stdio: 'pipe' | 'inherit-stderr') {
  const child: ChildProcess = spawn('npx', args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', stdio === 'pipe' ? 'pipe' : 'inherit'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    for (const [signal, wait] of [
      ['SIGTERM', 5_000],
      ['SIGKILL', 5_000],
    ] as const) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // already gone
      }
      if (await Promise.race([exited.then(() => true), sleep(wait).then(() => false)])) return;
    }
  };
  return { child, exited, output: () => output, stop };
}

function folderSize(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    try {
      total += statSync(join(dir, name)).size;
    } catch {
      // a WAL file may come and go
    }
  }
  return total;
}

// ---------------------------------------------------------------- data

async function makeDemoData(dataDir: string): Promise<void> {
  console.log(`Membuat data demo: ${HOUSEHOLDS.toLocaleString('id-ID')} keluarga di ${dataDir}`);
  const started = performance.now();
  execFileSync(process.execPath, ['build/esbuild.cli.mjs', '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  // The CLI draws its own progress line when stderr is a terminal; otherwise a line every 15 s.
  const tty = process.stderr.isTTY;
  const cli = startChild(
    ['node', CLI_BUNDLE, 'demo', '--data', dataDir, '--user', 'admin', '--households', String(HOUSEHOLDS)],
    { BANSOS_PASSWORD: DEMO_PASSWORD },
    tty ? 'inherit-stderr' : 'pipe',
  );
  cleanups.push(cli.stop);
  const ticker = tty
    ? null
    : setInterval(() => {
        const size = existsSync(dataDir) ? folderSize(dataDir) : 0;
        console.log(
          `  … ${seconds(performance.now() - started)}, database ${(size / 1024 ** 2).toFixed(0)} MB`,
        );
      }, 15_000);
  const code = await cli.exited;
  if (ticker) clearInterval(ticker);
  if (code !== 0) throw new Error(`demo generation failed (exit ${code}):\n${cli.output()}`);
  console.log(cli.output().trim().replace(/^/gm, '  '));
  console.log(`  selesai dalam ${seconds(performance.now() - started)}\n`);
}

// ---------------------------------------------------------------- web host

/** `tsx webhost/main.ts` on the data folder, as the e2e fixture starts it; answers the launch URL. */
async function startWebHost(dataDir: string): Promise<string> {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const host = startChild(
    ['tsx', 'webhost/main.ts', '--data', dataDir, '--port', String(port)],
    { BANSOS_LAUNCH_TOKEN: token },
    'pipe',
  );
  cleanups.push(host.stop);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const match = /Buka\s*:\s*(http:\/\/127\.0\.0\.1:\d+\/\?k=\S+)/.exec(host.output());
    if (match) return match[1]!;
    if (host.child.exitCode !== null) throw new Error(`web host exited early:\n${host.output()}`);
    await sleep(100);
  }
  throw new Error(`web host did not start within 120 s:\n${host.output()}`);
}

// ---------------------------------------------------------------- measuring in the page

type Kind = 'list' | 'search' | 'home';

/**
 * Arms a probe in the page: it notes the moment of the next click (or keystroke into the search
 * box) and the first animation frame after the DOM shows what `kind` waits for. The probe runs
 * in the page, so the figures carry no Playwright polling delay.
 */
async function arm(page: Page, kind: Kind, query: string, listText = ''): Promise<void> {
  await page.evaluate(
    ([kind, query, listText]) => {
      type Probe = { start: number | null; end: number | null; observer: MutationObserver };
      const w = window as unknown as { __probe?: Probe };
      w.__probe?.observer.disconnect();
      const first = query.split(/\s+/)[0]!.toLowerCase();
      const done = (): boolean => {
        if (kind === 'search' && !document.querySelector('.vtable-row')) {
          return !!document.querySelector('.empty-state');
        }
        if (kind === 'home') {
          return !!document.querySelector('h1')?.textContent?.startsWith('Selamat datang');
        }
        const row = document.querySelector<HTMLElement>('.vtable-row');
        if (!row || row.getBoundingClientRect().height === 0) return false;
        if (kind === 'list') return true;
        // Search: the people found (first page, 50 at most) and the families list are drawn in
        // one go; when nobody matches, the count above the list changes (or the list empties).
        const people = document.querySelector('section[aria-label$="cocok dengan pencarian"]');
        const firstPerson = people?.querySelector('tbody tr');
        if (firstPerson?.textContent?.toLowerCase().includes(first)) return true;
        const summary = Array.from(document.querySelectorAll('p[aria-live="polite"]')).find((p) =>
          p.textContent?.startsWith('Menampilkan'),
        );
        return (
          (!!summary && summary.textContent?.trim() !== listText) || !!document.querySelector('.empty-state')
        );
      };
      const probe: Probe = {
        start: null,
        end: null,
        observer: new MutationObserver(() => {
          if (probe.start === null || probe.end !== null || !done()) return;
          probe.observer.disconnect();
          requestAnimationFrame(() => (probe.end = performance.now()));
        }),
      };
      w.__probe = probe;
      const begin = () => {
        probe.start = performance.now();
      };
      document.addEventListener(kind === 'search' ? 'input' : 'click', begin, { capture: true, once: true });
      probe.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    [kind, query, listText] as const,
  );
}

async function measured(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const p = (window as unknown as { __probe?: { start: number | null; end: number | null } }).__probe;
      return p && p.start !== null && p.end !== null ? p.end - p.start : null;
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** Resolves with the next API call of this method (optionally with a query), for its timing. */
function nextCall(page: Page, method: string, query?: string): Promise<Request> {
  return page
    .waitForResponse(
      (r) => {
        if (new URL(r.url()).pathname !== '/api/invoke') return false;
        const body = r.request().postDataJSON() as { method?: string; input?: { query?: string } } | null;
        return body?.method === method && (query === undefined || body.input?.query === query);
      },
      { timeout: 120_000 },
    )
    .then((r) => r.request());
}
const apiMs = (r: Request) => r.timing().responseEnd;

async function login(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await page.getByLabel('Nama pengguna').fill(OFFICER.username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('.frame-user').getByText(OFFICER.fullName).waitFor({ timeout: 60_000 });
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name, exact: true });

interface Samples {
  list: number[];
  listApi: number[];
  search: number[];
  searchApi: number[];
  peopleApi: number[];
  home: number[];
}

async function measure(page: Page): Promise<Samples> {
  const s: Samples = { list: [], listApi: [], search: [], searchApi: [], peopleApi: [], home: [] };
  const search = page.getByLabel('Cari NIK, No. KK atau nama');
  const summary = page.locator('p[aria-live="polite"]').filter({ hasText: /^Menampilkan/ });
  let listText = '';

  await nav(page, 'Beranda').click();
  await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
  for (let run = 1; run <= RUNS; run++) {
    // 1. Beranda -> Keluarga & Individu: the first rows of 100,000.
    await arm(page, 'list', QUERY);
    const listCall = nextCall(page, 'registry.listHouseholds');
    await nav(page, 'Keluarga & Individu').click();
    s.list.push(await measured(page));
    s.listApi.push(apiMs(await listCall));
    if (run === 1) {
      await summary.waitFor();
      listText = (await summary.innerText()).trim();
    }

    // 2. A name typed into the search box: the first page of results.
    await arm(page, 'search', QUERY, listText);
    const searchCall = nextCall(page, 'registry.listHouseholds', QUERY);
    const peopleCall = nextCall(page, 'registry.findPeople', QUERY);
    await search.fill(QUERY);
    s.search.push(await measured(page));
    s.searchApi.push(apiMs(await searchCall));
    s.peopleApi.push(apiMs(await peopleCall));
    if (run === 1) {
      const people = page.locator('section[aria-label$="cocok dengan pencarian"] h2');
      const found = (await people.count()) ? await people.innerText() : 'tidak ada orang yang cocok';
      const families = (await summary.count()) ? (await summary.innerText()).trim() : 'tidak ada keluarga';
      console.log(`  daftar: "${listText}"; cari "${QUERY}": "${families}", ${found}`);
    }
    // The page remembers its search; empty it before leaving so the next visit lists everything.
    const cleared = nextCall(page, 'registry.listHouseholds');
    await search.fill('');
    await cleared;
    await summary.filter({ hasText: listText }).waitFor();

    // 3. Baseline: Keluarga & Individu -> Beranda.
    await arm(page, 'home', QUERY);
    await nav(page, 'Beranda').click();
    s.home.push(await measured(page));
    process.stdout.write(`  putaran ${run}/${RUNS} selesai\n`);
  }
  return s;
}

function stats(samples: number[]): { median: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, max: sorted.at(-1)! };
}

function report(s: Samples, households: string): void {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const row = (what: string, samples: number[]) => {
    const { median, max } = stats(samples);
    return { ukuran: what, median: ms(median), max: ms(max), semua: samples.map(ms).join(' ') };
  };
  console.log(`\nHasil (${RUNS} kali masing-masing, ${households}):`);
  console.table([
    row('daftar keluarga: klik menu -> baris pertama tampil', s.list),
    row('  di antaranya panggilan API registry.listHouseholds', s.listApi),
    row(`pencarian "${QUERY}": ketik -> hasil pertama tampil`, s.search),
    row('  di antaranya API registry.listHouseholds (dengan query)', s.searchApi),
    row('  di antaranya API registry.findPeople', s.peopleApi),
    row('pembanding: klik Beranda -> judul tampil', s.home),
  ]);
  const list = stats(s.list);
  console.log(
    `Halaman pertama daftar: median ${ms(list.median)}, max ${ms(list.max)} (sasaran < 1000 ms; ` +
      `pembanding ${ms(stats(s.home).median)}). Daftar dan pencarian menunggu 250 ms setelah ` +
      `perubahan isian sebelum bertanya ke server (debounce di RegistryPage), termasuk dalam angka di atas.`,
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'dist/renderer/index.html')))
    throw new Error('dist/renderer is missing: run "npm run build:renderer" first.');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH).`);

  let dataDir: string;
  let households: string;
  if (values.data) {
    dataDir = resolve(values.data);
    if (!existsSync(join(dataDir, 'keyslots.json'))) throw new Error(`${dataDir} is not a data folder.`);
    households = `data dari ${dataDir}`;
    console.log(`Memakai folder data yang ada: ${dataDir} (tidak dihapus)\n`);
  } else {
    const root = mkdtempSync(join(tmpdir(), 'bansos-bench-ui-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    dataDir = join(root, 'data');
    households = `${HOUSEHOLDS.toLocaleString('id-ID')} keluarga demo`;
    await makeDemoData(dataDir);
  }

  console.log('Menjalankan web host…');
  const launchUrl = await startWebHost(dataDir);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 1280, height: 800 },
  });
  // tsx compiles this file with esbuild's keepNames: functions sent to page.evaluate call a
  // `__name` helper that exists only in Node. Give the page a harmless one.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => console.error('page error:', error.message));

  console.log(`Masuk sebagai ${OFFICER.username} dan mengukur (${RUNS} putaran)…`);
  await login(page, launchUrl);
  // One visit first so the renderer's code and reference lists are warm, as for a working user.
  await nav(page, 'Keluarga & Individu').click();
  await page.locator('.vtable-row').first().waitFor({ timeout: 120_000 });
  const samples = await measure(page);
  report(samples, households);
}

try {
  await main();
} catch (error) {
  // After Ctrl+C the children were stopped on purpose; their exit is no news.
  if (!cleaning) console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
