import { DEFAULT_PROGRAMS } from '../../common/domain/registry.ts';
import { AppFailure } from '../../common/errors.ts';
import { formatDateId } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import {
  areaLabel,
  desaInScope,
  fraction,
  kopOf,
  placeLine,
  scopeCodes,
  signersOf,
  type ReportContext,
} from './common.ts';
import type { Column, Part, ReportDocument, Row } from './document.ts';
import { formatPercent, monthIndex, monthLabel, parsePeriod, periodLine, periodSpan } from './format.ts';

/**
 * Laporan Bulanan Penyaluran: per cash programme, the disbursement period (month or tahap)
 * that covers the month, by kecamatan then desa: KPM allocated, paid, not paid (with reasons),
 * returned, amounts, % realised (amount paid / amount allocated), subtotals, grand total, and
 * the change against the programme's previous period. Money is integer rupiah throughout.
 */

export interface Totals {
  allocated: number;
  allocatedAmount: number;
  paid: number;
  paidAmount: number;
  unpaid: number;
  unpaidAmount: number;
  returned: number;
  returnedAmount: number;
}

export interface DesaLine extends Totals {
  desaCode: string;
  desaName: string;
}

export interface KecamatanBlock {
  code: string;
  name: string;
  desa: DesaLine[];
  subtotal: Totals;
}

export interface ReasonLine {
  reason: string;
  status: 'belum' | 'dikembalikan';
  byKecamatan: Record<string, number>;
  count: number;
  amount: number;
}

export interface PeriodRef {
  id: string;
  label: string;
  year: number;
  startMonth: number;
  months: number;
  status: 'dibuka' | 'ditutup';
  closedAt: string | null;
  /** When every recipient should have been paid (null: none set). */
  dueDate?: string | null;
}

/** "Tersalurkan tepat waktu": the period's recipients (in the area) paid by its due date. */
export interface OnTime {
  dueDate: string;
  recipients: number;
  paidOnTime: number;
}

export interface MonthlySection {
  programCode: string;
  programName: string;
  period: PeriodRef | null;
  kecamatan: KecamatanBlock[];
  total: Totals;
  reasons: ReasonLine[];
  previous: { period: PeriodRef; total: Totals } | null;
  onTime?: OnTime | null;
}

export interface MonthlyModel {
  month: string;
  area: string;
  sections: MonthlySection[];
}

export const emptyTotals = (): Totals => ({
  allocated: 0,
  allocatedAmount: 0,
  paid: 0,
  paidAmount: 0,
  unpaid: 0,
  unpaidAmount: 0,
  returned: 0,
  returnedAmount: 0,
});

function add(into: Totals, status: string, count: number, amount: number): void {
  into.allocated += count;
  into.allocatedAmount += amount;
  if (status === 'tersalurkan') {
    into.paid += count;
    into.paidAmount += amount;
  } else if (status === 'belum') {
    into.unpaid += count;
    into.unpaidAmount += amount;
  } else {
    into.returned += count;
    into.returnedAmount += amount;
  }
}

function sumInto(into: Totals, from: Totals): void {
  for (const key of Object.keys(into) as (keyof Totals)[]) into[key] += from[key];
}

/** The programme's period that covers the month, and the one before it. */
export function periodsForMonth(
  ctx: ReportContext,
  programId: string,
  month: string,
): { current: PeriodRef | null; previous: PeriodRef | null } {
  const { year, month: m } = parsePeriod(month);
  const target = monthIndex(year, m);
  const periods = ctx.sql
    .all(
      qb
        .selectFrom('disbursement_periods')
        .select(['id', 'label', 'year', 'start_month', 'months', 'status', 'closed_at', 'due_date'])
        .where('program_id', '=', programId),
    )
    .map((p) => ({
      id: p.id,
      label: p.label,
      year: p.year,
      startMonth: p.start_month,
      months: p.months,
      status: p.status,
      closedAt: p.closed_at,
      dueDate: p.due_date ?? null,
    }))
    .sort((a, b) => monthIndex(a.year, a.startMonth) - monthIndex(b.year, b.startMonth));
  const index = periods.findIndex((p) => {
    const start = monthIndex(p.year, p.startMonth);
    return start <= target && target < start + p.months;
  });
  if (index >= 0) return { current: periods[index]!, previous: periods[index - 1] ?? null };
  // No period this month: the last one before it is still worth comparing against, not reporting.
  return { current: null, previous: null };
}

/** Of the period's recipients in the area, how many were paid on or before its due date. */
export function onTimeOf(
  ctx: ReportContext,
  period: { id: string; dueDate?: string | null },
  /** The desa counted (the Beranda's kecamatan filter); the caller's area by default. */
  codes: string[] | null = scopeCodes(ctx),
): OnTime | null {
  if (!period.dueDate) return null;
  let query = qb
    .selectFrom('disbursement_items')
    .select((eb) => [
      eb.fn.countAll<number>().as('recipients'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('status', '=', 'tersalurkan'), eb('paid_date', '<=', period.dueDate!)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('on_time'),
    ])
    .where('period_id', '=', period.id);
  if (codes) query = query.where('desa_code', 'in', codes);
  const row = ctx.sql.first(query);
  return { dueDate: period.dueDate, recipients: row?.recipients ?? 0, paidOnTime: row?.on_time ?? 0 };
}

function groupedItems(ctx: ReportContext, periodId: string) {
  let query = qb
    .selectFrom('disbursement_items')
    .select((eb) => [
      'desa_code',
      'status',
      'not_paid_reason',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('amount').as('amount'),
    ])
    .where('period_id', '=', periodId)
    .groupBy(['desa_code', 'status', 'not_paid_reason']);
  const codes = scopeCodes(ctx);
  if (codes) query = query.where('desa_code', 'in', codes);
  return ctx.sql.all(query);
}

export function computeMonthly(
  ctx: ReportContext,
  input: { month: string; programCode?: string },
): MonthlyModel {
  let programs = ctx.sql.all(
    qb
      .selectFrom('programs')
      .select(['id', 'code', 'name', 'desa_only', 'active'])
      .where('benefit', '=', 'cash'),
  );
  programs.sort(byProgramOrder);
  if (input.programCode) {
    programs = programs.filter((p) => p.code === input.programCode);
    if (!programs.length)
      throw new AppFailure('VALIDATION', `Program ${input.programCode} tidak ada atau bukan bantuan uang.`, {
        fields: [{ path: 'params.programCode', message: 'Program tidak dikenal.' }],
      });
  }
  const allDesa = desaInScope(ctx);
  const sections: MonthlySection[] = [];
  for (const program of programs) {
    const { current, previous } = periodsForMonth(ctx, program.id, input.month);
    // Without a period this month, an inactive programme is left out of the all-programme report.
    if (!current && !input.programCode && !program.active) continue;
    const desa = allDesa.filter((d) => !program.desa_only || d.level === 'desa');
    const lines = new Map<string, DesaLine>(
      desa.map((d) => [d.code, { desaCode: d.code, desaName: d.name, ...emptyTotals() }]),
    );
    const reasons = new Map<string, ReasonLine>();
    const total = emptyTotals();
    if (current) {
      for (const g of groupedItems(ctx, current.id)) {
        let line = lines.get(g.desa_code);
        if (!line) {
          // A recipient in a desa outside the usual list (a kelurahan in a desa-only programme).
          line = { desaCode: g.desa_code, desaName: ctx.regions.name(g.desa_code), ...emptyTotals() };
          lines.set(g.desa_code, line);
        }
        add(line, g.status, g.n, g.amount);
        add(total, g.status, g.n, g.amount);
        if (g.status !== 'tersalurkan') {
          const reason = g.not_paid_reason?.trim() || 'Tanpa keterangan';
          const key = `${g.status}|${reason}`;
          const r =
            reasons.get(key) ??
            reasons.set(key, { reason, status: g.status, byKecamatan: {}, count: 0, amount: 0 }).get(key)!;
          const kec = g.desa_code.split('.').slice(0, 3).join('.');
          r.byKecamatan[kec] = (r.byKecamatan[kec] ?? 0) + g.n;
          r.count += g.n;
          r.amount += g.amount;
        }
      }
    }
    const kecamatan: KecamatanBlock[] = [];
    for (const line of [...lines.values()].sort((a, b) => a.desaCode.localeCompare(b.desaCode))) {
      const code = line.desaCode.split('.').slice(0, 3).join('.');
      let block = kecamatan.find((k) => k.code === code);
      if (!block) {
        block = { code, name: ctx.regions.name(code), desa: [], subtotal: emptyTotals() };
        kecamatan.push(block);
      }
      block.desa.push(line);
      sumInto(block.subtotal, line);
    }
    let previousTotals: MonthlySection['previous'] = null;
    if (previous) {
      const t = emptyTotals();
      for (const g of groupedItems(ctx, previous.id)) add(t, g.status, g.n, g.amount);
      previousTotals = { period: previous, total: t };
    }
    sections.push({
      programCode: program.code,
      programName: program.name,
      period: current,
      kecamatan,
      total,
      reasons: [...reasons.values()].sort((a, b) =>
        a.status === b.status
          ? b.count - a.count || a.reason.localeCompare(b.reason)
          : a.status === 'belum'
            ? -1
            : 1,
      ),
      previous: previousTotals,
      onTime: current ? onTimeOf(ctx, current) : null,
    });
  }
  return { month: input.month, area: areaLabel(ctx), sections };
}

// ---------------- layout ----------------

const COLUMNS: Column[] = [
  { label: 'No', kind: 'text', width: 4 },
  { label: 'Kecamatan / Desa/Kelurahan', kind: 'text', width: 19 },
  { label: 'KPM', kind: 'count', group: 'Alokasi', width: 7 },
  { label: 'Nilai (Rp)', kind: 'rupiah', group: 'Alokasi', width: 12 },
  { label: 'KPM', kind: 'count', group: 'Tersalurkan', width: 7 },
  { label: 'Nilai (Rp)', kind: 'rupiah', group: 'Tersalurkan', width: 12 },
  { label: 'KPM', kind: 'count', group: 'Belum tersalurkan', width: 7 },
  { label: 'Nilai (Rp)', kind: 'rupiah', group: 'Belum tersalurkan', width: 10 },
  { label: 'KPM', kind: 'count', group: 'Dikembalikan', width: 7 },
  { label: 'Nilai (Rp)', kind: 'rupiah', group: 'Dikembalikan', width: 8 },
  { label: '% Realisasi', kind: 'percent', width: 7 },
];

const totalsCells = (t: Totals) => [
  t.allocated,
  t.allocatedAmount,
  t.paid,
  t.paidAmount,
  t.unpaid,
  t.unpaidAmount,
  t.returned,
  t.returnedAmount,
  fraction(t.paidAmount, t.allocatedAmount),
];

/** The on-time share in words, with what it counts. */
export function onTimeText(onTime: OnTime | null): string {
  if (!onTime) return 'Batas waktu penyaluran belum ditetapkan untuk periode ini';
  const share = fraction(onTime.paidOnTime, onTime.recipients);
  return `${share === null ? '-' : formatPercent(share)}: ${onTime.paidOnTime} dari ${onTime.recipients} KPM dibayar paling lambat ${formatDateId(onTime.dueDate)}`;
}

export const periodStatusText = (p: PeriodRef): string =>
  p.status === 'ditutup' && p.closedAt
    ? `Ditutup ${formatDateId(p.closedAt)}`
    : 'Masih dibuka: angka sementara, dapat berubah';

function sectionPart(ctx: ReportContext, model: MonthlyModel, s: MonthlySection, first: boolean): Part {
  const title = first ? monthlyTitle(model) : [];
  const blocks: Part['blocks'] = [{ type: 'heading', text: `${s.programCode} · ${s.programName}` }];
  if (!s.period) return { sheet: s.programCode, title, letterhead: first, blocks };
  blocks.push({
    type: 'facts',
    items: [
      ['Periode penyaluran', periodLine(s.period)],
      ['Status periode', periodStatusText(s.period)],
      ['Wilayah', model.area],
      ['Tersalurkan tepat waktu', onTimeText(s.onTime ?? null)],
    ],
  });
  const rows: Row[] = [];
  s.kecamatan.forEach((k, ki) => {
    rows.push({ kind: 'group', cells: [`${romanNumeral(ki + 1)}. Kecamatan ${k.name}`] });
    k.desa.forEach((d, i) =>
      rows.push({ kind: 'data', cells: [String(i + 1), d.desaName, ...totalsCells(d)] }),
    );
    rows.push({ kind: 'subtotal', cells: ['', `Jumlah Kecamatan ${k.name}`, ...totalsCells(k.subtotal)] });
  });
  rows.push({ kind: 'total', cells: ['', 'JUMLAH SELURUHNYA', ...totalsCells(s.total)] });
  blocks.push({
    type: 'table',
    caption: 'A. Penyaluran menurut wilayah',
    columns: COLUMNS,
    rows,
    note: '% Realisasi = nilai tersalurkan dibagi nilai alokasi. KPM = keluarga penerima manfaat (atau penerima, untuk program perorangan).',
  });

  const kecamatan = s.kecamatan.map((k) => k);
  blocks.push({
    type: 'table',
    caption: 'B. KPM belum tersalurkan dan dikembalikan menurut alasan',
    columns: [
      { label: 'No', kind: 'text', width: 4 },
      { label: 'Alasan', kind: 'text', width: 30 },
      { label: 'Status', kind: 'text', width: 13 },
      ...kecamatan.map((k): Column => ({ label: k.name, kind: 'count', group: 'KPM per kecamatan' })),
      { label: 'Jumlah KPM', kind: 'count', width: 9 },
      { label: 'Nilai (Rp)', kind: 'rupiah', width: 13 },
    ],
    rows: [
      ...s.reasons.map((r, i): Row => ({
        kind: 'data',
        cells: [
          String(i + 1),
          r.reason,
          r.status === 'belum' ? 'Belum tersalurkan' : 'Dikembalikan',
          ...kecamatan.map((k) => r.byKecamatan[k.code] ?? 0),
          r.count,
          r.amount,
        ],
      })),
      ...(s.reasons.length
        ? [
            {
              kind: 'total' as const,
              cells: [
                '',
                'JUMLAH',
                '',
                ...kecamatan.map((k) => s.reasons.reduce((n, r) => n + (r.byKecamatan[k.code] ?? 0), 0)),
                s.reasons.reduce((n, r) => n + r.count, 0),
                s.reasons.reduce((n, r) => n + r.amount, 0),
              ],
            },
          ]
        : []),
    ],
    empty: 'Semua KPM sudah tersalurkan.',
  });

  if (s.previous) {
    const p = s.previous.total;
    const c = s.total;
    const pr = fraction(p.paidAmount, p.allocatedAmount);
    const cr = fraction(c.paidAmount, c.allocatedAmount);
    blocks.push({
      type: 'table',
      caption: `C. Perbandingan dengan periode sebelumnya (${periodSpan(s.previous.period)})`,
      columns: [
        { label: 'Uraian', kind: 'text', width: 34 },
        { label: periodSpan(s.previous.period), kind: 'count', width: 22 },
        { label: periodSpan(s.period), kind: 'count', width: 22 },
        { label: 'Selisih', kind: 'count', width: 22 },
      ],
      rows: [
        { kind: 'data', cells: ['KPM dialokasikan', p.allocated, c.allocated, c.allocated - p.allocated] },
        { kind: 'data', cells: ['KPM tersalurkan', p.paid, c.paid, c.paid - p.paid] },
        {
          kind: 'data',
          cells: ['Nilai tersalurkan (Rp)', p.paidAmount, c.paidAmount, c.paidAmount - p.paidAmount],
          kinds: [null, 'rupiah', 'rupiah', 'rupiah'],
        },
        {
          kind: 'data',
          cells: ['% Realisasi', pr, cr, pr !== null && cr !== null ? cr - pr : null],
          kinds: [null, 'percent', 'percent', 'points'],
        },
      ],
    });
  } else {
    blocks.push({ type: 'text', text: 'Belum ada periode sebelumnya untuk dibandingkan.', style: 'note' });
  }
  return { sheet: s.programCode, title, letterhead: first, blocks };
}

export function monthlyDocument(
  ctx: ReportContext,
  model: MonthlyModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  // A programme without a period this month is one line, not a page of its own.
  const paid = model.sections.filter((s) => s.period);
  const idle = model.sections.filter((s) => !s.period);
  const parts: Part[] = paid.map((s, i) => sectionPart(ctx, model, s, i === 0));
  if (!parts.length)
    parts.push({ sheet: 'Laporan', title: monthlyTitle(model), letterhead: true, blocks: [] });
  if (idle.length)
    parts[0]!.blocks.unshift({
      type: 'text',
      style: 'note',
      text: `Tidak ada periode penyaluran yang mencakup bulan ${monthLabel(model.month)} untuk: ${idle.map((s) => `${s.programCode} (${s.programName})`).join(', ')}.`,
    });
  if (!model.sections.length)
    parts[0]!.blocks.push({
      type: 'text',
      text: 'Tidak ada program bantuan uang yang aktif.',
      style: 'note',
    });
  parts.at(-1)!.blocks.push({
    type: 'signatures',
    place: placeLine(ctx.settings, ctx.now),
    signers: signersOf(ctx.settings, 'bulanan'),
  });
  const one = model.sections.length === 1 ? ` ${model.sections[0]!.programCode}` : '';
  return {
    report: 'bulanan',
    title: `Laporan Bulanan Penyaluran${one} ${monthLabel(model.month)}`,
    orientation: 'landscape',
    kop: kopOf(ctx.settings),
    parts,
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}

const monthlyTitle = (model: MonthlyModel) => [
  'Laporan Bulanan Penyaluran Bantuan Sosial',
  `Bulan ${monthLabel(model.month)}`,
];

const PROGRAM_ORDER = DEFAULT_PROGRAMS.map((p) => p.code);
/** The order of DOMAIN.md (PKH, BPNT, BLT ...), then any programme added later, by code. */
export function byProgramOrder(a: { code: string }, b: { code: string }): number {
  const rank = (code: string) => {
    const i = PROGRAM_ORDER.indexOf(code);
    return i < 0 ? PROGRAM_ORDER.length : i;
  };
  return rank(a.code) - rank(b.code) || a.code.localeCompare(b.code);
}

export function romanNumeral(n: number): string {
  const table: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [value, letters] of table)
    while (n >= value) {
      out += letters;
      n -= value;
    }
  return out;
}
