// Each layer compiles with its own tsconfig, so a layer that reaches for what it may not use
// (renderer -> node:fs, common -> anything Node) fails here.
import { spawnSync } from 'node:child_process';

const projects = [
  'common',
  'db',
  'core',
  'cli',
  'webhost',
  'webhost/browser',
  'server',
  'renderer',
  'electron',
  'tests',
  'build',
];
let failed = 0;
for (const project of projects) {
  const run = spawnSync('npx', ['tsc', '-p', `${project}/tsconfig.json`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`typecheck failed: ${project}`);
  }
}
process.exit(failed ? 1 : 0);
