import type { Cell } from './cells.ts';
import { cellText } from './cells.ts';
import type { Layout } from './layout.ts';
import { joinedDate } from './values.ts';
import { SPLIT_DATES } from '../../common/domain/importFields.ts';

/** One problem with one cell (or row), as the user will see it: sheet row, column, value. */
export interface ImportProblem {
  row: number;
  column: string | null;
  value: string;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface ImportCounts {
  rows: number;
  valid: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: number;
  warnings: number;
  possibleDuplicates: number;
  /** Rows hidden in Excel, not read (the clerk did not include them). */
  hiddenRows: number;
}

export const emptyCounts = (): ImportCounts => ({
  rows: 0,
  valid: 0,
  new: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  errors: 0,
  warnings: 0,
  possibleDuplicates: 0,
  hiddenRows: 0,
});

/**
 * One data row with its cells addressed by field, collecting its problems. `errored` rows are
 * not written; their problems go to the preview, the CLI's JSON and the error workbook.
 */
export class ImportRow {
  readonly problems: ImportProblem[] = [];

  /**
   * `given` holds values the row's own cells do not carry: its group row's ("No. KK : …" above
   * it) and the ones set for the whole file (the desa of a village list). An empty cell takes
   * them; a filled cell wins.
   */
  constructor(
    readonly n: number,
    private readonly cells: Cell[],
    private readonly layout: Layout,
    private readonly columnOf: Map<string, number>,
    private readonly given: ReadonlyMap<string, Cell> = NOTHING_GIVEN,
  ) {}

  get(field: string): Cell {
    const split = this.splitOf(field);
    if (split) return joinedDate(this.get(split[0]), this.get(split[1]), this.get(split[2]));
    const i = this.columnOf.get(field);
    const own = i === undefined ? null : (this.cells[i] ?? null);
    if (own !== null && !(own.t === 's' && own.v.trim() === '')) return own;
    return this.given.get(field) ?? own;
  }

  has(field: string): boolean {
    return this.columnOf.has(field) || this.given.has(field) || this.splitOf(field) !== null;
  }

  /** The day, month and year fields a date is read from, when the file splits it over three. */
  private splitOf(field: string): readonly [string, string, string] | null {
    const parts = SPLIT.get(field);
    return parts && !this.columnOf.has(field) && this.columnOf.has(parts[2]) ? parts : null;
  }

  /** A split date with some parts filled and others not: the empty parts' column names. */
  emptyDateParts(field: string): string[] {
    const split = this.splitOf(field);
    if (!split) return [];
    const empty = split.filter((part) => this.text(part) === '');
    return empty.length === 3 ? [] : empty.map((part) => this.columnName(part) ?? part);
  }

  /** The header of the column a field is read from, or null when none is. */
  columnName(field: string): string | null {
    const i = this.columnOf.get(field);
    return i === undefined ? null : (this.layout.headers[i] ?? null);
  }

  text(field: string): string {
    return cellText(this.get(field));
  }

  /** Adds a problem on a field's column (or on the row when the field has no column). */
  problem(field: string | null, severity: 'error' | 'warning', code: string, message: string): void {
    this.problems.push(this.problemOn(field, severity, code, message));
  }

  /**
   * A problem on this row, not yet added: one only the rest of the file can confirm (a new
   * family whose head never came) is kept aside and given at the end.
   */
  problemOn(
    field: string | null,
    severity: 'error' | 'warning',
    code: string,
    message: string,
  ): ImportProblem {
    // A split date's problem sits on its day column and shows the date as read.
    const split = field ? this.splitOf(field) : null;
    const i = field ? this.columnOf.get(split ? split[0] : field) : undefined;
    return {
      row: this.n,
      column: i === undefined ? null : (this.layout.headers[i] ?? null),
      value: split ? cellText(this.get(field!)) : i === undefined ? '' : cellText(this.cells[i] ?? null),
      severity,
      code,
      message,
    };
  }

  /**
   * A mapped cell holding a formula error (#N/A, #REF!...) is refused as such: read as a value,
   * it would only produce a misleading second error ("desa tidak dikenal").
   */
  refuseFormulaErrors(): boolean {
    let found = false;
    for (const [field, i] of this.columnOf) {
      const cell = this.cells[i];
      if (cell?.t !== 'e') continue;
      found = true;
      this.problem(
        field,
        'error',
        'FORMULA_ERROR',
        `Sel ini berisi galat rumus Excel ${cell.v}, bukan nilai. Perbaiki rumusnya di Excel, atau salin lalu tempel sebagai nilai, lalu impor lagi.`,
      );
    }
    return found;
  }

  /**
   * A delimited text row with more filled fields than the header has columns: a comma or
   * semicolon inside a value (an address) written without quotes has pushed every later value
   * one column to the right, so each of them would be read as the wrong field.
   */
  refuseShiftedFields(delimiter: string): boolean {
    const width = this.layout.headers.length;
    const extra = this.cells.slice(width).filter((c) => cellText(c) !== '').length;
    if (!extra) return false;
    const sign = delimiter === '\t' ? 'tab' : `tanda "${delimiter}"`;
    this.problem(
      null,
      'error',
      'FIELDS_SHIFTED',
      `Baris ini punya ${width + extra} isian atau lebih, padahal judul kolomnya ${width}: ada ${sign} di dalam suatu isian (misalnya alamat) tanpa tanda kutip, sehingga isian sesudahnya bergeser ke kolom lain. Apit isian itu dengan tanda kutip ("…") atau simpan ulang berkasnya dari Excel, lalu impor lagi.`,
    );
    return true;
  }

  get errored(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** Column indexes with problems, for highlighting in the error workbook. */
  badColumns(): Set<number> {
    const out = new Set<number>();
    for (const p of this.problems) {
      if (p.column === null) continue;
      const i = this.layout.headers.indexOf(p.column);
      if (i >= 0) out.add(i);
    }
    return out;
  }

  get rawCells(): Cell[] {
    return this.cells;
  }
}

const SPLIT = new Map(Object.entries(SPLIT_DATES));
const NOTHING_GIVEN: ReadonlyMap<string, Cell> = new Map();

export function fieldColumns(layout: Layout): Map<string, number> {
  const map = new Map<string, number>();
  layout.fields.forEach((f, i) => {
    if (f) map.set(f, i);
  });
  return map;
}
