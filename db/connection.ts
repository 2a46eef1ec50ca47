import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, existsSync } from 'node:fs';
import { AppFailure } from '../common/errors.ts';

export type SqliteDb = Database.Database;

export const DB_KEY_BYTES = 32;

/**
 * Opens the encrypted database with a raw 256-bit key (no KDF at open: the key slots did that).
 * Throws DB_DAMAGED when the key does not read the file: the caller already proved the key is
 * the right one by unwrapping it, so a refusal here means the file is damaged or not ours.
 */
export function openEncrypted(path: string, key: Buffer, options: { create?: boolean } = {}): SqliteDb {
  if (key.length !== DB_KEY_BYTES) throw new Error('database key must be 32 bytes');
  if (!options.create && !existsSync(path)) {
    throw new AppFailure(
      'NOT_SETUP',
      'Database belum dibuat di folder data ini. Jalankan penyiapan awal terlebih dahulu.',
    );
  }
  // Electron needs the native module built for its own ABI; its main process names that build.
  const nativeBinding = process.env.BANSOS_SQLITE_BINDING;
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  // Owner-only; SQLite gives the -wal and -shm files the same mode as the database.
  if (options.create) chmodSync(path, 0o600);
  try {
    // Explicit cipher, so a change of the library default cannot silently change the format.
    db.pragma(`cipher='chacha20'`);
    db.pragma(`key="x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (error instanceof Error && /not a database|file is encrypted|malformed/i.test(error.message)) {
      throw new AppFailure(
        'DB_DAMAGED',
        'Berkas database tidak dapat dibaca dengan kunci ini: berkasnya rusak atau bukan milik folder data ini. Pulihkan dari cadangan terakhir.',
      );
    }
    throw error;
  }
  applyPragmas(db);
  return db;
}

/**
 * WAL for concurrent readers; synchronous=FULL because a WAL database reopens with NORMAL and a
 * saved edit could vanish on power loss; temp files stay in memory because they are not encrypted.
 */
export function applyPragmas(db: SqliteDb): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32768');
  db.pragma('busy_timeout = 10000');
}

/** PRAGMA rekey refuses WAL mode on this SQLite3MultipleCiphers version: leave WAL, rekey, return. */
export function rekey(db: SqliteDb, newKey: Buffer): void {
  if (newKey.length !== DB_KEY_BYTES) throw new Error('database key must be 32 bytes');
  const inUse = new AppFailure(
    'CONFLICT',
    'Database sedang dibuka oleh program lain (misalnya aplikasi Bansos Desk di komputer ini). Tutup program itu, lalu ulangi penggantian kunci.',
  );
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    // With another connection open SQLite may keep WAL silently instead of failing.
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw inUse;
  } catch (error) {
    if (error === inUse || /busy|locked/i.test(String((error as Error).message))) throw inUse;
    throw error;
  }
  try {
    db.pragma(`rekey="x'${newKey.toString('hex')}'"`);
  } finally {
    db.pragma('journal_mode = WAL');
  }
}

export function integrityOk(db: SqliteDb): boolean {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.length === 1 && rows[0]?.integrity_check === 'ok';
}
