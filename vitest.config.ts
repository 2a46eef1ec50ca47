import { defineConfig } from 'vitest/config';

// Unit tests sit beside their modules; tests/integration boots several folders together.
// Browser tests run under Playwright (tests/e2e), benches are scripts (tests/bench).
export default defineConfig({
  test: {
    include: [
      '{common,db,core,cli,webhost,server,renderer}/**/*.test.{ts,tsx}',
      'tests/integration/**/*.test.ts',
      'tests/electron/**/*.test.ts',
    ],
    // Tests that start the CLI run its bundle: built here once per run.
    globalSetup: ['tests/support/buildCli.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
