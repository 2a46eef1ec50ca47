import type { ImportKind } from '../../common/domain/importFields.ts';
import { HIDDEN_ROW_REASON } from '../../common/api/methods/importExport.ts';
import { cellText, isEmptyRow, type Cell, type SheetRow } from './cells.ts';
import type { Layout } from './layout.ts';
import {
  footerReason,
  groupValues,
  isColumnNumberRow,
  isOfficialsNumber,
  isRepeatedHeader,
} from './tableShape.ts';

/** A row under the header that is not a person, and why (shown with the result, never silent). */
export interface IgnoredRow {
  row: number;
  text: string;
  reason: string;
}

export type TableRow =
  | { type: 'data'; row: SheetRow; given: ReadonlyMap<string, Cell> }
  | { type: 'ignored'; ignored: IgnoredRow }
  | { type: 'blank' };

/** Fields that identify a person or family: a row with none of them filled is not a person. */
const IDENTITY_FIELDS = ['nik', 'kk', 'participant', 'name'];
const ID_FIELDS = ['nik', 'kk', 'participant'];
/** What a row says of a person beside their name. */
const PERSON_DETAILS = ['sex', 'relationship', 'birthDate', 'birthPlace', 'birthPlaceDate'];

/**
 * Walks the rows under the header and tells data from the rest: column-number rows, the header
 * repeated on a later page, group rows whose values fill down ("No. KK : 3579…" above its
 * members), and the signature block or notes that end the table. Inspect and the import use
 * the same walker, so the preview counts what the import will count.
 */
export class TableWalker {
  private group = new Map<string, Cell>();
  /** What the rows under the current group row are given (see `given`), made once per group. */
  private givenNow: ReadonlyMap<string, Cell> | null = null;
  private readonly columns: Map<string, number>;
  private seenData = false;

  constructor(
    private readonly kind: ImportKind,
    private readonly layout: Layout,
    /** Values set for the whole file (field -> value), used where a row has none. */
    private readonly fixed: Record<string, string>,
    /** The real desa a row inside the table names, when it names one (see placeOfTableRow). */
    private readonly placeOf: (cells: Cell[]) => ReadonlyMap<string, string> | null = () => null,
    /** Read rows hidden in Excel too (the clerk chose to); else they are listed as not read. */
    private readonly readHidden = false,
  ) {
    this.columns = new Map();
    layout.fields.forEach((f, i) => f && this.columns.set(f, i));
  }

  accept(raw: SheetRow): TableRow {
    if (isEmptyRow(raw.cells)) return { type: 'blank' };
    // What the clerk sees in Excel is what is read: a row a filter hides (another desa, last
    // month's leavers) or hidden by hand (struck from the list) is not theirs to import unseen.
    if (raw.hidden && !this.readHidden) return this.ignore(raw, HIDDEN_ROW_REASON);
    if (isColumnNumberRow(raw.cells)) return this.ignore(raw, 'nomor kolom di bawah judul');
    if (isRepeatedHeader(raw.cells, this.layout.headers))
      return this.ignore(raw, 'judul kolom yang diulang (halaman berikutnya)');
    const group = groupValues(this.kind, raw.cells) ?? this.placeTitle(raw.cells);
    // Every filled cell is part of a "label : value" pair naming a field: a group row, even
    // when its merged text sits in the NIK or name column.
    if (group) {
      this.group = new Map([...group].map(([f, v]) => [f, { t: 's', v } as Cell]));
      this.givenNow = null;
      return this.ignore(raw, `baris kelompok: nilainya dipakai baris di bawahnya`);
    }
    // A row holding an ID number is a person, whatever else it says. Without one, a signature,
    // a note ("###", "Catatan: …") or a total ("TOTAL | 3 KK | 10 Jiwa") is not, even when it
    // sits in the NIK or name column.
    if (!this.hasIdNumber(raw.cells) || isOfficialsNumber(raw.cells)) {
      const footer = footerReason(raw.cells);
      if (footer) return this.ignore(raw, footer);
      // A lone label or number under the table (a page number, "25 KK") is not a person either.
      if (this.seenData && !this.hasIdentity(raw.cells))
        return this.ignore(raw, 'bukan baris data (tanpa NIK, No. KK maupun nama)');
      if (
        this.seenData &&
        raw.cells.filter((c) => cellText(c) !== '').length <= 2 &&
        !this.namesAPerson(raw.cells)
      )
        return this.ignore(raw, 'bukan baris data (hanya satu atau dua sel terisi, tanpa NIK/No. KK)');
    }
    this.seenData = true;
    return { type: 'data', row: raw, given: this.given() };
  }

  /**
   * A row of one cell that names a real desa: a second table's title (merged across the sheet)
   * or a group row written without a colon. Its desa counts for the rows under it, as a group
   * row's would. One cell only: a person's row with "Desa Sisir" in its address is no title.
   */
  private placeTitle(cells: Cell[]): ReadonlyMap<string, string> | null {
    if (cells.filter((c) => cellText(c) !== '').length !== 1) return null;
    // "Kepala Desa Punten" under the table signs it; it heads no rows.
    if (footerReason(cells)) return null;
    return this.placeOf(cells);
  }

  /** Fields the group rows carry so far (for the mapping screen). */
  groupFields(): string[] {
    return [...this.group.keys()];
  }

  /** The file's fixed values and the group row's; shared by the rows under one group row. */
  private given(): ReadonlyMap<string, Cell> {
    if (this.givenNow) return this.givenNow;
    const out = new Map<string, Cell>();
    for (const [field, value] of Object.entries(this.fixed)) out.set(field, { t: 's', v: value });
    for (const [field, cell] of this.group) out.set(field, cell);
    this.givenNow = out;
    return out;
  }

  private hasIdNumber(cells: Cell[]): boolean {
    return ID_FIELDS.some((f) => {
      const i = this.columns.get(f);
      return i !== undefined && /\d{10,}/.test(cellText(cells[i] ?? null).replace(/[\s.'-]/g, ''));
    });
  }

  /**
   * A name beside a person's own detail ("SITI | P": a member whose NIK is not known yet) is a
   * person, however few cells are filled: read, it is an error row the clerk sees and fixes.
   */
  private namesAPerson(cells: Cell[]): boolean {
    return this.filled(cells, 'name') && PERSON_DETAILS.some((f) => this.filled(cells, f));
  }

  private hasIdentity(cells: Cell[]): boolean {
    return IDENTITY_FIELDS.some((f) => this.filled(cells, f));
  }

  /** The field has a column, and the row's cell in it is not empty. */
  private filled(cells: Cell[], field: string): boolean {
    const i = this.columns.get(field);
    return i !== undefined && cellText(cells[i] ?? null) !== '';
  }

  /** The row's text is written out only here: most rows are data. */
  private ignore(raw: SheetRow, reason: string): TableRow {
    return { type: 'ignored', ignored: { row: raw.n, text: rowText(raw.cells), reason } };
  }
}

function rowText(cells: Cell[]): string {
  const text = cells
    .map((c) => cellText(c))
    .filter(Boolean)
    .join(' | ');
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
