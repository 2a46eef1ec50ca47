import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/cli.ts';

/**
 * Issue 16, "test switches out of the product": no environment variable (or argument) can turn
 * on a sync fault or the negative-control merge in what ships. The faults and the
 * last-writer-wins policy live under tests/ and are injected by the rig (tests/sync/).
 */
const SHIPPED = ['common', 'db', 'core', 'cli', 'webhost', 'server', 'renderer', 'electron'];
const BUNDLES = ['dist/cli', 'dist/electron'];
const SWITCHES =
  /BANSOS_SYNC_FAULT|BANSOS_TEST_KILL_MID_APPLY|BANSOS_SYNC_MERGE|BANSOS_SYNC_PULL_PAGE|BANSOS_SYNC_TRACE|ack-?before-?response|last-?writer-?wins|lastWriterWins|KILL_MID_APPLY/i;

function files(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function hits(paths: string[]): string[] {
  const found: string[] = [];
  for (const path of paths)
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SWITCHES.test(line)) found.push(`${relative(PROJECT_ROOT, path)}:${i + 1}: ${line.trim()}`);
      });
  return found;
}

describe('no sync test switch in the product', () => {
  it('the shipped sources name no fault switch and no last-writer-wins merge', () => {
    const sources = SHIPPED.flatMap((dir) =>
      files(join(PROJECT_ROOT, dir), (n) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(n) && !/\.test\./.test(n)),
    );
    // The scan reads the code it guards (the sync engine and the server's merge among it).
    expect(sources.some((p) => p.endsWith(join('core', 'sync', 'engine.ts')))).toBe(true);
    expect(sources.some((p) => p.endsWith(join('server', 'sync.ts')))).toBe(true);
    expect(hits(sources)).toEqual([]);
  });

  it('the built bundles (when built) name none either', () => {
    const bundles = BUNDLES.flatMap((dir) => files(join(PROJECT_ROOT, dir), (n) => /\.(c?js|mjs)$/.test(n)));
    if (!bundles.length)
      console.info('no bundle built yet (dist/cli, dist/electron): only the sources were read');
    expect(hits(bundles)).toEqual([]);
  });

  it('the pattern finds the switches this test exists for', () => {
    // Guards the guard: each old switch, as it was written in the product, is caught.
    for (const line of [
      "process.env.BANSOS_SYNC_FAULT === 'ack-before-response'",
      "process.env.BANSOS_TEST_KILL_MID_APPLY === '1'",
      "process.env.BANSOS_SYNC_MERGE === 'last-writer-wins'",
    ])
      expect(SWITCHES.test(line), line).toBe(true);
  });
});
