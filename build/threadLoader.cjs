'use strict';
// A worker thread of the bundled command line: runs its entry (worker.cjs, parseWorker.cjs,
// named in workerData by core/jobs/workerScript.ts) from its code cache (codeCache.cjs says why).
const { workerData } = require('node:worker_threads');
const { runCached } = require('./codeCache.cjs');

runCached(workerData.entry, module);
