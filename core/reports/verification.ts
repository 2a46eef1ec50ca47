import { VERIFICATION_SOURCE_LABELS, VERIFICATION_SOURCES } from '../../common/domain/registry.ts';
import { formatDateId } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import { areaLabel, kopOf, placeLine, scopeCodes, signersOf, type ReportContext } from './common.ts';
import type { Part, ReportDocument, Row } from './document.ts';
import { monthBounds, monthLabel } from './format.ts';
import { romanNumeral } from './monthly.ts';

/**
 * Laporan Verifikasi dan Validasi for a month: per desa, what was on the worklist by the end of
 * the month, what was visited, submitted (layak / tidak layak) and decided in the month, and
 * what was still unfinished at its end; then the same by source (usulan, sanggah ...).
 */

export interface VerificationCounts {
  inList: number;
  visited: number;
  eligible: number;
  notEligible: number;
  approved: number;
  returned: number;
  pending: number;
}

export interface VerificationModel {
  month: string;
  area: string;
  desa: {
    code: string;
    name: string;
    kecamatanCode: string;
    kecamatanName: string;
    counts: VerificationCounts;
  }[];
  bySource: { source: string; label: string; counts: VerificationCounts }[];
  total: VerificationCounts;
}

const empty = (): VerificationCounts => ({
  inList: 0,
  visited: 0,
  eligible: 0,
  notEligible: 0,
  approved: 0,
  returned: 0,
  pending: 0,
});

export function computeVerification(ctx: ReportContext, input: { month: string }): VerificationModel {
  const { from, to, firstDay, lastDay } = monthBounds(input.month);
  let query = qb
    .selectFrom('verifications')
    .select([
      'desa_code',
      'source',
      'created_at',
      'visit_date',
      'outcome',
      'submitted_at',
      'approval',
      'approved_at',
    ])
    .where('created_at', '<', to);
  const codes = scopeCodes(ctx);
  if (codes) query = query.where('desa_code', 'in', codes);
  const byDesa = new Map<string, VerificationCounts>();
  const bySource = new Map<string, VerificationCounts>(VERIFICATION_SOURCES.map((s) => [s, empty()]));
  const total = empty();
  for (const v of ctx.sql.all(query)) {
    const targets = [
      byDesa.get(v.desa_code) ?? byDesa.set(v.desa_code, empty()).get(v.desa_code)!,
      bySource.get(v.source) ?? bySource.set(v.source, empty()).get(v.source)!,
      total,
    ];
    const inMonth = (at: string | null) => at !== null && at >= from && at < to;
    const done = v.approval === 'disetujui' && v.approved_at !== null && v.approved_at < to;
    for (const c of targets) {
      c.inList++;
      if (v.visit_date && v.visit_date >= firstDay && v.visit_date <= lastDay) c.visited++;
      if (inMonth(v.submitted_at) && v.outcome === 'layak') c.eligible++;
      if (inMonth(v.submitted_at) && v.outcome === 'tidak_layak') c.notEligible++;
      if (inMonth(v.approved_at) && v.approval === 'disetujui') c.approved++;
      if (inMonth(v.approved_at) && v.approval === 'dikembalikan') c.returned++;
      if (!done) c.pending++;
    }
  }
  const desa = [...byDesa.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, counts]) => {
      const kecamatanCode = code.split('.').slice(0, 3).join('.');
      return {
        code,
        name: ctx.regions.name(code),
        kecamatanCode,
        kecamatanName: ctx.regions.name(kecamatanCode),
        counts,
      };
    });
  return {
    month: input.month,
    area: areaLabel(ctx),
    desa,
    bySource: [...bySource.entries()].map(([source, counts]) => ({
      source,
      label: VERIFICATION_SOURCE_LABELS[source as keyof typeof VERIFICATION_SOURCE_LABELS] ?? source,
      counts,
    })),
    total,
  };
}

const COLUMNS = [
  { label: 'Dalam daftar (s.d. akhir bulan)', kind: 'count' as const, width: 10 },
  { label: 'Dikunjungi', kind: 'count' as const, width: 9 },
  { label: 'Layak', kind: 'count' as const, group: 'Hasil diajukan', width: 8 },
  { label: 'Tidak layak', kind: 'count' as const, group: 'Hasil diajukan', width: 8 },
  { label: 'Disetujui', kind: 'count' as const, group: 'Keputusan manajer', width: 9 },
  { label: 'Dikembalikan', kind: 'count' as const, group: 'Keputusan manajer', width: 9 },
  { label: 'Belum selesai (akhir bulan)', kind: 'count' as const, width: 10 },
];

const cells = (c: VerificationCounts) => [
  c.inList,
  c.visited,
  c.eligible,
  c.notEligible,
  c.approved,
  c.returned,
  c.pending,
];

function sum(list: VerificationCounts[]): VerificationCounts {
  const out = empty();
  for (const c of list) for (const k of Object.keys(out) as (keyof VerificationCounts)[]) out[k] += c[k];
  return out;
}

export function verificationDocument(
  ctx: ReportContext,
  model: VerificationModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  const rows: Row[] = [];
  const kecamatan = [...new Set(model.desa.map((d) => d.kecamatanCode))];
  kecamatan.forEach((code, ki) => {
    const list = model.desa.filter((d) => d.kecamatanCode === code);
    rows.push({ kind: 'group', cells: [`${romanNumeral(ki + 1)}. Kecamatan ${list[0]!.kecamatanName}`] });
    list.forEach((d, i) => rows.push({ kind: 'data', cells: [String(i + 1), d.name, ...cells(d.counts)] }));
    rows.push({
      kind: 'subtotal',
      cells: ['', `Jumlah Kecamatan ${list[0]!.kecamatanName}`, ...cells(sum(list.map((d) => d.counts)))],
    });
  });
  if (model.desa.length)
    rows.push({ kind: 'total', cells: ['', 'JUMLAH SELURUHNYA', ...cells(model.total)] });
  const blocks: Part['blocks'] = [
    {
      type: 'facts',
      items: [
        ['Bulan', monthLabel(model.month)],
        ['Wilayah', model.area],
        ['Keadaan data', formatDateId(ctx.now.toISOString())],
      ],
    },
    {
      type: 'table',
      caption: 'A. Verifikasi menurut desa/kelurahan',
      columns: [
        { label: 'No', kind: 'text', width: 4 },
        { label: 'Kecamatan / Desa/Kelurahan', kind: 'text', width: 20 },
        ...COLUMNS,
      ],
      rows,
      empty: 'Belum ada daftar verifikasi sampai akhir bulan ini.',
      note: 'Dikunjungi, diajukan dan keputusan dihitung dalam bulan laporan; "belum selesai" = belum disetujui manajer pada akhir bulan.',
    },
    {
      type: 'table',
      caption: 'B. Verifikasi menurut sumber',
      columns: [
        { label: 'No', kind: 'text', width: 4 },
        { label: 'Sumber', kind: 'text', width: 20 },
        ...COLUMNS,
      ],
      rows: [
        ...model.bySource.map((s, i): Row => ({
          kind: 'data',
          cells: [String(i + 1), s.label, ...cells(s.counts)],
        })),
        { kind: 'total', cells: ['', 'JUMLAH', ...cells(model.total)] },
      ],
    },
    {
      type: 'signatures',
      place: placeLine(ctx.settings, ctx.now),
      signers: signersOf(ctx.settings, 'verifikasi'),
    },
  ];
  return {
    report: 'verifikasi',
    title: `Laporan Verifikasi ${monthLabel(model.month)}`,
    orientation: 'landscape',
    kop: kopOf(ctx.settings),
    parts: [
      {
        sheet: 'Verifikasi',
        title: ['Laporan Verifikasi dan Validasi Data Penerima', `Bulan ${monthLabel(model.month)}`],
        letterhead: true,
        blocks,
      },
    ],
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}
