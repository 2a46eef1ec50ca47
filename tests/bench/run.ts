import { existsSync } from 'node:fs';

// `npm run bench -- NAME [options]`: runs tests/bench/NAME.ts (search, import, reports, sync,
// small-import (smallImport.ts)...).
const bench = process.argv[2];
if (!bench) {
  console.error('Pakai: npm run bench -- search [--people N]');
  process.exit(2);
}
// A kebab-case name finds its camelCase file: small-import runs smallImport.ts. `server` is the
// fifty-offices load test (serverLoad.ts), whose runner a test shares: it exports `main`.
const named = bench === 'server' ? 'server-load' : bench;
const file = existsSync(new URL(`./${named}.ts`, import.meta.url))
  ? named
  : named.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const loaded = (await import(`./${file}.ts`)) as { main?: (args: string[]) => Promise<void> };
await loaded.main?.(process.argv.slice(3));
