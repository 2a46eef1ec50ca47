import {
  IMPORT_FIELDS,
  matchHeader,
  type FieldSpec,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { cellText, type Cell, type SheetRow } from './cells.ts';
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
  const named: NamedPlace[] = [];
  for (const row of rowsAbove) {
    const line = lineOf(row.cells);
    if (!line) continue;
    const found = `baris ${row.n}: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
    named.push(...namedPlaces(kind, row.cells).map((n) => ({ ...n, found })));
  }
  return realPlaces(named, regions);
}

/**
 * A row inside the table that names a real desa: the title of a second table on the sheet
 * ("DAFTAR PENERIMA BPNT KELURAHAN SISIR KECAMATAN BATU") or a group row without a colon
 * ("KELURAHAN SISIR"). The rows under it are that desa's; its codes, or null.
 */
export function placeOfTableRow(
  kind: ImportKind,
  cells: Cell[],
  regions: RegionMatcher,
): Map<'desa' | 'kecamatan', string> | null {
  if (!('desa' in IMPORT_FIELDS[kind])) return null;
  if (!headingOnly(lineOf(cells))) return null;
  const named = namedPlaces(kind, cells);
  if (!named.some((n) => n.field === 'desa')) return null;
  const found = realPlaces(
    named.map((n) => ({ ...n, found: '' })),
    regions,
  );
  if (!found.desa) return null;
  const out = new Map<'desa' | 'kecamatan', string>([['desa', found.desa.value]]);
  if (found.kecamatan) out.set('kecamatan', found.kecamatan.value);
  return out;
}

/**
 * Words of a sentence about a move, not of a heading: "Usulan baru (pindahan dari Desa
 * Sidomulyo, sudah menetap di Sisir)" is a note on the rows under it, and must not move them.
 */
const MOVE_WORDS = /\b(DARI|KE|ASAL|PINDAH|PINDAHAN|MENETAP|DOMISILI|SUDAH|EKS|MUTASI|SEMULA|SEKARANG)\b/i;

/** What is left around the places a row names reads as a heading ("DAFTAR PENERIMA BPNT"), not prose. */
function headingOnly(line: string): boolean {
  const rest = line.replace(NAMED_PLACE, ' ');
  return !MOVE_WORDS.test(rest) && rest.split(/[^A-Za-z]+/).filter(Boolean).length <= 8;
}

type NamedPlace = { field: 'desa' | 'kecamatan'; text: string; found: string };

const lineOf = (cells: Cell[]) =>
  cells
    .map((c) => cellText(c))
    .filter(Boolean)
    .join(' ');

/** Desa and kecamatan a row names, as written: "Desa/Kelurahan : Sisir" or "KELURAHAN SISIR". */
function namedPlaces(kind: ImportKind, cells: Cell[]): Omit<NamedPlace, 'found'>[] {
  const named: Omit<NamedPlace, 'found'>[] = [];
  for (const { label, value } of labelledValues(cells)) {
    const field = matchHeader(kind, label)?.field;
    if (field === 'desa' || field === 'kecamatan') named.push({ field, text: value });
  }
  for (const m of lineOf(cells).matchAll(NAMED_PLACE)) {
    const field = /^KEC/i.test(m[1]!) ? 'kecamatan' : 'desa';
    named.push({ field, text: m[2]!.trim() });
  }
  return named;
}

/** The first named kecamatan and desa that are real regions (the desa within the kecamatan). */
function realPlaces(named: NamedPlace[], regions: RegionMatcher): Record<string, FoundValue> {
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
