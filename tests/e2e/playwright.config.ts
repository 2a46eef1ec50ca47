import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../core/reports/chromiumPdf.ts';

/**
 * Browser end-to-end tests: the real renderer (dist/renderer), the web host and an encrypted
 * database in a fresh temp folder per spec file, driven through Debian's Chromium.
 * Build the renderer first: `npm run build:renderer` (or `npm run test:e2e`, which does both).
 */
const repoRoot = resolve(import.meta.dirname, '../..');

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // Password hashing (scrypt) costs ~0.4 s per login; a spec does several.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Relative to the repository root (Playwright would resolve them against this folder).
  outputDir: resolve(repoRoot, 'test-results/e2e-output'),
  reporter: [['list'], ['json', { outputFile: resolve(repoRoot, 'test-results/e2e.json') }]],
  use: {
    browserName: 'chromium',
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
});
