import {
  closestFields,
  IMPORT_FIELDS,
  matchHeader,
  missingFields,
  normalizeHeader,
  SPLIT_DATES,
  type FieldSpec,
  type HeaderMatch,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { isEmptyRow, type SheetRow } from './cells.ts';
import type { SheetPreview } from './reader.ts';
import { composeHeader, headerScore } from './tableShape.ts';

/**
 * Where the data is: which sheet, which row holds the headers (files often open with a title,
 * an empty row, merged cells), and what each column means. Column headers are made unique
 * ("NAMA", "NAMA (2)") so a mapping can name them.
 */
export interface Layout {
  sheet: string;
  /** The header's top row; a two-row header also takes the row under it (see composeHeader). */
  headerRow: number;
  /** Rows the header spans from headerRow: 2 when a sub-header row sits under it. */
  span: 1 | 2;
  /** Header text per column index (unique). */
  headers: string[];
  /** Field per column index, or null for a column not read. */
  fields: (string | null)[];
  /**
   * Columns hidden in Excel or LibreOffice (0-based): the clerk does not see them, so neither the
   * guess nor a template maps one; only the clerk's own choice does. Absent when none are.
   */
  hiddenColumns?: number[];
}

export function uniqueHeaders(texts: string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((raw, i) => {
    const text = raw || `Kolom ${i + 1}`;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text} (${n})`;
  });
}

/** The header read from its top row and the row under it (the engine and inspect agree on it). */
export function headerOf(kind: ImportKind, top: SheetRow, next: SheetRow | null) {
  const { texts, span } = composeHeader(kind, top.cells, next?.cells ?? null);
  return { headers: uniqueHeaders(texts), span };
}

function bestHeader(kind: ImportKind, sheet: SheetPreview): { row: SheetRow; score: number } | null {
  let best: { row: SheetRow; score: number; span: number } | null = null;
  const rows = sheet.rows.slice(0, 31);
  rows.slice(0, 30).forEach((row, i) => {
    const next = rows[i + 1]?.n === row.n + 1 ? rows[i + 1]! : null;
    const { headers, span } = headerOf(kind, row, next);
    const score = headerScore(kind, headers);
    // A group row over the real header reads as well as the header alone: take the header.
    const better = score > (best?.score ?? 0) || (score === best?.score && span < best.span);
    if (better) best = { row, score, span };
  });
  return best;
}

/**
 * Field per header from the names real files use; the first column naming a field wins. A
 * column hidden in Excel is never guessed: a clerk who hides last month's NIK column and adds
 * the corrected one beside it, with the same header, means the one they see.
 */
export function autoFields(
  kind: ImportKind,
  headers: string[],
  hiddenColumns: readonly number[] = [],
): (string | null)[] {
  return autoMatches(kind, headers, hiddenColumns).map((m) => m?.field ?? null);
}

/**
 * Field and reason per header (null where nothing matched, the field was already taken, or the
 * column is hidden in Excel).
 */
export function autoMatches(
  kind: ImportKind,
  headers: string[],
  hiddenColumns: readonly number[] = [],
): (HeaderMatch | null)[] {
  const hidden = new Set(hiddenColumns);
  const used = new Set<string>();
  const matches = headers.map((h, i) => {
    if (hidden.has(i)) return null;
    const match = matchHeader(kind, h);
    if (!match || used.has(match.field)) return null;
    used.add(match.field);
    return match;
  });
  return settleSplitDates(kind, headers, matches);
}

/**
 * A date over three columns as first matched: "TGL LAHIR" beside "BLN LAHIR" and "THN LAHIR"
 * is the day alone, not the whole date. Parts without the others are not read (a year alone is
 * no birth date), nor parts beside a whole date: they stay among the columns not read.
 */
function settleSplitDates(kind: ImportKind, headers: string[], matches: (HeaderMatch | null)[]) {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  for (const [whole, parts] of Object.entries(SPLIT_DATES)) {
    if (!(whole in specs)) continue;
    const at = (field: string) => matches.findIndex((m) => m?.field === field);
    const [day, month, year] = parts.map(at) as [number, number, number];
    const wholeAt = at(whole);
    if (day < 0 && month >= 0 && year >= 0 && wholeAt >= 0)
      matches[wholeAt] = {
        field: parts[0],
        reason: `"${headers[wholeAt]}" dibaca sebagai hari lahir saja: bulan dan tahun lahir ada di kolom sendiri ("${headers[month]}", "${headers[year]}").`,
      };
    const read = parts.map(at).filter((i) => i >= 0);
    if (read.length < 3 || at(whole) >= 0) for (const i of read) matches[i] = null;
  }
  return matches;
}

/** A split date mapped by hand: all three parts, and not beside its whole field. */
function checkSplitDates(specs: Record<string, FieldSpec>, mapped: ReadonlySet<string>): void {
  for (const [whole, parts] of Object.entries(SPLIT_DATES)) {
    const chosen = parts.filter((part) => mapped.has(part));
    if (!chosen.length || !(whole in specs)) continue;
    const labels = (fields: readonly string[]) => fields.map((f) => `"${specs[f]!.label}"`).join(', ');
    if (mapped.has(whole))
      throw new AppFailure(
        'VALIDATION',
        `${specs[whole]!.label} dipilih dari satu kolom dan juga dari kolom ${labels(chosen)}. Pilih salah satu cara: satu kolom tanggal, atau tiga kolom hari, bulan dan tahun.`,
      );
    if (chosen.length < 3)
      throw new AppFailure(
        'VALIDATION',
        `${specs[whole]!.label} dibaca dari tiga kolom: pilih juga kolom untuk ${labels(parts.filter((p) => !mapped.has(p)))}, atau jangan baca kolom ${labels(chosen)}.`,
      );
  }
}

/** For each visible header not read: the fields it most resembles, closest first. */
export function suggestionsFor(kind: ImportKind, layout: Layout): Record<string, string[]> {
  const taken = new Set(layout.fields.filter(Boolean));
  const hidden = new Set(layout.hiddenColumns);
  const out: Record<string, string[]> = {};
  layout.headers.forEach((h, i) => {
    // A hidden column is not offered a field: the clerk maps it only when they mean it.
    if (layout.fields[i] || hidden.has(i)) return;
    const near = closestFields(kind, h).filter((f) => !taken.has(f));
    if (near.length) out[h] = near;
  });
  return out;
}

/**
 * Chooses the sheet (the named one, else the one whose header row names the most known
 * columns, then the most rows) and its header row, and maps columns from the synonyms.
 */
export function detectLayout(
  kind: ImportKind,
  sheets: SheetPreview[],
  wanted?: { sheet?: string | undefined; headerRow?: number | undefined },
): Layout {
  const candidates = wanted?.sheet ? sheets.filter((s) => s.name === wanted.sheet) : sheets;
  if (!candidates.length)
    throw new AppFailure(
      'VALIDATION',
      `Lembar "${wanted?.sheet}" tidak ada di berkas ini. Lembar yang ada: ${sheets.map((s) => s.name).join(', ')}.`,
    );
  // A hidden sheet is last year's list or a lookup table the clerk never sees in Excel: a visible
  // sheet that holds a list comes first, however long the hidden one is.
  const visibleList = (r: { sheet: SheetPreview; header: { score: number } | null }) =>
    !r.sheet.hidden && (r.header?.score ?? 0) >= 2 ? 1 : 0;
  const ranked = candidates
    .map((sheet) => ({ sheet, header: bestHeader(kind, sheet) }))
    .sort(
      (a, b) =>
        visibleList(b) - visibleList(a) ||
        (b.header?.score ?? 0) - (a.header?.score ?? 0) ||
        b.sheet.rowCount - a.sheet.rowCount,
    );
  const chosen = ranked[0]!;
  if (chosen.sheet.rows.every((r) => isEmptyRow(r.cells))) {
    throw new AppFailure(
      'VALIDATION',
      'Berkas tidak berisi data (semua lembar kosong). Periksa apakah berkas yang dipilih sudah benar.',
    );
  }
  let headerRow: SheetRow | undefined;
  if (wanted?.headerRow) headerRow = chosen.sheet.rows.find((r) => r.n === wanted.headerRow);
  else if (chosen.header && chosen.header.score >= 2) headerRow = chosen.header.row;
  else headerRow = chosen.sheet.rows.find((r) => r.cells.filter((c) => c && c.t === 's').length >= 3);
  const next = headerRow && chosen.sheet.rows.find((r) => r.n === headerRow.n + 1);
  if (!headerRow) {
    throw new AppFailure(
      'VALIDATION',
      'Baris judul kolom tidak ditemukan. Pastikan ada satu baris berisi nama kolom (misalnya NIK, NAMA, NO_KK) di atas data.',
    );
  }
  const { headers, span } = headerOf(kind, headerRow, next ?? null);
  const hiddenColumns = (chosen.sheet.hiddenColumns ?? []).filter((i) => i < headers.length);
  return {
    sheet: chosen.sheet.name,
    headerRow: headerRow.n,
    span,
    headers,
    fields: autoFields(kind, headers, hiddenColumns),
    ...(hiddenColumns.length ? { hiddenColumns } : {}),
  };
}

/** Applies a user's mapping (header text -> field) to a layout, checking it makes sense. */
export function withMapping(
  kind: ImportKind,
  layout: Layout,
  mapping: Record<string, string | null>,
): Layout {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const fields = layout.headers.map((h) => (h in mapping ? mapping[h]! : null));
  const counts = new Map<string, number>();
  for (const f of fields) if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
  for (const [field, n] of counts) {
    if (!(field in specs))
      throw new AppFailure('VALIDATION', `Bidang "${field}" tidak dikenal untuk impor ini.`);
    if (n > 1)
      throw new AppFailure(
        'VALIDATION',
        `Bidang "${specs[field]!.label}" dipilih untuk ${n} kolom. Satu bidang hanya boleh dari satu kolom.`,
      );
  }
  checkSplitDates(specs, new Set(counts.keys()));
  return { ...layout, fields };
}

/** Required fields without a column: the import cannot start. */
/**
 * Required fields that neither a column, a value for the whole file nor the group rows give:
 * the import cannot start.
 */
export function missingRequired(kind: ImportKind, layout: Layout, given: Iterable<string> = []): string[] {
  return missingFields(kind, [...layout.fields.filter((f): f is string => f !== null), ...given]);
}

/** header text -> field, for saving as a template and for the CLI's JSON. */
export function mappingOf(layout: Layout): Record<string, string | null> {
  return Object.fromEntries(layout.headers.map((h, i) => [h, layout.fields[i] ?? null]));
}

/**
 * A saved template (normalised header -> field) applied to this file's headers, except to a
 * column hidden in Excel: the template knows last month's file, not which of this one's columns
 * the clerk hid.
 */
export function applyTemplate(layout: Layout, template: Record<string, string | null>): Layout {
  const hidden = new Set(layout.hiddenColumns);
  return {
    ...layout,
    fields: layout.headers.map((h, i) =>
      !hidden.has(i) && normalizeHeader(h) in template ? template[normalizeHeader(h)]! : layout.fields[i]!,
    ),
  };
}

/** Column letters of a 0-based column index (0 -> "A", 27 -> "AB"), as Excel names it. */
export function columnLetters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
