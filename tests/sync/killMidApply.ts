/**
 * A workstation process killed (SIGKILL) in the middle of applying a pulled page, for the sync
 * fault suite. The fault is put in from outside the product: a temporary trigger on this
 * connection only calls a function that kills the process at the fifth row the pull writes.
 *   BANSOS_PASSWORD=... node --import tsx tests/sync/killMidApply.ts DATA_DIR USER
 */
import { CliSession } from '../../cli/session.ts';
import { SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';

const [dataDir, user] = process.argv.slice(2);
const KILL_AT_ROW = 5;

const session = CliSession.create(dataDir);
await session.login(user);
const raw = session.core.db.sql.raw;
let written = 0;
raw.function('bansos_test_row_written', () => {
  if (++written === KILL_AT_ROW) process.kill(process.pid, 'SIGKILL');
  return null;
});
for (const table of SYNCED_TABLE_NAMES)
  for (const event of ['INSERT', 'UPDATE', 'DELETE'])
    raw.exec(
      `CREATE TEMP TRIGGER kill_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table}
       BEGIN SELECT bansos_test_row_written(); END`,
    );
// Small pages, so the kill falls inside a page with later pages still to come.
await session.core.sync.run({ pullPageSize: 10 });
await session.close();
console.log(`not killed: the pull wrote ${written} rows`);
