import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

/**
 * Issue 12: a path on the command line that does not exist is said plainly in Indonesian and
 * exits 2 (usage), never "kesalahan tak terduga" with a stack trace.
 */
const AS_ADMIN = { BANSOS_PASSWORD: 'kopi pagi di alun-alun batu 7' };

describe('CLI: missing files and folders (issue 12)', () => {
  it('import, restore, report --out, export --out and backup --out name the missing path and exit 2', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    const init = await runCli(
      ['init', '--data', data, '--user', 'admin', '--name', 'Admin Dinsos'],
      AS_ADMIN,
    );
    expect(init.code, describeRun(init)).toBe(0);
    const folderAsFile = join(root, 'folder.xlsx');
    mkdirSync(folderAsFile);
    const cases: [string[], RegExp][] = [
      [['import', '/nope.xlsx'], /Berkas impor \/nope\.xlsx tidak ditemukan/],
      [['import', folderAsFile], /adalah folder, bukan berkas/],
      [['import', folderAsFile.replace('folder', 'x'), '--errors', '/no/such/dir/p.xlsx'], /tidak ditemukan/],
      [['restore', '/nope.bansos-backup'], /Berkas cadangan \/nope\.bansos-backup tidak ditemukan/],
      [
        ['report', 'bulanan', '--period', '2026-10', '--out', '/no/such/dir/x.pdf'],
        /Folder \/no\/such\/dir untuk laporan tidak ada/,
      ],
      [['export', '--out', '/no/such/dir/x.xlsx'], /Folder \/no\/such\/dir untuk berkas ekspor tidak ada/],
      [['backup', '--out', '/no/such/dir/x.bansos-backup'], /Folder \/no\/such\/dir untuk berkas cadangan/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli([...args, '--data', data, '--user', 'admin'], AS_ADMIN);
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/tak terduga|ENOENT|\n\s+at |Error:/);
    }
  }, 600_000);
});
