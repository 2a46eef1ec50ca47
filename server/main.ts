/**
 * The central sync server: `npm run server -- COMMAND --data DIR`.
 *   start [--port N] [--host H] [--cert FILE --key FILE]   serve (SQLite in DIR, or DATABASE_URL)
 *   enrol-code [--hours 24] [--kecamatan K] [--desa A,B]  one-time enrolment code; its device gets that area
 *   devices | revoke ID                                    list or revoke enrolled workstations
 *   users | user-set NAME [--role R] [--desa A,B] [--kecamatan K] [--status active|disabled|pending]
 *         | user-set NAME --device ID --status active|disabled   the account on one device
 *   alarms | conflicts | digest | report --year Y --month M
 *   init-key [--out FILE] | passphrase | encrypt | backup --out FILE | restore FILE
 * The SQLite store is encrypted: its key comes from --key-file, BANSOS_SERVER_KEY_FILE,
 * BANSOS_SERVER_PASSPHRASE or a prompt on the terminal (server/keys.ts).
 */
import { randomBytes, createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type AreaScope } from '../common/auth/roles.ts';
import { dottedRegionCode, levelOfCode } from '../common/domain/regions.ts';
import { describeArea } from '../common/sync/place.ts';
import { serve } from './app.ts';
import {
  formatKey,
  keySourceFromEnv,
  promptPassphrase,
  resolveKey,
  StoreKeyError,
  writeKeyFile,
  type KeySource,
} from './keys.ts';
import { disbursementTotals } from './reports.ts';
import {
  backupStore,
  changePassphrase,
  encryptPlainStore,
  openStore,
  restoreStore,
  STORE_FILE,
  type Store,
} from './store.ts';
import { contentDigest } from './sync.ts';

const HELP = `bansos-server: server sinkronisasi pusat Bansos Desk (npm run server -- PERINTAH --data DIR)

  start [--port 5790] [--host 127.0.0.1] [--cert FILE --key FILE] [--key-file BERKAS]
  enrol-code [--hours 24] [--kecamatan KODE,..] [--desa KODE,..]
                               mencetak satu kode pendaftaran sekali pakai; perangkat yang memakainya
                               hanya menerima data wilayah itu (tanpa --kecamatan/--desa: seluruh kota)
  devices                      daftar perangkat
  revoke ID                    mencabut perangkat
  users                        daftar akun yang dikenal server
  user-set NAMA [--role PERAN] [--desa KODE,..] [--kecamatan KODE,..] [--status active|disabled|pending]
  user-set NAMA --device ID --status active|disabled
                               menyetujui akun di satu perangkat: nama yang sama di perangkat lain
                               adalah akun lain sampai disetujui di sini
  alarms | conflicts | digest
  report --year TAHUN --month BULAN
  init-key [--out BERKAS]      membuat penyimpanan bila belum ada dan mencetak KUNCI PEMULIHAN
                               (atau menulisnya ke BERKAS di luar folder data); simpan di luar server
  passphrase                   mengganti frasa sandi (server dihentikan; BANSOS_SERVER_NEW_PASSPHRASE
                               atau pertanyaan di terminal); cetak ulang kunci pemulihan sesudahnya
  encrypt                      mengenkripsi server.db lama yang belum terenkripsi (server dihentikan)
  backup --out BERKAS          cadangan terenkripsi (kunci yang sama) dari penyimpanan SQLite
  restore BERKAS               memulihkan cadangan ke folder data --data yang masih kosong

Penyimpanan: SQLite terenkripsi di DIR/server.db, atau PostgreSQL bila DATABASE_URL diisi.
Kunci SQLite: --key-file BERKAS (atau BANSOS_SERVER_KEY_FILE), BANSOS_SERVER_PASSPHRASE, atau
pertanyaan frasa sandi di terminal. PostgreSQL di luar komputer ini wajib ?sslmode=verify-full
(kecuali --allow-insecure-db atau BANSOS_ALLOW_INSECURE_DB=1).`;

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
    device: { type: 'string' },
    year: { type: 'string' },
    month: { type: 'string' },
    json: { type: 'boolean', default: false },
    'key-file': { type: 'string' },
    'allow-insecure-db': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const [command, arg] = positionals;

/** The SQLite store's key: a key file, then the environment, then a hidden prompt on a terminal. */
async function keySource(dataDir: string): Promise<KeySource | undefined> {
  if (values['key-file']) return { keyFile: values['key-file'] };
  const env = keySourceFromEnv();
  if (env) return env;
  if (process.stdin.isTTY)
    return { passphrase: await promptPassphrase(!existsSync(join(dataDir, STORE_FILE))) };
  return undefined;
}

async function main(): Promise<number> {
  if (!command || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (!values.data) {
    console.error('--data DIR wajib diisi.');
    return 2;
  }
  // Everything this process creates (store, WAL, backups, key files) is owner-only.
  process.umask(0o077);
  const dataDir = values.data;
  const sqlite = !process.env.DATABASE_URL;
  if (['encrypt', 'restore', 'passphrase'].includes(command) && !sqlite) {
    console.error(`Perintah ${command} hanya untuk penyimpanan SQLite (DATABASE_URL sedang diisi).`);
    return 2;
  }
  const source = sqlite ? await keySource(dataDir) : undefined;
  const needKey = () => {
    if (!source)
      throw new StoreKeyError(
        'Kunci server diperlukan: isi BANSOS_SERVER_PASSPHRASE, jalankan di terminal untuk ditanya frasa sandinya, atau pakai --key-file BERKAS.',
      );
    return source;
  };
  if (command === 'encrypt') {
    encryptPlainStore(dataDir, needKey());
    console.log(
      `${STORE_FILE} di ${dataDir} sekarang terenkripsi. Hapus salinan lama yang tidak terenkripsi.`,
    );
    return 0;
  }
  if (command === 'passphrase') {
    const next =
      process.env.BANSOS_SERVER_NEW_PASSPHRASE ??
      (process.stdin.isTTY ? await promptPassphrase(true) : undefined);
    if (!next) {
      console.error('Frasa sandi baru: isi BANSOS_SERVER_NEW_PASSPHRASE atau jalankan di terminal.');
      return 2;
    }
    changePassphrase(dataDir, needKey(), next);
    console.log(
      'Frasa sandi server diganti. Kunci pemulihan dan cadangan lama memakai kunci lama: jalankan init-key untuk mencetak kunci pemulihan yang baru, lalu buat cadangan baru.',
    );
    return 0;
  }
  if (command === 'restore') {
    if (!arg) {
      console.error('Pakai: restore BERKAS --data FOLDER-KOSONG');
      return 2;
    }
    await restoreStore(arg, dataDir, needKey());
    console.log(`Cadangan ${arg} dipulihkan ke ${dataDir}.`);
    return 0;
  }
  const store = await openStore(dataDir, process.env.DATABASE_URL, {
    ...(source ? { key: source } : {}),
    ...(values['allow-insecure-db'] ? { allowInsecureDb: true } : {}),
  });
  await ensureServerId(store);
  if (command === 'start') return start(store);
  try {
    if (command === 'init-key') return initKey(store, dataDir, needKey());
    if (command === 'backup') {
      if (!values.out) {
        console.error('Pakai: backup --out BERKAS');
        return 2;
      }
      const { bytes } = await backupStore(store, dataDir, values.out);
      console.log(`Cadangan terenkripsi ditulis ke ${values.out} (${bytes} bita basis data).`);
      return 0;
    }
    return await admin(store);
  } finally {
    await store.close();
  }
}

/** Prints (or writes to a file outside the data folder) the key that opens the store without the passphrase. */
function initKey(store: Store, dataDir: string, source: KeySource): number {
  if (store.kind !== 'sqlite') {
    console.error('init-key hanya untuk penyimpanan SQLite.');
    return 2;
  }
  if ('keyFile' in source) {
    console.log(
      `Penyimpanan ${dataDir} dibuka dengan berkas kunci ${source.keyFile}. Simpan salinan berkas itu di luar server (flashdisk di lemari terkunci): tanpa berkas itu server.db tidak dapat dibaca.`,
    );
    return 0;
  }
  const { key } = resolveKey(dataDir, source, false);
  if (values.out) {
    writeKeyFile(dataDir, values.out, key);
    console.log(`Kunci pemulihan ditulis ke ${values.out}. Simpan di luar server; jangan di folder data.`);
    return 0;
  }
  console.error(
    'KUNCI PEMULIHAN server (catat di kertas atau simpan di flashdisk di lemari terkunci, JANGAN di server).\nBila frasa sandi hilang: tulis kunci ini ke sebuah berkas lalu jalankan server dengan --key-file BERKAS.',
  );
  console.log(formatKey(key));
  return 0;
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
  return serve(store, {
    ...(tls ? { tls } : {}),
    port: Number(values.port),
    host: values.host,
    rateLimit: Number(process.env.BANSOS_RATE_LIMIT ?? 30),
  });
}

/**
 * --kecamatan / --desa as an area, codes checked (35.79.01 / 35.79.01.2001, dots optional);
 * null after saying what is wrong. Neither option: the whole city.
 */
function areaFromOptions(): AreaScope | null {
  const kecamatan = list(values.kecamatan).map(dottedRegionCode);
  const desa = list(values.desa).map(dottedRegionCode);
  const wrong = [
    ...kecamatan.filter((k) => levelOfCode(k) !== 'kecamatan'),
    ...desa.filter((d) => !['desa', 'kelurahan'].includes(levelOfCode(d) ?? '')),
  ];
  if (wrong.length) {
    console.error(
      `Kode wilayah tidak dikenal: ${wrong.join(', ')}. Kecamatan ditulis seperti 35.79.01, desa/kelurahan seperti 35.79.01.2001.`,
    );
    return null;
  }
  return { kecamatan, desa };
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
      const area = areaFromOptions();
      if (!area) return 2;
      await db
        .insertInto('enrol_codes')
        .values({
          code_hash: sha256(code.replace(/-/g, '')),
          created_at: now,
          expires_at: expires,
          used_at: null,
          device_id: null,
          area_json: JSON.stringify(area),
        })
        .execute();
      console.log(code);
      console.error(`Perangkat yang didaftarkan dengan kode ini menerima data ${describeArea(area)}.`);
      return 0;
    }
    case 'devices': {
      const rows = await db
        .selectFrom('devices')
        .select([
          'id',
          'name',
          'enrolled_at',
          'revoked_at',
          'last_seen_at',
          'next_seq',
          'audit_next_seq',
          'area_json',
        ])
        .orderBy('enrolled_at')
        .execute();
      if (values.json) console.log(JSON.stringify(rows));
      else
        for (const r of rows)
          console.log(
            `${r.id}  ${r.name}  wilayah ${describeArea(JSON.parse(r.area_json) as AreaScope)}  terdaftar ${r.enrolled_at}  terakhir ${r.last_seen_at ?? '-'}  perubahan ${Number(r.next_seq) - 1}${r.revoked_at ? `  DICABUT ${r.revoked_at}` : ''}`,
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
      const pairs = await db.selectFrom('device_users').selectAll().orderBy('username').execute();
      const devicesOf = (username: string) =>
        pairs
          .filter((p) => p.username === username)
          .map((p) => ({ deviceId: p.device_id, approved: p.approved === 1, active: p.active === 1 }));
      if (values.json)
        console.log(JSON.stringify(rows.map((r) => ({ ...r, devices: devicesOf(r.username) }))));
      else
        for (const r of rows) {
          console.log(
            `${r.username}  ${r.role}  ${r.status}  wilayah ${r.area_json}${r.claimed_json ? `  (perangkat mengaku: ${r.claimed_json})` : ''}`,
          );
          for (const d of devicesOf(r.username).filter((p) => !p.approved))
            console.log(
              `    menunggu persetujuan di perangkat ${d.deviceId}: user-set ${r.username} --device ${d.deviceId} --status active`,
            );
        }
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
      if (values.desa !== undefined || values.kecamatan !== undefined) {
        const area = areaFromOptions();
        if (!area) return 2;
        patch.area_json = JSON.stringify(area);
      }
      if (values.status) patch.status = values.status;
      if (values.device) {
        // Approves (or withdraws) the account on one device only: the same name on another
        // device is not the same person until the server admin says so.
        const pair = await db
          .updateTable('device_users')
          .set({ approved: values.status === 'active' ? 1 : 0 })
          .where('username', '=', arg)
          .where('device_id', '=', values.device)
          .executeTakeFirst();
        if (Number(pair.numUpdatedRows) !== 1) {
          console.error(`Akun ${arg} belum pernah terlihat dari perangkat ${values.device}. Lihat: users.`);
          return 1;
        }
        console.log(
          `Akun ${arg} di perangkat ${values.device}: ${values.status === 'active' ? 'disetujui' : 'tidak disetujui'}.`,
        );
        return 0;
      }
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
    if (error instanceof StoreKeyError) console.error(error.message);
    else console.error('Gagal:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
