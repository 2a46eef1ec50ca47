/**
 * Child process for the crash test: opens an existing data folder's database with the key in
 * BANSOS_TEST_DB_KEY (hex) and replaces the whole reference region set, generation after
 * generation, forever. Each replacement is the real use case (`replaceRegions` through
 * `Database.write`: the rows and their audit entries in one transaction). After each commit
 * the generation number is written to stdout, synchronously, so the parent knows what was
 * committed when it kills this process.
 *
 *   node --import tsx tests/integration/support/bulkWriter.ts DB_PATH
 */
import { writeSync } from 'node:fs';
import { Database } from '../../../core/db/database.ts';
import { replaceRegions } from '../../../core/regions/regions.ts';
import { qb } from '../../../db/sql.ts';
import { BULK_SIZE, generationOf, regionGeneration } from '../../support/bulkRegions.ts';

const dbPath = process.argv[2];
const keyHex = process.env.BANSOS_TEST_DB_KEY;
if (!dbPath || !keyHex || !/^[0-9a-f]{64}$/i.test(keyHex)) {
  writeSync(2, 'usage: BANSOS_TEST_DB_KEY=<64 hex> bulkWriter.ts DB_PATH\n');
  process.exit(2);
}
const size = Number(process.env.BANSOS_TEST_BULK_SIZE ?? BULK_SIZE);
const actor = { userId: null, username: 'bulk-writer' };

const db = await Database.open(dbPath, Buffer.from(keyHex, 'hex'));
const names = db.sql.all(qb.selectFrom('regions').select('name'));
const generations = new Set(names.map((r) => generationOf(r.name)));
if (generations.size !== 1 || generations.has(null)) {
  writeSync(2, `regions are not one generation: ${[...generations].join(',')}\n`);
  process.exit(3);
}
let generation = [...generations][0] as number;
writeSync(1, `ready ${generation}\n`);
for (;;) {
  generation++;
  const set = regionGeneration(generation, size);
  db.write(actor, (changes) => replaceRegions(changes, set));
  writeSync(1, `${generation}\n`);
}
