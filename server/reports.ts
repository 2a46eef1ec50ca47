import { WHOLE_CITY, type AreaScope } from '../common/auth/roles.ts';
import { wholeCity } from '../common/sync/place.ts';
import { placeVisible } from './places.ts';
import type { ServerDb } from './store.ts';

export interface DisbursementTotalsRow {
  programCode: string;
  periodLabel: string;
  desaCode: string;
  kpmAllocated: number;
  kpmPaid: number;
  kpmNotPaid: number;
  amountAllocated: number;
  amountPaid: number;
}

/**
 * The monthly disbursement figures across every office's data (all devices), per programme,
 * period and desa: the numbers behind the monthly report (DOMAIN.md), computed from the server's
 * own copy. Money in integer rupiah. A workstation enrolled for an area gets its area's desa only,
 * the rows its pulls receive (probe C02: a desa's device read every desa's figures, some of them a
 * single family's payment).
 */
export async function disbursementTotals(
  db: ServerDb,
  year: number,
  month: number,
  area: AreaScope = WHOLE_CITY,
): Promise<{ year: number; month: number; rows: DisbursementTotalsRow[] }> {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12)
    return { year, month, rows: [] };
  const load = async (entity: string): Promise<Record<string, unknown>[]> =>
    (
      await db
        .selectFrom('entities')
        .select(['id', 'data_json'])
        .where('entity', '=', entity)
        .where('deleted', '=', 0)
        .$if(!wholeCity(area), (q) => q.where((eb) => placeVisible(eb, 'place', area)))
        .execute()
    ).map((r) => ({ ...(JSON.parse(r.data_json ?? '{}') as Record<string, unknown>), id: r.id }));
  const programs = new Map((await load('programs')).map((p) => [String(p.id), String(p.code)]));
  const periods = new Map(
    (await load('disbursement_periods'))
      .filter((p) => {
        const start = Number(p.start_month);
        return Number(p.year) === year && start <= month && month < start + Number(p.months);
      })
      .map((p) => [String(p.id), p]),
  );
  const totals = new Map<string, DisbursementTotalsRow>();
  for (const item of await load('disbursement_items')) {
    const period = periods.get(String(item.period_id));
    if (!period) continue;
    const programCode = programs.get(String(period.program_id)) ?? '?';
    const k = `${programCode}|${period.label}|${item.desa_code}`;
    let row = totals.get(k);
    if (!row)
      totals.set(
        k,
        (row = {
          programCode,
          periodLabel: String(period.label),
          desaCode: String(item.desa_code),
          kpmAllocated: 0,
          kpmPaid: 0,
          kpmNotPaid: 0,
          amountAllocated: 0,
          amountPaid: 0,
        }),
      );
    const amount = Number(item.amount) || 0;
    row.kpmAllocated++;
    row.amountAllocated += amount;
    if (item.status === 'tersalurkan') {
      row.kpmPaid++;
      row.amountPaid += amount;
    } else row.kpmNotPaid++;
  }
  const rows = [...totals.values()].sort((a, b) =>
    `${a.programCode}|${a.periodLabel}|${a.desaCode}`.localeCompare(
      `${b.programCode}|${b.periodLabel}|${b.desaCode}`,
    ),
  );
  return { year, month, rows };
}
