/**
 * The container of an old Excel file (.xls, Excel 97-2003): a Compound File Binary (MS-CFB), a
 * small file system of fixed-size sectors chained through a table (the FAT). Only what reading
 * one stream needs: the header, the FAT (through the DIFAT), the directory, the mini stream for
 * streams under 4,096 bytes. Every sector number and chain is checked, because a damaged or
 * crafted file can point anywhere or loop: such a file is `DamagedContainer`, never a hang.
 */

export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Thrown for a container that does not hold together; the caller words it for the user. */
export class DamagedContainer extends Error {}

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
/** Sector numbers above this are markers, not sectors. */
const MAX_SECTOR = 0xfffffffa;
const NO_ENTRY = 0xffffffff;
const DIRECTORY_ENTRY_BYTES = 128;
const STREAM = 2;
const ROOT = 5;

interface Entry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

export class CompoundFile {
  private readonly sectorBytes: number;
  private readonly miniSectorBytes: number;
  private readonly miniCutoff: number;
  private readonly fat: Uint32Array;
  private readonly entries: Entry[];
  private miniFat: Uint32Array | null = null;
  private miniStream: Buffer | null = null;

  constructor(private readonly file: Buffer) {
    if (file.length < 512 || !file.subarray(0, 8).equals(CFB_SIGNATURE))
      throw new DamagedContainer('not a compound file');
    const sectorShift = file.readUInt16LE(0x1e);
    const miniShift = file.readUInt16LE(0x20);
    if ((sectorShift !== 9 && sectorShift !== 12) || miniShift !== 6)
      throw new DamagedContainer(`sector shift ${sectorShift}/${miniShift}`);
    this.sectorBytes = 1 << sectorShift;
    this.miniSectorBytes = 1 << miniShift;
    this.miniCutoff = file.readUInt32LE(0x38);
    this.fat = this.readFat();
    this.entries = this.readDirectory(file.readUInt32LE(0x30));
  }

  /** How many whole or partial sectors follow the header: the bound of every chain. */
  private get sectorCount(): number {
    return Math.ceil((this.file.length - this.sectorBytes) / this.sectorBytes);
  }

  private sector(n: number): Buffer {
    if (n >= this.sectorCount) throw new DamagedContainer(`sector ${n} beyond the file`);
    const at = (n + 1) * this.sectorBytes;
    return this.file.subarray(at, Math.min(at + this.sectorBytes, this.file.length));
  }

  /** The FAT's sectors are listed by the header's 109 DIFAT entries, then by DIFAT sectors. */
  private readFat(): Uint32Array {
    const fatSectors: number[] = [];
    const declared = this.file.readUInt32LE(0x2c);
    for (let i = 0; i < 109 && fatSectors.length < declared; i++)
      fatSectors.push(this.file.readUInt32LE(0x4c + i * 4));
    let difat = this.file.readUInt32LE(0x44);
    const perDifat = this.sectorBytes / 4 - 1;
    const seen = new Set<number>();
    while (fatSectors.length < declared && difat <= MAX_SECTOR) {
      if (seen.has(difat)) throw new DamagedContainer('DIFAT loops');
      seen.add(difat);
      const sector = this.sector(difat);
      for (let i = 0; i < perDifat && fatSectors.length < declared; i++)
        fatSectors.push(sector.readUInt32LE(i * 4));
      difat = sector.readUInt32LE(perDifat * 4);
    }
    if (fatSectors.length < declared || declared > this.sectorCount)
      throw new DamagedContainer('FAT incomplete');
    const fat = new Uint32Array((declared * this.sectorBytes) / 4);
    fatSectors.forEach((n, i) => {
      const sector = this.sector(n);
      for (let j = 0; j * 4 + 4 <= sector.length; j++)
        fat[(i * this.sectorBytes) / 4 + j] = sector.readUInt32LE(j * 4);
    });
    return fat;
  }

  /** The sectors of the chain from `start`, checked against loops and the table's end. */
  private chain(start: number, table: Uint32Array, bound: number): number[] {
    const sectors: number[] = [];
    for (let n = start; n !== END_OF_CHAIN; n = table[n]!) {
      if (n === FREE || n >= table.length || n >= bound || sectors.length >= bound)
        throw new DamagedContainer(`chain from ${start} broken at ${n}`);
      sectors.push(n);
    }
    return sectors;
  }

  /** The chain's bytes, cut to `size` (a stream's) or whole (the directory's, the mini FAT's). */
  private readChain(start: number, size?: number): Buffer {
    if (start === END_OF_CHAIN || size === 0) return Buffer.alloc(0);
    const sectors = this.chain(start, this.fat, this.sectorCount);
    const whole = Buffer.concat(sectors.map((n) => this.sector(n)));
    if (size === undefined) return whole;
    if (whole.length < size) throw new DamagedContainer('stream shorter than its size');
    return whole.subarray(0, size);
  }

  private readDirectory(start: number): Entry[] {
    const bytes = this.readChain(start);
    const entries: Entry[] = [];
    for (let at = 0; at + DIRECTORY_ENTRY_BYTES <= bytes.length; at += DIRECTORY_ENTRY_BYTES) {
      const nameBytes = Math.min(bytes.readUInt16LE(at + 0x40), 64);
      entries.push({
        name: bytes.toString('utf16le', at, at + Math.max(nameBytes - 2, 0)),
        type: bytes[at + 0x42]!,
        left: bytes.readUInt32LE(at + 0x44),
        right: bytes.readUInt32LE(at + 0x48),
        child: bytes.readUInt32LE(at + 0x4c),
        start: bytes.readUInt32LE(at + 0x74),
        // The high half is 0 in any file this reader accepts (the file limit is far below 4 GB).
        size: bytes.readUInt32LE(at + 0x78) + bytes.readUInt32LE(at + 0x7c) * 2 ** 32,
      });
    }
    if (entries[0]?.type !== ROOT) throw new DamagedContainer('no root entry');
    return entries;
  }

  /** The names of the streams at the top of the file (an embedded object's are left out). */
  topStreams(): string[] {
    return this.topEntries()
      .filter((e) => e.type === STREAM)
      .map((e) => e.name);
  }

  /** The root's children: a tree through left/right siblings, walked with a guard against loops. */
  private topEntries(): Entry[] {
    const found: Entry[] = [];
    const seen = new Set<number>();
    const stack = [this.entries[0]!.child];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === NO_ENTRY) continue;
      const entry = this.entries[id];
      if (!entry || seen.has(id)) throw new DamagedContainer('directory tree broken');
      seen.add(id);
      found.push(entry);
      stack.push(entry.left, entry.right);
    }
    return found;
  }

  /** A top-level stream's bytes by name (any case), or null when the file has no such stream. */
  stream(name: string): Buffer | null {
    const entry = this.topEntries().find(
      (e) => e.type === STREAM && e.name.toLowerCase() === name.toLowerCase(),
    );
    if (!entry) return null;
    if (entry.size > this.file.length) throw new DamagedContainer('stream larger than the file');
    return entry.size < this.miniCutoff
      ? this.readMini(entry.start, entry.size)
      : this.readChain(entry.start, entry.size);
  }

  /** A small stream lives in 64-byte sectors inside the root's mini stream, chained by the mini FAT. */
  private readMini(start: number, size: number): Buffer {
    if (size === 0) return Buffer.alloc(0);
    if (!this.miniStream || !this.miniFat) {
      const root = this.entries[0]!;
      this.miniStream = this.readChain(root.start, root.size);
      const table = this.readChain(this.file.readUInt32LE(0x3c));
      this.miniFat = new Uint32Array(table.length / 4);
      for (let i = 0; i < this.miniFat.length; i++) this.miniFat[i] = table.readUInt32LE(i * 4);
    }
    const miniStream = this.miniStream;
    const bound = Math.floor(miniStream.length / this.miniSectorBytes);
    const sectors = this.chain(start, this.miniFat, bound);
    const whole = Buffer.concat(
      sectors.map((n) => miniStream.subarray(n * this.miniSectorBytes, (n + 1) * this.miniSectorBytes)),
    );
    if (whole.length < size) throw new DamagedContainer('mini stream shorter than its size');
    return whole.subarray(0, size);
  }
}
