import { basename } from 'node:path';
import type { importExportMethods } from '../../common/api/methods/importExport.ts';
import { normalizeHeader } from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb } from '../../db/sql.ts';
import { startJob } from '../jobs/start.ts';
import type { HandlerContext, HandlersFor } from '../dispatch/handler.ts';
import { newId } from '../ids.ts';
import { scopeOf, scopeToParams, type ScopeParams } from '../registry/scope.ts';
import { cellText } from './cells.ts';
import { undoImport } from './engine.ts';
import type { ImportJobParams } from './jobs.ts';
import { applyTemplate, detectLayout, mappingOf, missingRequired, withMapping } from './layout.ts';
import { importLimitsOf } from './limits.ts';
import { readSettings } from '../settings/settings.ts';
import { inspectSpreadsheet } from './reader.ts';

function scopeParams(ctx: HandlerContext): ScopeParams {
  return scopeToParams(scopeOf(ctx.db().sql, ctx.requireSession()));
}

/**
 * Imports read the file in their own watched thread, and the job's thread may wait on it long.
 * Row-by-row work leaves only short-lived garbage: a 12 MB young generation (V8's default gives
 * 32 MB of new space) took 50 MB off a 100,000-row import's peak at the same speed; 6 MB cost a
 * third more time (`npm run bench -- import`).
 */
const FILE_WORK = { watchdogMs: 10 * 60_000, maxYoungGenerationSizeMb: 12 };

type Methods = keyof typeof importExportMethods;

export const importExportHandlers: HandlersFor<Methods> = {
  'files.chooseOpen': async (input, ctx) => {
    const session = ctx.requireSession();
    const extensions = input.purpose === 'import' ? ['xlsx', 'csv', 'txt'] : ['bansos-backup'];
    const path = await ctx.core.host.chooseOpenFile({
      purpose: input.purpose,
      suggestedName: '',
      extensions,
    });
    if (!path) return null;
    return { handle: ctx.core.files.grant(path, 'read', session.userId), name: basename(path) };
  },

  'import.inspect': async (input, ctx) => {
    const path = ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId);
    const fileName = basename(path);
    const sheets = await inspectSpreadsheet(path, fileName, importLimitsOf(readSettings(ctx.db().sql)));
    let layout = detectLayout(input.kind, sheets, { sheet: input.sheet, headerRow: input.headerRow });
    // A saved template that knows these headers (last month's file from the same source) wins.
    let template: string | null = null;
    const templates = ctx
      .db()
      .sql.all(
        qb
          .selectFrom('import_mappings')
          .selectAll()
          .where('kind', '=', input.kind)
          .orderBy('updated_at', 'desc'),
      );
    for (const t of templates) {
      const saved = JSON.parse(t.mapping_json) as Record<string, string | null>;
      const known = layout.headers.filter((h) => normalizeHeader(h) in saved).length;
      if (known >= Math.max(2, layout.headers.length * 0.6)) {
        layout = applyTemplate(layout, saved);
        template = t.name;
        break;
      }
    }
    const sheet = sheets.find((s) => s.name === layout.sheet)!;
    const sample = sheet.rows
      .filter((r) => r.n > layout.headerRow)
      .slice(0, 8)
      .map((r) => layout.headers.map((_, i) => cellText(r.cells[i] ?? null)));
    return {
      fileName,
      format: sheet.encoding ? 'text' : 'xlsx',
      encoding: sheet.encoding ?? null,
      delimiter: sheet.delimiter ?? null,
      sheets: sheets.map((s) => ({ name: s.name, rowCount: s.rowCount, columnCount: s.columnCount })),
      sheet: layout.sheet,
      headerRow: layout.headerRow,
      headers: layout.headers,
      mapping: mappingOf(layout),
      sample,
      template,
      missing: missingRequired(input.kind, layout),
    };
  },

  'import.start': (input, ctx) => {
    const path = ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId);
    const params: ImportJobParams = {
      kind: input.kind,
      filePath: path,
      fileName: basename(path),
      spec: { sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping },
      options: input.options,
      scope: scopeParams(ctx),
    };
    // Mapping mistakes are refused here, before any thread starts.
    withMapping(
      input.kind,
      { sheet: input.sheet, headerRow: input.headerRow, headers: Object.keys(input.mapping), fields: [] },
      input.mapping,
    );
    if (input.kind === 'payments' && !input.options.periodId)
      throw new AppFailure('VALIDATION', 'Pilih periode penyaluran untuk hasil bank/Pos ini.', {
        fields: [{ path: 'options.periodId', message: 'Pilih periode.' }],
      });
    return {
      jobId: startJob(ctx, input.mode === 'commit' ? 'import.commit' : 'import.preview', params, FILE_WORK),
    };
  },

  'import.errorWorkbook': (input, ctx) => {
    const session = ctx.requireSession();
    const path = ctx.core.files.resolve(input.file, 'read', session.userId);
    const targetPath = ctx.core.files.resolve(input.target, 'write', session.userId);
    const params = {
      kind: input.kind,
      filePath: path,
      fileName: basename(path),
      spec: { sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping },
      options: input.options,
      scope: scopeParams(ctx),
      targetPath,
    };
    return { jobId: startJob(ctx, 'import.errors', params, FILE_WORK) };
  },

  'import.batches': (_input, ctx) =>
    ctx
      .db()
      .sql.all(
        qb
          .selectFrom('import_batches')
          .leftJoin('users', 'users.id', 'import_batches.created_by')
          .select([
            'import_batches.id',
            'kind',
            'file_name',
            'sheet',
            'counts_json',
            'status',
            'import_batches.created_at',
            'undone_at',
            'users.username',
          ])
          .orderBy('import_batches.created_at', 'desc')
          .limit(100),
      )
      .map((b) => ({
        id: b.id,
        kind: b.kind as 'recipients',
        fileName: b.file_name,
        sheet: b.sheet,
        counts: JSON.parse(b.counts_json),
        status: b.status,
        createdAt: b.created_at,
        createdBy: b.username,
        undoneAt: b.undone_at,
      })),

  'import.undo': (input, ctx) => ctx.write((changes) => undoImport(changes, input.batchId)),

  'import.templates': (input, ctx) =>
    ctx
      .db()
      .sql.all(qb.selectFrom('import_mappings').selectAll().where('kind', '=', input.kind).orderBy('name'))
      .map((t) => ({ id: t.id, name: t.name, mapping: JSON.parse(t.mapping_json) })),

  /** Saved by normalised header, so "No. KK" and "NO_KK" next month map the same way. */
  'import.saveTemplate': (input, ctx) => {
    const mapping = Object.fromEntries(
      Object.entries(input.mapping).map(([h, f]) => [normalizeHeader(h), f]),
    );
    return ctx.write((changes) => {
      const existing = changes.db.first(
        qb
          .selectFrom('import_mappings')
          .select('id')
          .where('kind', '=', input.kind)
          .where('name', '=', input.name),
      );
      if (existing) {
        changes.update(
          'import_mappings',
          existing.id,
          { mapping_json: JSON.stringify(mapping) },
          'import.save_template',
        );
        return { id: existing.id };
      }
      const id = newId();
      changes.insert(
        'import_mappings',
        { id, name: input.name, kind: input.kind, mapping_json: JSON.stringify(mapping) } as never,
        'import.save_template',
      );
      return { id };
    });
  },

  'export.start': (input, ctx) => {
    const targetPath = ctx.core.files.resolve(input.target, 'write', ctx.requireSession().userId);
    const wantedCsv = input.format === 'csv';
    if (wantedCsv !== targetPath.toLowerCase().endsWith('.csv')) {
      throw new AppFailure(
        'VALIDATION',
        wantedCsv ? 'Nama berkas CSV harus berakhiran .csv.' : 'Nama berkas Excel harus berakhiran .xlsx.',
      );
    }
    return { jobId: startJob(ctx, 'export', { ...input, targetPath, scope: scopeParams(ctx) }, FILE_WORK) };
  },
};
