import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderDialogs, setUpCore } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { BansosCore } from '../app.ts';

/**
 * Issue 12: a backup interrupted by a crash leaves an encrypted copy of everything next to its
 * target (`.partial-db`, its `-journal`, the `.tmp-PID` being written). The next start of the
 * core removes them, wherever the user chose to save, and leaves a running backup alone.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout);
}

const startCore = (dataDir: string) =>
  new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });

/** A process that starts a backup to `target` as backup.start does, writes its pieces and hangs. */
async function backupThatHangs(dataDir: string, target: string) {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { noteBackupRunning, backupPieces } from './core/backup/leftovers.ts';
    noteBackupRunning(${JSON.stringify(dataDir)}, ${JSON.stringify(target)});
    for (const piece of backupPieces(${JSON.stringify(target)}, process.pid)) writeFileSync(piece, 'salinan');
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
    child.once('exit', (code) => fail(new Error(`backup child exited ${code}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, exited };
}

describe('backup leftovers are removed at start (issue 12)', () => {
  it('pieces of a backup killed halfway, in a folder the user chose, go at the next start; a running one stays', async () => {
    const { core, dataDir } = await setUpCore();
    await core.close();
    const chosen = tempDir('bansos-usb-');
    const target = join(chosen, 'cadangan 5 desember.bansos-backup');
    const backup = await backupThatHangs(dataDir, target);
    const pieces = readdirSync(chosen).filter((n) => n.startsWith('cadangan 5 desember'));
    expect(pieces.sort()).toEqual(
      [
        'cadangan 5 desember.bansos-backup.partial-db',
        'cadangan 5 desember.bansos-backup.partial-db-journal',
        'cadangan 5 desember.bansos-backup.partial-db-shm',
        'cadangan 5 desember.bansos-backup.partial-db-wal',
        `cadangan 5 desember.bansos-backup.tmp-${backup.child.pid}`,
      ].sort(),
    );

    // While that backup runs, a start (another window, the CLI) leaves it alone.
    await startCore(dataDir).close();
    expect(readdirSync(chosen)).toHaveLength(5);

    backup.child.kill('SIGKILL');
    await backup.exited;
    await startCore(dataDir).close();
    expect(readdirSync(chosen)).toEqual([]);
    expect(readdirSync(join(dataDir, 'backups-running'))).toEqual([]);
  }, 60_000);

  it("pieces left in the web host's exports/, and a restore's staging copy, go at start", async () => {
    const dataDir = join(tempDir(), 'data');
    const exportsDir = join(dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    const target = 'cadangan-0123456789abcdef.bansos-backup';
    const leftovers = [`${target}.partial-db`, `${target}.partial-db-journal`, `${target}.tmp-${deadPid()}`];
    for (const name of leftovers) writeFileSync(join(exportsDir, name), 'sisa');
    writeFileSync(join(exportsDir, 'penerima-1234.xlsx'), 'ekspor');
    // and the staging copy of a restore killed before its rename
    const staging = [`.restore-${deadPid()}.db`, `.restore-${deadPid()}.db-wal`];
    for (const name of staging) writeFileSync(join(dataDir, name), 'sisa');
    await startCore(dataDir).close();
    for (const name of leftovers) expect(existsSync(join(exportsDir, name)), name).toBe(false);
    for (const name of staging) expect(existsSync(join(dataDir, name)), name).toBe(false);
    // Whole files are the web host's to expire, not the core's.
    expect(existsSync(join(exportsDir, 'penerima-1234.xlsx'))).toBe(true);
  });

  it('a finished backup leaves no pieces and no note', async () => {
    const { core, admin, files, dataDir } = await setUpCore();
    const chosen = await admin.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'utuh.bansos-backup',
    });
    await admin.job('backup.start', { target: chosen!.handle });
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(files)).toEqual(['utuh.bansos-backup']);
    expect(readdirSync(join(dataDir, 'backups-running'))).toEqual([]);
    await core.close();
  }, 60_000);
});
