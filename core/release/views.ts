import {
  RELEASE_CATEGORIES,
  type ReleaseCategory,
  type ReleaseItemView,
  type ReleaseSummaryView,
  type ReleaseView,
} from '../../common/api/methods/release.ts';
import { notFound } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { DtksReleaseChangesTable } from '../../db/schema.ts';
import type { RegionNames } from '../regions/names.ts';
import type { Scope } from '../registry/scope.ts';

/** A list page shows this many; the count is always whole. */
const LIST_LIMIT = 500;

export interface ReleaseContext {
  sql: Sql;
  scope: Scope;
  regions: RegionNames;
}

/** A change is in the caller's area when its desa is; one without a desa only city-wide. */
const inScope = (scope: Scope, desaCode: string | null) =>
  !scope.desaCodes || (desaCode !== null && scope.desaCodes.has(desaCode));

function itemsOf(ctx: ReleaseContext, releaseId: string): DtksReleaseChangesTable[] {
  return ctx.sql
    .all(
      qb
        .selectFrom('dtks_release_changes')
        .selectAll()
        .where('release_id', '=', releaseId)
        .orderBy('desa_code')
        .orderBy('subject_name'),
    )
    .filter((i) => inScope(ctx.scope, i.desa_code));
}

export function listReleases(ctx: ReleaseContext): ReleaseView[] {
  const releases = ctx.sql.all(
    qb.selectFrom('dtks_releases').selectAll().orderBy('release_date', 'desc').orderBy('created_at', 'desc'),
  );
  return releases.map((r) => {
    const items = itemsOf(ctx, r.id);
    const open = items.filter((i) => !i.decision).length;
    return {
      id: r.id,
      source: r.source,
      releaseDate: r.release_date,
      fileName: r.file_name,
      rowCount: r.row_count,
      createdAt: r.created_at,
      open,
      decided: items.length - open,
    };
  });
}

export function releaseSummary(ctx: ReleaseContext, releaseId: string): ReleaseSummaryView {
  const release = listReleases(ctx).find((r) => r.id === releaseId);
  if (!release) throw notFound('Rilis DTKS');
  const items = itemsOf(ctx, releaseId);
  return {
    release,
    categories: RELEASE_CATEGORIES.map((category) => {
      const mine = items.filter((i) => i.category === category);
      const byDesa = new Map<string | null, number>();
      for (const i of mine) byDesa.set(i.desa_code, (byDesa.get(i.desa_code) ?? 0) + 1);
      return {
        category,
        total: mine.length,
        open: mine.filter((i) => !i.decision).length,
        accepted: mine.filter((i) => i.decision === 'diterima').length,
        refused: mine.filter((i) => i.decision === 'ditolak').length,
        byDesa: [...byDesa]
          .map(([desaCode, count]) => ({
            desaCode,
            desaName: desaCode ? ctx.regions.name(desaCode) : 'Desa tidak terbaca',
            count,
          }))
          .sort((a, b) => a.desaName.localeCompare(b.desaName)),
      };
    }),
  };
}

function toView(
  ctx: ReleaseContext,
  i: DtksReleaseChangesTable,
  names: Map<string, string>,
): ReleaseItemView {
  return {
    id: i.id,
    category: i.category,
    householdId: i.household_id,
    personId: i.person_id,
    desaCode: i.desa_code,
    desaName: i.desa_code ? ctx.regions.name(i.desa_code) : 'Desa tidak terbaca',
    subjectName: i.subject_name,
    before: i.before_value,
    after: i.after_value,
    decision: i.decision,
    reason: i.reason,
    verificationId: i.verification_id,
    decidedBy: i.decided_by ? (names.get(i.decided_by) ?? null) : null,
    decidedAt: i.decided_at,
  };
}

function userNames(sql: Sql): Map<string, string> {
  return new Map(sql.all(qb.selectFrom('users').select(['id', 'full_name'])).map((u) => [u.id, u.full_name]));
}

/** The items of a category (in the caller's area, and desa when given). */
export function selectItems(
  ctx: ReleaseContext,
  filter: {
    releaseId: string;
    category: ReleaseCategory;
    desaCode: string | null;
    include: 'open' | 'decided' | 'all';
  },
): DtksReleaseChangesTable[] {
  return itemsOf(ctx, filter.releaseId).filter(
    (i) =>
      i.category === filter.category &&
      (filter.desaCode === null || i.desa_code === filter.desaCode) &&
      (filter.include === 'all' || (filter.include === 'open') === (i.decision === null)),
  );
}

export function listItems(
  ctx: ReleaseContext,
  filter: Parameters<typeof selectItems>[1],
): { rows: ReleaseItemView[]; total: number; truncated: boolean } {
  const wanted = selectItems(ctx, filter);
  const names = userNames(ctx.sql);
  return {
    rows: wanted.slice(0, LIST_LIMIT).map((i) => toView(ctx, i, names)),
    total: wanted.length,
    truncated: wanted.length > LIST_LIMIT,
  };
}

export function itemView(ctx: ReleaseContext, id: string): ReleaseItemView {
  const item = ctx.sql.first(qb.selectFrom('dtks_release_changes').selectAll().where('id', '=', id));
  if (!item || !inScope(ctx.scope, item.desa_code)) throw notFound('Perubahan rilis');
  return toView(ctx, item, userNames(ctx.sql));
}

/** Every item in the caller's area, category by category, for the report. */
export function reportItems(ctx: ReleaseContext, releaseId: string): ReleaseItemView[] {
  const names = userNames(ctx.sql);
  const items = itemsOf(ctx, releaseId);
  return RELEASE_CATEGORIES.flatMap((c) =>
    items.filter((i) => i.category === c).map((i) => toView(ctx, i, names)),
  );
}
