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
  return idText(bytes);
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The 16 bytes as 8-4-4-4-12 hex digits, written into one buffer and read out as one flat
 * string (56 bytes of heap). Joining five slices of the hex made a tree of nine strings
 * (~370 bytes), and a large import holds on to an id for every person and family it writes.
 */
function idText(bytes: Buffer): string {
  const text = Buffer.allocUnsafe(36);
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d; // '-'
    text[at++] = HEX_DIGITS[bytes[i]! >> 4]!;
    text[at++] = HEX_DIGITS[bytes[i]! & 0xf]!;
  }
  return text.toString('latin1');
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
