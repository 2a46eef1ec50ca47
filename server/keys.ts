/**
 * The key of the server's SQLite store. It is never kept in clear in the data folder: it is
 * derived at start from a passphrase (scrypt with a salt kept in DIR/server-key.json; a salt is
 * not a secret), or read from a key file the operator keeps elsewhere (--key-file PATH). The
 * recovery key printed by `init-key` is that same 256-bit key, written as a key file.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export const KEY_BYTES = 32;
export const KEY_META_FILE = 'server-key.json';
/** The salt of a new passphrase while the store is being rekeyed (crash-safe change). */
export const NEXT_META_FILE = 'server-key.json.next';

export type KeySource = { passphrase: string } | { keyFile: string } | { key: Buffer };

export interface KeyMeta {
  version: 1;
  cipher: 'chacha20';
  /** How the store was created: the passphrase, or a key file (then no passphrase opens it). */
  source: 'passphrase' | 'key-file';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  createdAt: string;
}

/** Every refusal about keys, in the operator's language; main.ts prints the message only. */
export class StoreKeyError extends Error {}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
export const MIN_PASSPHRASE = 12;

export function metaPath(dataDir: string, name = KEY_META_FILE): string {
  return join(dataDir, name);
}

export function readMeta(dataDir: string, name = KEY_META_FILE): KeyMeta | null {
  const path = metaPath(dataDir, name);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as KeyMeta;
}

export function writeMeta(dataDir: string, meta: KeyMeta, name = KEY_META_FILE): void {
  writeFileSync(metaPath(dataDir, name), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  chmodSync(metaPath(dataDir, name), 0o600);
}

export function newMeta(source: KeyMeta['source']): KeyMeta {
  return {
    version: 1,
    cipher: 'chacha20',
    source,
    kdf: { name: 'scrypt', ...SCRYPT, salt: randomBytes(16).toString('base64') },
    createdAt: new Date().toISOString(),
  };
}

export function deriveKey(passphrase: string, meta: KeyMeta): Buffer {
  const { N, r, p, salt } = meta.kdf;
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(salt, 'base64'), KEY_BYTES, {
    N,
    r,
    p,
    maxmem: 256 * N * r,
  });
}

/** BANSOS_SERVER_KEY_FILE, then BANSOS_SERVER_PASSPHRASE; null when neither is set. */
export function keySourceFromEnv(env: NodeJS.ProcessEnv = process.env): KeySource | null {
  if (env.BANSOS_SERVER_KEY_FILE) return { keyFile: env.BANSOS_SERVER_KEY_FILE };
  if (env.BANSOS_SERVER_PASSPHRASE) return { passphrase: env.BANSOS_SERVER_PASSPHRASE };
  return null;
}

/** Is `path` inside `dir` (after resolving links of the parts that exist)? */
function inside(dir: string, path: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return join(real(dirname(p)), basename(p));
    }
  };
  const rel = relative(real(resolve(dir)), real(resolve(path)));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function refuseInsideData(dataDir: string, keyFile: string): void {
  if (inside(dataDir, keyFile))
    throw new StoreKeyError(
      `Berkas kunci tidak boleh disimpan di folder data server (${keyFile}): siapa pun yang menyalin folder itu akan ikut membawa kuncinya. Simpan di tempat lain (flashdisk yang disimpan terkunci, folder milik root) dan tunjuk dengan --key-file.`,
    );
}

/** Hex, 64 digits; spaces, dashes and lines starting with # are ignored. */
export function parseKeyText(text: string): Buffer | null {
  const hex = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('')
    .replace(/[\s-]/g, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

export function formatKey(key: Buffer): string {
  return key.toString('hex').toUpperCase().match(/.{8}/g)!.join('-');
}

export function readKeyFile(dataDir: string, keyFile: string): Buffer {
  refuseInsideData(dataDir, keyFile);
  if (!existsSync(keyFile)) throw new StoreKeyError(`Berkas kunci ${keyFile} tidak ditemukan.`);
  const key = parseKeyText(readFileSync(keyFile, 'utf8'));
  if (!key)
    throw new StoreKeyError(
      `Berkas kunci ${keyFile} tidak berisi kunci server (64 digit heksadesimal, seperti yang dicetak init-key).`,
    );
  return key;
}

export function writeKeyFile(dataDir: string, keyFile: string, key: Buffer): void {
  refuseInsideData(dataDir, keyFile);
  const text = `# Kunci server Bansos Desk (${new Date().toISOString()}). Rahasia: siapa pun yang memegangnya dapat membaca server.db.\n${formatKey(key)}\n`;
  try {
    writeFileSync(keyFile, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new StoreKeyError(`Berkas ${keyFile} sudah ada; tidak ditimpa.`);
    throw error;
  }
}

/**
 * The store's key from its source. `create`: the store does not exist yet, so a passphrase gets a
 * fresh salt and a key file that does not exist is made with a random key.
 */
export function resolveKey(
  dataDir: string,
  source: KeySource,
  create: boolean,
): { key: Buffer; meta: KeyMeta; created: boolean } {
  let meta = readMeta(dataDir);
  if ('key' in source) {
    if (!meta) meta = newMeta('key-file');
    return { key: source.key, meta, created: false };
  }
  if ('keyFile' in source) {
    if (create && !existsSync(source.keyFile)) {
      const key = randomBytes(KEY_BYTES);
      writeKeyFile(dataDir, source.keyFile, key);
      return { key, meta: meta ?? newMeta('key-file'), created: true };
    }
    return { key: readKeyFile(dataDir, source.keyFile), meta: meta ?? newMeta('key-file'), created: false };
  }
  if (!meta) {
    if (!create)
      throw new StoreKeyError(
        `${KEY_META_FILE} tidak ada di ${dataDir}: tanpa garam di dalamnya frasa sandi tidak dapat membuka server.db. Pulihkan berkas itu dari cadangan, atau buka dengan kunci pemulihan (--key-file BERKAS).`,
      );
    if (source.passphrase.length < MIN_PASSPHRASE)
      throw new StoreKeyError(`Frasa sandi server minimal ${MIN_PASSPHRASE} karakter.`);
    meta = newMeta('passphrase');
  } else if (meta.source === 'key-file' && !create) {
    throw new StoreKeyError(
      `Server di ${dataDir} dibuat dengan berkas kunci, bukan frasa sandi: jalankan dengan --key-file BERKAS (atau BANSOS_SERVER_KEY_FILE).`,
    );
  }
  return { key: deriveKey(source.passphrase, meta), meta, created: false };
}

/** A hidden prompt on the terminal (nothing echoed); asks twice when a new passphrase is set. */
export async function promptPassphrase(confirm: boolean): Promise<string> {
  const ask = (label: string) =>
    new Promise<string>((resolvePrompt, reject) => {
      const stdin = process.stdin;
      process.stderr.write(label);
      let value = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const done = (error?: Error) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        if (error) reject(error);
        else resolvePrompt(value);
      };
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new StoreKeyError('Dibatalkan.'));
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Frasa sandi server: ');
  if (confirm && (await ask('Ulangi frasa sandi: ')) !== first)
    throw new StoreKeyError('Kedua frasa sandi tidak sama.');
  return first;
}
