#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node
'use strict';
// The shebang sets glibc's malloc arenas before Node starts (build/launchEnv.mjs says why).
// The `bansos` command: runs the bundled command line (app.cjs, beside this file) from its code
// cache (codeCache.cjs says why).
const { join } = require('node:path');
const { runCached } = require('./codeCache.cjs');

runCached(join(__dirname, 'app.cjs'), module);
