import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './cli.ts';

/**
 * Vitest global setup: tests that start the CLI run its bundle, as a user does, so it is built
 * once per run here (and only when a source changed since the last build).
 */
export default function buildCli(): void {
  execFileSync(process.execPath, ['build/esbuild.cli.mjs', '--if-stale'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
