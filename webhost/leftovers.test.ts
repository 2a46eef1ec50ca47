import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN } from '../tests/support/core.ts';
import { freePort } from '../tests/support/freePort.ts';
import { tempDir } from '../tests/support/tempDir.ts';
import { openLaunchUrl } from '../tests/support/webhostLaunch.ts';

/**
 * Issue 12, "nothing personal left behind": the web host killed with SIGKILL (no shutdown hook
 * runs) and started again on the same data folder keeps no uploaded spreadsheet, and no piece
 * of a backup the crash interrupted.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Host {
  child: ChildProcess;
  url: string;
  token: string;
  exited: Promise<void>;
}

/** `node --import tsx webhost/main.ts` (no npx in between: SIGKILL reaches the host itself). */
async function startHost(dataDir: string): Promise<Host> {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'webhost/main.ts', '--data', dataDir, '--port', String(port)],
    { cwd: ROOT, env: { ...process.env, BANSOS_LAUNCH_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Buka\s*:/.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web host exited (${code}):\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, token, exited };
}

/** A pid no process has any more. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

describe('nothing personal left behind by a killed web host (issue 12)', () => {
  it('an uploaded spreadsheet and the pieces of an interrupted backup are gone after kill -9 and a restart', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await startHost(dataDir);
    let session = '';
    const launched = await openLaunchUrl(`${first.url}/?k=${first.token}`);
    const login = await fetch(`${first.url}/api/invoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bansos-bridge': launched.bridge,
        cookie: launched.hostCookie,
      },
      body: JSON.stringify({ method: 'setup.init', input: ADMIN }),
    });
    expect(((await login.json()) as { ok: boolean }).ok).toBe(true);
    session = /bansos_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1]!;

    const spreadsheet = Buffer.from('NIK;NAMA;ALAMAT\n3579010101800001;SITI AMINAH;JL. DIPONEGORO 1\n');
    const upload = await fetch(`${first.url}/api/upload`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-bansos-bridge': launched.bridge,
        'x-file-name': encodeURIComponent('penerima desa punten.csv'),
        cookie: `${launched.hostCookie}; bansos_session=${session}`,
      },
      body: new Uint8Array(spreadsheet),
    });
    expect(upload.status).toBe(200);
    const uploads = join(dataDir, 'uploads');
    expect(files(uploads)).toEqual(['penerima desa punten.csv']);

    // What a backup killed halfway leaves in exports/ (an encrypted copy of everything).
    const exportsDir = join(dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    const target = 'cadangan-0123456789abcdef.bansos-backup';
    const pieces = [`${target}.partial-db`, `${target}.partial-db-journal`, `${target}.tmp-${deadPid()}`];
    for (const piece of pieces) writeFileSync(join(exportsDir, piece), 'sisa');

    first.child.kill('SIGKILL');
    await first.exited;
    // No shutdown hook ran: the plaintext copy is still there.
    expect(files(uploads)).toEqual(['penerima desa punten.csv']);

    const second = await startHost(dataDir);
    expect(files(uploads)).toEqual([]);
    for (const piece of pieces) expect(existsSync(join(exportsDir, piece)), piece).toBe(false);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);
});
