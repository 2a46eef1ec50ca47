import type { DashboardView, DrillKind, DrillView } from '../../common/api/methods/reports.ts';
import {
  CASE_STATUS_LABELS,
  CHANNEL_LABELS,
  CHANNELS,
  COMPLAINT_KIND_LABELS,
  OPEN_CASE_STATUSES,
} from '../../common/domain/registry.ts';
import { AppFailure } from '../../common/errors.ts';
import { formatDateId, formatRupiah, localDate } from '../../common/format.ts';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { desaInScope, type ReportContext } from './common.ts';
import { byProgramOrder, onTimeOf } from './monthly.ts';
import { monthBounds, monthIndex, monthLabel } from './format.ts';

/**
 * Beranda indicators: does the programme reach the right people, and does the money arrive?
 * Everything is counted from the data at the time of asking, within the caller's area and the
 * filters (months, programme, kecamatan). A disbursement period counts in its last month.
 */

export interface DashboardFilters {
  from: string;
  to: string;
  programCode?: string | undefined;
  kecamatanCode?: string | undefined;
}

const DAY = 86_400_000;

function monthsBetween(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = monthIndex(fy, fm); i <= monthIndex(ty, tm) && out.length < 60; i++)
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

function setup(ctx: ReportContext, filters: DashboardFilters) {
  if (filters.from > filters.to)
    throw new AppFailure('VALIDATION', 'Bulan awal harus sebelum bulan akhir.', {
      fields: [{ path: 'from', message: 'Bulan awal sesudah bulan akhir.' }],
    });
  const desa = desaInScope(ctx, filters.kecamatanCode ? { kecamatanCode: filters.kecamatanCode } : {});
  const codes = desa.map((d) => d.code);
  const program = filters.programCode
    ? ctx.sql.first(
        qb.selectFrom('programs').select(['id', 'code', 'name']).where('code', '=', filters.programCode),
      )
    : null;
  if (filters.programCode && !program)
    throw new AppFailure('VALIDATION', `Program ${filters.programCode} tidak dikenal.`, {
      fields: [{ path: 'programCode', message: 'Program tidak dikenal.' }],
    });
  const cashIds = ctx.sql
    .all(qb.selectFrom('programs').select('id').where('benefit', '=', 'cash'))
    .map((p) => p.id);
  const programIds = program ? [program.id] : cashIds;
  const range = { from: monthBounds(filters.from).from, to: monthBounds(filters.to).to };
  const months = monthsBetween(filters.from, filters.to);
  return {
    desa,
    codes: codes.length ? codes : [''],
    program,
    programIds: programIds.length ? programIds : [''],
    range,
    months,
  };
}

/** Periods of the programmes, with the month they count in (their last). */
function periodsInRange(ctx: ReportContext, programIds: string[], months: string[]) {
  const wanted = new Set(months);
  return ctx.sql
    .all(
      qb
        .selectFrom('disbursement_periods')
        .select(['id', 'label', 'year', 'start_month', 'months', 'program_id', 'due_date'])
        .where('program_id', 'in', programIds),
    )
    .map((p) => {
      const end = monthIndex(p.year, p.start_month) + p.months - 1;
      return { ...p, month: `${Math.floor(end / 12)}-${String((end % 12) + 1).padStart(2, '0')}` };
    })
    .filter((p) => wanted.has(p.month));
}

/**
 * Answers for the same question on unchanged data come from memory: Beranda is opened often
 * and the indicators read every enrolment. "Unchanged" is SQLite's own count of rows written
 * on this connection plus its data_version (commits by other connections, e.g. job workers),
 * so no write path can be missed.
 */
const answers = new WeakMap<Sql, Map<string, { at: number; view: DashboardView }>>();
const MAX_AGE_MS = 5 * 60_000;

export function computeDashboard(ctx: ReportContext, filters: DashboardFilters): DashboardView {
  const remembered = rememberedDashboard(ctx, filters);
  if (remembered.view) return remembered.view;
  const view = indicators(ctx, filters);
  rememberDashboard(ctx, remembered.key, view);
  return view;
}

/** The answer kept for this question on unchanged data, if any, and the key to keep a new one. */
export function rememberedDashboard(
  ctx: ReportContext,
  filters: DashboardFilters,
): { key: string; view: DashboardView | null } {
  const version = ctx.sql.raw.prepare('SELECT total_changes() AS t').get() as { t: number };
  const dataVersion = ctx.sql.raw.pragma('data_version', { simple: true }) as number;
  const key = canonicalJson({
    filters,
    area: ctx.scope.desaCodes ? [...ctx.scope.desaCodes].sort() : '*',
    today: localDate(ctx.now),
    version: `${version.t}:${dataVersion}`,
  });
  const hit = answers.get(ctx.sql)?.get(key);
  return { key, view: hit && ctx.now.getTime() - hit.at < MAX_AGE_MS ? hit.view : null };
}

export function rememberDashboard(ctx: ReportContext, key: string, view: DashboardView): void {
  const cache = answers.get(ctx.sql) ?? answers.set(ctx.sql, new Map()).get(ctx.sql)!;
  if (cache.size >= 20) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: ctx.now.getTime(), view });
}

/** The indicators counted afresh (computeDashboard answers repeated questions from memory). */
export function indicators(ctx: ReportContext, filters: DashboardFilters): DashboardView {
  const { desa, codes, programIds, range, months } = setup(ctx, filters);
  const today = localDate(ctx.now);

  // Coverage: poor families (desil 1-4) and who of them receives; recipients outside desil 1-4.
  const households = ctx.sql.all(
    qb
      .selectFrom('households')
      .select((eb) => [
        'desa_code',
        eb(eb.fn.coalesce('desil', eb.val(99)), '<=', 4).as('poor'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('deleted_at', 'is', null)
      .where('status', '=', 'aktif')
      .where('desa_code', 'in', codes)
      .groupBy(['desa_code', 'poor']),
  );
  const recipients = ctx.sql.all(
    qb
      .selectFrom('enrolments as e')
      .innerJoin('households as h', 'h.id', 'e.household_id')
      .select((eb) => [
        'h.desa_code',
        eb(eb.fn.coalesce('h.desil', eb.val(99)), '<=', 4).as('poor'),
        eb.fn.count<number>('e.household_id').distinct().as('n'),
      ])
      .where('e.status', '=', 'aktif')
      .where('e.deleted_at', 'is', null)
      .where('e.program_id', 'in', programIds)
      .where('h.deleted_at', 'is', null)
      .where('h.status', '=', 'aktif')
      .where('h.desa_code', 'in', codes)
      .groupBy(['h.desa_code', 'poor']),
  );
  const coverage = desa.map((d) => {
    const count = (rows: { desa_code: string; poor: unknown; n: number }[], poor: boolean) =>
      rows.find((r) => r.desa_code === d.code && Boolean(r.poor) === poor)?.n ?? 0;
    return {
      desaCode: d.code,
      desaName: d.name,
      kecamatanName: d.kecamatanName,
      poor: count(households, true),
      poorCovered: count(recipients, true),
      recipients: count(recipients, true) + count(recipients, false),
      recipientsNotPoor: count(recipients, false),
    };
  });
  const totalHouseholds = households.reduce((n, r) => n + r.n, 0);
  const poor = coverage.reduce((n, c) => n + c.poor, 0);
  const poorCovered = coverage.reduce((n, c) => n + c.poorCovered, 0);
  const recipientCount = coverage.reduce((n, c) => n + c.recipients, 0);

  // Disbursement per month, and channels of what was paid.
  const periods = periodsInRange(ctx, programIds, months);
  const items = periods.length
    ? ctx.sql.all(
        qb
          .selectFrom('disbursement_items')
          .select((eb) => [
            'period_id',
            'channel',
            'status',
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>('amount').as('amount'),
          ])
          .where(
            'period_id',
            'in',
            periods.map((p) => p.id),
          )
          .where('desa_code', 'in', codes)
          .groupBy(['period_id', 'channel', 'status']),
      )
    : [];
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));
  const monthly = months.map((period) => ({ period, items: 0, paid: 0, amountAllocated: 0, amountPaid: 0 }));
  const channels = new Map<string, { paid: number; amountPaid: number }>(
    CHANNELS.map((c) => [c, { paid: 0, amountPaid: 0 }]),
  );
  for (const r of items) {
    const m = monthly.find((x) => x.period === monthOf.get(r.period_id));
    if (!m) continue;
    m.items += r.n;
    m.amountAllocated += r.amount;
    if (r.status === 'tersalurkan') {
      m.paid += r.n;
      m.amountPaid += r.amount;
      const c =
        channels.get(r.channel) ?? channels.set(r.channel, { paid: 0, amountPaid: 0 }).get(r.channel)!;
      c.paid += r.n;
      c.amountPaid += r.amount;
    }
  }
  const allItems = monthly.reduce((n, m) => n + m.items, 0);
  const allPaid = monthly.reduce((n, m) => n + m.paid, 0);
  const paidChannels = [...channels.values()].reduce((n, c) => n + c.paid, 0);

  // On time: recipients of the periods with a due date, paid by that date.
  const onTime = { recipients: 0, paidOnTime: 0, periodsWithoutDueDate: 0 };
  for (const p of periods) {
    const counted = onTimeOf(ctx, { id: p.id, dueDate: p.due_date ?? null }, codes);
    if (!counted) onTime.periodsWithoutDueDate++;
    else {
      onTime.recipients += counted.recipients;
      onTime.paidOnTime += counted.paidOnTime;
    }
  }

  // Recipients by programme and desil (live enrolments).
  const desilRows = ctx.sql.all(
    qb
      .selectFrom('enrolments as e')
      .innerJoin('households as h', 'h.id', 'e.household_id')
      .innerJoin('programs as p', 'p.id', 'e.program_id')
      .select((eb) => [
        'p.code',
        'p.name',
        'h.desil',
        eb.fn.count<number>('e.household_id').distinct().as('n'),
      ])
      .where('e.status', '=', 'aktif')
      .where('e.deleted_at', 'is', null)
      .where('h.deleted_at', 'is', null)
      .where('h.desa_code', 'in', codes)
      .$if(Boolean(filters.programCode), (q) => q.where('p.code', '=', filters.programCode!))
      .groupBy(['p.code', 'p.name', 'h.desil'])
      .orderBy('p.code'),
  );
  const byProgramDesil: DashboardView['byProgramDesil'] = [];
  desilRows.sort((a, b) => byProgramOrder(a, b));
  for (const r of desilRows) {
    let row = byProgramDesil.find((x) => x.programCode === r.code);
    if (!row) {
      row = { programCode: r.code, programName: r.name, desil: Array<number>(11).fill(0), total: 0 };
      byProgramDesil.push(row);
    }
    row.desil[r.desil && r.desil >= 1 && r.desil <= 10 ? r.desil - 1 : 10]! += r.n;
    row.total += r.n;
  }

  // Duplicates: pairs whose first person lives in the area.
  const dupes = ctx.sql.all(
    qb
      .selectFrom('duplicate_candidates as d')
      .innerJoin('people as p', 'p.id', 'd.person_a')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .select(['d.status', 'd.created_at', 'd.decided_at'])
      .where('h.desa_code', 'in', codes),
  );
  const inRange = (at: string | null) => at !== null && at >= range.from && at < range.to;

  // Cases.
  const cases = ctx.sql.all(
    qb
      .selectFrom('cases')
      .select(['status', 'due_date', 'opened_at', 'closed_at'])
      .where('desa_code', 'in', codes),
  );
  const isOpen = (s: string) => (OPEN_CASE_STATUSES as readonly string[]).includes(s);

  // Complaints (those without a desa count for the whole city only).
  const complaints = ctx.sql.all(
    qb
      .selectFrom('complaints')
      .select(['received_at', 'resolved_at', 'status'])
      .where((eb) =>
        filters.kecamatanCode || ctx.scope.desaCodes
          ? eb('desa_code', 'in', codes)
          : eb.or([eb('desa_code', 'in', codes), eb('desa_code', 'is', null)]),
      ),
  );
  const complaintMonths = months.map((period) => ({ period, received: 0, resolved: 0, days: 0 }));
  for (const c of complaints) {
    const received = complaintMonths.find((m) => inMonth(c.received_at, m.period));
    if (received) received.received++;
    if (c.resolved_at) {
      const resolved = complaintMonths.find((m) => inMonth(c.resolved_at!, m.period));
      if (resolved) {
        resolved.resolved++;
        resolved.days += (Date.parse(c.resolved_at) - Date.parse(c.received_at)) / DAY;
      }
    }
  }
  const resolvedTotal = complaintMonths.reduce((n, m) => n + m.resolved, 0);
  const daysTotal = complaintMonths.reduce((n, m) => n + m.days, 0);
  const round1 = (v: number) => Math.round(v * 10) / 10;

  return {
    from: filters.from,
    to: filters.to,
    headline: {
      households: totalHouseholds,
      poorHouseholds: poor,
      recipients: recipientCount,
      poorCovered,
      coverage: poor > 0 ? poorCovered / poor : null,
      successRate: allItems > 0 ? allPaid / allItems : null,
      nonCashShare: paidChannels > 0 ? (channels.get('bank_kks')?.paid ?? 0) / paidChannels : null,
      onTimeRate: onTime.recipients > 0 ? onTime.paidOnTime / onTime.recipients : null,
    },
    onTime,
    coverage,
    monthly,
    byProgramDesil,
    duplicates: {
      open: dupes.filter((d) => d.status === 'terbuka').length,
      notDuplicate: dupes.filter((d) => d.status === 'bukan_duplikat').length,
      merged: dupes.filter((d) => d.status === 'digabung').length,
      foundInRange: dupes.filter((d) => inRange(d.created_at)).length,
      resolvedInRange: dupes.filter((d) => d.status !== 'terbuka' && inRange(d.decided_at)).length,
    },
    cases: {
      open: cases.filter((c) => isOpen(c.status)).length,
      overdue: cases.filter((c) => isOpen(c.status) && c.due_date !== null && c.due_date < today).length,
      openedInRange: cases.filter((c) => inRange(c.opened_at)).length,
      closedInRange: cases.filter((c) => !isOpen(c.status) && inRange(c.closed_at)).length,
    },
    complaints: {
      received: complaintMonths.reduce((n, m) => n + m.received, 0),
      resolved: resolvedTotal,
      open: complaints.filter((c) => c.status !== 'selesai').length,
      averageDays: resolvedTotal ? round1(daysTotal / resolvedTotal) : null,
      monthly: complaintMonths.map((m) => ({
        period: m.period,
        received: m.received,
        resolved: m.resolved,
        averageDays: m.resolved ? round1(m.days / m.resolved) : null,
      })),
    },
    channels: [...channels.entries()].map(([channel, c]) => ({
      channel,
      label: CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS] ?? channel,
      paid: c.paid,
      amountPaid: c.amountPaid,
    })),
  };
}

function inMonth(at: string, period: string): boolean {
  const { from, to } = monthBounds(period);
  return at >= from && at < to;
}

const LIMIT = 200;

/** The list behind a number: at most 200 rows, each linking to where it is worked on. */
export function drill(
  ctx: ReportContext,
  filters: DashboardFilters,
  kind: DrillKind,
  key: string,
): DrillView {
  const { codes, programIds, range, months } = setup(ctx, filters);
  const desaCodes = key && key.startsWith('35.') ? codes.filter((c) => c === key) : codes;
  const family = (id: string) => `#/keluarga/${id}`;
  const rows: DrillView['rows'] = [];
  let total = 0;
  let title = '';

  const householdRows = (q: ReturnType<typeof householdBase>) => {
    const found = ctx.sql.all(q.limit(LIMIT + 1));
    total =
      ctx.sql.first(
        q
          .clearSelect()
          .select((eb) => eb.fn.count<number>('h.id').distinct().as('n'))
          .clearOrderBy(),
      )?.n ?? 0;
    for (const h of found.slice(0, LIMIT))
      rows.push({
        label: h.head_name ?? '(tanpa kepala keluarga)',
        detail: `KK ${h.kk_number ?? '-'} · ${ctx.regions.name(h.desa_code)} · desil ${h.desil ?? '-'}`,
        href: family(h.id),
      });
  };
  const householdBase = () =>
    qb
      .selectFrom('households as h')
      .leftJoin('people as head', 'head.id', 'h.head_person_id')
      .select(['h.id', 'h.kk_number', 'h.desa_code', 'h.desil', 'head.name as head_name'])
      .where('h.deleted_at', 'is', null)
      .where('h.status', '=', 'aktif')
      .where('h.desa_code', 'in', desaCodes)
      .orderBy('h.desa_code')
      .orderBy('head.name');
  switch (kind) {
    case 'coverage.uncovered':
      title = `Keluarga desil 1-4 yang belum menerima bantuan${key ? ` · ${ctx.regions.name(key)}` : ''}`;
      householdRows(
        householdBase()
          .where((eb) => eb(eb.fn.coalesce('h.desil', eb.val(99)), '<=', 4))
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('enrolments as e')
                  .select('e.id')
                  .whereRef('e.household_id', '=', 'h.id')
                  .where('e.status', '=', 'aktif')
                  .where('e.deleted_at', 'is', null)
                  .where('e.program_id', 'in', programIds),
              ),
            ),
          ),
      );
      break;
    case 'coverage.notPoor':
      title = `Penerima di luar desil 1-4 atau tanpa desil${key ? ` · ${ctx.regions.name(key)}` : ''}`;
      householdRows(
        householdBase()
          .where((eb) => eb(eb.fn.coalesce('h.desil', eb.val(99)), '>', 4))
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('enrolments as e')
                .select('e.id')
                .whereRef('e.household_id', '=', 'h.id')
                .where('e.status', '=', 'aktif')
                .where('e.deleted_at', 'is', null)
                .where('e.program_id', 'in', programIds),
            ),
          ),
      );
      break;
    case 'desil': {
      const [code, desil] = key.split(':');
      title = `Penerima ${code} desil ${desil === '0' ? '(tanpa desil)' : desil}`;
      const program = ctx.sql.first(
        qb
          .selectFrom('programs')
          .select('id')
          .where('code', '=', code ?? ''),
      );
      householdRows(
        householdBase()
          .where((eb) =>
            desil === '0'
              ? eb.or([eb('h.desil', 'is', null), eb('h.desil', '<', 1), eb('h.desil', '>', 10)])
              : eb('h.desil', '=', Number(desil)),
          )
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('enrolments as e')
                .select('e.id')
                .whereRef('e.household_id', '=', 'h.id')
                .where('e.status', '=', 'aktif')
                .where('e.deleted_at', 'is', null)
                .where('e.program_id', '=', program?.id ?? ''),
            ),
          ),
      );
      break;
    }
    case 'monthly.unpaid':
    case 'channel': {
      const periods = periodsInRange(ctx, programIds, kind === 'monthly.unpaid' && key ? [key] : months);
      title =
        kind === 'monthly.unpaid'
          ? `Penerima belum tersalurkan atau dikembalikan · ${key ? monthLabel(key) : 'semua bulan'}`
          : `Tersalurkan lewat ${CHANNEL_LABELS[key as keyof typeof CHANNEL_LABELS] ?? key}`;
      let q = qb
        .selectFrom('disbursement_items as i')
        .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
        .innerJoin('programs as p', 'p.id', 'd.program_id')
        .where('i.period_id', 'in', periods.length ? periods.map((p) => p.id) : [''])
        .where('i.desa_code', 'in', desaCodes);
      q =
        kind === 'monthly.unpaid'
          ? q.where('i.status', '!=', 'tersalurkan')
          : q.where('i.status', '=', 'tersalurkan').where('i.channel', '=', key as 'bank_kks');
      total = ctx.sql.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      for (const i of ctx.sql.all(
        q
          .select([
            'i.household_id',
            'i.recipient_name',
            'i.desa_code',
            'i.amount',
            'i.status',
            'i.not_paid_reason',
            'd.label',
            'p.code',
          ])
          .orderBy('i.desa_code')
          .orderBy('i.recipient_name')
          .limit(LIMIT),
      ))
        rows.push({
          label: i.recipient_name,
          detail: `${i.code} ${i.label} · ${ctx.regions.name(i.desa_code)} · ${formatRupiah(i.amount)}${i.not_paid_reason ? ` · ${i.not_paid_reason}` : ''}`,
          href: family(i.household_id),
        });
      break;
    }
    case 'duplicates.open': {
      title = 'Pasangan data ganda yang belum diperiksa';
      const q = qb
        .selectFrom('duplicate_candidates as d')
        .innerJoin('people as a', 'a.id', 'd.person_a')
        .innerJoin('people as b', 'b.id', 'd.person_b')
        .innerJoin('households as h', 'h.id', 'a.household_id')
        .where('d.status', '=', 'terbuka')
        .where('h.desa_code', 'in', desaCodes);
      total = ctx.sql.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      for (const d of ctx.sql.all(
        q
          .select(['a.name as a_name', 'b.name as b_name', 'd.score', 'h.desa_code'])
          .orderBy('d.score', 'desc')
          .limit(LIMIT),
      ))
        rows.push({
          label: `${d.a_name} ↔ ${d.b_name}`,
          detail: `skor ${Math.round(d.score * 100)} · ${ctx.regions.name(d.desa_code)}`,
          href: '#/keluarga/data-ganda',
        });
      break;
    }
    case 'cases.open':
    case 'cases.overdue': {
      title = kind === 'cases.open' ? 'Kasus yang masih terbuka' : 'Kasus terbuka yang melewati tenggat';
      let q = qb
        .selectFrom('cases as c')
        .where('c.status', 'in', [...OPEN_CASE_STATUSES])
        .where('c.desa_code', 'in', desaCodes);
      if (kind === 'cases.overdue') q = q.where('c.due_date', '<', localDate(ctx.now));
      total = ctx.sql.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      for (const c of ctx.sql.all(
        q
          .select(['c.id', 'c.title', 'c.status', 'c.due_date', 'c.desa_code'])
          .orderBy('c.due_date')
          .limit(LIMIT),
      ))
        rows.push({
          label: c.title,
          detail: `${CASE_STATUS_LABELS[c.status]} · ${ctx.regions.name(c.desa_code)}${c.due_date ? ` · tenggat ${formatDateId(c.due_date)}` : ''}`,
          href: `#/kasus/${c.id}`,
        });
      break;
    }
    case 'complaints.open': {
      title = 'Pengaduan yang belum selesai';
      const q = qb
        .selectFrom('complaints as c')
        .where('c.status', '!=', 'selesai')
        .where((eb) =>
          filters.kecamatanCode || ctx.scope.desaCodes
            ? eb('c.desa_code', 'in', desaCodes)
            : eb.or([eb('c.desa_code', 'in', desaCodes), eb('c.desa_code', 'is', null)]),
        );
      total = ctx.sql.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      for (const c of ctx.sql.all(
        q
          .select(['c.id', 'c.subject', 'c.kind', 'c.received_at', 'c.desa_code'])
          .orderBy('c.received_at')
          .limit(LIMIT),
      ))
        rows.push({
          label: c.subject,
          detail: `${COMPLAINT_KIND_LABELS[c.kind].split(' (')[0]} · diterima ${formatDateId(c.received_at)} · ${Math.floor((ctx.now.getTime() - Date.parse(c.received_at)) / DAY)} hari${c.desa_code ? ` · ${ctx.regions.name(c.desa_code)}` : ''}`,
          href: `#/kasus/pengaduan/${c.id}`,
        });
      break;
    }
  }
  void range;
  return { title, total, rows };
}
