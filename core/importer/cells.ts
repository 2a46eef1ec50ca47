import { AppFailure } from '../../common/errors.ts';

/**
 * A spreadsheet cell as the importer sees it, independent of the file format. Types matter:
 * a NIK in a number cell has lost its last digit in Excel, so the type travels with the value.
 */
export type Cell =
  | { t: 's'; v: string }
  | { t: 'n'; v: number }
  /** A real date cell, as yyyy-mm-dd. */
  | { t: 'd'; v: string }
  | { t: 'b'; v: boolean }
  /** A formula error such as #N/A or #REF!. */
  | { t: 'e'; v: string }
  | null;

/**
 * The text of a formula error whose own text the reader lost (its cached #N/A, #REF!... comes
 * back as "not a number"). Said plainly rather than guessed.
 */
export const FORMULA_ERROR_TEXT = '(galat rumus)';

/** Excel's own limit on a cell's text; a longer one comes from a crafted file. */
export const MAX_CELL_TEXT = 32_767;

/** The refusal of a cell past MAX_CELL_TEXT, on the sheet's row `row`. */
export const cellTooLong = (row: number) =>
  new AppFailure(
    'VALIDATION',
    `Baris ${row} memuat sel berisi lebih dari ${MAX_CELL_TEXT.toLocaleString('id-ID')} karakter, melebihi batas Excel sendiri. Berkas ini tidak wajar; periksa asal berkasnya.`,
  );

export interface SheetRow {
  /** The row number the user sees in Excel (or the line number of a text file). */
  n: number;
  cells: Cell[];
  /**
   * Hidden in Excel or LibreOffice (a filter, or hidden by hand): the clerk does not see it, so
   * it is not read unless they say so (set only when it is).
   */
  hidden?: true;
}

/** Text of a cell for messages and for fields that are text anyway. */
export function cellText(cell: Cell): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return cell.v.trim();
    case 'n':
      return Number.isInteger(cell.v) && Math.abs(cell.v) < 1e21 ? cell.v.toFixed(0) : String(cell.v);
    case 'd':
      return cell.v;
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.v;
  }
}

export const isEmptyRow = (cells: Cell[]) =>
  cells.every((c) => c === null || (c.t === 's' && c.v.trim() === ''));

/**
 * The columns of a sheet hidden in Excel or LibreOffice (hidden by hand, or a whole tail of
 * unused columns hidden to tidy the sheet), as each reader finds them before the rows: the
 * clerk does not see them, so the mapping guess never reads one (see layout.ts). Kept as
 * ranges, 0-based (column A is 0): a hidden tail runs to column XFD.
 */
export class HiddenColumns {
  private readonly ranges: [number, number][] = [];

  /** Hides columns `first` to `last`, 0-based and inclusive. */
  hide(first: number, last: number): void {
    if (Number.isInteger(first) && Number.isInteger(last) && first >= 0 && last >= first)
      this.ranges.push([first, last]);
  }

  has(column: number): boolean {
    return this.ranges.some(([first, last]) => column >= first && column <= last);
  }

  /** The hidden columns before `count`, in order (a sheet's width, so a tail to XFD costs nothing). */
  within(count: number): number[] {
    const out: number[] = [];
    for (let column = 0; column < count; column++) if (this.has(column)) out.push(column);
    return out;
  }
}
