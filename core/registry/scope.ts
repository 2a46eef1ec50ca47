import { can } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Session } from '../auth/sessions.ts';

/**
 * What the caller may see: the desa codes of their area (null = whole city) and whether
 * specific data (disability, health, bank) is shown to them.
 */
export interface Scope {
  desaCodes: ReadonlySet<string> | null;
  readSpecific: boolean;
  userId: string;
  username: string;
}

export function scopeOf(sql: Sql, session: Session): Scope {
  return {
    desaCodes: desaCodesOfArea(sql, session.area),
    readSpecific: can(session.role, 'registry.readSpecific'),
    userId: session.userId,
    username: session.username,
  };
}

/** The desa a work area covers (its desa and every desa of its kecamatan); null: the whole city. */
export function desaCodesOfArea(sql: Sql, area: { kecamatan: string[]; desa: string[] }): Set<string> | null {
  const { kecamatan, desa } = area;
  if (!kecamatan.length && !desa.length) return null;
  const desaCodes = new Set(desa);
  if (kecamatan.length)
    for (const r of sql.all(qb.selectFrom('regions').select('code').where('parent_code', 'in', kecamatan)))
      desaCodes.add(r.code);
  return desaCodes;
}

/** A scope as it travels to a job's thread (worker data carries no Set). */
export interface ScopeParams {
  desaCodes: string[] | null;
  readSpecific: boolean;
  userId: string;
  username: string;
}

export const scopeToParams = (scope: Scope): ScopeParams => ({
  ...scope,
  desaCodes: scope.desaCodes ? [...scope.desaCodes] : null,
});

export const scopeFromParams = (params: ScopeParams): Scope => ({
  ...params,
  desaCodes: params.desaCodes ? new Set(params.desaCodes) : null,
});

export const inScope = (scope: Scope, desaCode: string): boolean =>
  !scope.desaCodes || scope.desaCodes.has(desaCode);

export function assertInScope(scope: Scope, desaCode: string): void {
  if (!inScope(scope, desaCode)) {
    throw new AppFailure(
      'FORBIDDEN',
      'Data ini berada di luar wilayah kerja Anda. Hubungi administrator bila wilayah Anda perlu diubah.',
    );
  }
}
