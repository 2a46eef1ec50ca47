// Bundles the command line (`bansos`) and its worker threads into dist/cli, so a command starts
// as plain JavaScript instead of compiling TypeScript at every start (3 s before any work).
//   node build/esbuild.cli.mjs             build
//   node build/esbuild.cli.mjs --if-stale  build only when a source is newer than the bundle
// Files are written beside and renamed into place: a CLI started meanwhile (tests run in
// parallel) reads the old bundle or the new one, never half a file.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeBundle } from './esbuild.node.mjs';

const outdir = 'dist/cli';
const entry = join(outdir, 'main.cjs');
const SOURCES = [
  'cli',
  'core',
  'db',
  'common',
  'build/esbuild.cli.mjs',
  'build/esbuild.node.mjs',
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

/**
 * exceljs goes in its own file, required on first use: compiling and initialising it cost every
 * command ~150 ms at start (even `bansos help`), because the import and export modules import it
 * at the top. Code only reads its members (`ExcelJS.Workbook`, `ExcelJS.stream.xlsx...`) when it
 * works with a file, so a proxy that loads the real module then is enough.
 */
const lazyExcelJs = {
  name: 'lazy-exceljs',
  setup(build) {
    build.onResolve({ filter: /^exceljs$/ }, () => ({ path: 'exceljs', namespace: 'lazy-exceljs' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-exceljs' }, () => ({
      loader: 'js',
      contents: `let loaded;
const load = () => (loaded ??= require(require('node:path').join(__dirname, 'exceljs.cjs')));
export default new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
  has: (_, key) => key in load(),
});`,
    }));
  },
};

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
      entryPoints: { main: 'cli/main.ts' },
      banner: { js: `#!/usr/bin/env node\n${nodeBundle.banner.js}` },
    })
  ).outputFiles,
];
mkdirSync(outdir, { recursive: true });
cpSync('core/regions/data', join(outdir, 'data'), { recursive: true });
for (const file of outputs) {
  const partial = `${file.path}.${process.pid}.partial`;
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(partial, file.contents, { mode: file.path === join(process.cwd(), entry) ? 0o755 : 0o644 });
  renameSync(partial, file.path);
}
console.log(`built ${outdir}`);
