import { readFileSync } from 'node:fs';
import type { RegionView } from '../../common/api/methods/admin.ts';
import { AppFailure } from '../../common/errors.ts';
import { dottedRegionCode, levelOfCode, parentOfCode, regionNameKey } from '../../common/domain/regions.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { RegionsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { parseCsv } from '../text/csv.ts';

export const DEFAULT_REGIONS_CSV = new URL('./data/wilayah_batu.csv', import.meta.url);

/**
 * Reads a Kemendagri region list: either this project's format (kemendagri_code, name, level,
 * kodepos, bps_code) or the two-column `kode,nama` of cahyadsn/wilayah. Codes may come with or
 * without dots. Every problem is reported with its line, and nothing is returned half-read.
 */
export function parseRegionCsv(text: string): RegionsTable[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), text.includes(';') && !text.includes(',') ? ';' : ',');
  if (rows.length === 0) throw new AppFailure('VALIDATION', 'Berkas wilayah kosong.');
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const hasHeader = header.some((h) => /kode|code|nama|name/.test(h));
  const col = (names: string[], fallback: number) => {
    const i = header.findIndex((h) => names.includes(h));
    return i >= 0 ? i : hasHeader ? -1 : fallback;
  };
  const codeCol = col(['kemendagri_code', 'kode', 'code', 'kode_wilayah'], 0);
  const nameCol = col(['name', 'nama', 'nama_wilayah'], 1);
  const postalCol = col(['kodepos', 'kode_pos', 'postal_code'], -1);
  const bpsCol = col(['bps_code', 'kode_bps'], -1);
  if (codeCol < 0 || nameCol < 0) {
    throw new AppFailure('VALIDATION', 'Berkas wilayah harus punya kolom kode dan nama (format Kemendagri).');
  }
  const problems: string[] = [];
  const out: RegionsTable[] = [];
  const seen = new Set<string>();
  rows.slice(hasHeader ? 1 : 0).forEach((row, index) => {
    const line = index + (hasHeader ? 2 : 1);
    const rawCode = (row[codeCol] ?? '').trim();
    const name = (row[nameCol] ?? '').trim();
    const code = rawCode.includes('.') ? rawCode : dottedRegionCode(rawCode);
    const level = levelOfCode(code);
    if (!/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(code) || !level) {
      problems.push(`baris ${line}: kode "${rawCode}" bukan kode wilayah Kemendagri`);
      return;
    }
    if (!name) {
      problems.push(`baris ${line}: nama wilayah kosong`);
      return;
    }
    if (seen.has(code)) {
      problems.push(`baris ${line}: kode ${code} muncul dua kali`);
      return;
    }
    seen.add(code);
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() || null : null);
    out.push({
      code,
      name,
      level,
      parent_code: parentOfCode(code),
      postal_code: cell(postalCol),
      bps_code: cell(bpsCol),
      name_key: regionNameKey(name),
    });
  });
  if (problems.length) {
    throw new AppFailure(
      'VALIDATION',
      `Berkas wilayah tidak bisa dipakai: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (dan ${problems.length - 5} lagi)` : ''}.`,
    );
  }
  return out;
}

export function defaultRegions(): RegionsTable[] {
  return parseRegionCsv(readFileSync(DEFAULT_REGIONS_CSV, 'utf8'));
}

/**
 * Replaces the reference set in one transaction: new codes added, changed names updated,
 * codes no longer listed removed. Every difference is audited.
 */
export function replaceRegions(
  changes: Changes,
  regions: RegionsTable[],
): { added: number; updated: number; removed: number } {
  const existing = new Map(changes.db.all(qb.selectFrom('regions').selectAll()).map((r) => [r.code, r]));
  let added = 0;
  let updated = 0;
  for (const region of regions) {
    const before = existing.get(region.code);
    existing.delete(region.code);
    if (!before) {
      changes.insert('regions', region, 'regions.import');
      added++;
    } else {
      const { code: _code, ...rest } = region;
      if (Object.keys(changes.update('regions', region.code, rest, 'regions.import')).length) updated++;
    }
  }
  for (const code of existing.keys()) changes.delete('regions', code, 'regions.import');
  return { added, updated, removed: existing.size };
}

export function listRegions(sql: Sql): RegionView[] {
  return sql
    .all(
      qb
        .selectFrom('regions')
        .select(['code', 'name', 'level', 'parent_code', 'postal_code'])
        .orderBy('code'),
    )
    .map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code,
      postalCode: r.postal_code,
    }));
}
