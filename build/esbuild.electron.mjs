// Bundles the Electron main process, preload and job worker into dist/electron (CommonJS,
// because a sandboxed preload must be CommonJS). Native and Electron modules stay external.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { nodeBundle } from './esbuild.node.mjs';

const outdir = 'dist/electron';
mkdirSync(outdir, { recursive: true });
await build({
  ...nodeBundle,
  entryPoints: {
    main: 'electron/main.ts',
    worker: 'core/jobs/worker.ts',
    parseWorker: 'core/importer/parseWorker.ts',
  },
  outdir,
  outExtension: { '.js': '.cjs' },
});
await build({
  ...nodeBundle,
  entryPoints: { preload: 'electron/preload.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
});
cpSync('core/regions/data', `${outdir}/data`, { recursive: true });
console.log(`built ${outdir}`);
