import { levelOfCode, parentOfCode, regionNameKey } from '../../common/domain/regions.ts';
import type { RegionsTable } from '../../db/schema.ts';

/**
 * A synthetic reference set for crash tests: `size` desa-level regions whose names all carry
 * the generation number, so every row tells which bulk write it came from.
 */
export const BULK_SIZE = 3000;
const CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
const NAME = /^Gen (\d+) Desa \d{4}$/;

export function regionCode(index: number): string {
  // 1000 desa codes (2000..2999) per kecamatan: 35.79.01.2000 .. 35.79.0N.2999
  const kecamatan = Math.floor(index / 1000) + 1;
  return `35.79.${String(kecamatan).padStart(2, '0')}.${2000 + (index % 1000)}`;
}

export function regionGeneration(generation: number, size = BULK_SIZE): RegionsTable[] {
  const rows: RegionsTable[] = [];
  for (let i = 0; i < size; i++) {
    const code = regionCode(i);
    const name = `Gen ${generation} Desa ${String(i + 1).padStart(4, '0')}`;
    const level = levelOfCode(code);
    if (!CODE.test(code) || level !== 'desa') throw new Error(`bad synthetic code ${code}`);
    rows.push({
      code,
      name,
      level,
      parent_code: parentOfCode(code),
      postal_code: null,
      bps_code: null,
      name_key: regionNameKey(name),
    });
  }
  return rows;
}

/** The generation a region name belongs to, or null for a name not made here. */
export function generationOf(name: string): number | null {
  const match = NAME.exec(name);
  return match ? Number(match[1]) : null;
}
