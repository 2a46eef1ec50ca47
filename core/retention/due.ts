import type { RetentionItemView, RetentionPreviewView } from '../../common/api/methods/admin.ts';
import { maskIdNumber } from '../../common/domain/idNumbers.ts';
import { formatDateId } from '../../common/format.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { RegionNames } from '../regions/names.ts';
import { readSettings } from '../settings/settings.ts';

/**
 * Who is due for the retention purge (UU PDP Pasal 43: personal data is erased when the
 * retention period ends): families removed longer ago than the office's retention setting, and
 * removed members of families that stay. Something still in use (an open disbursement period,
 * an open case or complaint) waits, with its reason.
 */
export interface DueItem extends RetentionItemView {
  householdId: string;
  /** The people whose data goes: every member of a due family, or the one removed person. */
  personIds: string[];
}

export function retentionCutoff(now: Date, years: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff.toISOString();
}

export function dueForPurge(sql: Sql, regions: RegionNames, now: Date): DueItem[] {
  const cutoff = retentionCutoff(now, readSettings(sql).retentionYears);
  const families = sql.all(
    qb
      .selectFrom('households')
      .select(['id', 'kk_number', 'desa_code', 'deleted_at', 'head_person_id'])
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<', cutoff)
      .where('purged_at', 'is', null)
      .orderBy('deleted_at'),
  );
  const items: DueItem[] = families.map((h) => {
    const members = sql.all(qb.selectFrom('people').select(['id', 'name']).where('household_id', '=', h.id));
    const head = members.find((m) => m.id === h.head_person_id) ?? members[0];
    return {
      kind: 'keluarga',
      id: h.id,
      householdId: h.id,
      personIds: members.map((m) => m.id),
      label: [h.kk_number ? `KK ${maskIdNumber(h.kk_number)}` : 'Tanpa KK', head?.name]
        .filter(Boolean)
        .join(' · '),
      desaName: regions.name(h.desa_code),
      removedAt: formatDateId(h.deleted_at!),
      people: members.length,
      deferredBecause: null,
    };
  });
  const people = sql.all(
    qb
      .selectFrom('people')
      .innerJoin('households', 'households.id', 'people.household_id')
      .select([
        'people.id',
        'people.name',
        'people.deleted_at',
        'people.household_id',
        'households.desa_code',
      ])
      .where('people.deleted_at', 'is not', null)
      .where('people.deleted_at', '<', cutoff)
      .where('people.purged_at', 'is', null)
      .where((eb) =>
        eb.or([eb('households.deleted_at', 'is', null), eb('households.deleted_at', '>=', cutoff)]),
      )
      .orderBy('people.deleted_at'),
  );
  for (const p of people)
    items.push({
      kind: 'orang',
      id: p.id,
      householdId: p.household_id,
      personIds: [p.id],
      label: p.name,
      desaName: regions.name(p.desa_code),
      removedAt: formatDateId(p.deleted_at!),
      people: 1,
      deferredBecause: null,
    });
  for (const item of items) item.deferredBecause = whyWait(sql, item);
  return items;
}

export function retentionPreview(sql: Sql, regions: RegionNames, now: Date): RetentionPreviewView {
  const items = dueForPurge(sql, regions, now);
  const years = readSettings(sql).retentionYears;
  return {
    years,
    cutoff: formatDateId(retentionCutoff(now, years)),
    items: items.map(({ householdId: _h, personIds: _p, ...view }) => view),
    due: items.filter((i) => !i.deferredBecause).length,
  };
}

function whyWait(sql: Sql, item: DueItem): string | null {
  const whole = item.kind === 'keluarga';
  const openPayment = sql.first(
    qb
      .selectFrom('disbursement_items')
      .innerJoin('disbursement_periods', 'disbursement_periods.id', 'disbursement_items.period_id')
      .select('disbursement_items.id')
      .where('disbursement_periods.status', '=', 'dibuka')
      .where(whole ? 'disbursement_items.household_id' : 'disbursement_items.person_id', 'in', [
        whole ? item.householdId : item.personIds[0]!,
      ])
      .limit(1),
  );
  if (openPayment) return 'Masih tercantum di periode penyaluran yang belum ditutup.';
  const openCase =
    (whole &&
      sql.first(
        qb
          .selectFrom('cases')
          .select('id')
          .where('household_id', '=', item.householdId)
          .where('status', 'not in', ['selesai', 'ditutup'])
          .limit(1),
      )) ||
    sql.first(
      qb
        .selectFrom('complaints')
        .select('id')
        .where(whole ? 'household_id' : 'person_id', 'in', [whole ? item.householdId : item.personIds[0]!])
        .where('status', '!=', 'selesai')
        .limit(1),
    );
  if (openCase) return 'Masih ada kasus atau pengaduan yang belum selesai.';
  return null;
}
