import { qb, reusable } from '../../../db/sql.ts';

/**
 * Families as lists keyed by NIK/KK find them: removed ones too (a live row first), so a row
 * can say "this family was removed" rather than "not found". Compiled once (see `reusable`).
 */
export const householdById = reusable((id: string) =>
  qb
    .selectFrom('households')
    .select(['id', 'kk_number', 'desa_code', 'deleted_at', 'deleted_reason'])
    .where('id', '=', id),
);
export const householdByKk = reusable((kk: string) =>
  qb
    .selectFrom('households')
    .select(['id', 'kk_number', 'desa_code', 'deleted_at', 'deleted_reason'])
    .where('kk_number', '=', kk)
    .orderBy('deleted_at')
    .limit(1),
);
