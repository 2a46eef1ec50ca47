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
  const { kecamatan, desa } = session.area;
  let desaCodes: Set<string> | null = null;
  if (kecamatan.length || desa.length) {
    desaCodes = new Set(desa);
    if (kecamatan.length) {
      const inKecamatan = sql.all(
        qb.selectFrom('regions').select('code').where('parent_code', 'in', kecamatan),
      );
      for (const r of inKecamatan) desaCodes.add(r.code);
    }
  }
  return {
    desaCodes,
    readSpecific: can(session.role, 'registry.readSpecific'),
    userId: session.userId,
    username: session.username,
  };
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

export function assertInScope(scope: Scope, desaCode: string): void {
  if (scope.desaCodes && !scope.desaCodes.has(desaCode)) {
    throw new AppFailure(
      'FORBIDDEN',
      'Data ini berada di luar wilayah kerja Anda. Hubungi administrator bila wilayah Anda perlu diubah.',
    );
  }
}
