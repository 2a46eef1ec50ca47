import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

const suiteDirs: string[] = [];

/**
 * A fresh folder under the OS temp dir. Made inside a test, it is removed when that test
 * finishes; made in beforeAll, when the file's tests are done.
 */
export function tempDir(prefix = 'bansos-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (expect.getState().currentTestName) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  else suiteDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of suiteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
