import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_CHANNELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_KINDS,
  COMPLAINT_STATUS_LABELS,
} from '../../common/domain/registry.ts';
import { formatDateTimeId } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import { areaLabel, kopOf, placeLine, signersOf, type ReportContext } from './common.ts';
import type { Part, ReportDocument, Row } from './document.ts';
import { formatDecimal, monthBounds, monthLabel } from './format.ts';

/**
 * Laporan Pengaduan for a month: complaints received and resolved in it, still open at its end,
 * and the average response time (days from receipt to resolution, over those resolved in the
 * month), by kind and by channel, then the list of the month's complaints without the names of
 * those who reported them.
 */

export interface ComplaintLine {
  receivedAt: string;
  kind: string;
  channel: string;
  desaName: string;
  subject: string;
  status: string;
  resolvedAt: string | null;
  /** Days to resolution, or so far (open). */
  days: number;
}

export interface ComplaintCounts {
  received: number;
  resolved: number;
  open: number;
  /** Sum of days, over `resolved`. */
  days: number;
}

export interface ComplaintsModel {
  month: string;
  area: string;
  byKind: { key: string; label: string; counts: ComplaintCounts }[];
  byChannel: { key: string; label: string; counts: ComplaintCounts }[];
  total: ComplaintCounts;
  received: ComplaintLine[];
}

const DAY = 86_400_000;
const empty = (): ComplaintCounts => ({ received: 0, resolved: 0, open: 0, days: 0 });
export const averageDays = (c: ComplaintCounts): number | null =>
  c.resolved > 0 ? Math.round((c.days / c.resolved) * 10) / 10 : null;

export function computeComplaints(ctx: ReportContext, input: { month: string }): ComplaintsModel {
  const { from, to } = monthBounds(input.month);
  let query = qb
    .selectFrom('complaints')
    .select(['kind', 'channel', 'desa_code', 'subject', 'status', 'received_at', 'resolved_at'])
    .where('received_at', '<', to)
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', from)]))
    .orderBy('received_at')
    .orderBy('id');
  // Complaints without a desa count for the whole city only, as on the Beranda (probe C08).
  if (ctx.scope.desaCodes) query = query.where('desa_code', 'in', [...ctx.scope.desaCodes, '']);
  const byKind = new Map<string, ComplaintCounts>(COMPLAINT_KINDS.map((k) => [k, empty()]));
  const byChannel = new Map<string, ComplaintCounts>(COMPLAINT_CHANNELS.map((k) => [k, empty()]));
  const total = empty();
  const received: ComplaintLine[] = [];
  const end = Math.min(Date.parse(to), ctx.now.getTime());
  for (const c of ctx.sql.all(query)) {
    const targets = [
      byKind.get(c.kind) ?? byKind.set(c.kind, empty()).get(c.kind)!,
      byChannel.get(c.channel) ?? byChannel.set(c.channel, empty()).get(c.channel)!,
      total,
    ];
    const wasReceived = c.received_at >= from;
    const wasResolved = c.resolved_at !== null && c.resolved_at >= from && c.resolved_at < to;
    const openAtEnd = c.resolved_at === null || c.resolved_at >= to;
    const days = Math.max(
      0,
      ((wasResolved ? Date.parse(c.resolved_at!) : end) - Date.parse(c.received_at)) / DAY,
    );
    for (const t of targets) {
      if (wasReceived) t.received++;
      if (wasResolved) {
        t.resolved++;
        t.days += days;
      }
      if (openAtEnd) t.open++;
    }
    if (wasReceived)
      received.push({
        receivedAt: c.received_at,
        kind: COMPLAINT_KIND_LABELS[c.kind].split(' (')[0]!,
        channel: COMPLAINT_CHANNEL_LABELS[c.channel as keyof typeof COMPLAINT_CHANNEL_LABELS] ?? c.channel,
        desaName: c.desa_code ? ctx.regions.name(c.desa_code) : '',
        subject: c.subject,
        status:
          c.resolved_at !== null && c.resolved_at < to
            ? COMPLAINT_STATUS_LABELS.selesai
            : c.status === 'selesai'
              ? COMPLAINT_STATUS_LABELS.diproses
              : COMPLAINT_STATUS_LABELS[c.status],
        resolvedAt: c.resolved_at !== null && c.resolved_at < to ? c.resolved_at : null,
        days: Math.round(days * 10) / 10,
      });
  }
  return {
    month: input.month,
    area: areaLabel(ctx),
    byKind: [...byKind.entries()].map(([key, counts]) => ({
      key,
      label: COMPLAINT_KIND_LABELS[key as keyof typeof COMPLAINT_KIND_LABELS] ?? key,
      counts,
    })),
    byChannel: [...byChannel.entries()]
      .filter(([, c]) => c.received + c.resolved + c.open > 0)
      .map(([key, counts]) => ({
        key,
        label: COMPLAINT_CHANNEL_LABELS[key as keyof typeof COMPLAINT_CHANNEL_LABELS] ?? key,
        counts,
      })),
    total,
    received,
  };
}

const COUNT_COLUMNS = [
  { label: 'Diterima', kind: 'count' as const, width: 11 },
  { label: 'Selesai', kind: 'count' as const, width: 11 },
  { label: 'Masih terbuka (akhir bulan)', kind: 'count' as const, width: 13 },
  { label: 'Rata-rata hari respons', kind: 'decimal' as const, width: 13 },
];
const countCells = (c: ComplaintCounts) => [c.received, c.resolved, c.open, averageDays(c)];

export function complaintsDocument(
  ctx: ReportContext,
  model: ComplaintsModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  const byTable = (caption: string, first: string, list: ComplaintsModel['byKind']) => ({
    type: 'table' as const,
    caption,
    columns: [
      { label: 'No', kind: 'text' as const, width: 5 },
      { label: first, kind: 'text' as const },
      ...COUNT_COLUMNS,
    ],
    rows: [
      ...list.map((k, i): Row => ({
        kind: 'data',
        cells: [String(i + 1), k.label, ...countCells(k.counts)],
      })),
      { kind: 'total' as const, cells: ['', 'JUMLAH', ...countCells(model.total)] },
    ],
  });
  const avg = averageDays(model.total);
  const blocks: Part['blocks'] = [
    {
      type: 'facts',
      items: [
        ['Bulan', monthLabel(model.month)],
        ['Wilayah', model.area],
        ['Pengaduan diterima', String(model.total.received)],
        ['Pengaduan diselesaikan', String(model.total.resolved)],
        ['Rata-rata waktu respons', avg === null ? '-' : `${formatDecimal(avg)} hari`],
      ],
    },
    byTable('A. Menurut jenis pengaduan', 'Jenis', model.byKind),
    byTable('B. Menurut saluran', 'Saluran', model.byChannel),
    {
      type: 'table',
      caption: 'C. Daftar pengaduan yang diterima bulan ini',
      columns: [
        { label: 'No', kind: 'text', width: 5 },
        { label: 'Tanggal diterima', kind: 'text', width: 11 },
        { label: 'Jenis', kind: 'text', width: 9 },
        { label: 'Saluran', kind: 'text', width: 13 },
        { label: 'Desa/Kelurahan', kind: 'text', width: 14 },
        { label: 'Pokok pengaduan', kind: 'text', width: 24 },
        { label: 'Status akhir bulan', kind: 'text', width: 11 },
        { label: 'Hari', kind: 'decimal', width: 7 },
      ],
      rows: model.received.map((c, i) => ({
        kind: 'data',
        cells: [
          String(i + 1),
          formatDateTimeId(c.receivedAt).slice(0, 10),
          c.kind,
          c.channel,
          c.desaName,
          c.subject,
          c.status,
          c.days,
        ],
      })),
      empty: 'Tidak ada pengaduan yang diterima pada bulan ini.',
      note: 'Nama dan kontak pelapor tidak dicantumkan. Hari = sampai selesai, atau sampai akhir bulan bila masih terbuka.',
    },
    {
      type: 'signatures',
      place: placeLine(ctx.settings, ctx.now),
      signers: signersOf(ctx.settings, 'pengaduan'),
    },
  ];
  return {
    report: 'pengaduan',
    title: `Laporan Pengaduan ${monthLabel(model.month)}`,
    orientation: 'portrait',
    kop: kopOf(ctx.settings),
    parts: [
      {
        sheet: 'Pengaduan',
        title: ['Laporan Penanganan Pengaduan Masyarakat', `Bulan ${monthLabel(model.month)}`],
        letterhead: true,
        blocks,
      },
    ],
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}
