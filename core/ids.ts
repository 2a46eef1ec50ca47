import { createHash, randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): made offline, unique across devices, sortable by creation time. The 12
 * bits after the version count up within one millisecond (method 1 of section 6.2), so ids made
 * in a burst stay in order; the rest is random. Random bytes come from a pool, because a bulk
 * import makes several ids per row and one system call each would dominate.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = randomByte() & 0x3ff; // starts low, leaving room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter exhausted: borrow the next millisecond, never repeat or go back
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  randomBytes(bytes, 8, 8);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let lastMs = 0;
let counter = 0;
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomBytes(target: Buffer, at: number, count: number): void {
  if (poolAt + count > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(target, at, poolAt, poolAt + count);
  poolAt += count;
}

function randomByte(): number {
  const one = Buffer.allocUnsafe(1);
  randomBytes(one, 0, 1);
  return one[0]!;
}

/**
 * A UUIDv7-shaped id derived from a name: the reference rows every workstation seeds itself get
 * the same id everywhere, so their first sync merges instead of clashing (core/sync).
 */
export function stableId(name: string): string {
  const h = createHash('sha256').update(`bansos-desk:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
