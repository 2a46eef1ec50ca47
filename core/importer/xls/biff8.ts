import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { AppFailure } from '../../../common/errors.ts';
import { HiddenColumns, type Cell, type SheetRow } from '../cells.ts';
import { serialDate } from '../xlsx/sheetXml.ts';
import { formatIsDate } from '../xlsx/styles.ts';
import { CompoundFile, DamagedContainer } from './compoundFile.ts';

/**
 * Old Excel workbooks (.xls, Excel 97-2003, BIFF8; and Excel 5.0/95, BIFF5): what SIKS-NG, older
 * desa applications, PHP exports and many offices still save. The "Workbook" stream of the compound file is a list of records
 * (type, length, data): the workbook's globals first (shared strings, number formats, cell
 * styles, the sheets and where each begins), then one block of cell records per sheet. Cells
 * come back as the .xlsx reader gives them: a text cell as text (a NIK keeps its 16 digits), a
 * number as a number (the importer then says when a NIK came as one), a number styled as a date
 * as a date. Formulas give their cached result. Merged cells need nothing: Excel writes the
 * covered cells blank, as .xlsx does.
 *
 * An .xls file is small (Excel 97-2003 stops at 65,536 rows), so it is read whole.
 */

export interface XlsRow {
  sheet: string;
  /** 0-based, in the order the workbook lists its worksheets. */
  index: number;
  /** Hidden in Excel (BOUNDSHEET's visibility byte): a clerk never sees it. */
  hidden: boolean;
  /** The sheet's columns hidden in Excel (COLINFO records, before its rows): the same for each row. */
  hiddenColumns: HiddenColumns;
  row: SheetRow;
}

/** Why a file cannot be read (each has its own message, saying what to do). */
type XlsRefusal = 'damaged' | 'encrypted' | 'old-biff' | 'not-excel';

class XlsRefused extends Error {
  constructor(
    readonly reason: XlsRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

const RECORD = {
  BOF: 0x0809,
  EOF: 0x000a,
  FILEPASS: 0x002f,
  DATEMODE: 0x0022,
  FORMAT: 0x041e,
  XF: 0x00e0,
  SST: 0x00fc,
  CONTINUE: 0x003c,
  BOUNDSHEET: 0x0085,
  LABELSST: 0x00fd,
  LABEL: 0x0204,
  RSTRING: 0x00d6,
  NUMBER: 0x0203,
  RK: 0x027e,
  MULRK: 0x00bd,
  BOOLERR: 0x0205,
  FORMULA: 0x0006,
  STRING: 0x0207,
  ROW: 0x0208,
  COLINFO: 0x007d,
} as const;

/** A ROW record's option flag: the row is hidden (fDyZero). */
const ROW_HIDDEN = 0x0020;
/** A COLINFO record's option flag: its columns are hidden (fHidden). */
const COLUMNS_HIDDEN = 0x0001;

const BIFF8 = 0x0600;
const WORKSHEET = 0x0010;
const ERRORS: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

interface BiffRecord {
  type: number;
  /** Where the record starts in the stream (a sheet is found by its BOF's position). */
  at: number;
  data: Buffer;
  /** The data of the CONTINUE records right after it (a long string list or text runs on). */
  continues: Buffer[];
}

/** Every record of the stream from `from` to the EOF that closes it, CONTINUEs joined to theirs. */
function* records(stream: Buffer, from: number): Generator<BiffRecord> {
  let pending: BiffRecord | null = null;
  let at = from;
  while (at + 4 <= stream.length) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (at + 4 + length > stream.length)
      throw new XlsRefused('damaged', `record 0x${type.toString(16)} cut short`);
    const data = stream.subarray(at + 4, at + 4 + length);
    if (type === RECORD.CONTINUE && pending) pending.continues.push(data);
    else {
      if (pending) yield pending;
      pending = { type, at, data, continues: [] };
    }
    at += 4 + length;
  }
  if (pending) yield pending;
}

/**
 * A record's bytes and its CONTINUEs read as one, except where a string's characters run on into
 * a CONTINUE: there the next record begins with a new flag byte saying whether the rest is one
 * byte or two per character (MS-XLS 2.5.293, XLUnicodeRichExtendedString).
 */
class Reader {
  private part = 0;
  private at = 0;
  private readonly parts: Buffer[];

  constructor(record: BiffRecord, at = 0) {
    this.parts = [record.data, ...record.continues];
    this.at = at;
  }

  private current(): Buffer {
    while (this.part < this.parts.length && this.at >= this.parts[this.part]!.length) {
      this.at -= this.parts[this.part]!.length;
      this.part++;
    }
    const buffer = this.parts[this.part];
    if (!buffer) throw new XlsRefused('damaged', 'record data cut short');
    return buffer;
  }

  u8(): number {
    return this.current()[this.at++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(bytes: number): void {
    this.at += bytes;
  }

  /** `count` characters, one byte each (Latin-1) or two (UTF-16LE), across CONTINUE records. */
  chars(count: number, wide: boolean): string {
    if (count === 0) return '';
    // Not `current()`: characters that start right at a record's end start in the next one,
    // after its flag byte.
    let part = this.parts[this.part];
    if (!part) throw new XlsRefused('damaged', 'record data cut short');
    if (this.at + count * (wide ? 2 : 1) <= part.length) {
      const end = this.at + count * (wide ? 2 : 1);
      const text = part.toString(wide ? 'utf16le' : 'latin1', this.at, end);
      this.at = end;
      return text;
    }
    // Split: gathered as UTF-16 and decoded once, so a surrogate pair cut in two stays one character.
    const units = Buffer.alloc(count * 2);
    let done = 0;
    for (;;) {
      const fit = Math.min(count - done, Math.floor((part.length - this.at) / (wide ? 2 : 1)));
      for (let i = 0; i < fit; i++, done++) {
        units[done * 2] = part[this.at++]!;
        units[done * 2 + 1] = wide ? part[this.at++]! : 0;
      }
      if (done === count) return units.toString('utf16le');
      part = this.parts[++this.part];
      if (!part?.length) throw new XlsRefused('damaged', 'string cut short');
      wide = (part[0]! & 0x01) === 1;
      this.at = 1;
    }
  }

  /** Excel 5.0/95's text: a count, then one byte per character in the workbook's code page. */
  bytes(lengthBytes: 1 | 2, decoder: TextDecoder): string {
    const count = lengthBytes === 1 ? this.u8() : this.u16();
    const text = Buffer.alloc(count);
    // A long text runs on into CONTINUE records, with no flag byte (Gnumeric writes such).
    for (let done = 0; done < count;) {
      const part = this.current();
      const take = Math.min(count - done, part.length - this.at);
      part.copy(text, done, this.at, this.at + take);
      this.at += take;
      done += take;
    }
    // As a stream: Node 20's one-shot decode reads Windows-1252 as Latin-1 (’ became U+0092).
    // Each text is whole, so no character is left pending.
    return decoder.decode(text, { stream: true });
  }

  /** An XLUnicodeRichExtendedString (the string list's entries, LABEL's and STRING's text). */
  string(lengthBytes: 1 | 2): string {
    const count = lengthBytes === 1 ? this.u8() : this.u16();
    const flags = this.u8();
    const runs = flags & 0x08 ? this.u16() : 0;
    const extended = flags & 0x04 ? this.u32() : 0;
    const text = this.chars(count, (flags & 0x01) === 1);
    this.skip(runs * 4 + extended);
    return text;
  }
}

/** An RK number: 30 bits of a float's top or of a signed integer, maybe hundredths. */
function rkNumber(rk: number): number {
  let value: number;
  if (rk & 0x02) value = rk >> 2;
  else {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE((rk & 0xfffffffc) >>> 0, 4);
    value = bytes.readDoubleLE(0);
  }
  return rk & 0x01 ? value / 100 : value;
}

interface Globals {
  strings: string[];
  /** By XF index: whether a number in that style is a date. */
  dateStyles: boolean[];
  date1904: boolean;
  sheets: { name: string; at: number; hidden: boolean }[];
  /** Set for Excel 5.0/95, whose text is bytes in the workbook's code page (see `textOf`). */
  biff5: { decoder: TextDecoder } | null;
}

/** A text of a record, as the workbook's version writes it. */
const textOf = (globals: Globals, reader: Reader, lengthBytes: 1 | 2) =>
  globals.biff5 ? reader.bytes(lengthBytes, globals.biff5.decoder) : reader.string(lengthBytes);

const BIFF5 = 0x0500;
const CODEPAGE = 0x0042;

/**
 * Excel 5.0/95 (BIFF5, BIFF7) wrote one byte per character in the workbook's code page, with no
 * string list: what PHP's old Spreadsheet_Excel_Writer still makes by default. A code page
 * TextDecoder does not know is read as Windows-1252, the Indonesian Windows default.
 */
function codePage(id: number): TextDecoder {
  const label = id === 1200 ? 'utf-16le' : id === 10000 || id === 0x8000 ? 'macintosh' : `windows-${id}`;
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

function readGlobals(stream: Buffer): Globals {
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  const globals: Globals = { strings: [], dateStyles: [], date1904: false, sheets: [], biff5: null };
  let first = true;
  for (const record of records(stream, 0)) {
    const { data } = record;
    if (first) {
      if (record.type !== RECORD.BOF) throw new XlsRefused('not-excel', 'no BOF');
      const version = data.readUInt16LE(0);
      if (version === BIFF5) globals.biff5 = { decoder: new TextDecoder('windows-1252') };
      else if (version !== BIFF8) throw new XlsRefused('old-biff', `BIFF version 0x${version.toString(16)}`);
      first = false;
      continue;
    }
    switch (record.type) {
      case RECORD.FILEPASS:
        throw new XlsRefused('encrypted', 'FILEPASS');
      case CODEPAGE:
        if (globals.biff5) globals.biff5.decoder = codePage(data.readUInt16LE(0));
        break;
      case RECORD.DATEMODE:
        globals.date1904 = data.readUInt16LE(0) === 1;
        break;
      case RECORD.FORMAT: {
        // Excel 5.0/95 counts the code's characters in one byte, Excel 97 in two.
        formats.set(data.readUInt16LE(0), textOf(globals, new Reader(record, 2), globals.biff5 ? 1 : 2));
        break;
      }
      case RECORD.XF:
        xfFormats.push(data.readUInt16LE(2));
        break;
      case RECORD.SST: {
        const reader = new Reader(record, 8);
        const unique = data.readUInt32LE(4);
        for (let i = 0; i < unique; i++) globals.strings.push(reader.string(2));
        break;
      }
      case RECORD.BOUNDSHEET:
        if (data[5] === 0)
          globals.sheets.push({
            at: data.readUInt32LE(0),
            name: textOf(globals, new Reader(record, 6), 1),
            hidden: (data[4]! & 0x03) !== 0,
          });
        break;
    }
    if (record.type === RECORD.EOF) break;
  }
  globals.dateStyles = xfFormats.map((id) => formatIsDate(id, formats.get(id)));
  return globals;
}

/**
 * One worksheet's cells by row, kept until their rows are complete. Excel and LibreOffice write a
 * sheet's cells row after row, so the first cell of a later row completes the rows kept before
 * it; those wait in `ready`. The records of one row may still come in any order.
 */
class SheetCells {
  private readonly rows = new Map<number, Cell[]>();
  /** Rows a ROW record says are hidden (it comes before the row's cells). */
  private readonly hidden = new Set<number>();
  private highest = -1;
  readonly ready: SheetRow[] = [];

  constructor(
    private readonly globals: Globals,
    private readonly columns: number,
  ) {}

  put(row: number, column: number, cell: Cell): void {
    if (cell === null) return;
    if (row > this.highest) {
      this.ready.push(...this.flush());
      this.highest = row;
    }
    let cells = this.rows.get(row);
    if (!cells) this.rows.set(row, (cells = []));
    const at = Math.min(column, this.columns);
    while (cells.length < at) cells.push(null);
    cells[at] = cell;
  }

  number(row: number, column: number, style: number, value: number): void {
    if (this.globals.dateStyles[style]) this.put(row, column, serialDate(value, this.globals.date1904));
    else this.put(row, column, { t: 'n', v: value });
  }

  hide(row: number): void {
    this.hidden.add(row);
  }

  /** Excel writes a cell's line break as CR LF; the .xlsx reader (XML) gives LF, and so does this. */
  text(row: number, column: number, value: string): void {
    if (value !== '') this.put(row, column, { t: 's', v: value.replace(/\r\n?/g, '\n') });
  }

  /**
   * The rows kept so far, in row order, given up. Only rows with a value were kept: a row with
   * no value is not a row of the list (see spreadsheetMl.ts).
   */
  flush(): SheetRow[] {
    const rows = [...this.rows].sort(([a], [b]) => a - b);
    this.rows.clear();
    return rows.map(([row, cells]) => {
      while (cells.length && cells.at(-1) === null) cells.pop();
      if (!this.hidden.delete(row)) return { n: row + 1, cells };
      return { n: row + 1, cells, hidden: true as const };
    });
  }
}

/**
 * A worksheet's rows, each given up once a later row starts: the reader holds a row or two, not
 * the sheet's 65,536. A writer that breaks the order (a cell for a row already given) loses
 * nothing: those late cells come as a second row with the same number, which the import checks
 * as it checks any row.
 */
function* sheetRows(
  stream: Buffer,
  at: number,
  globals: Globals,
  limits: { columns: number },
  hiddenColumns: HiddenColumns,
): Generator<SheetRow> {
  const cells = new SheetCells(globals, limits.columns);
  /** A formula whose result is text: the text comes in the STRING record after it. */
  let stringResult: { row: number; column: number } | null = null;
  let depth = 0;
  for (const record of records(stream, at)) {
    if (cells.ready.length) yield* cells.ready.splice(0);
    const { data } = record;
    if (record.type === RECORD.BOF) {
      if (depth === 0 && data.readUInt16LE(2) !== WORKSHEET) return;
      depth++;
      continue;
    }
    if (record.type === RECORD.EOF) {
      if (--depth === 0) break;
      continue;
    }
    // A chart drawn on the sheet is a sheet of its own inside this one.
    if (depth !== 1) continue;
    // Before the cell records' length check: the text "L" is a 4-byte STRING record.
    if (record.type === RECORD.STRING) {
      if (stringResult)
        cells.text(stringResult.row, stringResult.column, textOf(globals, new Reader(record), 2));
      stringResult = null;
      continue;
    }
    if (data.length < 6) continue;
    const row = data.readUInt16LE(0);
    const column = data.readUInt16LE(2);
    switch (record.type) {
      case RECORD.ROW:
        if (data.length >= 14 && data.readUInt16LE(12) & ROW_HIDDEN) cells.hide(row);
        break;
      case RECORD.COLINFO:
        // colFirst, colLast, width, style, options: the columns the clerk does not see.
        if (data.length >= 10 && data.readUInt16LE(8) & COLUMNS_HIDDEN)
          hiddenColumns.hide(data.readUInt16LE(0), data.readUInt16LE(2));
        break;
      case RECORD.LABELSST:
        cells.text(row, column, globals.strings[data.readUInt32LE(6)] ?? '');
        break;
      case RECORD.LABEL:
      case RECORD.RSTRING:
        cells.text(row, column, textOf(globals, new Reader(record, 6), 2));
        break;
      case RECORD.NUMBER:
        cells.number(row, column, data.readUInt16LE(4), data.readDoubleLE(6));
        break;
      case RECORD.RK:
        cells.number(row, column, data.readUInt16LE(4), rkNumber(data.readUInt32LE(6)));
        break;
      case RECORD.MULRK: {
        const last = data.readUInt16LE(data.length - 2);
        for (let c = column, p = 4; c <= last && p + 6 <= data.length - 2; c++, p += 6)
          cells.number(row, c, data.readUInt16LE(p), rkNumber(data.readUInt32LE(p + 2)));
        break;
      }
      case RECORD.BOOLERR:
        cells.put(
          row,
          column,
          data[7] ? { t: 'e', v: ERRORS[data[6]!] ?? '#N/A' } : { t: 'b', v: data[6] === 1 },
        );
        break;
      case RECORD.FORMULA:
        stringResult = null;
        if (data.readUInt16LE(12) !== 0xffff)
          cells.number(row, column, data.readUInt16LE(4), data.readDoubleLE(6));
        else if (data[6] === 0) stringResult = { row, column };
        else if (data[6] === 1) cells.put(row, column, { t: 'b', v: data[8] === 1 });
        else if (data[6] === 2) cells.put(row, column, { t: 'e', v: ERRORS[data[8]!] ?? '#N/A' });
        break;
    }
  }
  yield* cells.ready.splice(0);
  yield* cells.flush();
}

/** The workbook's stream, or why there is none worth reading. */
function workbookStream(path: string): Buffer {
  let file: CompoundFile;
  try {
    file = new CompoundFile(readFileSync(path));
    // Excel 5.0/95 names it "Book"; Word and PowerPoint files are compound files too.
    const stream = file.stream('Workbook') ?? file.stream('Book');
    if (stream) return stream;
    throw new XlsRefused('not-excel', `streams: ${file.topStreams().join(', ')}`);
  } catch (error) {
    if (error instanceof DamagedContainer) throw new XlsRefused('damaged', error.message);
    throw error;
  }
}

const REFUSALS: Record<XlsRefusal, string> = {
  damaged:
    'Berkas .xls (Excel 97-2003) ini rusak atau terpotong: isinya tidak dapat dibaca. Buka di Excel atau LibreOffice; bila terbuka, pilih "Simpan Sebagai" format .xlsx lalu impor berkas .xlsx itu.',
  encrypted:
    'Berkas .xls ini terenkripsi (dilindungi kata sandi, atau buku kerjanya diproteksi), jadi isinya tidak dapat dibaca di sini. Buka di Excel (masukkan kata sandinya bila diminta), pilih "Simpan Sebagai" format .xlsx tanpa kata sandi, lalu impor berkas .xlsx itu.',
  'old-biff':
    'Berkas .xls ini dibuat Excel versi yang sangat lama (sebelum Excel 5.0), tidak dapat dibaca. Buka di Excel atau LibreOffice, pilih "Simpan Sebagai" format .xlsx, lalu impor berkas .xlsx itu.',
  'not-excel':
    'Berkas ini dokumen Office lain (misalnya Word atau PowerPoint), bukan buku kerja Excel. Pilih berkas Excel (.xlsx atau .xls) atau CSV.',
};

/** Every worksheet's rows, sheet by sheet; a file that cannot be read is refused saying why. */
export function* readXls(path: string, limits: { columns: number }): Generator<XlsRow> {
  try {
    const stream = workbookStream(path);
    const globals = readGlobals(stream);
    for (const [index, sheet] of globals.sheets.entries()) {
      const name = sheet.name.trim() || `Sheet${index + 1}`;
      const hiddenColumns = new HiddenColumns();
      for (const row of sheetRows(stream, sheet.at, globals, limits, hiddenColumns))
        yield { sheet: name, index, hidden: sheet.hidden, hiddenColumns, row };
    }
  } catch (error) {
    // A record that says it is longer than it is reads past its end: the file is damaged.
    const reason =
      error instanceof XlsRefused ? error.reason : error instanceof RangeError ? 'damaged' : null;
    if (reason) throw new AppFailure('VALIDATION', REFUSALS[reason]);
    throw error;
  }
}
