import {
  isIgnoredHeader,
  matchHeader,
  normalizeHeader,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { cellText, type Cell } from './cells.ts';

/**
 * The shape of a table as offices print it: the header may span two rows (a merged group
 * "KELAHIRAN" over "TEMPAT" and "TGL LAHIR"), a row of column numbers "(1) (2) (3)" may sit
 * under it, group rows ("No. KK : 3579…") carry a value for the rows below, and a signature
 * block or notes end the table. These functions tell those rows apart from data rows.
 */

const texts = (cells: Cell[]) => cells.map((c) => cellText(c));
const nonEmpty = (cells: Cell[]) => texts(cells).filter((t) => t !== '');

/** A header cell that names a known field or a column deliberately not read. */
function known(kind: ImportKind, text: string): boolean {
  return text !== '' && (matchHeader(kind, text) !== null || isIgnoredHeader(text));
}

/** How many cells of a header name known columns for this kind. */
export function headerScore(kind: ImportKind, headers: string[]): number {
  return headers.filter((h) => known(kind, h)).length;
}

const looksLikeData = (cells: Cell[]) =>
  cells.some(
    (c) =>
      c?.t === 'd' ||
      (c?.t === 'n' && c.v > 999) ||
      (c?.t === 's' && /\d{6,}/.test(c.v.replace(/[\s.'-]/g, ''))),
  );

/**
 * The header's text per column from its top row and, when the row under it is a sub-header,
 * that row too. A sub-header is taken only when it names more known columns than the top row
 * alone and holds nothing that looks like data (an ID number, a date).
 */
export function composeHeader(
  kind: ImportKind,
  top: Cell[],
  next: Cell[] | null,
): { texts: string[]; span: 1 | 2 } {
  const single = texts(top);
  if (!next || looksLikeData(next) || isColumnNumberRow(next) || nonEmpty(next).length === 0)
    return { texts: single, span: 1 };
  const width = Math.max(top.length, next.length);
  const composed: string[] = [];
  const groups: string[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    const t = cellText(top[i] ?? null);
    const b = cellText(next[i] ?? null);
    // A merged group header fills the cells to its right while the sub-header has text there.
    if (t) group = t;
    else if (!b) group = '';
    const over = t || (b ? group : '');
    groups.push(b ? over : '');
    if (!b) composed.push(over);
    else if (!over || known(kind, b)) composed.push(b);
    else composed.push(joinedHeader(kind, over, b) ?? b);
  }
  setHeadGroupApart(composed, groups);
  return headerScore(kind, composed) > headerScore(kind, single)
    ? { texts: composed, span: 2 }
    : { texts: single, span: 1 };
}

const HEAD_GROUP = /^(DATA\s+)?(KEPALA\s*(KELUARGA|RUMAH\s*TANGGA)|KRT)\b/i;

/**
 * "KEPALA KELUARGA" over "NIK | NAMA" beside "ANGGOTA KELUARGA" over "NIK | NAMA | L/P…": each
 * row is a member, with their head written again on the left. Read as plain "NIK", the head's
 * columns came first and won, so every member was read as the head. The head's copies are named
 * with their group ("NIK KEPALA KELUARGA"), which no field claims; the clerk can still map them.
 */
function setHeadGroupApart(composed: string[], groups: string[]): void {
  const heads = groups.map((g) => HEAD_GROUP.test(g));
  const named = composed.map((text) => normalizeHeader(text));
  composed.forEach((text, i) => {
    if (heads[i] && named.some((other, j) => !heads[j] && other === named[i]))
      composed[i] = `${text} ${groups[i]}`;
  });
}

/**
 * A sub-header read with its group: "NIK" under "IBU", "IBU" under "NAMA", or one part of a
 * group that names several, "TGL" under "TEMPAT/TGL LAHIR" (the group's last word, "TGL LAHIR").
 */
function joinedHeader(kind: ImportKind, group: string, sub: string): string | null {
  const lastWord = group.trim().split(/\s+/).at(-1)!;
  const candidates = [`${sub} ${group}`, `${group} ${sub}`, `${sub} ${lastWord}`];
  return candidates.find((text) => known(kind, text)) ?? null;
}

/** "(1) (2) (3) …", "1 2 3 …" or "KOLOM 2 3 4" under a header: column numbers, not data. */
export function isColumnNumberRow(cells: Cell[]): boolean {
  const values = nonEmpty(cells);
  if (values.length < 3) return false;
  const start = /^(KOLOM|KOL\.?)$/i.test(values[0]!) ? 1 : 0;
  const numbers = values.slice(start).map((v) => /^\(?\s*(\d{1,3})\s*\)?$/.exec(v)?.[1]);
  if (numbers.length < 3 || numbers.some((n) => n === undefined)) return false;
  return numbers.every((n, i) => i === 0 || Number(n) === Number(numbers[i - 1]) + 1);
}

/** The header repeated on a later page of a printed export. */
export function isRepeatedHeader(cells: Cell[], headers: string[]): boolean {
  const values = texts(cells);
  const filled = values.filter(Boolean);
  if (filled.length < 2) return false;
  const same = values.filter((v, i) => v && v.toUpperCase() === (headers[i] ?? '').toUpperCase()).length;
  return same / filled.length >= 0.6;
}

const FOOTER_WORDS =
  /^(mengetahui|menyetujui|disetujui|diketahui|kepala\b|lurah\b|camat\b|sekretaris|sekdes|kasi\b|petugas|operator|pendamping|koordinator|dicetak|catatan|keterangan\s*:|nip[\s.:]|ttd|\(?\s*tanda tangan|jumlah\b|total\b|sub\s*total|grand\s*total|#+$|-{3,}|\*{3,}|halaman\s+\d)/i;
const PLACE_DATE =
  /^[A-Za-z][A-Za-z .'-]{1,40},?\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;

/**
 * A row under the table that is not a person: a signature block ("Batu, 15 Oktober 2026",
 * "Mengetahui", "Kepala Desa"), notes ("Catatan: …", "###"), a total. Said with the reason.
 */
export function footerReason(cells: Cell[]): string | null {
  const values = nonEmpty(cells);
  if (!values.length) return null;
  const first = values[0]!;
  if (PLACE_DATE.test(first)) return 'tempat dan tanggal tanda tangan';
  if (FOOTER_WORDS.test(first)) return 'tanda tangan, catatan atau jumlah di bawah tabel';
  return null;
}

/**
 * "NIP. 19680411 199303 1 009" under a signature: a civil servant's number, as long as a NIK,
 * so the row would otherwise pass for a person with a bad KK.
 */
export function isOfficialsNumber(cells: Cell[]): boolean {
  return /^NIP\b/i.test(nonEmpty(cells)[0] ?? '');
}

/**
 * "LABEL : VALUE" pairs of a row ("No. KK : 3579…", "DESA/KELURAHAN : SISIR"), the value in the
 * same cell or in the next one. Used for group rows and for the title block.
 */
export function labelledValues(cells: Cell[]): { label: string; value: string }[] {
  const values = nonEmpty(cells);
  const out: { label: string; value: string }[] = [];
  for (let i = 0; i < values.length; i++) {
    const m = /^([A-Za-z][A-Za-z0-9 ./_-]{0,40}?)\s*:\s*(.*)$/.exec(values[i]!);
    if (!m) continue;
    let value = m[2]!.trim();
    if (!value && i + 1 < values.length && !values[i + 1]!.includes(':')) value = values[++i]!.trim();
    if (value) out.push({ label: m[1]!.trim(), value });
  }
  return out;
}

/**
 * A group row in the data ("No. KK : 3579…" above the family's members, as in Dukcapil's Buku
 * Induk Penduduk): its fields and values, or null. At most four filled cells, every one part
 * of a "label : value" pair naming a field of this import.
 */
export function groupValues(kind: ImportKind, cells: Cell[]): Map<string, string> | null {
  const filled = nonEmpty(cells);
  if (!filled.length || filled.length > 4) return null;
  const pairs = labelledValues(cells);
  if (!pairs.length) return null;
  const out = new Map<string, string>();
  for (const { label, value } of pairs) {
    const field = matchHeader(kind, label)?.field;
    if (field) out.set(field, value);
  }
  return out.size ? out : null;
}
