import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

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
  };
  enrol_codes: {
    code_hash: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    device_id: string | null;
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
  device_users: { device_id: string; username: string; active: number };
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
  };
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
}

export type ServerDb = Kysely<ServerSchema>;

export interface Store {
  db: ServerDb;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export async function openStore(dataDir: string, databaseUrl = process.env.DATABASE_URL): Promise<Store> {
  let db: ServerDb;
  let kind: Store['kind'];
  if (databaseUrl) {
    // int8 (seq, counts) as numbers: our sequences stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    db = new Kysely<ServerSchema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) }),
    });
    kind = 'postgres';
  } else {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = new Database(join(dataDir, 'server.db'));
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('busy_timeout = 10000');
    db = new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: file }) });
    kind = 'sqlite';
  }
  await migrate(db, kind);
  return { db, kind, close: () => db.destroy() };
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
    .addPrimaryKeyConstraint('device_users_pk', ['device_id', 'username'])
    .execute();
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
  await sql`insert into server_meta (key, value) values ('seq', '0') on conflict (key) do nothing`.execute(
    db,
  );
}
