import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { placeUnplacedRows } from './places.ts';
import {
  deriveKey,
  KEY_META_FILE,
  keySourceFromEnv,
  metaPath,
  MIN_PASSPHRASE,
  NEXT_META_FILE,
  newMeta,
  readMeta,
  resolveKey,
  StoreKeyError,
  writeMeta,
  type KeyMeta,
  type KeySource,
} from './keys.ts';

/**
 * The central server's store: Kysely over SQLite (one file in the data folder, zero setup) or
 * PostgreSQL (DATABASE_URL). The same queries run on both; the schema uses only portable types.
 */
export interface ServerSchema {
  server_meta: { key: string; value: string };
  devices: {
    id: string;
    name: string;
    local_device_id: string;
    secret_hash: string;
    enrolled_at: string;
    revoked_at: string | null;
    last_seen_at: string | null;
    next_seq: number;
    last_hash: string;
    audit_next_seq: number;
    audit_hash: string;
    cursor: number;
    /** The area the workstation receives (AreaScope JSON), bound by its enrolment code. */
    area_json: string;
  };
  enrol_codes: {
    code_hash: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    device_id: string | null;
    /** The area the workstation enrolled with this code will receive (AreaScope JSON). */
    area_json: string;
  };
  accounts: {
    username: string;
    full_name: string;
    role: string;
    area_json: string;
    /** active | pending (learned from a device after enrolment: no rights until approved) | disabled */
    status: string;
    source_device: string | null;
    created_at: string;
    /** What the device last claimed, when it differs from the server's own record. */
    claimed_json: string | null;
  };
  device_users: { device_id: string; username: string; active: number; approved: number };
  mutations: {
    device_id: string;
    device_seq: number;
    mutation_id: string;
    entity: string;
    entity_id: string;
    op: string;
    outcome: string;
    username: string | null;
    at: string;
    received_at: string;
    hash: string;
    changes_json: string;
  };
  entities: {
    entity: string;
    id: string;
    version: number;
    seq: number;
    deleted: number;
    data_json: string | null;
    nat_key: string | null;
    /** Who receives the row (common/sync/place.ts): a desa code, '*' everyone, '' the city only. */
    place: string | null;
    /** The row whose place this row follows ("households:<id>"), so a move re-places it. */
    parent: string | null;
    /** An attachment row's file hash (`attachmentHash`), so a blob request finds its rows on an index. */
    blob_sha256: string | null;
  };
  /** A row that moved from one place to another: workstations of the old place let it go. */
  area_exits: { seq: number; entity: string; id: string; from_place: string; to_place: string };
  conflicts: {
    id: string;
    kind: string;
    entity: string;
    entity_id: string;
    field: string | null;
    base_json: string;
    server_json: string;
    client_json: string;
    other_id: string | null;
    username: string | null;
    device_id: string;
    at: string;
    message: string;
    status: string;
    resolved_by: string | null;
    resolved_at: string | null;
    resolution: string | null;
  };
  audit_entries: { device_id: string; seq: number; hash: string; prev_hash: string; entry_json: string };
  alarms: { id: string; device_id: string | null; at: string; kind: string; message: string };
  /** Attachment files sealed with the office key (server/blobs.ts): bytes the server cannot read. */
  blobs: { sha256: string; size: number; data: Buffer; device_id: string; created_at: string };
}

export type ServerDb = Kysely<ServerSchema>;

export interface Store {
  db: ServerDb;
  kind: 'sqlite' | 'postgres';
  /** The SQLite file (absent on PostgreSQL). */
  file?: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** The SQLite store's key; by default from BANSOS_SERVER_KEY_FILE or BANSOS_SERVER_PASSPHRASE. */
  key?: KeySource;
  /** Accept a PostgreSQL URL without verified TLS to a host that is not loopback. */
  allowInsecureDb?: boolean;
}

export const STORE_FILE = 'server.db';
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export async function openStore(
  dataDir: string,
  databaseUrl = process.env.DATABASE_URL,
  options: StoreOptions = {},
): Promise<Store> {
  let db: ServerDb;
  let kind: Store['kind'];
  let file: string | undefined;
  if (databaseUrl) {
    // Before any connection: the data must not cross a network in clear.
    checkDatabaseUrl(databaseUrl, {
      allowInsecure: options.allowInsecureDb ?? process.env.BANSOS_ALLOW_INSECURE_DB === '1',
    });
    // int8 (seq, counts) as numbers: our sequences stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    db = new Kysely<ServerSchema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) }),
    });
    kind = 'postgres';
  } else {
    const opened = openSqlite(dataDir, options.key);
    file = opened.file;
    db = new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: opened.database }) });
    kind = 'sqlite';
  }
  await migrate(db, kind);
  await placeUnplacedRows(db);
  return { db, kind, ...(file ? { file } : {}), close: () => db.destroy() };
}

/** Owner-only folder; creating it or tightening one made by an older version. */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

function isPlainSqlite(file: string): boolean {
  if (!existsSync(file) || statSync(file).size < 16) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

function tighten(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(f)) chmodSync(f, 0o600);
}

function wrongKey(dataDir: string, source: KeySource, meta: KeyMeta | null): StoreKeyError {
  if ('keyFile' in source)
    return new StoreKeyError(
      `Berkas kunci ${source.keyFile} tidak cocok dengan ${STORE_FILE} di ${dataDir}: server tidak dibuka.`,
    );
  if ('passphrase' in source && meta?.source !== 'key-file')
    return new StoreKeyError(
      `Frasa sandi server salah: ${STORE_FILE} di ${dataDir} tidak dapat dibuka dengan frasa sandi ini. Periksa BANSOS_SERVER_PASSPHRASE, atau buka dengan kunci pemulihan (--key-file BERKAS).`,
    );
  return new StoreKeyError(
    `Kunci tidak cocok dengan ${STORE_FILE} di ${dataDir}, atau berkasnya rusak: server tidak dibuka.`,
  );
}

/** Opens (and on first start creates) the encrypted SQLite store; see server/keys.ts. */
export function openSqlite(
  dataDir: string,
  source: KeySource | undefined = keySourceFromEnv() ?? undefined,
  { create = true }: { create?: boolean } = {},
): { database: Database.Database; file: string; key: Buffer } {
  prepareDataDir(dataDir);
  const file = join(dataDir, STORE_FILE);
  if (isPlainSqlite(file))
    throw new StoreKeyError(
      `${STORE_FILE} di ${dataDir} belum terenkripsi (dibuat oleh versi server yang lama). Hentikan server, salin folder itu sebagai cadangan ke tempat aman, lalu jalankan: npm run server -- encrypt --data ${dataDir} (dengan BANSOS_SERVER_PASSPHRASE, pertanyaan frasa sandi, atau --key-file BERKAS). Setelah itu hapus salinan yang tidak terenkripsi.`,
    );
  if (!source)
    throw new StoreKeyError(
      'Kunci server diperlukan: isi BANSOS_SERVER_PASSPHRASE, jalankan di terminal untuk ditanya frasa sandinya, atau pakai --key-file BERKAS (kunci pemulihan).',
    );
  const exists = existsSync(file) && statSync(file).size > 0;
  if (!exists && !create) throw new StoreKeyError(`${STORE_FILE} tidak ada di ${dataDir}.`);
  const previous = readMeta(dataDir);
  let { key, meta } = resolveKey(dataDir, source, !exists);
  const database = new Database(file);
  // Owner-only before the first page is written; SQLite gives -wal and -shm the same mode.
  tighten(file);
  const reads = (candidate: Buffer) => {
    try {
      database.pragma(`cipher='chacha20'`);
      database.pragma(`key="x'${candidate.toString('hex')}'"`);
      database.prepare('SELECT count(*) FROM sqlite_master').get();
      return true;
    } catch (error) {
      if (/not a database|file is encrypted|malformed/i.test(String((error as Error).message))) return false;
      database.close();
      throw error;
    }
  };
  const next = readMeta(dataDir, NEXT_META_FILE);
  if (!reads(key)) {
    // A passphrase change that stopped after the rekey: the new salt is still in .next.
    const nextKey = next && 'passphrase' in source ? deriveKey(source.passphrase, next) : null;
    if (!nextKey || !reads(nextKey)) {
      database.close();
      throw wrongKey(dataDir, source, previous);
    }
    renameSync(metaPath(dataDir, NEXT_META_FILE), metaPath(dataDir));
    [key, meta] = [nextKey, next!];
  } else if (next) {
    // A change that stopped before the rekey: the store still has the old key.
    rmSync(metaPath(dataDir, NEXT_META_FILE), { force: true });
  }
  if (!exists || !previous) writeMeta(dataDir, meta);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 10000');
  // Temporary tables and sort spills are not encrypted: keep them in memory.
  database.pragma('temp_store = MEMORY');
  tighten(file);
  return { database, file, key };
}

/**
 * Encrypts a store left in clear by an older version, in place: PRAGMA rekey (which needs the
 * connection out of WAL on this SQLite3MultipleCiphers) rewrites every page with the new key.
 */
export function encryptPlainStore(dataDir: string, source: KeySource): void {
  const file = join(dataDir, STORE_FILE);
  if (!isPlainSqlite(file))
    throw new StoreKeyError(`${STORE_FILE} di ${dataDir} sudah terenkripsi atau tidak ada.`);
  prepareDataDir(dataDir);
  tighten(file);
  const { key, meta } = resolveKey(dataDir, source, true);
  const database = new Database(file);
  try {
    database.pragma('busy_timeout = 10000');
    database.pragma('wal_checkpoint(TRUNCATE)');
    if (database.pragma('journal_mode = DELETE', { simple: true }) !== 'delete')
      throw new StoreKeyError(
        'server.db masih dibuka oleh proses lain (server yang berjalan?): hentikan dulu.',
      );
    database.pragma(`cipher='chacha20'`);
    database.pragma(`rekey="x'${key.toString('hex')}'"`);
  } finally {
    database.close();
  }
  writeMeta(dataDir, meta);
  // Proves the new key reads it, and puts the store back in WAL.
  openSqlite(dataDir, { key }, { create: false }).database.close();
}

/**
 * A new passphrase: a new salt and key, PRAGMA rekey on a connection out of WAL (the server must
 * be stopped). The new salt is written first as server-key.json.next and renamed after the rekey,
 * so a crash in between leaves a store that the new passphrase still opens.
 */
export function changePassphrase(dataDir: string, source: KeySource, passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE)
    throw new StoreKeyError(`Frasa sandi server minimal ${MIN_PASSPHRASE} karakter.`);
  const { database } = openSqlite(dataDir, source, { create: false });
  const next = newMeta('passphrase');
  const key = deriveKey(passphrase, next);
  try {
    database.pragma('wal_checkpoint(TRUNCATE)');
    if (database.pragma('journal_mode = DELETE', { simple: true }) !== 'delete')
      throw new StoreKeyError(
        'server.db masih dibuka oleh proses lain (server yang berjalan?): hentikan dulu.',
      );
    writeMeta(dataDir, next, NEXT_META_FILE);
    database.pragma(`rekey="x'${key.toString('hex')}'"`);
  } finally {
    database.close();
  }
  renameSync(metaPath(dataDir, NEXT_META_FILE), metaPath(dataDir));
  openSqlite(dataDir, { key }, { create: false }).database.close();
}

const BACKUP_MAGIC = 'BANSOS-SERVER-BACKUP 1\n';

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A consistent copy of the SQLite store, still encrypted with its key (VACUUM INTO keeps the
 * cipher), after one header line holding the key parameters (salt, never the key) and a SHA-256.
 */
export async function backupStore(store: Store, dataDir: string, out: string): Promise<{ bytes: number }> {
  if (store.kind !== 'sqlite' || !store.file)
    throw new StoreKeyError(
      'Perintah backup hanya untuk penyimpanan SQLite. Untuk PostgreSQL pakai pg_dump, lalu enkripsi hasilnya (lihat README, "Central server").',
    );
  const image = `${out}.${process.pid}.tmp`;
  await sql`VACUUM INTO ${image}`.execute(store.db);
  try {
    chmodSync(image, 0o600);
    const meta = readMeta(dataDir);
    const bytes = statSync(image).size;
    const header = {
      createdAt: new Date().toISOString(),
      keyMeta: meta,
      bytes,
      sha256: await sha256File(image),
    };
    writeFileSync(out, `${BACKUP_MAGIC}${JSON.stringify(header)}\n`, { mode: 0o600, flag: 'wx' });
    await pipeline(createReadStream(image), createWriteStream(out, { flags: 'a' }));
    return { bytes };
  } finally {
    rmSync(image, { force: true });
  }
}

/** Restores a backup into an empty data folder and proves the key opens it. */
export async function restoreStore(backup: string, dataDir: string, source: KeySource): Promise<void> {
  prepareDataDir(dataDir);
  const file = join(dataDir, STORE_FILE);
  if (existsSync(file))
    throw new StoreKeyError(`${dataDir} sudah berisi ${STORE_FILE}; pulihkan ke folder kosong.`);
  const fd = openSync(backup, 'r');
  let offset = 0;
  let header: { keyMeta: KeyMeta | null; bytes: number; sha256: string };
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('latin1');
    const end = text.indexOf('\n', BACKUP_MAGIC.length);
    if (!text.startsWith(BACKUP_MAGIC) || end < 0)
      throw new StoreKeyError(`${backup} bukan cadangan server Bansos Desk.`);
    header = JSON.parse(text.slice(BACKUP_MAGIC.length, end)) as typeof header;
    offset = end + 1;
  } finally {
    closeSync(fd);
  }
  if (statSync(backup).size - offset !== header.bytes)
    throw new StoreKeyError(`${backup} terpotong atau rusak (ukurannya tidak sesuai).`);
  const writer = createWriteStream(file, { mode: 0o600, flags: 'wx' });
  await pipeline(createReadStream(backup, { start: offset }), writer);
  try {
    if ((await sha256File(file)) !== header.sha256)
      throw new StoreKeyError(`${backup} rusak (SHA-256 tidak sesuai).`);
    if (header.keyMeta && !existsSync(join(dataDir, KEY_META_FILE))) writeMeta(dataDir, header.keyMeta);
    openSqlite(dataDir, source, { create: false }).database.close();
  } catch (error) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, join(dataDir, KEY_META_FILE)])
      rmSync(f, { force: true });
    throw error;
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * A PostgreSQL URL to a host other than loopback (or a local socket) must use TLS that verifies
 * the server: `sslmode=verify-full`. Checked on the text, before any connection is attempted.
 */
export function checkDatabaseUrl(url: string, { allowInsecure = false } = {}): void {
  let config: ReturnType<typeof parseConnectionString>;
  try {
    config = parseConnectionString(url);
  } catch (error) {
    throw new StoreKeyError(`DATABASE_URL tidak dapat dibaca: ${(error as Error).message}`);
  }
  const host = config.host || process.env.PGHOST || 'localhost';
  if (host.startsWith('/') || LOOPBACK.test(host)) return;
  // Only verify-full: node-postgres reads prefer/require/verify-ca differently across versions
  // (uselibpqcompat), and only verify-full means the same everywhere.
  const ssl = config.ssl as { rejectUnauthorized?: boolean } | boolean | undefined;
  const verified =
    (config as { sslmode?: string }).sslmode === 'verify-full' &&
    typeof ssl === 'object' &&
    ssl.rejectUnauthorized !== false;
  if (verified || allowInsecure) {
    if (!verified)
      console.error(
        `PERINGATAN: koneksi ke PostgreSQL di ${host} tanpa TLS terverifikasi (--allow-insecure-db): nama, NIK dan alamat melewati jaringan tanpa perlindungan.`,
      );
    return;
  }
  throw new StoreKeyError(
    `DATABASE_URL menuju ${host} tanpa TLS yang memeriksa sertifikat server: data warga (nama, NIK, alamat) akan melewati jaringan tanpa perlindungan. Tambahkan ?sslmode=verify-full (dengan sslrootcert=BERKAS-CA bila memakai CA sendiri) ke DATABASE_URL. Hanya bila jaringannya sudah terlindungi dengan cara lain (mis. terowongan VPN/WireGuard), jalankan dengan --allow-insecure-db atau BANSOS_ALLOW_INSECURE_DB=1.`,
  );
}

async function columnsOf(db: ServerDb, kind: Store['kind'], table: string): Promise<string[]> {
  const rows =
    kind === 'postgres'
      ? await sql<{
          name: string;
        }>`select column_name as name from information_schema.columns where table_name = ${table} and table_schema = current_schema()`.execute(
          db,
        )
      : await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.rows.map((c) => c.name);
}

async function migrate(db: ServerDb, kind: Store['kind']): Promise<void> {
  const big = kind === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('server_meta')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('devices')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('local_device_id', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('next_seq', big, (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('audit_next_seq', big, (c) => c.notNull())
    .addColumn('audit_hash', 'text', (c) => c.notNull())
    .addColumn('cursor', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await s
    .createTable('enrol_codes')
    .ifNotExists()
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('device_id', 'text')
    .execute();
  await s
    .createTable('accounts')
    .ifNotExists()
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('area_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_device', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('claimed_json', 'text')
    .execute();
  await s
    .createTable('device_users')
    .ifNotExists()
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    // The server's word that this account may write from this device (see recordRoster).
    .addColumn('approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('device_users_pk', ['device_id', 'username'])
    .execute();
  // Stores made before accounts were bound to devices: the pairs they accepted stay accepted.
  if (!(await columnsOf(db, kind, 'device_users')).includes('approved'))
    await sql`alter table device_users add column approved integer not null default 1`.execute(db);
  // Stores made before areas: their codes and workstations reach the whole city, as before.
  for (const table of ['devices', 'enrol_codes'] as const)
    if (!(await columnsOf(db, kind, table)).includes('area_json'))
      await sql`alter table ${sql.table(table)} add column area_json text not null default '{"kecamatan":[],"desa":[]}'`.execute(
        db,
      );
  await s
    .createTable('mutations')
    .ifNotExists()
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_seq', big, (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mutations_pk', ['device_id', 'device_seq'])
    .execute();
  await s
    .createTable('entities')
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', big, (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('data_json', 'text')
    .addColumn('nat_key', 'text')
    .addPrimaryKeyConstraint('entities_pk', ['entity', 'id'])
    .execute();
  await s.createIndex('entities_seq').ifNotExists().unique().on('entities').column('seq').execute();
  await s.createIndex('entities_nat_key').ifNotExists().on('entities').column('nat_key').execute();
  const entityColumns = await columnsOf(db, kind, 'entities');
  for (const column of ['place', 'parent'])
    if (!entityColumns.includes(column))
      await sql`alter table entities add column ${sql.ref(column)} text`.execute(db);
  await s.createIndex('entities_parent').ifNotExists().on('entities').column('parent').execute();
  // Stores from before the column: it is added and filled in one transaction, so it is never half done.
  if (!entityColumns.includes('blob_sha256'))
    await db.transaction().execute(async (trx) => {
      await sql`alter table entities add column blob_sha256 text`.execute(trx);
      await fillAttachmentHashes(trx);
    });
  await s.createIndex('entities_blob_sha256').ifNotExists().on('entities').column('blob_sha256').execute();
  // A desa workstation's pull reads its place's rows in change order, not every row after its cursor.
  await s.createIndex('entities_place_seq').ifNotExists().on('entities').columns(['place', 'seq']).execute();
  await s
    .createTable('area_exits')
    .ifNotExists()
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('from_place', 'text', (c) => c.notNull())
    .addColumn('to_place', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('area_exits_seq').ifNotExists().on('area_exits').column('seq').execute();
  await placesInByteOrder(db, kind);
  await s
    .createTable('conflicts')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('base_json', 'text', (c) => c.notNull())
    .addColumn('server_json', 'text', (c) => c.notNull())
    .addColumn('client_json', 'text', (c) => c.notNull())
    .addColumn('other_id', 'text')
    .addColumn('username', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await s.createIndex('conflicts_status').ifNotExists().on('conflicts').columns(['status', 'at']).execute();
  await s
    .createTable('audit_entries')
    .ifNotExists()
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('entry_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_entries_pk', ['device_id', 'seq'])
    .execute();
  await s
    .createTable('alarms')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('blobs')
    .ifNotExists()
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('data', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into server_meta (key, value) values ('seq', '0') on conflict (key) do nothing`.execute(
    db,
  );
}

/**
 * PostgreSQL: place columns compare byte by byte (`COLLATE "C"`), as SQLite's do, so a
 * kecamatan's desas are one range whatever the cluster's locale (placeVisible in places.ts): under
 * en_US.UTF-8 the '.' of "35.79.01." would be ignored and the range would hold nothing. Stores
 * made with the cluster's collation are changed once (the indexes on the column are rebuilt).
 */
async function placesInByteOrder(db: ServerDb, kind: Store['kind']): Promise<void> {
  if (kind !== 'postgres') return;
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and collation_name is distinct from 'C'
      and ((table_name = 'entities' and column_name = 'place')
        or (table_name = 'area_exits' and column_name in ('from_place', 'to_place')))`.execute(db);
  for (const c of columns.rows)
    await sql`alter table ${sql.table(c.table_name)} alter column ${sql.ref(c.column_name)} type text collate "C"`.execute(
      db,
    );
}

/** The file hash an attachment row names (server/blobs.ts looks its rows up by it); null for other rows. */
export function attachmentHash(entity: string, data: Record<string, unknown> | null): string | null {
  return entity === 'attachments' && typeof data?.sha256 === 'string' ? data.sha256 : null;
}

/** Every attachment row's `blob_sha256`, from its data, a page at a time. */
async function fillAttachmentHashes(db: ServerDb): Promise<void> {
  for (let after = ''; ;) {
    const page = await db
      .selectFrom('entities')
      .select(['id', 'data_json'])
      .where('entity', '=', 'attachments')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (!page.length) return;
    for (const r of page) {
      const sha256 = attachmentHash('attachments', r.data_json ? JSON.parse(r.data_json) : null);
      if (sha256)
        await db
          .updateTable('entities')
          .set({ blob_sha256: sha256 })
          .where('entity', '=', 'attachments')
          .where('id', '=', r.id)
          .execute();
    }
    after = page.at(-1)!.id;
  }
}
