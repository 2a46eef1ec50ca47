#!/usr/bin/env node
'use strict';
// The `bansos` command: runs the bundled command line (app.cjs, beside this file) from its code
// cache (codeCache.cjs says why).
const { join } = require('node:path');
const { runCached } = require('./codeCache.cjs');

runCached(join(__dirname, 'app.cjs'), module);
