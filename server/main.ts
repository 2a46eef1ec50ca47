/**
 * The central sync server: `npm run server -- COMMAND --data DIR`.
 *   start [--port N] [--host H] [--cert FILE --key FILE]   serve (SQLite in DIR, or DATABASE_URL)
 *   enrol-code [--hours 24]                                print one one-time enrolment code
 *   devices | revoke ID                                    list or revoke enrolled workstations
 *   users | user-set NAME [--role R] [--desa A,B] [--kecamatan K] [--status active|disabled|pending]
 *   alarms | conflicts | digest | report --year Y --month M
 */
import { randomBytes, createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ROLES } from '../common/auth/roles.ts';
import { buildServer } from './app.ts';
import { disbursementTotals } from './reports.ts';
import { openStore, type Store } from './store.ts';
import { contentDigest } from './sync.ts';

const HELP = `bansos-server: server sinkronisasi pusat Bansos Desk (npm run server -- PERINTAH --data DIR)

  start [--port 5790] [--host 127.0.0.1] [--cert FILE --key FILE]
  enrol-code [--hours 24]      mencetak satu kode pendaftaran sekali pakai
  devices                      daftar perangkat
  revoke ID                    mencabut perangkat
  users                        daftar akun yang dikenal server
  user-set NAMA [--role PERAN] [--desa KODE,..] [--kecamatan KODE,..] [--status active|disabled|pending]
  alarms | conflicts | digest
  report --year TAHUN --month BULAN

Penyimpanan: SQLite di DIR/server.db, atau PostgreSQL bila DATABASE_URL diisi.`;

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '5790' },
    host: { type: 'string', default: '127.0.0.1' },
    cert: { type: 'string' },
    key: { type: 'string' },
    hours: { type: 'string', default: '24' },
    role: { type: 'string' },
    desa: { type: 'string' },
    kecamatan: { type: 'string' },
    status: { type: 'string' },
    year: { type: 'string' },
    month: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const [command, arg] = positionals;

async function main(): Promise<number> {
  if (!command || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (!values.data) {
    console.error('--data DIR wajib diisi.');
    return 2;
  }
  const store = await openStore(values.data);
  await ensureServerId(store);
  if (command === 'start') return start(store);
  try {
    return await admin(store);
  } finally {
    await store.close();
  }
}

async function ensureServerId(store: Store) {
  await store.db
    .insertInto('server_meta')
    .values({ key: 'server_id', value: randomUUID() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

async function start(store: Store): Promise<number> {
  const tls = values.cert && values.key ? { cert: values.cert, key: values.key } : undefined;
  const merge = process.env.BANSOS_SYNC_MERGE === 'last-writer-wins' ? 'last-writer-wins' : 'three-way';
  if (merge !== 'three-way')
    console.error('PERINGATAN: mode uji last-writer-wins aktif: perubahan bisa tertimpa diam-diam.');
  const app = buildServer({ store, tls, merge, rateLimit: Number(process.env.BANSOS_RATE_LIMIT ?? 30) });
  const port = Number(values.port);
  await app.listen({ port, host: values.host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  // One plain line for scripts and tests: the URL to enrol against.
  console.log(`BANSOS_SERVER_URL=${tls ? 'https' : 'http'}://${values.host}:${actual}`);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return new Promise(() => {});
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

async function admin(store: Store): Promise<number> {
  const db = store.db;
  const now = new Date().toISOString();
  switch (command) {
    case 'enrol-code': {
      const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
      const bytes = randomBytes(12);
      const raw = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
      const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
      const expires = new Date(Date.now() + Number(values.hours) * 3600_000).toISOString();
      await db
        .insertInto('enrol_codes')
        .values({
          code_hash: sha256(code.replace(/-/g, '')),
          created_at: now,
          expires_at: expires,
          used_at: null,
          device_id: null,
        })
        .execute();
      console.log(code);
      return 0;
    }
    case 'devices': {
      const rows = await db
        .selectFrom('devices')
        .select(['id', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'next_seq', 'audit_next_seq'])
        .orderBy('enrolled_at')
        .execute();
      if (values.json) console.log(JSON.stringify(rows));
      else
        for (const r of rows)
          console.log(
            `${r.id}  ${r.name}  terdaftar ${r.enrolled_at}  terakhir ${r.last_seen_at ?? '-'}  perubahan ${Number(r.next_seq) - 1}${r.revoked_at ? `  DICABUT ${r.revoked_at}` : ''}`,
          );
      return 0;
    }
    case 'revoke': {
      if (!arg) {
        console.error('Pakai: revoke ID');
        return 2;
      }
      const result = await db
        .updateTable('devices')
        .set({ revoked_at: now })
        .where('id', '=', arg)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        console.error(`Perangkat ${arg} tidak ditemukan atau sudah dicabut.`);
        return 1;
      }
      console.log(`Perangkat ${arg} dicabut.`);
      return 0;
    }
    case 'users': {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('username').execute();
      if (values.json) console.log(JSON.stringify(rows));
      else
        for (const r of rows)
          console.log(
            `${r.username}  ${r.role}  ${r.status}  wilayah ${r.area_json}${r.claimed_json ? `  (perangkat mengaku: ${r.claimed_json})` : ''}`,
          );
      return 0;
    }
    case 'user-set': {
      if (!arg) {
        console.error('Pakai: user-set NAMA [--role PERAN] [--desa ..] [--kecamatan ..] [--status ..]');
        return 2;
      }
      const patch: Record<string, string> = {};
      if (values.role) {
        if (!(ROLES as readonly string[]).includes(values.role)) {
          console.error(`Peran tidak dikenal: ${values.role}`);
          return 2;
        }
        patch.role = values.role;
      }
      if (values.desa !== undefined || values.kecamatan !== undefined)
        patch.area_json = JSON.stringify({ kecamatan: list(values.kecamatan), desa: list(values.desa) });
      if (values.status) patch.status = values.status;
      const existing = await db
        .selectFrom('accounts')
        .select('username')
        .where('username', '=', arg)
        .executeTakeFirst();
      if (existing)
        await db
          .updateTable('accounts')
          .set({ ...patch, claimed_json: null })
          .where('username', '=', arg)
          .execute();
      else
        await db
          .insertInto('accounts')
          .values({
            username: arg,
            full_name: arg,
            role: patch.role ?? 'auditor',
            area_json: patch.area_json ?? JSON.stringify({ kecamatan: [], desa: [] }),
            status: patch.status ?? 'active',
            source_device: null,
            created_at: now,
            claimed_json: null,
          })
          .execute();
      console.log(`Akun ${arg} diperbarui.`);
      return 0;
    }
    case 'alarms': {
      const rows = await db.selectFrom('alarms').selectAll().orderBy('at', 'desc').limit(200).execute();
      if (values.json) console.log(JSON.stringify(rows));
      else for (const r of rows) console.log(`${r.at}  ${r.kind}  ${r.message}`);
      return 0;
    }
    case 'conflicts': {
      const rows = await db.selectFrom('conflicts').selectAll().orderBy('at', 'desc').limit(500).execute();
      if (values.json) console.log(JSON.stringify(rows));
      else
        for (const r of rows)
          console.log(
            `${r.id}  ${r.status}  ${r.kind}  ${r.entity}/${r.entity_id}  ${r.field ?? ''}  ${r.message}`,
          );
      return 0;
    }
    case 'digest': {
      console.log(JSON.stringify(await contentDigest(db)));
      return 0;
    }
    case 'report': {
      console.log(
        JSON.stringify(
          await disbursementTotals(db, Number(values.year), Number(values.month)),
          null,
          values.json ? 0 : 2,
        ),
      );
      return 0;
    }
    default:
      console.error(`Perintah "${command}" tidak dikenal.\n\n${HELP}`);
      return 2;
  }
}

main().then(
  (code) => {
    if (command !== 'start') process.exit(code);
  },
  (error) => {
    console.error('Gagal:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
