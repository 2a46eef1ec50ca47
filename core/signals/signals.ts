import {
  SIGNAL_KINDS,
  type SignalKind,
  type SignalSummaryView,
  type SignalView,
} from '../../common/api/methods/signals.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import type { Scope } from '../registry/scope.ts';
import { amountMismatch } from './amountMismatch.ts';
import type { DetectContext, Detected } from './detected.ts';
import { excludedPrograms } from './excludedPrograms.ts';
import { paidIneligible } from './paidIneligible.ts';
import { personTwoHouseholds } from './personTwoHouseholds.ts';
import { releaseExclusion } from './releaseExclusion.ts';
import { releaseInclusion } from './releaseInclusion.ts';
import { sharedNumbers } from './sharedNumbers.ts';

const DETECTORS: Record<SignalKind, (ctx: DetectContext) => Detected[]> = {
  shared_number: sharedNumbers,
  paid_ineligible: (ctx) => paidIneligible(ctx),
  excluded_programs: excludedPrograms,
  person_two_households: personTwoHouseholds,
  amount_mismatch: amountMismatch,
  release_inclusion: releaseInclusion,
  release_exclusion: releaseExclusion,
};

/** A list page shows this many; the count is always whole. */
const LIST_LIMIT = 500;

export interface SignalContext {
  sql: Sql;
  scope: Scope;
  regions: RegionNames;
}

interface Family {
  id: string;
  kk_number: string | null;
  desa_code: string;
  head_name: string | null;
}

/** The families of the found cases, by id (one query per 500). */
function familiesOf(sql: Sql, ids: string[]): Map<string, Family> {
  const out = new Map<string, Family>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    for (const f of sql.all(
      qb
        .selectFrom('households as h')
        .leftJoin('people as p', 'p.id', 'h.head_person_id')
        .select(['h.id', 'h.kk_number', 'h.desa_code', 'p.name as head_name'])
        .where('h.id', 'in', chunk),
    ))
      out.set(f.id, f);
  }
  return out;
}

/** Cases in the caller's area: any family concerned lives there. */
function inScope(scope: Scope, families: Map<string, Family>, d: Detected): boolean {
  return (
    !scope.desaCodes || d.householdIds.some((id) => scope.desaCodes!.has(families.get(id)?.desa_code ?? ''))
  );
}

function checksOf(sql: Sql, kind: SignalKind) {
  return new Map(
    sql
      .all(
        qb
          .selectFrom('signal_checks as c')
          .leftJoin('users as u', 'u.id', 'c.checked_by')
          .select(['c.subject_key', 'c.note', 'c.created_at', 'c.checked_by_name', 'u.full_name'])
          .where('c.kind', '=', kind),
      )
      // A check made on another workstation names its checker; the local user id means nothing here.
      .map((c) => [c.subject_key, { note: c.note, by: c.checked_by_name ?? c.full_name, at: c.created_at }]),
  );
}

interface Found {
  detected: Detected[];
  families: Map<string, Family>;
  checks: ReturnType<typeof checksOf>;
}

function find(ctx: SignalContext, kind: SignalKind): Found {
  const all = DETECTORS[kind]({ sql: ctx.sql, readSpecific: ctx.scope.readSpecific });
  const families = familiesOf(
    ctx.sql,
    all.flatMap((d) => d.householdIds),
  );
  return {
    detected: all.filter((d) => inScope(ctx.scope, families, d)),
    families,
    checks: checksOf(ctx.sql, kind),
  };
}

function toView(ctx: SignalContext, found: Found, d: Detected): SignalView {
  const inArea = (id: string) => {
    const f = found.families.get(id);
    return !!f && (!ctx.scope.desaCodes || ctx.scope.desaCodes.has(f.desa_code));
  };
  return {
    kind: d.kind,
    key: d.key,
    // A family outside the caller's area is only "outside": no KK, head, or desa.
    families: d.householdIds.map((id) => {
      const f = found.families.get(id);
      const visible = inArea(id);
      return {
        householdId: id,
        kkNumber: visible ? f!.kk_number : null,
        headName: visible ? f!.head_name : null,
        desaName: visible ? ctx.regions.name(f!.desa_code) : '',
      };
    }),
    reason: typeof d.reason === 'string' ? d.reason : d.reason(inArea),
    checked: found.checks.get(d.key) ?? null,
  };
}

export function signalSummary(ctx: SignalContext): SignalSummaryView {
  return SIGNAL_KINDS.map((kind) => {
    const found = find(ctx, kind);
    const checked = found.detected.filter((d) => found.checks.has(d.key)).length;
    return { kind, open: found.detected.length - checked, checked };
  });
}

export function listSignals(
  ctx: SignalContext,
  kind: SignalKind,
  include: 'open' | 'checked' | 'all',
): { rows: SignalView[]; total: number; truncated: boolean } {
  const found = find(ctx, kind);
  const wanted = found.detected.filter(
    (d) => include === 'all' || (include === 'checked') === found.checks.has(d.key),
  );
  return {
    rows: wanted.slice(0, LIST_LIMIT).map((d) => toView(ctx, found, d)),
    total: wanted.length,
    truncated: wanted.length > LIST_LIMIT,
  };
}

/** Marks a case checked with what was found; audited in the family's history. */
export function checkSignal(
  changes: Changes,
  ctx: SignalContext,
  input: { kind: SignalKind; key: string; note: string },
): SignalView {
  const found = find(ctx, input.kind);
  const d = found.detected.find((x) => x.key === input.key);
  if (!d)
    throw new AppFailure(
      'NOT_FOUND',
      'Sinyal ini sudah tidak ada (datanya berubah sejak daftar dibuka). Muat ulang daftarnya.',
    );
  if (found.checks.has(d.key)) throw new AppFailure('CONFLICT', 'Sinyal ini sudah ditandai diperiksa.');
  changes.about(d.householdIds[0]!, () =>
    changes.insert(
      'signal_checks',
      {
        id: newId(),
        kind: d.kind,
        subject_key: d.key,
        household_id: d.householdIds[0]!,
        note: input.note,
        checked_by: changes.actorId,
        checked_by_name: checkerName(changes),
      } as never,
      'signals.check',
    ),
  );
  return toView(ctx, { ...found, checks: checksOf(changes.db, input.kind) }, d);
}

function checkerName(changes: Changes): string | null {
  if (!changes.actorId) return null;
  const user = changes.db.first(qb.selectFrom('users').select('full_name').where('id', '=', changes.actorId));
  return user?.full_name ?? changes.actorName;
}

/**
 * What closing a period would seal: its items paid, or still to be paid, to someone who died, was
 * removed or is inactive, and that nobody has checked yet.
 */
export function periodWarnings(ctx: SignalContext, periodId: string): SignalView[] {
  const detected = paidIneligible({ sql: ctx.sql, readSpecific: ctx.scope.readSpecific }, periodId);
  const found: Found = {
    detected,
    families: familiesOf(
      ctx.sql,
      detected.flatMap((d) => d.householdIds),
    ),
    checks: checksOf(ctx.sql, 'paid_ineligible'),
  };
  return detected.filter((d) => !found.checks.has(d.key)).map((d) => toView(ctx, found, d));
}
