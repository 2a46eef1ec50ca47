import ExcelJS from 'exceljs';
import { rmSync } from 'node:fs';
import type { ImportKind } from '../../common/domain/importFields.ts';
import type { ExportKind } from '../../common/domain/exportKinds.ts';
import type { JobContext, JobDefinition } from '../jobs/types.ts';
import { RegionNames } from '../regions/names.ts';
import type { RegistryContext } from '../registry/households.ts';
import { scopeFromParams, type ScopeParams } from '../registry/scope.ts';
import { readSettings } from '../settings/settings.ts';
import { exportList, type ExportFilters } from '../exporter/lists.ts';
import { openCsv, openXlsx, privateWriteStream } from '../exporter/write.ts';
import type { Cell } from './cells.ts';
import { runImport, type ImportOutcome } from './engine.ts';
import type { ImportOptions } from './kinds/types.ts';
import type { ImportSpec } from './engine.ts';
import { importLimitsOf } from './limits.ts';
import { undoImport } from './undo.ts';

export interface ImportJobParams {
  kind: ImportKind;
  filePath: string;
  fileName: string;
  spec: ImportSpec;
  options: ImportOptions;
  scope: ScopeParams;
}

export interface ImportJobResult extends ImportOutcome {
  sheet: string;
  headerRow: number;
}

function registry(ctx: JobContext, scope: ScopeParams): RegistryContext {
  return {
    sql: ctx.db.sql,
    scope: scopeFromParams(scope),
    regions: new RegionNames(ctx.db.sql),
    cityPrefix: readSettings(ctx.db.sql).cityPrefix,
    today: new Date(),
  };
}

async function importJob(
  params: ImportJobParams,
  ctx: JobContext,
  mode: 'preview' | 'commit',
): Promise<ImportJobResult> {
  const outcome = await runImport(
    ctx.db,
    ctx.actor,
    registry(ctx, params.scope),
    {
      kind: params.kind,
      filePath: params.filePath,
      fileName: params.fileName,
      spec: params.spec,
      options: params.options,
    },
    mode,
    { progress: ctx.progress, checkCancelled: ctx.checkCancelled },
    importLimitsOf(readSettings(ctx.db.sql)),
  );
  return {
    ...outcome,
    sheet: params.spec.sheet,
    headerRow: params.spec.headerRow,
  };
}

export const importPreviewJob: JobDefinition<ImportJobParams, ImportJobResult> = {
  run: (p, ctx) => importJob(p, ctx, 'preview'),
};
export const importCommitJob: JobDefinition<ImportJobParams, ImportJobResult> = {
  run: (p, ctx) => importJob(p, ctx, 'commit'),
};

/**
 * An undo in a job thread, which the request waits for: undoing a 30,000-row import took 12 s
 * of CPU, which on the main thread would have stalled every other request meanwhile.
 */
export const importUndoJob: JobDefinition<{ batchId: string }, ReturnType<typeof undoImport>> = {
  run: (p, ctx) => ctx.db.write(ctx.actor, (changes) => undoImport(changes, p.batchId)),
};

function cellValue(cell: Cell): string | number | boolean | Date | null {
  if (!cell) return null;
  if (cell.t === 'd') return new Date(`${cell.v}T00:00:00Z`);
  return cell.v;
}

/**
 * The user's own rows that could not be imported, as they were, with a MASALAH column and the
 * bad cells highlighted: fix them in Excel and import this file again.
 */
export const errorWorkbookJob: JobDefinition<
  ImportJobParams & { targetPath: string },
  { rows: number; fileName: string }
> = {
  async run(params, ctx) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: privateWriteStream(params.targetPath),
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('Perlu diperbaiki', { views: [{ state: 'frozen', ySplit: 2 }] });
    const title = sheet.addRow([
      `Baris dari "${params.fileName}" yang belum dapat diimpor. Perbaiki sel berwarna merah (lihat kolom MASALAH), simpan, lalu impor berkas ini lagi.`,
    ]);
    title.font = { bold: true, color: { argb: 'FFB42318' } };
    title.commit();
    let headers: string[] = [];
    let written = 0;
    await runImport(
      ctx.db,
      ctx.actor,
      registry(ctx, params.scope),
      {
        kind: params.kind,
        filePath: params.filePath,
        fileName: params.fileName,
        spec: params.spec,
        options: params.options,
      },
      'preview',
      {
        progress: ctx.progress,
        checkCancelled: ctx.checkCancelled,
        onLayout(layout) {
          headers = layout.headers;
          const header = sheet.addRow([...headers, 'MASALAH', 'BARIS_ASAL']);
          header.font = { bold: true };
          header.commit();
        },
        onRow(row) {
          if (!row.errored) return;
          const cells = headers.map((_, i) => cellValue(row.rawCells[i] ?? null));
          const message = row.problems
            .filter((p) => p.severity === 'error')
            .map((p) => (p.column ? `${p.column}: ${p.message}` : p.message))
            .join('\n');
          const out = sheet.addRow([...cells, message, row.n]);
          const bad = row.badColumns();
          headers.forEach((_, i) => {
            const cell = out.getCell(i + 1);
            // Identity numbers stay text, as they must be typed.
            if (typeof cells[i] === 'string') cell.numFmt = '@';
            if (bad.has(i)) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
          });
          out.getCell(headers.length + 1).alignment = { wrapText: true, vertical: 'top' };
          out.commit();
          written++;
        },
      },
      importLimitsOf(readSettings(ctx.db.sql)),
    );
    sheet.commit();
    await workbook.commit();
    const fileName = params.targetPath.split(/[\\/]/).pop() ?? params.targetPath;
    ctx.db.write(ctx.actor, (changes) =>
      changes.note('import.error_workbook', 'import', null, { file: fileName, rows: written }),
    );
    return { rows: written, fileName };
  },
};

export interface ExportJobParams {
  kind: ExportKind;
  filters: ExportFilters;
  format: 'xlsx' | 'csv';
  delimiter: ',' | ';';
  maskNik: boolean;
  targetPath: string;
  scope: ScopeParams;
}

/** A filtered list streamed to .xlsx or .csv; the export itself is recorded in the audit log. */
export const exportJob: JobDefinition<ExportJobParams, { rows: number; fileName: string }> = {
  async run(params, ctx) {
    const reg = registry(ctx, params.scope);
    const list = exportList(ctx.db.sql, reg.regions, reg.scope, params.kind, params.filters, params.maskNik);
    const sink =
      params.format === 'csv'
        ? await openCsv(params.targetPath, list.columns, params.delimiter)
        : await openXlsx(params.targetPath, list.columns, { sheetName: list.title });
    let rows = 0;
    try {
      for (const values of list.rows) {
        sink.add(values);
        if (++rows % 2000 === 0) {
          ctx.checkCancelled();
          ctx.progress(0.5, 'Menulis baris', rows);
        }
      }
      await sink.close();
    } catch (error) {
      rmSync(params.targetPath, { force: true });
      throw error;
    }
    const fileName = params.targetPath.split(/[\\/]/).pop() ?? params.targetPath;
    // Recorded because a list leaving the office is processing of personal data (UU PDP Pasal 31).
    ctx.db.write(ctx.actor, (changes) => {
      const entry = changes.note('export.list', 'export', null, {
        kind: params.kind,
        filters: params.filters,
        format: params.format,
        rows,
        maskNik: params.maskNik,
        file: fileName,
      });
      changes.disclosed(entry, list.households);
    });
    ctx.progress(1, 'Selesai', rows);
    return { rows, fileName };
  },
};
