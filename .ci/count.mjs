// Prints "<runner> <passed> <failed>" from a runner's JSON report. A missing or unreadable
// report counts as one failure: a runner that crashed must not look like a clean pass.
import { readFileSync } from 'node:fs';

const [runner, file] = process.argv.slice(2);
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (runner === 'vitest') {
    const failedSuites = report.numFailedTestSuites ?? 0;
    console.log(
      `vitest ${report.numPassedTests} ${report.numFailedTests + (report.numFailedTests === 0 ? failedSuites : 0)}`,
    );
  } else if (runner === 'playwright') {
    const s = report.stats;
    console.log(`playwright ${s.expected + (s.flaky ?? 0)} ${s.unexpected + (report.errors?.length ?? 0)}`);
  } else {
    throw new Error(`unknown runner ${runner}`);
  }
} catch (error) {
  console.error(`could not read ${runner} report ${file}: ${error.message}`);
  console.log(`${runner} 0 1`);
}
