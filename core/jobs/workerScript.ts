import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's entry file is. From source: a .ts file loaded through tsx (the
 * bootstrap teaches the thread TypeScript). In the Electron build: `<name>.cjs` in the folder
 * named by BANSOS_WORKER_DIR (set by electron/main.ts).
 */
export function workerScript(
  source: URL,
  bundledName: string,
): { script: string; entry: string; execArgv: string[] | undefined } {
  const dir = process.env.BANSOS_WORKER_DIR;
  const bundled = dir ? join(dir, `${bundledName}.cjs`) : null;
  // A bundle needs none of the parent's loader flags (a tsx parent would load tsx into it too).
  if (bundled && existsSync(bundled)) return { script: bundled, entry: bundled, execArgv: [] };
  return {
    script: fileURLToPath(new URL('./workerBootstrap.mjs', import.meta.url)),
    entry: source.href,
    execArgv: undefined,
  };
}
