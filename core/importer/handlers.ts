import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { importExportMethods } from '../../common/api/methods/importExport.ts';
import {
  IMPORT_FIELDS,
  normalizeHeader,
  type FieldSpec,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import type { ParsedInput } from '../../common/api/contract.ts';
import type { ImportSpec } from './engine.ts';
import { IMPORT_EXTENSIONS } from './sniff.ts';
import { inspectImport } from './inspect.ts';
import { AppFailure } from '../../common/errors.ts';
import type { ExpressionBuilder } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { FILE_THREAD } from '../jobs/runner.ts';
import { computeInJob, startJob } from '../jobs/start.ts';
import type { HandlerContext, HandlersFor } from '../dispatch/handler.ts';
import { newId } from '../ids.ts';
import { scopeOf, scopeToParams, type Scope, type ScopeParams } from '../registry/scope.ts';
import type { ImportJobParams } from './jobs.ts';
import { withMapping } from './layout.ts';
import { importLimitsOf } from './limits.ts';
import { readSettings } from '../settings/settings.ts';

function scopeParams(ctx: HandlerContext): ScopeParams {
  return scopeToParams(scopeOf(ctx.db().sql, ctx.requireSession()));
}

/**
 * The batches an area-limited caller may see and undo: those whose every family (created or
 * changed, where it lives now) is in their area. Undoing removes or rewinds families, so a
 * batch that also touched another area's families is that area's, or a whole-city account's,
 * to undo; its file name and counts are not shown either. A batch from before its rows were
 * recorded (migration 0010, no rows_sha256) names no families: whole-city accounts only.
 */
function inArea(desaCodes: ReadonlySet<string>) {
  return (eb: ExpressionBuilder<Schema, 'import_batches'>) =>
    eb.and([
      eb('import_batches.rows_sha256', 'is not', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('import_batch_rows as r')
            .innerJoin('households as h', 'h.id', 'r.household_id')
            .select('r.entity_id')
            .whereRef('r.batch_id', '=', 'import_batches.id')
            .where('h.desa_code', 'not in', [...desaCodes]),
        ),
      ),
    ]);
}

/** Refuses to undo a batch outside the caller's area (see `inArea`). */
function assertBatchInScope(sql: Sql, scope: Scope, batchId: string): void {
  if (!scope.desaCodes) return;
  const batch = qb.selectFrom('import_batches').select('id').where('id', '=', batchId);
  // An unknown batch is left to the undo, which says so in its words.
  if (sql.first(batch) && !sql.first(batch.where(inArea(scope.desaCodes))))
    throw new AppFailure(
      'FORBIDDEN',
      'Impor ini mengubah data keluarga di luar wilayah kerja Anda, jadi tidak dapat Anda batalkan. Minta petugas yang wilayahnya mencakup seluruh data impor ini (atau administrator) untuk membatalkannya.',
    );
}

/**
 * Imports read the file in their own watched thread, and the job's thread may wait on it long.
 * Row-by-row work leaves only short-lived garbage: a 12 MB young generation (V8's default gives
 * 32 MB of new space) took 50 MB off a 100,000-row import's peak at the same speed; 6 MB cost a
 * third more time (`npm run bench -- import`).
 */
const FILE_WORK = { watchdogMs: 10 * 60_000, ...FILE_THREAD };

/**
 * From this size a file may hold a city (a 100,000-row .xlsx is 11 MB, 2 MB some 18,000 rows):
 * its job rests the idle threads. A smaller one leaves them ready for the clerk's next file,
 * which otherwise waited ~1 s for the reader to start again (`npm run bench -- small-import`).
 */
const LARGE_FILE_BYTES = 2 * 1024 * 1024;

/** The work of a job that reads `path`, sized by the file. */
const readingWork = (path: string) => ({
  ...FILE_WORK,
  // A file gone meanwhile is the job's to report, in its words.
  restsIdleThreads: (statSync(path, { throwIfNoEntry: false })?.size ?? 0) >= LARGE_FILE_BYTES,
});

type Methods = keyof typeof importExportMethods;

/** A chosen file's last save: its job, then the batch it made (null when it saved no row). */
interface FileCommit {
  jobId: string;
  batchId: string | null;
}

/** Per running core (its file grants): each file handle's last save. */
const commitsByCore = new WeakMap<object, Map<string, FileCommit>>();

function commitsOf(ctx: HandlerContext): Map<string, FileCommit> {
  let commits = commitsByCore.get(ctx.core.files);
  if (!commits) commitsByCore.set(ctx.core.files, (commits = new Map()));
  return commits;
}

const batchOf = (result: unknown): string | null =>
  (result as { batchId?: string | null } | undefined)?.batchId ?? null;

/**
 * A checked file is saved once. A double click on "Simpan" sent two commits before the screen
 * redrew: two batches, the screen showing the second, empty one, whose undo left the first's
 * people in place (outside UI probe). So a second save of the same chosen file is refused while
 * the first runs and once it saved rows, until that batch is undone; one that failed or was
 * cancelled changed nothing and may be tried again. Choosing the file again is a new handle: a
 * deliberate second import (after the file was corrected) goes that way.
 */
function assertNotSaved(ctx: HandlerContext, handle: string, fileName: string): void {
  const last = commitsOf(ctx).get(handle);
  if (!last) return;
  const job = ctx.core.jobs.get(last.jobId);
  if (job?.state === 'running')
    throw new AppFailure(
      'CONFLICT',
      `Berkas "${fileName}" sedang disimpan. Tunggu sampai selesai: hasilnya tampil di layar ini, dan impornya tercatat di tab Riwayat impor. Tidak perlu menekan "Simpan" lagi.`,
    );
  const batchId = last.batchId ?? (job?.state === 'done' ? batchOf(job.result) : null);
  if (!batchId) return;
  const batch = ctx
    .db()
    .sql.first(qb.selectFrom('import_batches').select('status').where('id', '=', batchId));
  if (batch && batch.status !== 'undone')
    throw new AppFailure(
      'CONFLICT',
      `Berkas "${fileName}" sudah disimpan. Lihat hasilnya di tab Riwayat impor. Bila memang ingin menyimpannya lagi, batalkan dulu impor itu di Riwayat impor, atau pilih berkasnya sekali lagi.`,
    );
}

/** Notes a save of `handle` started, and its batch once it is done. */
function noteSave(ctx: HandlerContext, handle: string, jobId: string): void {
  const commits = commitsOf(ctx);
  const commit: FileCommit = { jobId, batchId: null };
  commits.set(handle, commit);
  void ctx.core.jobs.wait(jobId).then(
    (view) => {
      if (view.state === 'done') commit.batchId = batchOf(view.result);
      else if (commits.get(handle) === commit) commits.delete(handle);
    },
    () => {},
  );
}

type SpecInput = ParsedInput<'import.start'> | ParsedInput<'import.errorWorkbook'>;

function specOf(input: SpecInput): ImportSpec {
  return {
    sheet: input.sheet,
    headerRow: input.headerRow,
    mapping: input.mapping,
    fixed: input.fixed,
    grouped: input.grouped,
    codes: input.codes,
  };
}

/** Values for the whole file and group fields must be fields this kind of import reads. */
function checkGiven(kind: ImportKind, fixed: Record<string, string>, grouped: string[]): void {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  for (const field of [...Object.keys(fixed), ...grouped])
    if (!(field in specs))
      throw new AppFailure('VALIDATION', `Bidang "${field}" tidak dikenal untuk impor ini.`, {
        fields: [{ path: 'fixed', message: `Bidang "${field}" tidak dikenal.` }],
      });
}

export const importExportHandlers: HandlersFor<Methods> = {
  'files.chooseOpen': async (input, ctx) => {
    const session = ctx.requireSession();
    const extensions = input.purpose === 'import' ? [...IMPORT_EXTENSIONS] : ['bansos-backup'];
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
    const sql = ctx.db().sql;
    return inspectImport(
      sql,
      { path, name: basename(path) },
      input.kind,
      { sheet: input.sheet, headerRow: input.headerRow },
      importLimitsOf(readSettings(sql)),
      new Date(),
    );
  },

  'import.start': (input, ctx) => {
    const path = ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId);
    const params: ImportJobParams = {
      kind: input.kind,
      filePath: path,
      fileName: basename(path),
      spec: specOf(input),
      options: input.options,
      scope: scopeParams(ctx),
    };
    // Mapping mistakes are refused here, before any thread starts.
    withMapping(
      input.kind,
      {
        sheet: input.sheet,
        headerRow: input.headerRow,
        span: 1,
        headers: Object.keys(input.mapping),
        fields: [],
      },
      input.mapping,
    );
    checkGiven(input.kind, input.fixed, input.grouped);
    if (input.kind === 'payments' && !input.options.periodId)
      throw new AppFailure('VALIDATION', 'Pilih periode penyaluran untuk hasil bank/Pos ini.', {
        fields: [{ path: 'options.periodId', message: 'Pilih periode.' }],
      });
    if (input.mode === 'commit') {
      assertNotSaved(ctx, input.file, params.fileName);
      const jobId = startJob(ctx, 'import.commit', params, readingWork(path));
      noteSave(ctx, input.file, jobId);
      return { jobId };
    }
    return { jobId: startJob(ctx, 'import.preview', params, readingWork(path)) };
  },

  'import.errorWorkbook': (input, ctx) => {
    const session = ctx.requireSession();
    const path = ctx.core.files.resolve(input.file, 'read', session.userId);
    const targetPath = ctx.core.files.resolve(input.target, 'write', session.userId);
    const params = {
      kind: input.kind,
      filePath: path,
      fileName: basename(path),
      spec: specOf(input),
      options: input.options,
      scope: scopeParams(ctx),
      targetPath,
    };
    return { jobId: startJob(ctx, 'import.errors', params, readingWork(path)) };
  },

  'import.batches': (_input, ctx) => {
    const { desaCodes } = scopeOf(ctx.db().sql, ctx.requireSession());
    return ctx
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
          // An undo is shown as its batch's status, not as a batch of its own.
          .where('undoes', 'is', null)
          .$if(desaCodes !== null, (q) => q.where(inArea(desaCodes!)))
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
      }));
  },

  'import.undo': (input, ctx) => {
    // Checked before the job starts: the job's thread knows only the batch (core/importer/jobs.ts).
    assertBatchInScope(ctx.db().sql, scopeOf(ctx.db().sql, ctx.requireSession()), input.batchId);
    return computeInJob(ctx, 'import.undo', { batchId: input.batchId });
  },

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
    // How many rows an export writes is known only as it runs: it rests the idle threads.
    const work = { ...FILE_WORK, restsIdleThreads: true };
    return { jobId: startJob(ctx, 'export', { ...input, targetPath, scope: scopeParams(ctx) }, work) };
  },
};
