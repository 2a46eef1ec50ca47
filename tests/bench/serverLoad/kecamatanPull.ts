/**
 * A/B of a kecamatan office's pull page (issue 14): the rows after the cursor filtered with
 * `place LIKE 'k.%'` (before) and with the range `place >= 'k.' AND place < 'k/'` (placeVisible
 * now, which the `(place, seq)` index can serve), on both server stores, over a
 * synthetic `entities` table (households in 24 desa, every 1000th row for everyone; the last tenth
 * an import of other kecamatan's desas), at a cursor at the start, in the middle, before that
 * import, and near the head. Each rep runs both, alternating; medians printed, with PostgreSQL's
 * plan.
 *
 *   npx tsx tests/bench/serverLoad/kecamatanPull.ts [--rows 1000000] [--reps 7]
 *   PostgreSQL: DATABASE_URL or the local test cluster; a scratch database is made and dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { defaultRegions } from '../../../core/regions/regions.ts';
import { placeVisible } from '../../../server/places.ts';
import { openStore, type ServerDb, type Store } from '../../../server/store.ts';
import { percentiles } from '../support.ts';

const KECAMATAN = '35.79.01';
const LIMIT = 5000;

async function fill(store: Store, rows: number, desas: string[]): Promise<void> {
  const tail = Math.floor(rows * 0.9);
  const others = desas.filter((d) => !d.startsWith(`${KECAMATAN}.`));
  if (store.kind === 'postgres') {
    await sql`insert into entities (entity, id, version, seq, deleted, data_json, nat_key, place, parent)
      select 'households', 'h' || i, 1, i, 0,
        '{"id":"h' || i || '","address":"Jl. Beban ' || i || '","rt":"001","rw":"002","notes":null}',
        null,
        case when i % 1000 = 0 then '*'
          when i > ${sql.val(tail)} then (${sql.val(others)}::text[])[1 + i % ${sql.val(others.length)}]
          else (${sql.val(desas)}::text[])[1 + i % ${sql.val(desas.length)}] end,
        null
      from generate_series(1, ${sql.val(rows)}) as i`.execute(store.db);
    await sql`analyze entities`.execute(store.db);
  } else {
    for (let i = 1; i <= rows; i += 1000) {
      const chunk = Array.from({ length: Math.min(1000, rows - i + 1) }, (_, j) => {
        const n = i + j;
        return {
          entity: 'households',
          id: `h${n}`,
          version: 1,
          seq: n,
          deleted: 0,
          data_json: `{"id":"h${n}","address":"Jl. Beban ${n}","rt":"001","rw":"002","notes":null}`,
          nat_key: null,
          place: n % 1000 === 0 ? '*' : n > tail ? others[n % others.length]! : desas[n % desas.length]!,
          parent: null,
        };
      });
      await store.db.insertInto('entities').values(chunk).execute();
    }
    await sql`analyze`.execute(store.db);
  }
  await store.db
    .updateTable('server_meta')
    .set({ value: String(rows) })
    .where('key', '=', 'seq')
    .execute();
}

type How = 'LIKE' | 'range';

/** The pull page's row query (server/sync.ts pullPage), the kecamatan as it was or as it is. */
function page(db: ServerDb, cursor: number, head: number, how: How) {
  return db
    .selectFrom('entities')
    .select(['entity', 'id', 'version', 'seq', 'deleted', 'data_json'])
    .where('seq', '>', cursor)
    .where('seq', '<=', head)
    .where((eb) =>
      how === 'range'
        ? placeVisible(eb, 'place', { kecamatan: [KECAMATAN], desa: [] })
        : eb.or([eb('place', '=', '*'), eb('place', 'like', `${KECAMATAN}.%`)]),
    )
    .orderBy('seq')
    .limit(LIMIT);
}

/** The page's plan: SQLite's lines, PostgreSQL's node names in order ("Limit > Index Scan"). */
async function plan(store: Store, cursor: number, head: number, how: How): Promise<string> {
  const compiled = page(store.db, cursor, head, how).compile();
  const explain = store.kind === 'postgres' ? 'explain' : 'explain query plan';
  const lines = await store.db.executeQuery<Record<string, string>>({
    ...compiled,
    sql: `${explain} ${compiled.sql}`,
  });
  if (store.kind === 'sqlite') return `; plan ${lines.rows.map((l) => l.detail).join(' | ')}`;
  const nodes = lines.rows.map((l) =>
    /^\s*(?:->\s*)?([A-Z][A-Za-z ]+?)(?: using (\w+))?(?: on| \(|$)/.exec(l['QUERY PLAN']!),
  );
  return `; plan ${nodes.flatMap((m) => (m ? [m[2] ? `${m[1]} (${m[2]})` : m[1]] : [])).join(' > ')}`;
}

async function measure(store: Store, rows: number, reps: number): Promise<void> {
  for (const [label, cursor] of [
    ['first page', 0],
    ['page from the middle', Math.floor(rows / 2)],
    ['behind an import of other kecamatan', Math.floor(rows * 0.9)],
    ['incremental (100 behind the head)', rows - 100],
  ] as const) {
    const times = { LIKE: [] as number[], range: [] as number[] };
    const got = { LIKE: 0, range: 0 };
    for (let r = 0; r < reps; r++)
      for (const how of r % 2 ? (['range', 'LIKE'] as const) : (['LIKE', 'range'] as const)) {
        const t = performance.now();
        got[how] = (await page(store.db, cursor, rows, how).execute()).length;
        times[how].push(performance.now() - t);
      }
    console.log(
      `${store.kind} ${rows} rows, ${label}: before (LIKE) median ${percentiles(times.LIKE).p50.toFixed(1)} ms (${got.LIKE} rows${await plan(store, cursor, rows, 'LIKE')}); now (range) median ${percentiles(times.range).p50.toFixed(1)} ms (${got.range} rows${await plan(store, cursor, rows, 'range')})`,
    );
  }
}

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, reps: { type: 'string', default: '7' } },
});
const rows = Number(values.rows);
const reps = Number(values.reps);
const desas = defaultRegions()
  .filter((r) => r.level === 'desa' || r.level === 'kelurahan')
  .map((r) => r.code);
const adminUrl =
  process.env.DATABASE_URL ??
  process.env.BANSOS_TEST_DATABASE_URL ??
  'postgres://bansos:bansos@127.0.0.1:5432/bansos_test';
const name = `bansos_kecpull_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dir = mkdtempSync(join(tmpdir(), 'bansos-kecpull-'));
try {
  for (const store of [
    await openStore(dir, undefined, { key: { key: Buffer.alloc(32, 7) } }),
    await openStore(dir, url.toString()),
  ]) {
    try {
      await fill(store, rows, desas);
      await measure(store, rows, reps);
    } finally {
      await store.close();
    }
  }
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
