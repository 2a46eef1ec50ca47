import { basename } from 'node:path';
import type { DashboardView, ReportParams, ReportPreview } from '../../common/api/methods/reports.ts';
import { AppFailure } from '../../common/errors.ts';
import { writeFileDurably } from '../../db/dataDir.ts';
import type { BansosCore } from '../app.ts';
import type { HandlerContext, HandlersFor } from '../dispatch/handler.ts';
import { RegionNames } from '../regions/names.ts';
import { scopeOf, scopeToParams } from '../registry/scope.ts';
import type { ReportContext } from './common.ts';
import { drill, rememberDashboard, rememberedDashboard } from './dashboard.ts';
import type { ReportJobParams, ReportTask } from './modelJob.ts';
import { computeInJob } from '../jobs/start.ts';
import { tablesOf, type ReportDocument } from './document.ts';
import { renderHtml } from './html.ts';
import { fileStem, recordUse, reissueReport, type PreparedReport } from './reports.ts';
import { readReportSettings, saveReportSettings } from './settings.ts';
import { findByCode } from './snapshots.ts';
import { renderXlsx } from './xlsx.ts';

type Methods =
  | 'reports.settings'
  | 'reports.saveSettings'
  | 'reports.preview'
  | 'reports.save'
  | 'reports.notePrint'
  | 'reports.verify'
  | 'reports.reissue'
  | 'dashboard.indicators'
  | 'dashboard.drill';

/** Rows shown in the in-app preview; the PDF and the workbook hold all of them. */
export const PREVIEW_ROWS = 600;
/** About 300 A4 pages: beyond this a list is printed per desa (or saved as Excel). */
export const MAX_PDF_ROWS = 8000;

export function reportContext(ctx: HandlerContext): ReportContext {
  const sql = ctx.db().sql;
  const session = ctx.requireSession();
  return {
    sql,
    regions: new RegionNames(sql),
    scope: scopeOf(sql, session),
    now: ctx.now(),
    username: session.username,
    settings: readReportSettings(sql),
  };
}

function task(report: ReportContext, task: ReportTask): ReportJobParams {
  return {
    scope: scopeToParams(report.scope),
    now: report.now.toISOString(),
    username: report.username,
    task,
  };
}

/** The report's model from a job thread (see reportModelJob): the rekap reads the whole city. */
function prepareOffThread(ctx: HandlerContext, params: ReportParams): Promise<PreparedReport> {
  return computeInJob<PreparedReport>(
    ctx,
    'reports.model',
    task(reportContext(ctx), { kind: 'prepare', params }),
  );
}

export function previewOf(
  doc: ReportDocument,
  prepared: Pick<PreparedReport, 'params' | 'notices'>,
): ReportPreview {
  const rendered = renderHtml(doc, { maxRows: PREVIEW_ROWS });
  return {
    title: doc.title,
    orientation: doc.orientation,
    body: rendered.body,
    css: rendered.css,
    fileStem: fileStem(doc, prepared.params),
    frozen: doc.frozen
      ? {
          closedAt: doc.frozen.closedAt,
          frozenAt: doc.frozen.frozenAt,
          code: doc.frozen.code,
          revision: doc.frozen.revision,
        }
      : null,
    provisional: doc.provisional,
    notices: prepared.notices,
    truncated: rendered.truncated,
  };
}

/** A PDF of the document through the host's engine (Electron printToPDF, or headless Chromium). */
export async function documentPdf(core: BansosCore, doc: ReportDocument): Promise<Buffer> {
  const print = core.host.printToPdf;
  if (!print)
    throw new AppFailure(
      'INTERNAL',
      'Aplikasi ini dijalankan tanpa mesin PDF. Simpan sebagai Excel, atau cetak dari pratinjau.',
    );
  return print(renderHtml(doc).html, { landscape: doc.orientation === 'landscape' });
}

export const reportHandlers: HandlersFor<Methods> = {
  'reports.settings': (_input, ctx) => readReportSettings(ctx.db().sql),

  'reports.saveSettings': (input, ctx) => ctx.write((changes) => saveReportSettings(changes, input)),

  'reports.preview': async (input, ctx) => {
    const prepared = await prepareOffThread(ctx, input.params);
    const doc = ctx.write((changes) => recordUse(changes, prepared, 'reports.view'));
    return previewOf(doc, prepared);
  },

  'reports.save': async (input, ctx) => {
    const session = ctx.requireSession();
    const path = ctx.core.files.resolve(input.target, 'write', session.userId);
    if (!path.toLowerCase().endsWith(`.${input.format}`))
      throw new AppFailure('VALIDATION', `Nama berkas harus berakhiran .${input.format}.`);
    const prepared = await prepareOffThread(ctx, input.params);
    const rows = tablesOf(prepared.doc).reduce((n, t) => n + t.rows.length, 0);
    if (input.format === 'pdf' && rows > MAX_PDF_ROWS)
      throw new AppFailure(
        'VALIDATION',
        `Dokumen ini terlalu panjang untuk satu PDF (${rows.toLocaleString('id-ID')} baris; paling banyak ${MAX_PDF_ROWS.toLocaleString('id-ID')}). Pilih satu desa/kelurahan, atau simpan sebagai Excel.`,
      );
    // Audited (and frozen, for closed periods) before the file is made: the trail shows every
    // attempt to take personal data out of the app, including one that fails half-way.
    const doc = ctx.write((changes) =>
      recordUse(changes, prepared, input.format === 'pdf' ? 'reports.print' : 'reports.export', {
        format: input.format,
        file: basename(path),
      }),
    );
    const bytes = input.format === 'pdf' ? await documentPdf(ctx.core, doc) : await renderXlsx(doc);
    writeFileDurably(path, bytes);
    return {
      fileName: basename(path),
      bytes: bytes.length,
      format: input.format,
      code: doc.frozen?.code ?? null,
    };
  },

  'reports.notePrint': async (input, ctx) => {
    const prepared = await prepareOffThread(ctx, input.params);
    ctx.write((changes) => recordUse(changes, prepared, 'reports.print', { format: 'kertas' }));
    return {};
  },

  'reports.verify': (input, ctx) => {
    const found = findByCode(ctx.db().sql, input.code);
    if (!found)
      return {
        found: false,
        title: null,
        closedAt: null,
        frozenAt: null,
        revision: null,
        superseded: false,
        intact: false,
      };
    return { found: true, ...found };
  },

  'reports.reissue': (input, ctx) => {
    const r = reportContext(ctx);
    const doc = ctx.write((changes) => reissueReport(changes, r, input.params, input.reason));
    return previewOf(doc, { params: input.params, notices: [] });
  },

  'dashboard.indicators': async (input, ctx) => {
    const report = reportContext(ctx);
    const remembered = rememberedDashboard(report, input);
    if (remembered.view) return remembered.view;
    const view = await computeInJob<DashboardView>(
      ctx,
      'reports.model',
      task(report, { kind: 'dashboard', filters: input }),
    );
    rememberDashboard(report, remembered.key, view);
    return view;
  },

  'dashboard.drill': (input, ctx) => {
    const { kind, key, ...filters } = input;
    return drill(reportContext(ctx), filters, kind, key);
  },
};
