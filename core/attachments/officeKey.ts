import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import { SEALED_HEADER_BYTES } from '../../common/sync/blobs.ts';
import { qb, type Sql } from '../../db/sql.ts';

/**
 * The office files key: one secret every workstation of the office holds and the central server
 * never sees, so attachment files cross the server sealed end to end. The first workstation makes
 * it and shows it as a code; the others have it typed in (Sinkronisasi page). Kept only inside
 * the encrypted database, never in the audit trail.
 *
 * The code is 48 random Crockford base32 characters (240 bits) and 4 check characters, in groups
 * of four; the key is the SHA-256 of the 48. A mistyped code is caught by the check characters
 * instead of sealing files nobody else can open.
 */
const CODE_META = 'office_files_code';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_CHARS = 48;
const CHECK_CHARS = 4;
const SEAL_VERSION = 1;

const grouped = (chars: string) => chars.match(/.{1,4}/g)!.join('-');

function checkOf(body: string): string {
  const digest = createHash('sha256').update(`bansos-office-code:${body}`).digest();
  return [...digest.subarray(0, CHECK_CHARS)].map((b) => CROCKFORD[b % 32]).join('');
}

function keyOf(body: string): Buffer {
  return createHash('sha256').update(`bansos-office-files-key:${body}`).digest();
}

export function newOfficeCode(): string {
  let body = '';
  for (let i = 0; i < BODY_CHARS; i++) body += CROCKFORD[randomInt(32)];
  return grouped(body + checkOf(body));
}

/** The code's 48 characters as typed (any case, spaces or dashes, O for 0, I/L for 1), checked. */
export function parseOfficeCode(typed: string): string {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = chars.slice(0, BODY_CHARS);
  if (
    chars.length !== BODY_CHARS + CHECK_CHARS ||
    [...chars].some((c) => !CROCKFORD.includes(c)) ||
    chars.slice(BODY_CHARS) !== checkOf(body)
  )
    throw new AppFailure(
      'VALIDATION',
      `Kode kunci berkas kantor tidak cocok: periksa lagi ${BODY_CHARS + CHECK_CHARS} hurufnya (kelompok empat-empat) seperti tertulis di workstation pertama.`,
    );
  return body;
}

/** The office key of this workstation, or null when it has not been set yet. */
export function officeKey(sql: Sql): Buffer | null {
  const stored = sql.first(qb.selectFrom('meta').select('value').where('key', '=', CODE_META));
  return stored ? keyOf(stored.value) : null;
}

/** The code to show another workstation's admin, or null when not set. */
export function officeCode(sql: Sql): string | null {
  const stored = sql.first(qb.selectFrom('meta').select('value').where('key', '=', CODE_META));
  return stored ? grouped(stored.value + checkOf(stored.value)) : null;
}

/** Stores the key's code (once: a workstation keeps the key its files were sealed with). */
export function storeOfficeCode(sql: Sql, body: string): void {
  if (officeKey(sql))
    throw new AppFailure(
      'CONFLICT',
      'Kunci berkas kantor sudah terpasang di workstation ini. Untuk workstation lain, tampilkan kodenya di sini lalu ketik di sana.',
    );
  sql.run(qb.insertInto('meta').values({ key: CODE_META, value: body }));
}

/**
 * A file sealed for the server: version byte, IV, tag, ciphertext. The file's SHA-256 is the
 * AAD, so the server cannot hand one file out under another's hash.
 */
export function sealForOffice(key: Buffer, data: Buffer, sha256: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sha256));
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([Buffer.from([SEAL_VERSION]), nonce, cipher.getAuthTag(), ct]);
}

/** The plain file from a sealed blob, or a specific failure (wrong key, or altered bytes). */
export function openFromOffice(key: Buffer, sealed: Buffer, sha256: string): Buffer {
  const unreadable = new AppFailure(
    'DB_DAMAGED',
    'Berkas dari server tidak dapat dibuka dengan kunci berkas kantor di workstation ini: kuncinya berbeda dengan workstation yang mengirim, atau berkasnya rusak. Periksa kode kunci berkas kantor di halaman Sinkronisasi.',
  );
  if (sealed.length < SEALED_HEADER_BYTES || sealed[0] !== SEAL_VERSION) throw unreadable;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.from(sha256));
    decipher.setAuthTag(sealed.subarray(13, SEALED_HEADER_BYTES));
    const data = Buffer.concat([decipher.update(sealed.subarray(SEALED_HEADER_BYTES)), decipher.final()]);
    if (createHash('sha256').update(data).digest('hex') !== sha256) throw unreadable;
    return data;
  } catch {
    throw unreadable;
  }
}
