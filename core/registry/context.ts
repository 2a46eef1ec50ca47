import type { HandlerContext } from '../dispatch/handler.ts';
import { RegionNames } from '../regions/names.ts';
import { readSettings } from '../settings/settings.ts';
import type { RegistryContext } from './households.ts';
import { scopeOf } from './scope.ts';

/** The registry's view of a request: caller's area and rights, region names, NIK settings, today. */
export function registryContext(ctx: HandlerContext): RegistryContext {
  const sql = ctx.db().sql;
  return {
    sql,
    scope: scopeOf(sql, ctx.requireSession()),
    regions: new RegionNames(sql),
    cityPrefix: readSettings(sql).cityPrefix,
    today: ctx.now(),
  };
}
