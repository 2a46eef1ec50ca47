import { createHash } from 'node:crypto';
import { rows, type DetectContext, type Detected } from './detected.ts';

const NUMBER_KINDS = {
  kks_number: 'kartu KKS',
  bank_account: 'rekening',
  phone_number: 'nomor HP',
} as const;
type NumberColumn = keyof typeof NUMBER_KINDS;

interface Holder {
  number: string;
  household_id: string;
  name: string;
  house: string;
}

/** The last four digits only, for roles that may not see specific data. */
const shown = (number: string, readSpecific: boolean) => (readSpecific ? number : `••••${number.slice(-4)}`);

/**
 * One bank account, KKS card or phone number on people of unrelated families. Families under one
 * roof (same desa, RT, RW and address: a KK numpang, a parent and a split-off child) often share a
 * phone and are not counted as unrelated.
 */
export function sharedNumbers(ctx: DetectContext): Detected[] {
  const found: Detected[] = [];
  for (const column of Object.keys(NUMBER_KINDS) as NumberColumn[]) {
    const holders = rows<Holder>(
      ctx.sql,
      `SELECT p.${column} AS number, p.household_id, p.name,
              h.desa_code || '|' || coalesce(h.rt, '') || '|' || coalesce(h.rw, '') || '|' ||
                lower(trim(h.address)) AS house
         FROM people p JOIN households h ON h.id = p.household_id
        WHERE p.${column} IN (SELECT q.${column} FROM people q JOIN households g ON g.id = q.household_id
                               WHERE q.${column} IS NOT NULL AND q.deleted_at IS NULL AND g.deleted_at IS NULL
                               GROUP BY q.${column} HAVING count(DISTINCT q.household_id) > 1)
          AND p.deleted_at IS NULL AND h.deleted_at IS NULL
        ORDER BY p.${column}, p.household_id`,
    );
    const byNumber = new Map<string, Holder[]>();
    for (const h of holders) byNumber.set(h.number, [...(byNumber.get(h.number) ?? []), h]);
    for (const [number, group] of byNumber) {
      const houses = new Set(group.map((h) => (h.house.endsWith('|') ? `${h.household_id}` : h.house)));
      if (houses.size < 2) continue;
      const householdIds = [...new Set(group.map((h) => h.household_id))];
      const what = `${NUMBER_KINDS[column][0]!.toUpperCase()}${NUMBER_KINDS[column].slice(1)} ${shown(number, ctx.readSpecific)}`;
      found.push({
        kind: 'shared_number',
        // The number itself stays out of the key: keys travel to roles that may not see it.
        key: `${column}:${createHash('sha256').update(number).digest('hex').slice(0, 16)}:${householdIds.join(',')}`,
        householdIds,
        // Holders are named only in the caller's area: the others are counted, without desa.
        reason: (inArea) => {
          const names = group.filter((h) => inArea(h.household_id)).map((h) => h.name);
          const outside = householdIds.filter((id) => !inArea(id)).length;
          if (outside) names.push(`${outside} keluarga di luar wilayah kerja Anda`);
          return `${what} tercatat pada ${householdIds.length} keluarga yang tidak serumah: ${names.join(', ')}.`;
        },
      });
    }
  }
  return found;
}
