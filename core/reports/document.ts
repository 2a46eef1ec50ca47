import { formatRupiah } from '../../common/format.ts';
import type { ReportKind } from '../../common/api/methods/reports.ts';
import { formatCount, formatDecimal, formatPercent } from './format.ts';

/**
 * The printable form of a report: what each report's typed model becomes before it is laid out.
 * One document feeds both the A4 HTML (html.ts: preview, print, PDF) and the workbook
 * (xlsx.ts), which is why the two agree cell for cell. A document is plain JSON: a closed
 * period's document is stored as is (snapshots.ts) and its hash is the verification code.
 */

/** How a cell's value reads: counts "1.234", money "Rp1.500.000", fractions "93,4%". */
export type CellKind = 'text' | 'count' | 'decimal' | 'rupiah' | 'percent' | 'points' | 'signature';
export type Cell = string | number | null;

export interface Column {
  label: string;
  kind: CellKind;
  /** Share of the table width in percent; the rest is shared by the columns without one. */
  width?: number;
  /** A header spanning this column and its neighbours with the same group. */
  group?: string;
}

export type RowKind = 'data' | 'group' | 'subtotal' | 'total';

/** A group row has one cell: its label, spanning the table. */
export interface Row {
  kind: RowKind;
  cells: Cell[];
  /** Per-cell kinds where a row differs from its columns (a comparison of counts and money). */
  kinds?: (CellKind | null)[];
}

/** The kind a cell is formatted with: the row's override, else the column's. */
export const kindAt = (row: Row, columns: Column[], i: number): CellKind =>
  row.kinds?.[i] ?? columns[i]?.kind ?? 'text';

export interface TableBlock {
  type: 'table';
  caption?: string;
  columns: Column[];
  rows: Row[];
  /** Where the numbers stop agreeing with nothing: "Tidak ada data" in a table with no rows. */
  empty?: string;
  /** Small print under the table. */
  note?: string;
  /** BNBA: the signature column alternates left/right with the row number, as on paper. */
  signatureColumn?: number;
}

export interface Signer {
  /** Lines above the signature space: "Mengetahui," / "Kepala Dinas Sosial Kota Batu". */
  caption: string[];
  name: string | null;
  rank: string | null;
  nip: string | null;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string; style?: 'lead' | 'note' | 'strong' | 'center' | 'warning' }
  | { type: 'facts'; items: [string, string][] }
  | TableBlock
  | { type: 'signatures'; place: string | null; signers: Signer[]; below?: Signer | null }
  | { type: 'spacer' };

export interface Kop {
  lines: string[];
  address: string;
  contact: string;
  /** data:image/png;base64,... or null */
  logo: string | null;
}

/** One part starts on a new page and becomes one worksheet. */
export interface Part {
  sheet: string;
  /** Title lines, centred under the letterhead. */
  title: string[];
  letterhead: boolean;
  blocks: Block[];
  /** A page of another orientation inside the document (the portrait BAST after a landscape list). */
  orientation?: 'portrait' | 'landscape';
}

export interface DocumentFooter {
  /** Left of the page number on every page: code and closing date, or "SEMENTARA", or print time. */
  text: string;
}

export interface Frozen {
  closedAt: string;
  code: string;
  hash: string;
  revision: number;
  frozenAt: string;
}

export interface ReportDocument {
  report: ReportKind;
  /** For the file name and the PDF title. */
  title: string;
  orientation: 'portrait' | 'landscape';
  kop: Kop;
  parts: Part[];
  generatedAt: string;
  generatedBy: string;
  /** Open periods: numbers may still change; printed as SEMENTARA. */
  provisional: boolean;
  /** Set when the document of closed periods was frozen (snapshots.ts). */
  frozen: Frozen | null;
  footer: DocumentFooter;
}

/** The text a cell shows on paper; the workbook holds the raw value with a matching format. */
export function cellText(kind: CellKind, value: Cell): string {
  if (value === null || value === '') return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return formatCount(value);
    case 'decimal':
      return formatDecimal(value);
    case 'rupiah':
      return formatRupiah(value);
    case 'percent':
      return formatPercent(value);
    case 'points': {
      const text = formatPercent(value).replace('%', ' poin');
      return value > 0 ? `+${text}` : text;
    }
    default:
      return String(value);
  }
}

export const isNumeric = (kind: CellKind): boolean =>
  kind === 'count' || kind === 'decimal' || kind === 'rupiah' || kind === 'percent' || kind === 'points';

/** Every table of a document, in order (tests and the workbook walk them). */
export function tablesOf(doc: ReportDocument): TableBlock[] {
  return doc.parts.flatMap((p) => p.blocks.filter((b): b is TableBlock => b.type === 'table'));
}
