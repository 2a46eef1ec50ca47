import {
  fieldForHeader,
  IGNORED_COLUMNS,
  IMPORT_FIELDS,
  normalizeHeader,
  type FieldSpec,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { cellText, isEmptyRow, type SheetRow } from './cells.ts';
import type { SheetPreview } from './reader.ts';

/**
 * Where the data is: which sheet, which row holds the headers (files often open with a title,
 * an empty row, merged cells), and what each column means. Column headers are made unique
 * ("NAMA", "NAMA (2)") so a mapping can name them.
 */
export interface Layout {
  sheet: string;
  headerRow: number;
  /** Header text per column index (unique). */
  headers: string[];
  /** Field per column index, or null for a column not read. */
  fields: (string | null)[];
}

export function uniqueHeaders(row: SheetRow): string[] {
  const seen = new Map<string, number>();
  return row.cells.map((cell, i) => {
    const text = cellText(cell) || `Kolom ${i + 1}`;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text} (${n})`;
  });
}

/** How many cells of a row are known column names for this kind. */
function headerScore(kind: ImportKind, row: SheetRow): number {
  return row.cells.filter(
    (c) => c && c.t === 's' && (fieldForHeader(kind, c.v) || IGNORED_COLUMNS.includes(normalizeHeader(c.v))),
  ).length;
}

function bestHeader(kind: ImportKind, sheet: SheetPreview): { row: SheetRow; score: number } | null {
  let best: { row: SheetRow; score: number } | null = null;
  for (const row of sheet.rows.slice(0, 30)) {
    const score = headerScore(kind, row);
    if (score > (best?.score ?? 0)) best = { row, score };
  }
  return best;
}

export function autoFields(kind: ImportKind, headers: string[]): (string | null)[] {
  const used = new Set<string>();
  return headers.map((h) => {
    const field = fieldForHeader(kind, h);
    if (!field || used.has(field)) return null;
    used.add(field);
    return field;
  });
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
  const ranked = candidates
    .map((sheet) => ({ sheet, header: bestHeader(kind, sheet) }))
    .sort((a, b) => (b.header?.score ?? 0) - (a.header?.score ?? 0) || b.sheet.rowCount - a.sheet.rowCount);
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
  if (!headerRow) {
    throw new AppFailure(
      'VALIDATION',
      'Baris judul kolom tidak ditemukan. Pastikan ada satu baris berisi nama kolom (misalnya NIK, NAMA, NO_KK) di atas data.',
    );
  }
  const headers = uniqueHeaders(headerRow);
  return { sheet: chosen.sheet.name, headerRow: headerRow.n, headers, fields: autoFields(kind, headers) };
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
  return { ...layout, fields };
}

/** Required fields without a column: the import cannot start. */
export function missingRequired(kind: ImportKind, layout: Layout): string[] {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const mapped = new Set(layout.fields.filter(Boolean));
  const missing = Object.entries(specs)
    .filter(([field, spec]) => spec.required && !mapped.has(field))
    .map(([, spec]) => spec.label);
  // Verification and payment rows are matched by NIK or KK: one of them is enough.
  if ((kind === 'payments' || kind === 'verifications') && !mapped.has('nik') && !mapped.has('kk'))
    missing.push('NIK atau No. KK');
  return missing;
}

/** header text -> field, for saving as a template and for the CLI's JSON. */
export function mappingOf(layout: Layout): Record<string, string | null> {
  return Object.fromEntries(layout.headers.map((h, i) => [h, layout.fields[i] ?? null]));
}

/** A saved template (normalised header -> field) applied to this file's headers. */
export function applyTemplate(layout: Layout, template: Record<string, string | null>): Layout {
  return {
    ...layout,
    fields: layout.headers.map((h, i) =>
      normalizeHeader(h) in template ? template[normalizeHeader(h)]! : layout.fields[i]!,
    ),
  };
}
