import { canonicalJson } from '../../common/canonicalJson.ts';
import { REPORT_LABELS, type ReportParams } from '../../common/api/methods/reports.ts';
import { AppFailure } from '../../common/errors.ts';
import { formatDateId } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { bnbaDocument, computeBnba } from './bnba.ts';
import { printedLine, scopeCodes, type ReportContext } from './common.ts';
import { complaintsDocument, computeComplaints } from './complaints.ts';
import { computeDataSaya, dataSayaDocument } from './dataSaya.ts';
import type { Frozen, ReportDocument } from './document.ts';
import { computeMonthly, monthlyDocument, periodsForMonth, type PeriodRef } from './monthly.ts';
import { computeRekap, rekapDocument } from './rekap.ts';
import { monthLabel } from './format.ts';
import { currentSnapshot, freeze } from './snapshots.ts';
import { computeVerification, verificationDocument } from './verification.ts';

/**
 * One entry for every report: check the parameters, compute the typed model, lay it out as a
 * document, and decide whether it is frozen (all its disbursement periods closed). Hosts and
 * handlers then render it (html.ts, xlsx.ts) and record its use in the audit trail.
 */

type BaseDocument = Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'>;

export interface PreparedReport {
  params: ReportParams;
  doc: ReportDocument;
  /** Closed periods, not yet frozen: the first use stores the document (`recordUse`). */
  toFreeze: { paramsKey: string; periodIds: string[]; closedAt: string } | null;
  notices: string[];
  /** The family a Data Saya concerns: its audit entries go into that family's history. */
  subjectHouseholdId: string | null;
  /** The families a printed or saved BNBA names (Data Saya lists it for each of them). */
  discloses: string[];
}

function need<T>(value: T | undefined, path: string, message: string): T {
  if (value === undefined || value === '')
    throw new AppFailure('VALIDATION', `Isian belum benar: ${message}`, {
      fields: [{ path: `params.${path}`, message }],
    });
  return value;
}

interface Built {
  base: BaseDocument;
  /** The disbursement periods the document covers, each with its programme. */
  periods: (PeriodRef & { programCode: string })[];
  subjectHouseholdId: string | null;
}

function build(ctx: ReportContext, params: ReportParams): Built {
  const month = () => need(params.period, 'period', 'Pilih bulan laporan (TTTT-BB).');
  switch (params.report) {
    case 'bulanan': {
      const model = computeMonthly(ctx, {
        month: month(),
        ...(params.programCode ? { programCode: params.programCode } : {}),
      });
      return {
        base: monthlyDocument(ctx, model),
        periods: model.sections.flatMap((s) =>
          s.period ? [{ ...s.period, programCode: s.programCode }] : [],
        ),
        subjectHouseholdId: null,
      };
    }
    case 'bnba': {
      const model = computeBnba(ctx, {
        month: month(),
        programCode: need(params.programCode, 'programCode', 'Pilih program untuk daftar nominatif.'),
        ...(params.desaCode ? { desaCode: params.desaCode } : {}),
      });
      return {
        base: bnbaDocument(ctx, model),
        periods: [{ ...model.period, programCode: model.programCode }],
        subjectHouseholdId: null,
      };
    }
    case 'rekap': {
      const model = computeRekap(ctx, {
        month: month(),
        ...(params.programCode ? { programCode: params.programCode } : {}),
      });
      return { base: rekapDocument(ctx, model), periods: [], subjectHouseholdId: null };
    }
    case 'verifikasi':
      return {
        base: verificationDocument(ctx, computeVerification(ctx, { month: month() })),
        periods: [],
        subjectHouseholdId: null,
      };
    case 'pengaduan':
      return {
        base: complaintsDocument(ctx, computeComplaints(ctx, { month: month() })),
        periods: [],
        subjectHouseholdId: null,
      };
    case 'data-saya': {
      const model = computeDataSaya(ctx, {
        nik: need(params.nik, 'nik', 'Tulis NIK orang yang meminta datanya.'),
      });
      return { base: dataSayaDocument(ctx, model), periods: [], subjectHouseholdId: model.householdId };
    }
  }
}

/** One frozen document per report, parameters and area (a kecamatan officer sees a different sum). */
function paramsKey(ctx: ReportContext, params: ReportParams): string {
  return canonicalJson({
    report: params.report,
    period: params.period ?? null,
    programCode: params.programCode ?? null,
    desaCode: params.desaCode ?? null,
    area: ctx.scope.desaCodes ? [...ctx.scope.desaCodes].sort() : '*',
  });
}

const frozenFooter = (f: Frozen) =>
  `Kode verifikasi ${f.code} · Periode ditutup ${formatDateId(f.closedAt)} · Dibekukan ${formatDateId(f.frozenAt)}${f.revision > 1 ? ` · Revisi ${f.revision}` : ''}`;

/**
 * "SEMENTARA: angka bulan Desember 2026 dapat berubah: periode penyaluran PKH, BPNT dan BLT_DD
 * masih dibuka." The month once (each section's own period line says which months it covers).
 */
function provisionalBanner(month: string, open: { programCode: string }[]): string {
  const codes = [...new Set(open.map((p) => p.programCode))];
  const list = codes.length > 1 ? `${codes.slice(0, -1).join(', ')} dan ${codes.at(-1)}` : codes[0];
  return `SEMENTARA: angka bulan ${monthLabel(month)} dapat berubah sampai periode penyaluran ${list} ditutup.`;
}

/**
 * Signers printed as dotted lines: the preview says so, and who fills them in, before the
 * paper goes to the Kepala Dinas for a signature nobody can put a name to.
 */
export function blankSigners(doc: ReportDocument): string[] {
  const blank = doc.parts
    .flatMap((p) => p.blocks)
    .flatMap((b) => (b.type === 'signatures' ? [...b.signers, ...(b.below ? [b.below] : [])] : []))
    .filter((s) => !s.name || s.nip === '');
  const who = [
    ...new Set(blank.map((s) => s.caption.filter((c) => /\p{L}/u.test(c)).at(-1) ?? 'penanda tangan')),
  ];
  if (!who.length) return [];
  return [
    `Nama dan NIP penanda tangan belum diisi (${who.join('; ')}), jadi dicetak titik-titik untuk ditulis tangan. Administrator mengisinya di Laporan › Pengaturan laporan, berlaku untuk laporan berikutnya.`,
  ];
}

/** Only the parameters a report uses (so "bulanan with a NIK" is the same document as without). */
function relevant(params: ReportParams): ReportParams {
  const keep: Record<ReportParams['report'], (keyof ReportParams)[]> = {
    bulanan: ['period', 'programCode'],
    bnba: ['period', 'programCode', 'desaCode'],
    rekap: ['period', 'programCode'],
    verifikasi: ['period'],
    pengaduan: ['period'],
    'data-saya': ['nik'],
  };
  const out: ReportParams = { report: params.report };
  for (const key of keep[params.report])
    if (params[key] !== undefined) (out as Record<string, unknown>)[key] = params[key];
  return out;
}

/** The periods a bulanan/BNBA report would cover today (cheap: no totals). */
function periodIdsNow(ctx: ReportContext, params: ReportParams): string[] {
  let programs = ctx.sql.all(qb.selectFrom('programs').select(['id', 'code']).where('benefit', '=', 'cash'));
  if (params.programCode) programs = programs.filter((p) => p.code === params.programCode);
  return programs.flatMap((p) => {
    const { current } = periodsForMonth(ctx, p.id, params.period!);
    return current ? [current.id] : [];
  });
}

export function prepareReport(ctx: ReportContext, raw: ReportParams): PreparedReport {
  const params = relevant(raw);
  const key = paramsKey(ctx, params);
  const notices: string[] = [];
  if (params.report === 'bulanan' || params.report === 'bnba') {
    const stored = currentSnapshot(ctx.sql, key);
    if (stored) {
      const now = periodIdsNow(ctx, params);
      if (canonicalJson([...now].sort()) !== canonicalJson([...stored.periodIds].sort()))
        notices.push(
          'Sejak dokumen ini dibekukan, ada periode penyaluran lain yang mencakup bulan ini. Terbitkan ulang bila perlu.',
        );
      const corrections = ctx.sql.first(
        qb
          .selectFrom('disbursement_corrections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('period_id', 'in', stored.periodIds.length ? stored.periodIds : [''])
          .where('created_at', '>', stored.createdAt),
      )!.n;
      if (corrections > 0)
        notices.push(
          `Ada ${corrections} koreksi penyaluran sesudah dokumen ini dibekukan; angka di dokumen tetap seperti saat dibekukan. Manajer dapat menerbitkan ulang dengan kode baru.`,
        );
      notices.push(...blankSigners(stored.document));
      return {
        params,
        doc: stored.document,
        toFreeze: null,
        notices,
        subjectHouseholdId: null,
        discloses: disclosedBy(ctx, params, stored.periodIds),
      };
    }
  }
  const built = build(ctx, params);
  const open = built.periods.filter((p) => p.status !== 'ditutup');
  const provisional = open.length > 0;
  const closable = built.periods.length > 0 && !provisional;
  const doc: ReportDocument = {
    ...built.base,
    provisional,
    frozen: null,
    footer: {
      text: provisional
        ? `SEMENTARA: periode penyaluran masih dibuka, angka dapat berubah · ${printedLine(ctx.now, ctx.username)}`
        : printedLine(ctx.now, ctx.username),
    },
  };
  if (provisional) {
    const first = doc.parts[0]!;
    doc.parts = [
      {
        ...first,
        blocks: [
          {
            type: 'text',
            style: 'warning',
            text: provisionalBanner(params.period!, open),
          },
          ...first.blocks,
        ],
      },
      ...doc.parts.slice(1),
    ];
  }
  notices.push(...blankSigners(doc));
  return {
    params,
    doc,
    toFreeze: closable
      ? {
          paramsKey: key,
          periodIds: built.periods.map((p) => p.id),
          closedAt: built.periods
            .map((p) => p.closedAt ?? '')
            .sort()
            .at(-1)!,
        }
      : null,
    notices,
    subjectHouseholdId: built.subjectHouseholdId,
    discloses: disclosedBy(
      ctx,
      params,
      built.periods.map((p) => p.id),
    ),
  };
}

/** A BNBA names every recipient of its period in its area; other reports name no one else. */
function disclosedBy(ctx: ReportContext, params: ReportParams, periodIds: string[]): string[] {
  if (params.report !== 'bnba' || !periodIds.length) return [];
  let query = qb
    .selectFrom('disbursement_items')
    .select('household_id')
    .distinct()
    .where('period_id', 'in', periodIds);
  if (params.desaCode) query = query.where('desa_code', '=', params.desaCode);
  const codes = scopeCodes(ctx);
  if (codes) query = query.where('desa_code', 'in', codes.length ? codes : ['']);
  return ctx.sql.all(query).map((r) => r.household_id);
}

/**
 * Records a use of the report in the audit trail (view, print, export) and, on the first use
 * of closed periods, freezes the document. Answers the document as it must be printed.
 */
export function recordUse(
  changes: Changes,
  prepared: PreparedReport,
  action: 'reports.view' | 'reports.print' | 'reports.export',
  details: Record<string, unknown> = {},
): ReportDocument {
  let doc = prepared.doc;
  // The model was computed outside this transaction: someone may have frozen it meanwhile, and
  // then theirs is the document (one frozen document per report and area).
  const frozenMeanwhile = prepared.toFreeze ? currentSnapshot(changes.db, prepared.toFreeze.paramsKey) : null;
  if (frozenMeanwhile) doc = frozenMeanwhile.document;
  else if (prepared.toFreeze) {
    doc = freeze(changes, {
      doc,
      paramsKey: prepared.toFreeze.paramsKey,
      params: prepared.params,
      periodIds: prepared.toFreeze.periodIds,
      closedAt: prepared.toFreeze.closedAt,
      footer: frozenFooter,
    });
  }
  const note = () =>
    changes.note(action, 'reports', null, {
      report: prepared.params.report,
      params: prepared.params,
      title: doc.title,
      ...(doc.frozen ? { code: doc.frozen.code } : {}),
      ...details,
    });
  const entry = prepared.subjectHouseholdId ? changes.about(prepared.subjectHouseholdId, note) : note();
  // Viewing on screen discloses nothing beyond the office; a print or a file leaves it.
  if (action !== 'reports.view') changes.disclosed(entry, prepared.discloses);
  return doc;
}

/** Issues a closed period's report again from today's data, superseding the frozen one. */
export function reissueReport(
  changes: Changes,
  ctx: ReportContext,
  raw: ReportParams,
  reason: string,
): ReportDocument {
  const params = relevant(raw);
  if (params.report !== 'bulanan' && params.report !== 'bnba')
    throw new AppFailure(
      'VALIDATION',
      'Hanya laporan bulanan dan BNBA yang dibekukan dan dapat diterbitkan ulang.',
    );
  const key = paramsKey(ctx, params);
  const stored = currentSnapshot(ctx.sql, key);
  if (!stored)
    throw new AppFailure(
      'CONFLICT',
      'Dokumen ini belum pernah dibekukan; tampilkan atau cetak saja seperti biasa.',
    );
  const built = build(ctx, params);
  if (!built.periods.length || built.periods.some((p) => p.status !== 'ditutup'))
    throw new AppFailure(
      'CONFLICT',
      'Ada periode yang dibuka kembali atau hilang; dokumen tidak dapat dibekukan.',
    );
  const doc: ReportDocument = { ...built.base, provisional: false, frozen: null, footer: { text: '' } };
  const frozen = freeze(changes, {
    doc,
    paramsKey: key,
    params,
    periodIds: built.periods.map((p) => p.id),
    closedAt: built.periods
      .map((p) => p.closedAt ?? '')
      .sort()
      .at(-1)!,
    footer: frozenFooter,
    supersede: { id: stored.id, revision: stored.revision, reason },
  });
  changes.note('reports.view', 'reports', null, {
    report: params.report,
    params,
    title: frozen.title,
    code: frozen.frozen!.code,
  });
  return frozen;
}

/** "bulanan-2026-03-PKH": a file name without spaces or slashes. */
export function fileStem(doc: ReportDocument, params: ReportParams): string {
  const parts = [
    params.report,
    params.period,
    params.programCode,
    params.desaCode,
    params.nik ? params.nik.slice(-4) : undefined,
  ];
  return parts
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9._-]/g, '_');
}

export const reportTitle = (params: ReportParams): string => REPORT_LABELS[params.report];
