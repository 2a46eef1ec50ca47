import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomUUID,
  scrypt,
  type KeyObject,
} from 'node:crypto';
import { AppFailure } from '../common/errors.ts';
import { DB_KEY_BYTES } from './connection.ts';

/**
 * Key slots: the random database key, stored only sealed, once per user and once for the
 * recovery code.
 *
 * Each slot owns an X25519 key pair. Its private key is sealed with a key derived from the
 * password (scrypt -> AES-256-GCM); the database key is sealed to its public key (ECDH ->
 * HKDF -> AES-256-GCM). Login = derive, open the private key, open the database key. Because
 * sealing needs only public keys, an admin can rotate the database key for every slot without
 * knowing anyone's password, and a removed user's old private key opens nothing new.
 *
 * Every sealed box binds the slot's identity (id, kind, username, user id, public key) as
 * additional data, so copying one slot's contents under another name fails to open.
 */

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

export interface SealedBox {
  iv: string;
  ct: string;
  tag: string;
}

export interface SealedDbKey {
  keyId: string;
  ephemeralPublicKey: string;
  box: SealedBox;
}

export type SlotOwner = { kind: 'user'; username: string; userId: string } | { kind: 'recovery' };

export interface KeySlot {
  id: string;
  owner: SlotOwner;
  publicKey: string;
  kdf: KdfParams;
  privateKey: SealedBox;
  dbKey: SealedDbKey;
  /** Present only while a key rotation is between sealing the new key and rekeying the file. */
  nextDbKey?: SealedDbKey;
  failures: { count: number; lastAt: string | null };
  createdAt: string;
}

export interface KeySlotFile {
  format: 'bansos-keyslots';
  version: 1;
  slots: KeySlot[];
}

/** 'interactive' is what users get (about 0.4 s here); 'test' exists only for fast unit tests. */
export type KdfCost = 'interactive' | 'test';

const KDF_COST: Record<KdfCost, Pick<KdfParams, 'N' | 'r' | 'p'>> = {
  interactive: { N: 2 ** 17, r: 8, p: 1 },
  test: { N: 2 ** 10, r: 8, p: 1 },
};

const b64 = (buf: Buffer) => buf.toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64');

export function newDatabaseKey(): Buffer {
  return randomBytes(DB_KEY_BYTES);
}

/** Short public fingerprint of a database key, to tell which key a slot holds. */
export function keyId(dbKey: Buffer): string {
  return createHash('sha256').update('bansos-db-key-id\0').update(dbKey).digest('hex').slice(0, 16);
}

function slotAad(
  slot: Pick<KeySlot, 'id' | 'owner' | 'publicKey'>,
  purpose: 'private-key' | 'db-key',
): Buffer {
  const owner =
    slot.owner.kind === 'user' ? `user\0${slot.owner.username}\0${slot.owner.userId}` : 'recovery';
  return Buffer.from(`bansos-slot-v1\0${purpose}\0${slot.id}\0${owner}\0${slot.publicKey}`);
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: b64(iv), ct: b64(ct), tag: b64(cipher.getAuthTag()) };
}

/** Returns null when the key is wrong or anything was altered (GCM tag check). */
function open(key: Buffer, box: SealedBox, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, unb64(box.iv));
    decipher.setAAD(aad);
    decipher.setAuthTag(unb64(box.tag));
    return Buffer.concat([decipher.update(unb64(box.ct)), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * The cost of trying a password on a slot and nothing more: the key derivation, its result
 * thrown away. An unknown username's answer takes as long as an account's, and, never opening
 * the slot, cannot tell whether the password was that slot's owner's.
 */
export async function spendUnlockWork(slot: KeySlot, secret: string): Promise<void> {
  (await deriveKek(secret, slot.kdf)).fill(0);
}

function deriveKek(secret: string, kdf: KdfParams): Promise<Buffer> {
  const normalized = secret.normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(
      normalized,
      unb64(kdf.salt),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 512 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

function sharedKey(
  privateKey: KeyObject,
  publicKey: KeyObject,
  ephemeralPub: string,
  slotPub: string,
): Buffer {
  const secret = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(ephemeralPub + slotPub), 'bansos-db-key-v1', 32));
}

const publicKeyFrom = (spkiB64: string) =>
  createPublicKey({ key: unb64(spkiB64), format: 'der', type: 'spki' });

function sealDbKeyTo(slot: Pick<KeySlot, 'id' | 'owner' | 'publicKey'>, dbKey: Buffer): SealedDbKey {
  const eph = generateKeyPairSync('x25519');
  const ephPub = b64(eph.publicKey.export({ format: 'der', type: 'spki' }));
  const key = sharedKey(eph.privateKey, publicKeyFrom(slot.publicKey), ephPub, slot.publicKey);
  return { keyId: keyId(dbKey), ephemeralPublicKey: ephPub, box: seal(key, dbKey, slotAad(slot, 'db-key')) };
}

function openDbKey(slot: KeySlot, privateKey: KeyObject, sealed: SealedDbKey): Buffer | null {
  const key = sharedKey(
    privateKey,
    publicKeyFrom(sealed.ephemeralPublicKey),
    sealed.ephemeralPublicKey,
    slot.publicKey,
  );
  const dbKey = open(key, sealed.box, slotAad(slot, 'db-key'));
  return dbKey && keyId(dbKey) === sealed.keyId ? dbKey : null;
}

export async function createSlot(
  owner: SlotOwner,
  secret: string,
  dbKey: Buffer,
  cost: KdfCost,
  now: string,
): Promise<KeySlot> {
  const pair = generateKeyPairSync('x25519');
  const identity = {
    id: randomUUID(),
    owner,
    publicKey: b64(pair.publicKey.export({ format: 'der', type: 'spki' })),
  };
  const kdf: KdfParams = { name: 'scrypt', ...KDF_COST[cost], salt: b64(randomBytes(16)) };
  const kek = await deriveKek(secret, kdf);
  const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    ...identity,
    kdf,
    privateKey: seal(kek, pkcs8, slotAad(identity, 'private-key')),
    dbKey: sealDbKeyTo(identity, dbKey),
    failures: { count: 0, lastAt: null },
    createdAt: now,
  };
}

export interface UnlockedSlot {
  slot: KeySlot;
  dbKey: Buffer;
  /** Set when a rotation was interrupted: the file may already be under this key. */
  nextDbKey: Buffer | null;
}

/** Null when the secret is wrong (or the slot was tampered with). */
export async function unlockSlot(slot: KeySlot, secret: string): Promise<UnlockedSlot | null> {
  const kek = await deriveKek(secret, slot.kdf);
  const pkcs8 = open(kek, slot.privateKey, slotAad(slot, 'private-key'));
  if (!pkcs8) return null;
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const dbKey = openDbKey(slot, privateKey, slot.dbKey);
  if (!dbKey) return null;
  const nextDbKey = slot.nextDbKey ? openDbKey(slot, privateKey, slot.nextDbKey) : null;
  return { slot, dbKey, nextDbKey };
}

/** Rotation step 1: seal the new key to every slot beside the current one. */
export function stageNextKey(file: KeySlotFile, nextKey: Buffer): KeySlotFile {
  return { ...file, slots: file.slots.map((s) => ({ ...s, nextDbKey: sealDbKeyTo(s, nextKey) })) };
}

/** Rotation step 3 (after the database file is rekeyed): the staged key becomes the key. */
export function commitNextKey(file: KeySlotFile): KeySlotFile {
  return {
    ...file,
    slots: file.slots.map(({ nextDbKey, ...s }) => (nextDbKey ? { ...s, dbKey: nextDbKey } : s)),
  };
}

export function dropNextKey(file: KeySlotFile): KeySlotFile {
  return { ...file, slots: file.slots.map(({ nextDbKey: _drop, ...s }) => s) };
}

export function emptySlotFile(): KeySlotFile {
  return { format: 'bansos-keyslots', version: 1, slots: [] };
}

export function parseSlotFile(text: string): KeySlotFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const file = parsed as KeySlotFile | null;
  if (!file || file.format !== 'bansos-keyslots' || file.version !== 1 || !Array.isArray(file.slots)) {
    throw new AppFailure(
      'DB_DAMAGED',
      'Berkas kunci (keyslots.json) rusak atau bukan milik Bansos Desk. Pulihkan folder data dari cadangan terakhir.',
    );
  }
  return file;
}

export const userSlot = (file: KeySlotFile, username: string): KeySlot | undefined =>
  file.slots.find((s) => s.owner.kind === 'user' && s.owner.username === username);

export const recoverySlot = (file: KeySlotFile): KeySlot | undefined =>
  file.slots.find((s) => s.owner.kind === 'recovery');

/** Replaces the slot of the same owner (a user's or the recovery slot), or adds it. */
export function putSlot(file: KeySlotFile, slot: KeySlot): KeySlotFile {
  const sameOwner = (s: KeySlot) =>
    s.owner.kind === slot.owner.kind &&
    (s.owner.kind === 'recovery' || (slot.owner.kind === 'user' && s.owner.userId === slot.owner.userId));
  return { ...file, slots: [...file.slots.filter((s) => !sameOwner(s)), slot] };
}

export function removeUserSlot(file: KeySlotFile, userId: string): KeySlotFile {
  return {
    ...file,
    slots: file.slots.filter((s) => !(s.owner.kind === 'user' && s.owner.userId === userId)),
  };
}

export function updateSlot(
  file: KeySlotFile,
  slotId: string,
  change: (slot: KeySlot) => KeySlot,
): KeySlotFile {
  return { ...file, slots: file.slots.map((s) => (s.id === slotId ? change(s) : s)) };
}

// Recovery codes: 25 Crockford base32 characters (125 bits) in groups of five.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCode(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((b) => CROCKFORD[b % 32]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** Accepts the code as people type it: any case, spaces or dashes, O for 0 and I/L for 1. */
export function normalizeRecoveryCode(input: string): string {
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return chars.match(/.{1,5}/g)?.join('-') ?? '';
}
