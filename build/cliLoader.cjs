#!/usr/bin/env node
'use strict';
// The `bansos` command: runs the bundled command line (app.cjs, beside this file) from the V8
// code cache the build wrote next to it (app.cjs.cache). Compiling 1.8 MB of JavaScript is work
// every command repeats before it does anything; from the cache it is skipped. A cache V8 cannot
// use (another Node version, a rebuilt bundle) is rejected by V8 itself and the bundle compiles
// as it would without one. Written in plain CommonJS: it is copied into dist/cli as it is.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, 'app.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const app = new Module(file, module);
app.filename = file;
app.loaded = true;
script.runInThisContext()(app.exports, Module.createRequire(file), app, file, __dirname);
