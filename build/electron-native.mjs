// `npm start` needs better-sqlite3-multiple-ciphers compiled for Electron's ABI, but tests and
// the CLI need it compiled for Node. So the Electron build goes to dist/electron-native/ and
// the main process loads it through better-sqlite3's `nativeBinding` option; node_modules
// stays as it is. Needs internet (Electron's headers).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const out = 'dist/electron-native/better_sqlite3.node';
const stamp = `dist/electron-native/electron-${electronVersion}`;
if (existsSync(out) && existsSync(stamp)) process.exit(0);

const work = 'dist/electron-native/src';
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync('node_modules/better-sqlite3-multiple-ciphers', work, { recursive: true });
execFileSync(
  'npx',
  [
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ],
  { cwd: work, stdio: 'inherit' },
);
cpSync(`${work}/build/Release/better_sqlite3.node`, out);
cpSync(out, stamp);
console.log(`built ${out} for Electron ${electronVersion}`);
