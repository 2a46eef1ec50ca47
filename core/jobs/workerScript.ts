import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's entry file is. In a bundle (the CLI's dist/cli, the Electron build's
 * dist/electron): `<name>.cjs` beside the bundle that runs this code, or in the folder named by
 * BANSOS_WORKER_DIR (set by electron/main.ts), started through `threadLoader.cjs` when one sits
 * beside it (the CLI's: from the code cache). From source: a .ts file loaded through tsx (the
 * bootstrap teaches the thread TypeScript).
 */
export function workerScript(
  source: URL,
  bundledName: string,
): { script: string; entry: string; execArgv: string[] | undefined } {
  const dir = process.env.BANSOS_WORKER_DIR;
  const candidates = [
    ...(dir ? [join(dir, `${bundledName}.cjs`)] : []),
    // In a bundle, import.meta.url is the bundle's own file; from source, no .cjs sits here.
    fileURLToPath(new URL(`./${bundledName}.cjs`, import.meta.url)),
  ];
  const bundled = candidates.find((path) => existsSync(path));
  if (bundled) {
    // The CLI's build puts a loader beside its threads that starts them from their code cache.
    const loader = join(dirname(bundled), 'threadLoader.cjs');
    // A bundle needs none of the parent's loader flags (a tsx parent would load tsx into it too).
    return { script: existsSync(loader) ? loader : bundled, entry: bundled, execArgv: [] };
  }
  return {
    script: fileURLToPath(new URL('./workerBootstrap.mjs', import.meta.url)),
    entry: source.href,
    execArgv: undefined,
  };
}
