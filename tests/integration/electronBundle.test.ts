import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpCore } from '../support/core.ts';

/**
 * The Electron build bundles the job worker separately (dist/electron/worker.cjs). Node can run
 * that bundle, so this proves the desktop app's worker works even where Electron cannot run.
 */
describe('Electron bundles', () => {
  const previous = process.env.BANSOS_WORKER_DIR;
  beforeAll(() => {
    execFileSync('node', ['build/esbuild.electron.mjs'], { stdio: 'pipe' });
    process.env.BANSOS_WORKER_DIR = join(process.cwd(), 'dist/electron');
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.BANSOS_WORKER_DIR;
    else process.env.BANSOS_WORKER_DIR = previous;
  });

  it('runs a backup job through the bundled worker', async () => {
    const { core, admin, files } = await setUpCore();
    const chosen = await admin.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'dari-bundel.bansos-backup',
    });
    const { jobId } = await admin.ok('backup.start', { target: chosen!.handle });
    expect(await core.jobs.wait(jobId)).toMatchObject({ state: 'done' });
    expect(readFileSync(join(files, 'dari-bundel.bansos-backup')).subarray(0, 13).toString()).toBe(
      'BANSOS-BACKUP',
    );
    await core.close();
  });

  it('exposes only invoke and on from the preload', () => {
    const preload = readFileSync('dist/electron/preload.cjs', 'utf8');
    expect(preload).toContain('exposeInMainWorld("bansos"');
    expect(preload).not.toMatch(/ipcRenderer\.send\b|require\("fs"\)|process\.env/);
  });
});
