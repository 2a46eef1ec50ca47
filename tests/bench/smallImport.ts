// `npm run bench -- small-import`: a data clerk's daily case, a 30-row recipient file from one desa,
// through the web host's HTTP API as the browser calls it (upload and mapping, check, save), and
// a 40-row dry run of the CLI counted from process start. Each figure is the median of 5 (a new
// desa each time, so every save writes new families), printed beside a baseline measured in the
// same run on the same machine: exceljs reading the same file, and `node -e 0` starting.
// Targets (issue 13): each web step <= 1 s, the CLI dry run <= 2 s.
import { LAUNCH_ENV } from '../../build/launchEnv.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { CLI_BUNDLE } from '../support/cli.ts';
import { freePort } from '../support/freePort.ts';
import { openLaunchUrl, type Launched } from '../support/webhostLaunch.ts';
import { dtksRows, HEADERS } from './import/makeFile.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const RUNS = 5;
const ADMIN_PASSWORD = 'bench admin kota batu kopi';
const CLERK_PASSWORD = 'bench clerk alun-alun batu';
const DESA_COLUMN = HEADERS.indexOf('DESA_KELURAHAN');

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * CPU time (user + system, ms) of the children this process has waited for, from Linux's
 * /proc (clock ticks of 10 ms): what a command costs whatever else the machine is doing.
 */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Wall time of a command's run, and its CPU time. */
async function timedCommand(run: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpuBefore = childCpuMs();
  const wall = await timed(run);
  return { wall, cpu: childCpuMs() - cpuBefore };
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** `rows` rows of the n-th desa the generator fills, as a DTKS-like workbook (NIK/KK as text). */
async function desaFile(path: string, desaIndex: number, rows: number): Promise<void> {
  // Families take the desa in turn (ten of them): twelve times the rows is enough of each.
  const all = [...dtksRows(rows * 12 * (desaIndex + 1))];
  const desa = [...new Set(all.map((r) => r[DESA_COLUMN]))][desaIndex];
  const picked = all.filter((r) => r[DESA_COLUMN] === desa).slice(0, rows);
  if (picked.length < rows) throw new Error(`only ${picked.length} rows for desa ${String(desa)}`);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DTKS');
  sheet.addRow(HEADERS);
  for (const row of picked) sheet.addRow(row);
  for (const column of ['NOMOR_KK', 'NOMOR_NIK', 'RT', 'RW'])
    sheet.getColumn(HEADERS.indexOf(column) + 1).numFmt = '@';
  await workbook.xlsx.writeFile(path);
}

const cli = (dataDir: string, args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, [CLI_BUNDLE, ...args, '--data', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();

/** The browser's side of the web host: launch cookie, session cookie, bridge header. */
class Browser {
  private session = '';
  constructor(
    private readonly base: string,
    private readonly launched: Launched,
  ) {}

  private get cookie() {
    return `${this.launched.hostCookie}${this.session ? `; bansos_session=${this.session}` : ''}`;
  }

  async call<T>(method: string, input: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/invoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bansos-bridge': this.launched.bridge,
        cookie: this.cookie,
      },
      body: JSON.stringify({ method, input }),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const match = /^bansos_session=([^;]*)/.exec(setCookie);
      if (match) this.session = match[1]!;
    }
    const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
    return result.value as T;
  }

  async upload(path: string): Promise<string> {
    const response = await fetch(`${this.base}/api/upload`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-bansos-bridge': this.launched.bridge,
        'x-file-name': encodeURIComponent('penerima-desa.xlsx'),
        cookie: this.cookie,
      },
      body: new Uint8Array(readFileSync(path)),
    });
    const result = (await response.json()) as { ok: boolean; value: { handle: string } };
    if (!result.ok) throw new Error(`upload: ${JSON.stringify(result)}`);
    return result.value.handle;
  }

  /** Starts an import job and waits for its end, asking every 20 ms as a page following it would. */
  async runJob(method: string, input: unknown): Promise<{ state: string; result?: unknown }> {
    const { jobId } = await this.call<{ jobId: string }>(method, input);
    for (;;) {
      const job = (await this.call<{ id: string; state: string }[]>('jobs.list', {})).find(
        (j) => j.id === jobId,
      );
      if (job && job.state !== 'running') return job;
      await sleep(20);
    }
  }
}

interface InspectView {
  sheet: string;
  headerRow: number;
  mapping: Record<string, string | null>;
  fixed: Record<string, { value: string }>;
  grouped: { field: string }[];
  codes: { relationship?: { list: string } | null };
}

const dir = mkdtempSync(join(tmpdir(), 'bansos-bench-small-'));
const dataDir = join(dir, 'data');
try {
  execFileSync(process.execPath, ['build/esbuild.cli.mjs', '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  const files = [];
  for (let i = 0; i < RUNS; i++) {
    files.push(join(dir, `desa-${i}.xlsx`));
    await desaFile(files[i]!, i, 30);
  }
  const cliFile = join(dir, 'desa-cli.xlsx');
  await desaFile(cliFile, RUNS, 40);

  // ---- baseline
  const bareRead = [];
  for (const file of files)
    bareRead.push(
      await timed(async () => {
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
        for await (const sheet of reader) for await (const row of sheet) void row;
      }),
    );
  const nodeStart = [];
  for (let i = 0; i < RUNS; i++)
    nodeStart.push(await timedCommand(() => execFileSync(process.execPath, ['-e', '0'])));
  const cliHelp = [];
  for (let i = 0; i < RUNS; i++)
    cliHelp.push(
      await timedCommand(() => execFileSync(process.execPath, [CLI_BUNDLE, 'help'], { cwd: REPO_ROOT })),
    );

  // ---- a data folder with a data clerk, as an office sets one up
  cli(dataDir, ['init', '--user', 'admin', '--name', 'Admin Dinsos'], { BANSOS_PASSWORD: ADMIN_PASSWORD });
  cli(dataDir, ['user', 'add', 'clerk1', '--role', 'clerk', '--user', 'admin'], {
    BANSOS_PASSWORD: ADMIN_PASSWORD,
    BANSOS_NEW_PASSWORD: `sementara ${CLERK_PASSWORD}`,
  });
  cli(dataDir, ['user', 'passwd', '--user', 'clerk1'], {
    BANSOS_PASSWORD: `sementara ${CLERK_PASSWORD}`,
    BANSOS_NEW_PASSWORD: CLERK_PASSWORD,
  });

  // ---- the web host, as `npm run serve` starts it
  const port = await freePort();
  const launchToken = randomBytes(24).toString('base64url');
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', 'webhost/main.ts', '--data', dataDir, '--port', String(port)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...LAUNCH_ENV, BANSOS_LAUNCH_TOKEN: launchToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let hostOutput = '';
  host.stdout.on('data', (chunk: Buffer) => (hostOutput += chunk.toString()));
  host.stderr.on('data', (chunk: Buffer) => (hostOutput += chunk.toString()));
  const web = { upload: [] as number[], check: [] as number[], save: [] as number[] };
  try {
    const deadline = Date.now() + 120_000;
    while (!/Buka\s*:/.test(hostOutput)) {
      if (host.exitCode !== null || Date.now() > deadline)
        throw new Error(`web host did not start:\n${hostOutput}`);
      await sleep(100);
    }
    const base = `http://127.0.0.1:${port}`;
    const browser = new Browser(base, await openLaunchUrl(`${base}/?k=${launchToken}`));
    await browser.call('auth.login', { username: 'clerk1', password: CLERK_PASSWORD });
    // A clerk opens the import page and chooses a file: a few seconds the threads start in.
    await sleep(5_000);
    for (const file of files) {
      let spec: Record<string, unknown> = {};
      web.upload.push(
        await timed(async () => {
          const handle = await browser.upload(file);
          const inspect = await browser.call<InspectView>('import.inspect', {
            file: handle,
            kind: 'recipients',
          });
          spec = {
            file: handle,
            kind: 'recipients',
            sheet: inspect.sheet,
            headerRow: inspect.headerRow,
            mapping: inspect.mapping,
            fixed: Object.fromEntries(Object.entries(inspect.fixed).map(([f, v]) => [f, v.value])),
            grouped: inspect.grouped.map((g) => g.field),
            codes: inspect.codes.relationship ? { relationship: inspect.codes.relationship.list } : {},
            options: { onExisting: 'update' },
          };
        }),
      );
      for (const [step, mode] of [
        ['check', 'preview'],
        ['save', 'commit'],
      ] as const) {
        let job: { state: string; result?: unknown } = { state: '' };
        web[step].push(
          await timed(async () => (job = await browser.runJob('import.start', { ...spec, mode }))),
        );
        if (job.state !== 'done') throw new Error(`${step}: ${JSON.stringify(job)}`);
      }
    }
  } finally {
    host.kill('SIGTERM');
    await new Promise((done) => host.once('exit', done));
  }

  // ---- the CLI: a 40-row dry run from process start, as a clerk types it
  const cliDryRun = [];
  for (let i = 0; i < RUNS; i++)
    cliDryRun.push(
      await timedCommand(() =>
        cli(dataDir, ['import', cliFile, '--user', 'clerk1', '--dry-run', '--json'], {
          BANSOS_PASSWORD: CLERK_PASSWORD,
        }),
      ),
    );

  const row = (what: string, runs: (number | { wall: number; cpu: number })[], target?: number) => {
    const samples = runs.map((r) => (typeof r === 'number' ? r : r.wall));
    const cpu = runs.flatMap((r) => (typeof r === 'number' ? [] : [r.cpu]));
    return {
      langkah: what,
      'median ms': Math.round(median(samples)),
      'sampel ms': samples.map((s) => Math.round(s)).join(' '),
      'CPU ms (median)': cpu.length ? median(cpu) : '',
      target: target ? `<= ${target} ms ${median(samples) <= target ? 'ya' : 'TIDAK'}` : '',
    };
  };
  // Figures on a busy machine are slower by about the ratio of `node -e 0` to its usual ~0.1 s.
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(
    `\nMedian dari ${RUNS}; beban mesin (1/5/15 menit): ${load.join(' / ')} pada ${cpus().length} inti`,
  );
  console.table([
    row('dasar: exceljs membaca berkas 30 baris', bareRead),
    row('dasar: node -e 0', nodeStart),
    row('bansos help (bundel)', cliHelp, 500),
    row('web: unggah sampai pemetaan (30 baris)', web.upload, 1000),
    row('web: periksa (30 baris)', web.check, 1000),
    row('web: simpan (30 baris)', web.save, 1000),
    row('CLI: import --dry-run 40 baris, dari awal proses', cliDryRun, 2000),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
