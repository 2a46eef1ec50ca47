// Bundles the command line (`bansos`) and its worker threads into dist/cli, so a command starts
// as plain JavaScript instead of compiling TypeScript at every start (3 s before any work).
//   node build/esbuild.cli.mjs             build
//   node build/esbuild.cli.mjs --if-stale  build only when a source is newer than the bundle
// Files are written beside and renamed into place: a CLI started meanwhile (tests run in
// parallel) reads the old bundle or the new one, never half a file.
import { build } from 'esbuild';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lazyExcelJs, nodeBundle } from './esbuild.node.mjs';

const { cacheFor } = createRequire(import.meta.url)('./codeCache.cjs');

const outdir = 'dist/cli';
/** What `bansos` runs: build/cliLoader.cjs, which starts app.cjs (the bundle) from its code cache. */
const entry = join(outdir, 'main.cjs');
const SOURCES = [
  'cli',
  'core',
  'db',
  'common',
  'build/esbuild.cli.mjs',
  'build/esbuild.node.mjs',
  'build/cliLoader.cjs',
  'build/codeCache.cjs',
  'build/threadLoader.cjs',
  'package-lock.json',
];

/** The newest modification time under the given paths (files and folders, recursively). */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    const stat = statSync(path);
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory())
      latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
  }
  return latest;
}

if (process.argv.includes('--if-stale') && existsSync(entry) && statSync(entry).mtimeMs >= newest(SOURCES))
  process.exit(0);

const options = {
  ...nodeBundle,
  // Only `report --pdf` prints through Chromium; it loads playwright-core itself, when asked.
  external: [...nodeBundle.external, 'playwright-core'],
  plugins: [lazyExcelJs],
  outdir,
  outExtension: { '.js': '.cjs' },
  write: false,
};
const outputs = [
  ...(
    await build({
      ...options,
      entryPoints: { worker: 'core/jobs/worker.ts', parseWorker: 'core/importer/parseWorker.ts' },
    })
  ).outputFiles,
  ...(await build({ ...options, plugins: [], entryPoints: { exceljs: 'exceljs' } })).outputFiles,
  ...(
    await build({
      ...options,
      entryPoints: { app: 'cli/main.ts' },
    })
  ).outputFiles,
];
mkdirSync(outdir, { recursive: true });
cpSync('core/regions/data', join(outdir, 'data'), { recursive: true });
/** Writes beside and renames into place (see the top of this file). */
function writeAtomically(path, contents, mode = 0o644) {
  const partial = `${path}.${process.pid}.partial`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(partial, contents, { mode });
  renameSync(partial, path);
}

for (const file of outputs) writeAtomically(file.path, file.contents);
// Each bundle's code cache, made from the same text the loaders compile (codeCache.cjs), by the
// Node that builds (the one that runs the CLI here); compiling without running is enough for V8
// to keep the code of every function compiled eagerly, which is most of the start-up.
for (const name of ['app', 'worker', 'parseWorker', 'exceljs']) {
  const bundle = join(outdir, `${name}.cjs`);
  writeAtomically(`${bundle}.cache`, cacheFor(join(process.cwd(), bundle), readFileSync(bundle, 'utf8')));
}
writeAtomically(join(outdir, 'codeCache.cjs'), readFileSync('build/codeCache.cjs'));
writeAtomically(join(outdir, 'threadLoader.cjs'), readFileSync('build/threadLoader.cjs'));
writeAtomically(entry, readFileSync('build/cliLoader.cjs'), 0o755);
console.log(`built ${outdir}`);
