// `npm run bench -- NAME [options]`: runs tests/bench/NAME.ts (search, import, reports, sync...).
const bench = process.argv[2];
if (!bench) {
  console.error('Pakai: npm run bench -- search [--people N]');
  process.exit(2);
}
await import(`./${bench}.ts`);
export {};
