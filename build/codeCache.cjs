'use strict';
// Runs a CommonJS bundle from the V8 code cache the build wrote beside it (`<file>.cache`):
// compiling megabytes of JavaScript is work every command, and every thread it starts, repeats
// before doing anything. A cache V8 cannot use (another Node version, a rebuilt bundle) is
// rejected by V8 itself and the bundle compiles as it would without one. Plain CommonJS, copied
// into dist/cli as it is (build/esbuild.cli.mjs), used by main.cjs, threadLoader.cjs and the
// lazy exceljs loader.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/**
 * How each bundle is compiled, the same when the build makes its cache and when it runs. No
 * `import()` may run in such a bundle: Node 20 loses the import callback of a script compiled
 * from a cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so code loads optional modules with
 * require (core/reports/chromiumPdf.ts).
 */
const options = (file, cachedData) => ({ filename: file, cachedData });

/** Loads `file` as a module whose parent is `parent`, and answers its exports. */
function runCached(file, parent) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), options(file, cachedData));
  const loaded = new Module(file, parent);
  loaded.filename = file;
  loaded.loaded = true;
  script.runInThisContext()(loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  return loaded.exports;
}

/** The cache for `source` as `runCached` will compile it (the build writes it). */
function cacheFor(file, source) {
  return new Script(Module.wrap(source), options(file, undefined)).createCachedData();
}

module.exports = { runCached, cacheFor };
