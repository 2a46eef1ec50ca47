import { existsSync } from 'node:fs';

// `npm run bench -- NAME [options]`: runs tests/bench/NAME.ts (search, import, reports, sync,
// small-import (smallImport.ts)...).
const bench = process.argv[2];
if (!bench) {
  console.error('Pakai: npm run bench -- search [--people N]');
  process.exit(2);
}
// A kebab-case name finds its camelCase file: small-import runs smallImport.ts.
const file = existsSync(new URL(`./${bench}.ts`, import.meta.url))
  ? bench
  : bench.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
await import(`./${file}.ts`);
