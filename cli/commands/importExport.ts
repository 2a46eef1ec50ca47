import { basename, resolve } from 'node:path';
import { EXPORT_KINDS, type ExportKind } from '../../common/domain/exportKinds.ts';
import { missingRequired } from '../../core/importer/layout.ts';
import {
  IMPORT_FIELDS,
  IMPORT_KINDS,
  isIgnoredHeader,
  normalizeHeader,
  type FieldSpec,
  RELATIONSHIP_CODE_LIST_NAMES,
  type ImportKind,
  type RelationshipCodeList,
} from '../../common/domain/importFields.ts';
import type { Output } from '../../common/api/contract.ts';
import type { ImportResultView } from '../../common/api/methods/importExport.ts';
import { AppFailure } from '../../common/errors.ts';
import { existingFile, parse, required, UsageError, writableTarget } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession, followJob } from '../session.ts';
import { listPeriods, periodLine } from './periods.ts';

export const importHelp = `import FILE --data DIR --user NAMA [--kind ${IMPORT_KINDS.join('|')}] [--dry-run] [--json]
       [--mapping TEMPLAT] [--sheet LEMBAR] [--header-row N] [--on-existing update|skip|flag] [--hidden-rows] [--period ID]
       [--map "JUDUL KOLOM=BIDANG"]... [--set BIDANG=NILAI]... [--codes hubungan=siak|dtks] [--errors PERBAIKAN.xlsx]
    Mengimpor .xlsx/.csv/.txt. --dry-run hanya memeriksa (tidak ada yang disimpan). Baris yang salah
    dilewati; yang benar disimpan dalam satu transaksi yang dapat dibatalkan dari aplikasi.
    --map membaca kolom sebagai bidang (kosongkan BIDANG untuk mengabaikan kolom), --set mengisi satu
    nilai untuk seluruh berkas (misalnya --set desa=35.79.01.1001, --set program=BPNT, --set period=ID),
    --codes memilih daftar kode angka hubungan keluarga (siak: 3 = Istri; dtks: 3 = Anak).
    --period ID memilih periode penyaluran untuk --kind payments (ID-nya dari perintah periods).
    Baris yang disembunyikan di Excel (filter) tidak dibaca; --hidden-rows membacanya juga.
    --errors menulis baris yang salah beserta masalahnya ke buku kerja untuk diperbaiki lalu diimpor ulang.
export --data DIR --user NAMA --out FILE.xlsx|FILE.csv [--kind ${EXPORT_KINDS.join('|')}]
       [--desa KODE] [--program KODE] [--period ID] [--desil-max N] [--mask-nik] [--delimiter ";"|","]`;

export async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    kind: { type: 'string', default: 'recipients' },
    'dry-run': { type: 'boolean', default: false },
    mapping: { type: 'string' },
    sheet: { type: 'string' },
    'header-row': { type: 'string' },
    'on-existing': { type: 'string', default: 'update' },
    'hidden-rows': { type: 'boolean', default: false },
    period: { type: 'string' },
    errors: { type: 'string' },
    map: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    codes: { type: 'string' },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('Pakai: import FILE --data DIR --user NAMA');
  const kind = values.kind as ImportKind;
  if (!IMPORT_KINDS.includes(kind))
    throw new UsageError(`--kind harus salah satu dari: ${IMPORT_KINDS.join(', ')}.`);
  const onExisting = values['on-existing'] as 'update' | 'skip' | 'flag';
  if (!['update', 'skip', 'flag'].includes(onExisting))
    throw new UsageError('--on-existing harus update, skip atau flag.');
  if (values.errors && !values.errors.toLowerCase().endsWith('.xlsx'))
    throw new UsageError('--errors harus berakhiran .xlsx.');
  existingFile(file, 'Berkas impor');
  if (values.errors) writableTarget(values.errors, 'berkas perbaikan (--errors)');
  const maps = pairs(values.map ?? [], '--map', 'JUDUL KOLOM=BIDANG');
  const sets = pairs(values.set ?? [], '--set', 'BIDANG=NILAI');
  const codes = codeChoice(values.codes);
  const { period: setPeriod, ...fixed } = sets;
  const periodId = values.period ?? setPeriod;
  const session = CliSession.create(
    values.data,
    { open: file, ...(values.errors ? { save: values.errors } : {}) },
    ['reader', 'files'],
  );
  try {
    await session.login(values.user);
    const chosen = await session.call('files.chooseOpen', { purpose: 'import' });
    if (!chosen) throw new AppFailure('NOT_FOUND', `Berkas ${file} tidak ditemukan.`);
    const inspect = await session.call('import.inspect', {
      file: chosen.handle,
      kind,
      ...(values.sheet ? { sheet: values.sheet } : {}),
      ...(values['header-row'] ? { headerRow: Number(values['header-row']) } : {}),
    });
    let mapping = inspect.mapping;
    if (values.mapping) {
      const template = (await session.call('import.templates', { kind })).find(
        (t) => t.name === values.mapping,
      );
      if (!template)
        throw new AppFailure(
          'NOT_FOUND',
          `Templat pemetaan "${values.mapping}" tidak ada. Simpan templat dari layar impor di aplikasi.`,
        );
      mapping = Object.fromEntries(
        inspect.headers.map((h) => [
          h,
          normalizeHeader(h) in template.mapping
            ? template.mapping[normalizeHeader(h)]!
            : (inspect.mapping[h] ?? null),
        ]),
      );
    }
    mapping = withMaps(inspect.headers, mapping, maps);
    const chosenCodes = {
      ...(inspect.codes.relationship ? { relationship: inspect.codes.relationship.list } : {}),
      ...codes,
    };
    const report = {
      file: resolve(file),
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping,
      reasons: inspect.reasons,
      suggestions: inspect.suggestions,
      fixed: { ...Object.fromEntries(Object.entries(inspect.fixed).map(([f, v]) => [f, v.value])), ...fixed },
      fixedFound: inspect.fixed,
      grouped: inspect.grouped,
      codes: chosenCodes,
      codesReason: inspect.codes.relationship?.reason ?? null,
    };
    const open = unanswered(inspect.questions, chosenCodes, maps);
    const columns = {
      headers: inspect.headers,
      mapping,
      suggestions: inspect.suggestions,
      maps,
      given: [...Object.keys(report.fixed), ...inspect.grouped.map((g) => g.field)],
    };
    const missing = missingRequired(
      kind,
      {
        sheet: inspect.sheet,
        headerRow: inspect.headerRow,
        span: 1,
        headers: inspect.headers,
        fields: inspect.headers.map((h) => mapping[h] ?? null),
      },
      [...Object.keys(report.fixed), ...inspect.grouped.map((g) => g.field)],
    );
    // A bank/Pos result belongs to one period, which only the clerk can name: the open ones, with
    // the ids --period takes (the outside probe found no way to learn one).
    const noPeriod =
      kind === 'payments' && !periodId ? await listPeriods(session, false).then(periodQuestion) : '';
    if (open.length || missing.length || noPeriod) {
      const message = [
        ...missing.map((label) => missingLine(kind, label, columns)),
        ...open.map((q) => `${q.message} Jawab dengan ${questionHint(q)}.`),
        noPeriod,
      ]
        .filter(Boolean)
        .join('\n');
      if (values.json)
        emit(
          true,
          {
            ...report,
            ok: false,
            committed: false,
            missing,
            missingFields: missing.map((label) => fieldsOfLabel(kind, label)),
            questions: open,
            error: { code: 'VALIDATION', message },
          },
          () => '',
        );
      throw new AppFailure('VALIDATION', message);
    }
    const spec = {
      file: chosen.handle,
      kind,
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping,
      fixed: report.fixed,
      grouped: inspect.grouped.map((g) => g.field),
      codes: chosenCodes,
      options: {
        onExisting,
        ...(periodId ? { periodId } : {}),
        ...(values['hidden-rows'] ? { hiddenRows: 'include' as const } : {}),
      },
    };
    const { jobId } = await session.call('import.start', {
      ...spec,
      mode: values['dry-run'] ? 'preview' : 'commit',
    });
    let result: ImportJobOutput;
    try {
      result = (await followJob(session, jobId)) as ImportJobOutput;
    } catch (error) {
      if (values.json && error instanceof AppFailure)
        emit(
          true,
          { ...report, ok: false, committed: false, error: { code: error.code, message: error.message } },
          () => '',
        );
      throw error;
    }
    const unread = unreadColumns(kind, columns);
    const done = {
      ...report,
      unread,
      ok: true,
      counts: result.counts,
      summary: result.summary,
      ignored: result.ignored,
      ignoredCount: result.ignoredCount,
      problems: result.problems.map((p) => ({
        row: p.row,
        column: p.column,
        value: p.value,
        severity: p.severity,
        code: p.code,
        message: p.message,
      })),
      // More than PROBLEMS_KEPT problems are counted here; the fix-up workbook lists every one.
      problemCount: result.problemCount,
      committed: result.batchId !== null,
      errorsFile: null as string | null,
    };
    if (values.errors && result.counts.errors > 0) {
      const target = await session.call('files.chooseSave', {
        purpose: 'errors',
        suggestedName: basename(values.errors),
      });
      const workbook = await session.call('import.errorWorkbook', { ...spec, target: target!.handle });
      await followJob(session, workbook.jobId);
      done.errorsFile = resolve(values.errors);
    }
    emit(values.json, done, () => {
      const c = result.counts;
      const lines = [
        `${values['dry-run'] ? 'Pemeriksaan' : 'Impor'} ${report.file} (lembar "${inspect.sheet}", judul kolom di baris ${inspect.headerRow}):`,
        // The engine counts a row in error as skipped too: said once here, so the parts add up to the rows.
        `  ${c.rows} baris: ${c.new} baru, ${c.updated} diperbarui, ${c.unchanged} tidak berubah, ${c.skipped - c.errors} dilewati, ${c.errors} salah (tidak disimpan), ${c.warnings} dengan peringatan, ${c.possibleDuplicates} kemungkinan ganda.`,
        ...(c.hiddenRows
          ? [
              `  ${c.hiddenRows} baris disembunyikan di Excel (filter) tidak dibaca; tambahkan --hidden-rows bila baris itu juga harus diimpor.`,
            ]
          : []),
        ...(report.codesReason ? [`  Kode hubungan keluarga: ${report.codesReason}`] : []),
        ...Object.entries(report.fixedFound).map(
          ([field, v]) => `  ${field} untuk seluruh berkas dibaca dari judul (${v.found}).`,
        ),
        ...unread.map(
          ({ column, fields }) =>
            `  Kolom tidak dibaca: "${column}" (mungkin: ${fields.map((f) => fieldLabel(kind, f)).join(' atau ')}). Baca dengan --map "${column}=${fields[0]}", atau abaikan dengan --map "${column}=".`,
        ),
        ...summaryLines(result.summary),
        result.ignoredCount
          ? `  ${result.ignoredCount} baris bukan data dilewati (tanda tangan, catatan, baris kelompok, nomor kolom).`
          : '',
        ...done.problems
          .slice(0, 50)
          .map(
            (p) =>
              `  baris ${p.row}${p.column ? ` [${p.column}]` : ''} ${p.severity === 'error' ? 'SALAH' : 'peringatan'}: ${p.message}`,
          ),
        result.problemCount > 50
          ? `  … dan ${result.problemCount - 50} masalah lain (--json memuat ${done.problems.length} pertama; --errors menulis semuanya).`
          : '',
        done.errorsFile ? `Baris yang salah ditulis ke ${done.errorsFile}.` : '',
        done.committed
          ? 'Tersimpan. Dapat dibatalkan dari Impor/Ekspor > Riwayat impor.'
          : 'Tidak ada yang disimpan.',
      ];
      return lines.filter(Boolean).join('\n');
    });
  } finally {
    await session.close();
  }
}

type ImportJobOutput = ImportResultView;

/** "A=B" pairs of a repeatable flag; the value may be empty ("--map KOLOM=" ignores a column). */
function pairs(items: string[], flag: string, shape: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`${flag} ditulis sebagai ${shape}, misalnya ${flag} "${shape}".`);
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

function codeChoice(text: string | undefined): { relationship?: RelationshipCodeList } {
  if (!text) return {};
  const m = /^(hubungan|relationship)=(\w+)$/i.exec(text.trim());
  const list = m?.[2]!.toLowerCase() as RelationshipCodeList | undefined;
  if (!list || !RELATIONSHIP_CODE_LIST_NAMES.includes(list))
    throw new UsageError(
      `--codes ditulis sebagai hubungan=${RELATIONSHIP_CODE_LIST_NAMES.join('|')} (siak: 3 = Istri, 4 = Anak; dtks: 3 = Anak, 4 = Menantu).`,
    );
  return { relationship: list };
}

/** The clerk's --map over the suggested mapping; a header the file does not have is refused. */
function withMaps(
  headers: string[],
  mapping: Record<string, string | null>,
  maps: Record<string, string>,
): Record<string, string | null> {
  const out = { ...mapping };
  for (const [header, field] of Object.entries(maps)) {
    const found =
      headers.find((h) => h === header) ??
      headers.find((h) => normalizeHeader(h) === normalizeHeader(header));
    if (!found)
      throw new UsageError(
        `--map: kolom "${header}" tidak ada di berkas. Kolom yang ada: ${headers.join(', ')}.`,
      );
    if (field) for (const h of headers) if (out[h] === field) out[h] = null;
    out[found] = field || null;
  }
  return out;
}

/** How the command line answers one of inspect's questions. */
export function questionHint(q: Output<'import.inspect'>['questions'][number]): string {
  if (q.id === 'codes.relationship') return '--codes hubungan=siak atau --codes hubungan=dtks';
  const read = q.choices.find((c) => c.value !== 'ignore');
  return `${read ? `--map "${q.column}=${read.value}" atau ` : ''}--map "${q.column}="`;
}

interface Columns {
  headers: string[];
  mapping: Record<string, string | null>;
  suggestions: Record<string, string[]>;
  maps: Record<string, string>;
  /** Fields given another way: a value for the whole file, group rows. */
  given: string[];
}

const specsOf = (kind: ImportKind) => IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
const fieldLabel = (kind: ImportKind, field: string) => specsOf(kind)[field]?.label ?? field;

/**
 * The field keys behind a missing label (missingFields answers labels): one field, or each of
 * "NIK atau No. KK" / "NIK, No. KK atau Peserta".
 */
function fieldsOfLabel(kind: ImportKind, label: string): string[] {
  const specs = Object.entries(specsOf(kind));
  const exact = specs.find(([, spec]) => spec.label === label);
  if (exact) return [exact[0]];
  return label
    .split(/, | atau /)
    .map((part) => specs.find(([, spec]) => spec.label === part || spec.label.startsWith(`${part} `))?.[0])
    .filter((f): f is string => f !== undefined);
}

/**
 * Columns read as nothing that look like one of the fields still unread: not one the clerk
 * ignored with --map "KOLOM=", nor a column deliberately not read (NO, TTD...).
 */
function unreadColumns(kind: ImportKind, c: Columns): { column: string; fields: string[] }[] {
  const taken = new Set([...Object.values(c.mapping).filter(Boolean), ...c.given]);
  const answered = new Set(Object.keys(c.maps).map(normalizeHeader));
  return c.headers
    .filter((h) => !c.mapping[h] && !answered.has(normalizeHeader(h)) && !isIgnoredHeader(h))
    .map((column) => ({
      column,
      fields: (c.suggestions[column] ?? []).filter((f) => !taken.has(f) && f in specsOf(kind)),
    }))
    .filter((u) => u.fields.length > 0);
}

/** A required field without a source: its label and key, the columns that may hold it, the flag. */
function missingLine(kind: ImportKind, label: string, c: Columns): string {
  const fields = fieldsOfLabel(kind, label);
  const named = fields.length ? `${label} [${fields.join(' atau ')}]` : label;
  const candidates = unreadColumns(kind, c).filter((u) => u.fields.some((f) => fields.includes(f)));
  if (candidates.length) {
    const first = candidates[0]!;
    const field = first.fields.find((f) => fields.includes(f))!;
    return `Kolom wajib belum dipetakan: ${named}. Kolom yang mungkin: ${candidates.map((u) => `"${u.column}"`).join(', ')}. Tambahkan --map "${first.column}=${field}".`;
  }
  const keys = fields.length ? fields : ['BIDANG'];
  const set = keys.filter((f) => specsOf(kind)[f]?.fileWide).map((f) => ` atau --set ${f}=NILAI`);
  return `Kolom wajib belum dipetakan: ${named}. Tambahkan ${keys.map((f) => `--map "JUDUL KOLOM=${f}"`).join(' atau ')}${set.join('')}.`;
}

/** What a payments import without --period asks: the open periods with their ids. */
function periodQuestion(open: Output<'disbursement.periods'>): string {
  if (!open.length)
    return 'Pilih periode penyaluran dengan --period ID, tetapi belum ada periode yang dibuka. Periode dibuka oleh petugas di aplikasi (Penyaluran); lalu "periods" menampilkan ID-nya.';
  return [
    'Pilih periode penyaluran untuk hasil bank/Pos ini dengan --period ID. Periode yang dibuka:',
    ...open.map((p) => `  --period ${periodLine(p)}`),
  ].join('\n');
}

/** Questions inspect asked that the command line has not answered. */
function unanswered(
  questions: Output<'import.inspect'>['questions'],
  codes: { relationship?: RelationshipCodeList },
  maps: Record<string, string>,
) {
  return questions.filter((q) =>
    q.id === 'codes.relationship'
      ? !codes.relationship
      : !Object.keys(maps).some((h) => normalizeHeader(h) === normalizeHeader(q.column)),
  );
}

function summaryLines(summary: ImportResultView['summary']): string[] {
  if (!summary) return [];
  return [
    `  ${summary.title}`,
    ...summary.facts.map((f) => `    ${f.label}: ${f.value}`),
    ...summary.lists.flatMap((l) => [
      `    ${l.label} (${l.total}):`,
      ...l.rows.slice(0, 20).map((r) => `      ${r}`),
      l.total > 20 ? `      … dan ${l.total - 20} lagi (--json memuat daftarnya).` : '',
    ]),
  ].filter(Boolean);
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    kind: { type: 'string', default: 'recipients' },
    desa: { type: 'string' },
    program: { type: 'string' },
    period: { type: 'string' },
    'desil-max': { type: 'string' },
    'mask-nik': { type: 'boolean', default: false },
    delimiter: { type: 'string', default: ';' },
  });
  const out = required(values.out, 'out');
  const kind = values.kind as ExportKind;
  if (!EXPORT_KINDS.includes(kind))
    throw new UsageError(`--kind harus salah satu dari: ${EXPORT_KINDS.join(', ')}.`);
  const format = out.toLowerCase().endsWith('.csv')
    ? 'csv'
    : out.toLowerCase().endsWith('.xlsx')
      ? 'xlsx'
      : null;
  if (!format) throw new UsageError('--out harus berakhiran .xlsx atau .csv.');
  writableTarget(out, 'berkas ekspor');
  if (values.delimiter !== ';' && values.delimiter !== ',')
    throw new UsageError('--delimiter harus ";" atau ",".');
  const session = CliSession.create(values.data, { save: out }, ['files']);
  try {
    await session.login(values.user);
    const chosen = await session.call('files.chooseSave', {
      purpose: 'export',
      suggestedName: out.split(/[\\/]/).pop()!,
    });
    if (!chosen) throw new AppFailure('CANCELLED', 'Tidak ada berkas tujuan.');
    const { jobId } = await session.call('export.start', {
      kind,
      format,
      delimiter: values.delimiter,
      maskNik: values['mask-nik'],
      target: chosen.handle,
      filters: {
        ...(values.desa ? { desaCode: values.desa } : {}),
        ...(values.program ? { programCode: values.program } : {}),
        ...(values.period ? { periodId: values.period } : {}),
        ...(values['desil-max'] ? { desilMax: Number(values['desil-max']) } : {}),
      },
    });
    const result = (await followJob(session, jobId)) as { rows: number };
    emit(
      values.json,
      { file: resolve(out), rows: result.rows },
      () => `${result.rows} baris diekspor ke ${resolve(out)}.`,
    );
  } finally {
    await session.close();
  }
}
