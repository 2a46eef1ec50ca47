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
