import {
  IMPORT_FIELDS,
  matchHeader,
  type FieldSpec,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { cellText, type SheetRow } from './cells.ts';
import type { RegionMatcher } from './regionMatch.ts';
import { labelledValues } from './tableShape.ts';

/** A value for the whole file read from its title block, with the text it was read from. */
export interface FoundValue {
  value: string;
  found: string;
}

/** "DESA SISIR", "KELURAHAN : SISIR", "KECAMATAN BUMIAJI - KOTA BATU": a region named in a title. */
const NAMED_PLACE =
  /\b(DESA\s*\/\s*KELURAHAN|DESA\s*\/\s*KEL\.?|KELURAHAN\s*\/\s*DESA|DESA|KELURAHAN|KEL\.|KECAMATAN|KEC\.)\s*:?\s*([A-Z0-9][A-Z0-9 .'-]*?)\s*(?=$|,|;|\||\s[-–—]\s|\s\(|\bKECAMATAN\b|\bKEC\.|\bKOTA\b|\bKABUPATEN\b|\bKAB\.|\bTAHUN\b|\bBULAN\b|\bPERIODE\b|\bTAHAP\b)/gi;

/**
 * Desa and kecamatan named in the rows above the header (village lists, BIP books, PKH lists
 * carry them only there). A value counts only when it is a real region of the reference set,
 * so a title like "DAFTAR PENERIMA DESA TERTINGGAL" reads nothing.
 */
export function valuesFromTitle(
  kind: ImportKind,
  rowsAbove: SheetRow[],
  regions: RegionMatcher,
): Record<string, FoundValue> {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  if (!('desa' in specs)) return {};
  const named: { field: 'desa' | 'kecamatan'; text: string; found: string }[] = [];
  for (const row of rowsAbove) {
    const line = row.cells
      .map((c) => cellText(c))
      .filter(Boolean)
      .join(' ');
    if (!line) continue;
    const found = `baris ${row.n}: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
    for (const { label, value } of labelledValues(row.cells)) {
      const field = matchHeader(kind, label)?.field;
      if (field === 'desa' || field === 'kecamatan') named.push({ field, text: value, found });
    }
    for (const m of line.matchAll(NAMED_PLACE)) {
      const field = /^KEC/i.test(m[1]!) ? 'kecamatan' : 'desa';
      named.push({ field, text: m[2]!.trim(), found });
    }
  }
  const out: Record<string, FoundValue> = {};
  const kecamatan = named.find((n) => n.field === 'kecamatan' && regions.kecamatan(n.text));
  if (kecamatan) out.kecamatan = { value: regions.kecamatan(kecamatan.text)!.code, found: kecamatan.found };
  for (const n of named.filter((x) => x.field === 'desa')) {
    const place = regions.match(n.text, kecamatan?.text ?? '');
    if ('code' in place) {
      out.desa = { value: place.code, found: n.found };
      break;
    }
  }
  return out;
}
