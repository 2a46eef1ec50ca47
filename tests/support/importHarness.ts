import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Output } from '../../common/api/contract.ts';
import type { ImportKind } from '../../common/domain/importFields.ts';
import type { BansosCore } from '../../core/app.ts';
import type { ImportJobResult } from '../../core/importer/jobs.ts';
import { type Client, setUpCore, userWithRole } from './core.ts';

/**
 * Drives the importer the way the app does: a file granted as a host dialog would, then
 * `import.inspect`, then `import.start` (preview or commit) and the job's outcome. Failures are
 * answered, not thrown, so a test can assert the message the user would read.
 */

export type ApiFailure = { code: string; message: string };
export type Inspect = Output<'import.inspect'>;

/** What the import job answers (the CLI's --json prints the same). */
export type ImportResult = ImportJobResult;

export interface ImportRun {
  inspect: Inspect;
  result: ImportResult;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiFailure; stage: string };

/** A fresh core with an admin, and a clerk (import.run, export.run) logged in. */
export async function clerkCore() {
  const setup = await setUpCore();
  const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
  return { ...setup, clerk };
}

/** Grants a file to the client's user, as a host dialog would; answers the handle. */
export function grant(
  core: BansosCore,
  client: Client,
  path: string,
  mode: 'read' | 'write' = 'read',
): string {
  const userId = core.sessions.get(client.token!)!.userId;
  return core.files.grant(path, mode, userId);
}

/**
 * A copy of a corpus file in the test's own folder (the importer reads it by name; the copy
 * keeps the committed file safe from anything a run might do).
 */
export function copyIn(source: string, folder: string, name = basename(source)): string {
  const target = join(folder, name);
  copyFileSync(source, target);
  return target;
}

export interface ImportOptions {
  kind?: ImportKind;
  mode?: 'preview' | 'commit';
  onExisting?: 'update' | 'skip' | 'flag';
  periodId?: string;
  sheet?: string;
  headerRow?: number;
  /** Changes to the suggested mapping (header -> field or null). */
  mapping?: Record<string, string | null>;
  /** Values set once for the whole file (field -> value: desa, kecamatan, programme). */
  fixed?: Record<string, string>;
  /** Code lists the clerk chose (answers inspect's questions), over the ones inspect decided. */
  codes?: { relationship?: 'siak' | 'dtks' };
  /** Rows hidden in Excel: read them too. */
  hiddenRows?: 'include';
}

export async function tryInspect(
  client: Client,
  file: string,
  options: ImportOptions = {},
): Promise<Outcome<Inspect>> {
  const inspect = await client.call('import.inspect', {
    file,
    kind: options.kind ?? 'recipients',
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.headerRow ? { headerRow: options.headerRow } : {}),
  });
  return inspect.ok ? inspect : { ok: false, error: inspect.error, stage: 'import.inspect' };
}

/** import.start after an inspect, waiting for the job. */
export async function tryStart(
  core: BansosCore,
  client: Client,
  file: string,
  inspect: Inspect,
  options: ImportOptions = {},
): Promise<Outcome<ImportResult>> {
  const started = await client.call('import.start', {
    file,
    kind: options.kind ?? 'recipients',
    sheet: inspect.sheet,
    headerRow: inspect.headerRow,
    mapping: { ...inspect.mapping, ...options.mapping },
    // As the app does: the title block's values and the decided code lists, then the clerk's choices.
    fixed: {
      ...Object.fromEntries(Object.entries(inspect.fixed ?? {}).map(([field, v]) => [field, v.value])),
      ...options.fixed,
    },
    grouped: (inspect.grouped ?? []).map((g) => g.field),
    codes: {
      ...(inspect.codes?.relationship ? { relationship: inspect.codes.relationship.list } : {}),
      ...options.codes,
    },
    mode: options.mode ?? 'preview',
    options: {
      onExisting: options.onExisting ?? 'update',
      ...(options.periodId ? { periodId: options.periodId } : {}),
      ...(options.hiddenRows ? { hiddenRows: options.hiddenRows } : {}),
    },
  });
  if (!started.ok) return { ok: false, error: started.error, stage: 'import.start' };
  const job = await core.jobs.wait(started.value.jobId);
  if (job.state !== 'done')
    return {
      ok: false,
      error: job.error ?? { code: 'INTERNAL', message: `job ${job.state}` },
      stage: `job ${job.state}`,
    };
  return { ok: true, value: job.result as ImportResult };
}

/** inspect + start; either step may fail. */
export async function tryImport(
  core: BansosCore,
  client: Client,
  file: string,
  options: ImportOptions = {},
): Promise<Outcome<ImportRun>> {
  const inspect = await tryInspect(client, file, options);
  if (!inspect.ok) return inspect;
  const result = await tryStart(core, client, file, inspect.value, options);
  if (!result.ok) return result;
  return { ok: true, value: { inspect: inspect.value, result: result.value } };
}

/** inspect + start, insisting on success. */
export async function importFile(
  core: BansosCore,
  client: Client,
  file: string,
  options: ImportOptions = {},
): Promise<ImportRun> {
  const outcome = await tryImport(core, client, file, options);
  if (!outcome.ok) throw new Error(`${outcome.stage} failed: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.value;
}

/** Every person stored, as [nik, name, birth date, relationship], by NIK: what a reader test checks last. */
export const storedPeople = (core: BansosCore) =>
  core.db.sql.raw.prepare('SELECT nik, name, birth_date, relationship FROM people ORDER BY nik').raw().all();

/** The error codes of one sheet row, sorted. */
export const errorCodes = (result: ImportResult, row: number) =>
  result.problems
    .filter((p) => p.row === row && p.severity === 'error')
    .map((p) => p.code)
    .sort();

export const warningCodes = (result: ImportResult, row: number) =>
  result.problems
    .filter((p) => p.row === row && p.severity === 'warning')
    .map((p) => p.code)
    .sort();

/**
 * What a message shown to a clerk must look like: Indonesian words, no program internals (a
 * stack frame, a file path, "undefined", an English exception as the whole text).
 */
const INDONESIAN =
  /\b(yang|dan|di|ke|dari|untuk|dengan|tidak|bukan|atau|ini|dalam|sebagai|harus|sudah|belum|ada|lagi|lalu|bila|memuat|berisi|berkas|baris|kolom|lembar|isi|periksa|simpan|pilih|kosong|tulis|gunakan)\b/i;

export function looksLikeUserMessage(message: string): string[] {
  const faults: string[] = [];
  if (!message.trim()) faults.push('empty');
  if (!INDONESIAN.test(message)) faults.push('no Indonesian words');
  if (/\n\s+at |node_modules|\.[cm]?[jt]s:\d+|\bError:/.test(message)) faults.push('stack or code location');
  if (/\bundefined\b|\bnull\b|\bNaN\b|\[object /.test(message)) faults.push('program value');
  return faults;
}

const ENGLISH =
  /\b(invalid|unexpected|error|cannot|end|of|the|is|not|failed|unknown|character|tag|attribute|closing|declaration|node|value|incomplete|disallowed|duplicate|unmatched|unquoted|distance|literal|lengths|too|far|back|signature|expected|properties|reading)\b|^\d+:\d+:/i;

/** The English text of a library exception carried inside a message, if any ("(invalid signature: 0x0)"). */
export function englishDetail(message: string): string | null {
  for (const m of message.matchAll(/\(([^()]*)\)/g)) if (ENGLISH.test(m[1]!)) return m[1]!;
  return null;
}
