// Bundles the Electron main process, preload and job worker into dist/electron (CommonJS,
// because a sandboxed preload must be CommonJS). Native and Electron modules stay external.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const outdir = 'dist/electron';
mkdirSync(outdir, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  // Source code locates files next to itself with import.meta.url; in CommonJS that is __filename.
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({
  ...common,
  entryPoints: {
    main: 'electron/main.ts',
    worker: 'core/jobs/worker.ts',
    parseWorker: 'core/importer/parseWorker.ts',
  },
  outdir,
  outExtension: { '.js': '.cjs' },
});
await build({
  ...common,
  entryPoints: { preload: 'electron/preload.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
});
cpSync('core/regions/data', `${outdir}/data`, { recursive: true });
console.log(`built ${outdir}`);
