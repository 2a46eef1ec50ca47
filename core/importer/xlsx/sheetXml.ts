import { FORMULA_ERROR_TEXT, HiddenColumns, type Cell, type SheetRow } from '../cells.ts';
import { MAX_STRING } from './sharedStrings.ts';
import { partText } from './partText.ts';
import type { Workbook, WorkbookSheet } from './workbook.ts';
import { XmlError, XmlScanner, type Attributes, type XmlHandler } from './xmlScanner.ts';

/**
 * The rows of one worksheet part (<sheetData><row><c>), read as the XML streams past. Each row
 * comes out as { n, cells } with a cell per column up to its last value, null in the gaps.
 *
 * A cell is what Excel shows: a shared string (t="s"), an inline string (t="inlineStr", written
 * by Apache POI and others), a formula's text result (t="str"), a boolean, an error, a number,
 * or a date when its style's number format is a date one. A formula counts as its cached
 * result. Rows and cells without an r= attribute (some generators leave them out) take the
 * next number after the previous one.
 */

/** Excel's last column (XFD): a reference beyond it comes from a crafted file. */
const MAX_COLUMN = 16_384;

/** Column number of a cell reference's letters ("B7" -> 2, "AA1" -> 27); 0 if it has none. */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    column = column * 26 + (c - 0x60);
    if (column > MAX_COLUMN) throw new XmlError(`cell reference ${reference.slice(0, 20)} beyond column XFD`);
  }
  return column;
}

const isoDate = (d: Date) => (Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10));

/** An Excel serial number as a calendar date, converted as exceljs always has. */
export function serialDate(serial: number, date1904: boolean): Cell {
  const v = isoDate(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
  return v ? { t: 'd', v } : null;
}

const textCell = (v: string): Cell => (v === '' ? null : { t: 's', v });

class SheetRows implements XmlHandler {
  /** Rows completed and not yet taken. */
  rows: SheetRow[] = [];
  private inSheetData = false;
  private row: SheetRow | null = null;
  private lastRow = 0;
  private nextColumn = 1;
  // The cell being read.
  private inCell = false;
  private column = 0;
  private type = '';
  private style = 0;
  private hasValue = false;
  private hasFormula = false;
  private value = '';
  private collecting = false;
  private inInline = false;
  private inPhonetic = false;

  constructor(
    private readonly book: Workbook,
    private readonly hiddenColumns: HiddenColumns,
  ) {}

  open(name: string, attrs: Attributes): void {
    if (this.inCell) {
      if (name === 'v') this.startValue();
      else if (name === 'f') this.hasFormula = true;
      else if (name === 'is') {
        this.inInline = true;
        this.startValue();
        this.collecting = false;
      } else if (name === 'rPh') this.inPhonetic = true;
      else if (name === 't' && this.inInline && !this.inPhonetic) this.collecting = true;
      return;
    }
    if (name === 'c' && this.row) this.startCell(attrs);
    else if (name === 'row' && this.inSheetData) {
      const n = Number.parseInt(attrs.get('r') ?? '', 10);
      this.row = { n: n >= 1 ? n : this.lastRow + 1, cells: [] };
      if (/^(1|true)$/.test(attrs.get('hidden') ?? '')) this.row.hidden = true;
      this.nextColumn = 1;
    } else if (name === 'sheetData') this.inSheetData = true;
    else if (name === 'col' && !this.inSheetData) this.hideColumns(attrs);
  }

  /**
   * A <cols><col min max hidden="1"> (before <sheetData>): columns min..max hidden in Excel,
   * by hand or as the unused tail. A width of 0 alone is left to Excel's own flag.
   */
  private hideColumns(attrs: Attributes): void {
    if (!/^(1|true)$/.test(attrs.get('hidden') ?? '')) return;
    const min = Number.parseInt(attrs.get('min') ?? '', 10);
    const max = Number.parseInt(attrs.get('max') ?? '', 10);
    if (min >= 1) this.hiddenColumns.hide(min - 1, Math.min(max >= min ? max : min, MAX_COLUMN) - 1);
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === 'c') this.endCell();
      else if (name === 'v') this.collecting = false;
      else if (name === 't') this.collecting = false;
      else if (name === 'rPh') this.inPhonetic = false;
      else if (name === 'is') this.inInline = false;
      return;
    }
    if (name === 'row' && this.row) {
      this.rows.push(this.row);
      this.lastRow = this.row.n;
      this.row = null;
    } else if (name === 'sheetData') this.inSheetData = false;
  }

  text(value: string): void {
    if (!this.collecting) return;
    this.value += value;
    if (this.value.length > MAX_STRING) throw new XmlError('a cell value is too long');
  }

  private startValue(): void {
    this.hasValue = true;
    this.collecting = true;
    this.value = '';
  }

  private startCell(attrs: Attributes): void {
    const reference = attrs.get('r');
    const column = reference === undefined ? 0 : columnOf(reference);
    this.column = column || this.nextColumn;
    this.type = attrs.get('t') ?? 'n';
    this.style = Number(attrs.get('s') ?? 0);
    this.inCell = true;
    this.hasValue = false;
    this.hasFormula = false;
    this.collecting = false;
    this.inInline = false;
    this.inPhonetic = false;
    this.value = '';
  }

  private endCell(): void {
    this.inCell = false;
    this.collecting = false;
    this.nextColumn = this.column + 1;
    // A cell with neither value nor formula (only a style) holds nothing and does not lengthen
    // the row; a formula without a cached result does, as an empty cell (exceljs did the same).
    if (!this.hasValue && !this.hasFormula) return;
    const cell = this.hasValue ? this.cellValue() : null;
    if (cell === undefined) return;
    const cells = this.row!.cells;
    while (cells.length < this.column - 1) cells.push(null);
    cells[this.column - 1] = cell;
  }

  /** The cell's value; undefined for a shared string the table does not have, or an empty one. */
  private cellValue(): Cell | undefined {
    const v = this.value;
    switch (this.type) {
      case 's': {
        if (this.hasFormula) break; // not Excel's way, but seen: a formula's result is its text
        const shared = this.book.sharedStrings.at(Number.parseInt(v, 10));
        return shared === undefined ? undefined : { t: 's', v: shared };
      }
      case 'inlineStr':
      case 'str':
        return textCell(v);
      case 'e':
        // A formula's cached error reads as the plain error text the importer has always shown.
        if (this.hasFormula) return { t: 'e', v: FORMULA_ERROR_TEXT };
        return v === '' ? null : { t: 'e', v };
      case 'b':
        return v === '' ? null : { t: 'b', v: !(v === '0' || v === 'false') };
      case 'd': {
        // ISO 8601 date cells (strict Open XML); rare, but they mean a date.
        const date = /^\d{4}-\d{2}-\d{2}/.exec(v);
        return date ? { t: 'd', v: date[0] } : null;
      }
    }
    if (this.type === 's') return textCell(v);
    const number = Number.parseFloat(v);
    if (!Number.isFinite(number)) return null;
    if (this.book.dateStyles[this.style]) return serialDate(number, this.book.date1904);
    return { t: 'n', v: number };
  }
}

/** The rows of a worksheet part, from its text as it inflates (see `partText`). */
export async function* sheetRows(
  chunks: AsyncIterable<string>,
  book: Workbook,
  hiddenColumns = new HiddenColumns(),
): AsyncGenerator<SheetRow> {
  const sheet = new SheetRows(book, hiddenColumns);
  const scanner = new XmlScanner(sheet);
  for await (const chunk of chunks) {
    scanner.push(chunk);
    if (sheet.rows.length) {
      const rows = sheet.rows;
      sheet.rows = [];
      yield* rows;
    }
  }
  scanner.end();
  yield* sheet.rows;
}

/**
 * The rows of one of the workbook's sheets, read from the file; its hidden columns, which come
 * before the rows, are added to `hiddenColumns` as they are read.
 */
export const readSheetRows = (
  path: string,
  book: Workbook,
  sheet: WorkbookSheet,
  hiddenColumns = new HiddenColumns(),
) => sheetRows(partText(path, sheet.part, sheet.bytes), book, hiddenColumns);
