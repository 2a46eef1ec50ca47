import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's entry file is. From source: a .ts file loaded through tsx (the
 * bootstrap teaches the thread TypeScript). In the Electron build: `<name>.cjs` in the folder
 * named by BANSOS_WORKER_DIR (set by electron/main.ts).
 */
export function workerScript(source: URL, bundledName: string): { script: string; entry: string } {
  const dir = process.env.BANSOS_WORKER_DIR;
  const bundled = dir ? join(dir, `${bundledName}.cjs`) : null;
  if (bundled && existsSync(bundled)) return { script: bundled, entry: bundled };
  return { script: fileURLToPath(new URL('./workerBootstrap.mjs', import.meta.url)), entry: source.href };
}
