// Bundles the Electron main process, preload, job and reader threads, and exceljs (loaded on first
// use) into dist/electron (CommonJS, because a sandboxed preload must be CommonJS). Native and
// Electron modules stay external.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { lazyExcelJs, nodeBundle } from './esbuild.node.mjs';

const outdir = 'dist/electron';
mkdirSync(outdir, { recursive: true });
await build({
  ...nodeBundle,
  entryPoints: {
    main: 'electron/main.ts',
    worker: 'core/jobs/worker.ts',
    parseWorker: 'core/importer/parseWorker.ts',
  },
  // Loaded by the threads that work with a spreadsheet, when they do (esbuild.node.mjs says why).
  plugins: [lazyExcelJs],
  outdir,
  outExtension: { '.js': '.cjs' },
});
// No code cache beside it: the cache is V8's own, and Electron's V8 is not this Node's.
await build({ ...nodeBundle, entryPoints: { exceljs: 'exceljs' }, outdir, outExtension: { '.js': '.cjs' } });
cpSync('build/codeCache.cjs', `${outdir}/codeCache.cjs`);
await build({
  ...nodeBundle,
  entryPoints: { preload: 'electron/preload.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
});
cpSync('core/regions/data', `${outdir}/data`, { recursive: true });
console.log(`built ${outdir}`);
