/**
 * The central server built with the negative control's merge policy, started like
 * `server/main.ts start` (same arguments, same URL line) so the sync rig can run it in its place:
 *   node --import tsx tests/sync/lastWriterWinsServer.ts start --data DIR --port N
 */
import { parseArgs } from 'node:util';
import { serve } from '../../server/app.ts';
import { openStore } from '../../server/store.ts';
import { lastWriterWins } from './lastWriterWins.ts';

const { values } = parseArgs({
  allowPositionals: true,
  options: { data: { type: 'string' }, port: { type: 'string', default: '0' } },
});
if (!values.data) throw new Error('usage: lastWriterWinsServer.ts start --data DIR [--port N]');
const store = await openStore(values.data, process.env.DATABASE_URL);
await serve(store, {
  merge: lastWriterWins,
  port: Number(values.port),
  host: '127.0.0.1',
  rateLimit: Number(process.env.BANSOS_RATE_LIMIT ?? 30),
});
