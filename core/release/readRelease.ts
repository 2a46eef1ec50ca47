import { checkNik } from '../../common/domain/idNumbers.ts';
import { cleanText } from '../../common/domain/text.ts';
import { AppFailure } from '../../common/errors.ts';
import type { Sql } from '../../db/sql.ts';
import type { SheetRow } from '../importer/cells.ts';
import { detectLayout, headerOf, withMapping, mappingOf, type Layout } from '../importer/layout.ts';
import type { ImportLimits } from '../importer/limits.ts';
import { inspectSpreadsheet, parseSpreadsheet } from '../importer/reader.ts';
import { RegionMatcher } from '../importer/regionMatch.ts';
import { fieldColumns, ImportRow } from '../importer/rows.ts';
import { TableWalker } from '../importer/tableRows.ts';
import { dateFromCell, desilFromCell, idFromCell, lifeFromCell, sexFromCell } from '../importer/values.ts';

/** One person as the release names them, before matching. */
export interface ReleaseRow {
  rowNo: number;
  dtksId: string | null;
  bdtId: string | null;
  nik: string | null;
  kk: string | null;
  name: string;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  address: string;
  desaCode: string | null;
  desil: number | null;
  died: boolean;
}

/** A row left out, and why (shown after the import, never silent). */
export interface SkippedRow {
  row: number;
  message: string;
}

export interface ReadRelease {
  rows: ReleaseRow[];
  skipped: SkippedRow[];
  sheet: string;
}

/**
 * A release is a DTKS/DTSEN export: one row per person. It is read by the importer's own
 * pieces (reader thread, header detection with the recipients' column names, table walker,
 * cell parsers), so a file the importer reads is read the same way here.
 */
export async function readRelease(
  sql: Sql,
  file: { path: string; name: string },
  limits: ImportLimits,
  today: Date,
): Promise<ReadRelease> {
  const detected = detectLayout('recipients', await inspectSpreadsheet(file.path, file.name, limits));
  requireColumns(detected);
  const regions = new RegionMatcher(sql);
  const rows: ReleaseRow[] = [];
  const skipped: SkippedRow[] = [];
  let layout: Layout | null = null;
  let columns = new Map<string, number>();
  let walker: TableWalker | null = null;
  let top: SheetRow | null = null;
  const startTable = (headerTop: SheetRow, next: SheetRow | null): boolean => {
    const { headers, span } = headerOf('recipients', headerTop, next);
    layout = withMapping('recipients', { ...detected, headers, span }, mappingOf(detected));
    columns = fieldColumns(layout);
    walker = new TableWalker('recipients', layout, {});
    return span === 2;
  };
  for await (const event of parseSpreadsheet(file.path, file.name, limits, {
    mode: 'read',
    sheet: detected.sheet,
  })) {
    if (event.type !== 'rows') continue;
    for (const raw of event.rows) {
      if (raw.n === detected.headerRow) {
        top = raw;
        continue;
      }
      if (top) {
        const headerTop = top;
        top = null;
        if (startTable(headerTop, raw.n === headerTop.n + 1 ? raw : null)) continue;
      }
      if (!layout) continue;
      const seen = walker!.accept(raw);
      if (seen.type !== 'data') continue;
      const row = new ImportRow(raw.n, raw.cells, layout, columns, seen.given);
      const read = readRow(row, regions, today);
      if ('message' in read) skipped.push(read);
      else rows.push(read);
    }
  }
  if (!rows.length)
    throw new AppFailure(
      'VALIDATION',
      'Tidak ada baris data yang terbaca di bawah judul kolom. Periksa apakah berkas ini ekspor DTKS/DTSEN (satu baris per orang).',
    );
  return { rows, skipped, sheet: detected.sheet };
}

/** A release without identifiers cannot be matched, and one without desil says little. */
function requireColumns(layout: Layout): void {
  const fields = new Set(layout.fields.filter(Boolean));
  if (!['nik', 'dtksId', 'bdtId'].some((f) => fields.has(f)))
    throw new AppFailure(
      'VALIDATION',
      'Kolom NIK, ID DTKS atau IDARTBDT tidak ditemukan. Berkas rilis harus memuat salah satunya agar orangnya dapat dicocokkan.',
    );
  if (!fields.has('desil'))
    throw new AppFailure(
      'VALIDATION',
      'Kolom DESIL tidak ditemukan. Pastikan berkas ini rilis DTKS/DTSEN yang memuat peringkat desil.',
    );
}

const nationalId = (row: ImportRow, field: string): string | null =>
  row.text(field).replace(/^'/, '').replace(/[\s.]/g, '') || null;

function readRow(row: ImportRow, regions: RegionMatcher, today: Date): ReleaseRow | SkippedRow {
  const skip = (message: string): SkippedRow => ({ row: row.n, message });
  const nik = idFromCell(row.get('nik'), 'NIK');
  if (!nik.ok) return skip(nik.message);
  const kk = idFromCell(row.get('kk'), 'No. KK');
  if (!kk.ok) return skip(kk.message);
  // A NIK of the wrong shape matches nobody; the row still counts by its national ids.
  const validNik = nik.value && checkNik(nik.value, { today }).problems.every((p) => p.severity !== 'error');
  const ids = { dtksId: nationalId(row, 'dtksId'), bdtId: nationalId(row, 'bdtId') };
  if (!validNik && !ids.dtksId && !ids.bdtId)
    return skip('Tanpa NIK yang sah, ID DTKS maupun IDARTBDT: orangnya tidak dapat dicocokkan.');
  const name = cleanText(row.text('name'));
  if (!name.ok) return skip(`Nama ${name.message}`);
  const address = cleanText(row.text('address'), { multiline: true });
  const desilRead = desilFromCell(row.get('desil'));
  if (!desilRead.ok) return skip(desilRead.message);
  const desil = desilRead.value;
  const life = lifeFromCell(row.get('lifeStatus'));
  const sex = sexFromCell(row.get('sex'));
  const birth = dateFromCell(row.get('birthDate'), today);
  const place = row.text('desa') ? regions.match(row.text('desa'), row.text('kecamatan')) : null;
  return {
    rowNo: row.n,
    ...ids,
    nik: validNik ? nik.value : null,
    kk: kk.value,
    name: name.value,
    sex: sex.ok ? sex.value : null,
    birthDate: birth.ok ? birth.value : null,
    address: address.ok ? address.value : '',
    desaCode: place && 'code' in place ? place.code : null,
    desil,
    died: life.ok && life.value === 'mati',
  };
}
