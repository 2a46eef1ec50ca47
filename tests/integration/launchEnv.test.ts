import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCH_ENV } from '../../build/launchEnv.mjs';

/** The npm scripts that start one of the app's Node processes as a user runs it (README). */
const LAUNCHERS = ['bansos', 'serve', 'demo', 'server'];
const settings = Object.entries(LAUNCH_ENV).map(([name, value]) => `${name}=${value}`);

describe('the app’s Node processes start with LAUNCH_ENV (build/launchEnv.mjs)', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  it.each(LAUNCHERS)('npm run %s sets it on the process it starts', (name) => {
    const starts = scripts[name]!.split('&&').at(-1)!.trim();
    expect(starts.startsWith(`env ${settings.join(' ')} `), starts).toBe(true);
  });

  it('the installed `bansos` command sets it through its shebang, which this system’s env runs', () => {
    const shebang = readFileSync('build/cliLoader.cjs', 'utf8').split('\n')[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S ${settings.join(' ')} node`);
    const dir = mkdtempSync(join(tmpdir(), 'bansos-shebang-'));
    try {
      const script = join(dir, 'env.cjs');
      const names = JSON.stringify(Object.keys(LAUNCH_ENV));
      writeFileSync(
        script,
        `${shebang}\nconsole.log(JSON.stringify(Object.fromEntries(${names}.map((n) => [n, process.env[n]]))));\n`,
        { mode: 0o755 },
      );
      const environment = { ...process.env };
      for (const name of Object.keys(LAUNCH_ENV)) delete environment[name];
      const seen = JSON.parse(execFileSync(script, { env: environment, encoding: 'utf8' })) as unknown;
      expect(seen).toEqual(LAUNCH_ENV);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
