/**
 * Writes Excel 97-2003 files record by record, for tests that need what LibreOffice will not
 * make on request: a string list cut across CONTINUE records at a chosen place, 4,096-byte
 * sectors, a FAT that loops, a password record. Builds the compound file (MS-CFB) around the
 * streams too. Nothing here is clever: each structure is laid out as the specification draws it.
 */

export const record = (type: number, data: Buffer = Buffer.alloc(0)): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
};

const u16 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
  return b;
};
const u32 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
};

/** An XLUnicodeString: count, flag byte, then one byte per character or two. */
export function xlString(text: string, lengthBytes: 1 | 2 = 2): Buffer {
  const wide = [...text].some((c) => c.charCodeAt(0) > 0xff);
  const count = lengthBytes === 1 ? Buffer.from([text.length]) : u16(text.length);
  return Buffer.concat([count, Buffer.from([wide ? 1 : 0]), Buffer.from(text, wide ? 'utf16le' : 'latin1')]);
}

/** Excel 5.0/95's text: a count, then the bytes as they are (the code page's, for the caller to choose). */
export function byteString(bytes: Buffer, lengthBytes: 1 | 2 = 2): Buffer {
  return Buffer.concat([lengthBytes === 1 ? Buffer.from([bytes.length]) : u16(bytes.length), bytes]);
}

export const BOF = (kind: 'globals' | 'worksheet' | 'chart', version = 0x0600) =>
  record(
    0x0809,
    Buffer.concat([u16(version, { globals: 0x5, worksheet: 0x10, chart: 0x20 }[kind]), Buffer.alloc(12)]),
  );
export const EOF = record(0x000a);

const cellHead = (row: number, column: number, xf: number) => u16(row, column, xf);

export const cell = {
  label: (row: number, column: number, text: string, xf = 15) =>
    record(0x0204, Buffer.concat([cellHead(row, column, xf), xlString(text)])),
  /** Excel 5.0/95's LABEL: code-page bytes, no flag byte. */
  label5: (row: number, column: number, bytes: Buffer, xf = 15) =>
    record(0x0204, Buffer.concat([cellHead(row, column, xf), byteString(bytes)])),
  sst: (row: number, column: number, index: number, xf = 15) =>
    record(0x00fd, Buffer.concat([cellHead(row, column, xf), u32(index)])),
  number: (row: number, column: number, value: number, xf = 15) => {
    const v = Buffer.alloc(8);
    v.writeDoubleLE(value);
    return record(0x0203, Buffer.concat([cellHead(row, column, xf), v]));
  },
  rk: (row: number, column: number, rk: number, xf = 15) =>
    record(0x027e, Buffer.concat([cellHead(row, column, xf), u32(rk)])),
  mulrk: (row: number, first: number, rks: number[], xf = 15) =>
    record(
      0x00bd,
      Buffer.concat([
        u16(row, first),
        ...rks.map((rk) => Buffer.concat([u16(xf), u32(rk)])),
        u16(first + rks.length - 1),
      ]),
    ),
  boolErr: (row: number, column: number, value: number, isError: boolean) =>
    record(0x0205, Buffer.concat([cellHead(row, column, 15), Buffer.from([value, isError ? 1 : 0])])),
  /** A formula's cached result: a number, or [type, value] (0 text in a STRING after, 1 bool, 2 error). */
  formula: (row: number, column: number, result: number | [0 | 1 | 2, number], xf = 15) => {
    const value = Buffer.alloc(8);
    if (typeof result === 'number') value.writeDoubleLE(result);
    else {
      value[0] = result[0];
      value[2] = result[1];
      value.writeUInt16LE(0xffff, 6);
    }
    // grbit, chn, then a formula of one token (tInt 1): what the reader never looks at.
    return record(
      0x0006,
      Buffer.concat([cellHead(row, column, xf), value, u16(0), u32(0), u16(3), Buffer.from([0x1e, 1, 0])]),
    );
  },
  string: (text: string) => record(0x0207, xlString(text)),
};

/** RK of a whole number (signed 30 bits). */
export const rkInt = (n: number) => ((n << 2) | 0x02) >>> 0;
/** RK of a float kept by its top 30 bits (exact for values such as 1.5 or 0.25). */
export function rkFloat(n: number, hundredths = false): number {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return ((b.readUInt32LE(4) & 0xfffffffc) | (hundredths ? 1 : 0)) >>> 0;
}

export const format = (id: number, code: string) => record(0x041e, Buffer.concat([u16(id), xlString(code)]));
/** An XF (cell style) with number format `formatId`; its index is its place among the XFs. */
export const xf = (formatId: number) => record(0x00e0, Buffer.concat([u16(0, formatId), Buffer.alloc(16)]));
export const dateMode1904 = record(0x0022, u16(1));
export const filePass = record(0x002f, u16(1, 1, 1));

/**
 * An SST whose strings are cut into records of at most `recordBytes` (Excel cuts at 8,224). Each
 * piece of a cut string says its own width, as Excel's do: a piece of plain letters after a piece
 * of 漢字 is one byte per character again.
 */
export function sst(strings: string[], recordBytes = 8224): Buffer {
  const parts: Buffer[] = [];
  let current = [u32(strings.length, strings.length)];
  let size = 8;
  const flush = () => {
    parts.push(record(parts.length ? 0x003c : 0x00fc, Buffer.concat(current)));
    current = [];
    size = 0;
  };
  /** The next piece of `units` from `at` that fits in `room` bytes, and whether it needs two bytes each. */
  const piece = (units: number[], at: number, room: number) => {
    const narrow = units.slice(at, at + room);
    if (narrow.every((u) => u <= 0xff)) return { wide: false, units: narrow };
    return { wide: true, units: units.slice(at, at + Math.floor(room / 2)) };
  };
  const bytesOf = (p: { wide: boolean; units: number[] }) =>
    p.wide ? Buffer.from(Uint16Array.from(p.units).buffer) : Buffer.from(p.units);
  for (const text of strings) {
    const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    if (size + 3 + 2 > recordBytes) flush();
    let p = piece(units, 0, recordBytes - size - 3);
    current.push(u16(text.length), Buffer.from([p.wide ? 1 : 0]));
    size += 3;
    let at = 0;
    for (;;) {
      current.push(bytesOf(p));
      size += p.units.length * (p.wide ? 2 : 1);
      at += p.units.length;
      if (at >= units.length) break;
      flush();
      p = piece(units, at, recordBytes - 1);
      current.push(Buffer.from([p.wide ? 1 : 0]));
      size = 1;
    }
  }
  flush();
  return Buffer.concat(parts);
}

export interface SheetSpec {
  name: string;
  records: Buffer[];
  /** BOUNDSHEET's sheet type: 0 worksheet, 2 chart. */
  type?: number;
  hidden?: boolean;
  kind?: 'worksheet' | 'chart';
}

/** The Workbook stream: globals (with `globals` records), a BOUNDSHEET per sheet, then the sheets. */
export function workbookStream(sheets: SheetSpec[], globals: Buffer[] = [], version = 0x0600): Buffer {
  // Excel 5.0/95 writes the name as bytes; the tests' names are plain letters.
  const name = (text: string) =>
    version === 0x0500 ? byteString(Buffer.from(text, 'latin1'), 1) : xlString(text, 1);
  const bounds = sheets.map((s) =>
    record(0x0085, Buffer.concat([u32(0), Buffer.from([s.hidden ? 1 : 0, s.type ?? 0]), name(s.name)])),
  );
  const head = Buffer.concat([BOF('globals', version), ...globals, ...bounds, EOF]);
  const bodies = sheets.map((s) => Buffer.concat([BOF(s.kind ?? 'worksheet', version), ...s.records, EOF]));
  let at = head.length;
  let boundAt = head.length - EOF.length - bounds.reduce((n, b) => n + b.length, 0);
  bodies.forEach((body, i) => {
    head.writeUInt32LE(at, boundAt + 4);
    boundAt += bounds[i]!.length;
    at += body.length;
  });
  return Buffer.concat([head, ...bodies]);
}

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;

/**
 * A compound file holding `streams` at its top. Streams under 4,096 bytes go to the mini stream,
 * as the specification requires. `sectorShift` 9 (512-byte sectors, version 3) or 12 (version 4).
 */
export function compoundFile(streams: { name: string; data: Buffer }[], sectorShift: 9 | 12 = 9): Buffer {
  const S = 1 << sectorShift;
  const sectors: Buffer[] = [];
  const fat: number[] = [];
  const place = (data: Buffer): number => {
    if (data.length === 0) return END;
    const first = sectors.length;
    for (let at = 0; at < data.length; at += S) {
      const sector = Buffer.alloc(S);
      data.copy(sector, 0, at, Math.min(at + S, data.length));
      sectors.push(sector);
      fat.push(at + S < data.length ? sectors.length : END);
    }
    return first;
  };
  // Small streams in 64-byte mini sectors.
  const miniParts: Buffer[] = [];
  const miniFat: number[] = [];
  const starts = streams.map(({ data }) => {
    if (data.length >= 4096) return place(data);
    if (data.length === 0) return END;
    const first = miniFat.length;
    for (let at = 0; at < data.length; at += 64) {
      const mini = Buffer.alloc(64);
      data.copy(mini, 0, at, Math.min(at + 64, data.length));
      miniParts.push(mini);
      miniFat.push(at + 64 < data.length ? miniFat.length + 1 : END);
    }
    return first;
  });
  const miniStream = Buffer.concat(miniParts);
  const miniStart = place(miniStream);
  const miniFatStart = miniFat.length ? place(u32(...miniFat)) : END;
  const entries = [{ name: 'Root Entry', type: 5, start: miniStart, size: miniStream.length }].concat(
    streams.map((s, i) => ({ name: s.name, type: 2, start: starts[i]!, size: s.data.length })),
  );
  const directory = Buffer.alloc(Math.ceil((entries.length * 128) / S) * S);
  entries.forEach((e, i) => {
    const at = i * 128;
    directory.write(e.name, at, 'utf16le');
    directory.writeUInt16LE((e.name.length + 1) * 2, at + 0x40);
    directory[at + 0x42] = e.type;
    directory[at + 0x43] = 1;
    directory.writeUInt32LE(FREE, at + 0x44);
    // A flat list: the root's child is the first stream, each stream's right sibling the next.
    directory.writeUInt32LE(i > 0 && i < entries.length - 1 ? i + 1 : FREE, at + 0x48);
    directory.writeUInt32LE(i === 0 && entries.length > 1 ? 1 : FREE, at + 0x4c);
    directory.writeUInt32LE(e.start, at + 0x74);
    directory.writeUInt32LE(e.size, at + 0x78);
  });
  const directoryStart = place(directory);
  // The FAT covers itself and the DIFAT sectors too: grow until it does.
  const perSector = S / 4;
  let fatCount = 0;
  let difatCount = 0;
  while (fatCount * perSector < sectors.length + fatCount + difatCount) {
    fatCount++;
    difatCount = Math.max(0, Math.ceil((fatCount - 109) / (perSector - 1)));
  }
  const fatStart = sectors.length;
  for (let i = 0; i < fatCount; i++) fat.push(FATSECT);
  const difatStart = sectors.length + fatCount;
  for (let i = 0; i < difatCount; i++) fat.push(DIFSECT);
  while (fat.length < fatCount * perSector) fat.push(FREE);
  const fatBytes = u32(...fat);
  for (let i = 0; i < fatCount; i++) sectors.push(fatBytes.subarray(i * S, (i + 1) * S));
  const fatSectors = Array.from({ length: fatCount }, (_, i) => fatStart + i);
  for (let d = 0; d < difatCount; d++) {
    const listed = fatSectors.slice(109 + d * (perSector - 1), 109 + (d + 1) * (perSector - 1));
    const sector = Buffer.alloc(S, 0xff);
    u32(...listed).copy(sector);
    sector.writeUInt32LE(d + 1 < difatCount ? difatStart + d + 1 : END, S - 4);
    sectors.push(sector);
  }
  const header = Buffer.alloc(S);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(sectorShift === 9 ? 3 : 4, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(sectorShift, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(sectorShift === 12 ? Math.ceil(directory.length / S) : 0, 0x28);
  header.writeUInt32LE(fatCount, 0x2c);
  header.writeUInt32LE(directoryStart, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(miniFatStart, 0x3c);
  header.writeUInt32LE(miniFat.length ? Math.ceil((miniFat.length * 4) / S) : 0, 0x40);
  header.writeUInt32LE(difatCount ? difatStart : END, 0x44);
  header.writeUInt32LE(difatCount, 0x48);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(fatSectors[i] ?? FREE, 0x4c + i * 4);
  return Buffer.concat([header, ...sectors]);
}

/** An .xls of the given sheets: the usual case in one call. */
export const xlsFile = (sheets: SheetSpec[], globals: Buffer[] = [], sectorShift: 9 | 12 = 9) =>
  compoundFile([{ name: 'Workbook', data: workbookStream(sheets, globals) }], sectorShift);
