// `npm test`: every automated test tier, in order, each one run even if an earlier one failed.
// Unit + integration (vitest), then end-to-end (Playwright on Debian's Chromium).
// With CI=true each runner also writes its JSON report to test-results/ for .ci/run's summary.
import { spawnSync } from 'node:child_process';

const tiers = [
  ['unit + integration', 'npx', ['vitest', 'run']],
  ['e2e', 'npm', ['run', '-s', 'test:e2e']],
];
let failed = 0;
for (const [name, command, args] of tiers) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`${name}: failed`);
  }
}
process.exit(failed ? 1 : 0);
