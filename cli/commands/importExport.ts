import { basename, resolve } from 'node:path';
import { EXPORT_KINDS, type ExportKind } from '../../common/domain/exportKinds.ts';
import { IMPORT_KINDS, normalizeHeader, type ImportKind } from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { parse, required, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession, followJob } from '../session.ts';

export const importHelp = `import FILE --data DIR --user NAMA [--kind recipients|payments|verifications] [--dry-run] [--json]
       [--mapping TEMPLAT] [--sheet LEMBAR] [--header-row N] [--on-existing update|skip|flag] [--period ID]
       [--errors PERBAIKAN.xlsx]
    Mengimpor .xlsx/.csv/.txt. --dry-run hanya memeriksa (tidak ada yang disimpan). Baris yang salah
    dilewati; yang benar disimpan dalam satu transaksi yang dapat dibatalkan dari aplikasi.
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
    period: { type: 'string' },
    errors: { type: 'string' },
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
  const session = CliSession.create(values.data, {
    open: file,
    ...(values.errors ? { save: values.errors } : {}),
  });
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
    const spec = {
      file: chosen.handle,
      kind,
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping,
      options: { onExisting, ...(values.period ? { periodId: values.period } : {}) },
    };
    const { jobId } = await session.call('import.start', {
      ...spec,
      mode: values['dry-run'] ? 'preview' : 'commit',
    });
    const result = (await followJob(session, jobId)) as {
      counts: Record<string, number>;
      problems: Record<string, unknown>[];
      problemCount: number;
      batchId: string | null;
    };
    const report = {
      file: resolve(file),
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping,
      counts: result.counts,
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
    if (values.errors && result.counts.errors! > 0) {
      const target = await session.call('files.chooseSave', {
        purpose: 'errors',
        suggestedName: basename(values.errors),
      });
      const workbook = await session.call('import.errorWorkbook', { ...spec, target: target!.handle });
      await followJob(session, workbook.jobId);
      report.errorsFile = resolve(values.errors);
    }
    emit(values.json, report, () => {
      const c = result.counts;
      const lines = [
        `${values['dry-run'] ? 'Pemeriksaan' : 'Impor'} ${report.file} (lembar "${inspect.sheet}", judul kolom di baris ${inspect.headerRow}):`,
        `  ${c.rows} baris: ${c.new} baru, ${c.updated} diperbarui, ${c.unchanged} tidak berubah, ${c.skipped} dilewati, ${c.errors} salah, ${c.warnings} dengan peringatan, ${c.possibleDuplicates} kemungkinan ganda.`,
        ...report.problems
          .slice(0, 50)
          .map(
            (p) =>
              `  baris ${p.row}${p.column ? ` [${p.column}]` : ''} ${p.severity === 'error' ? 'SALAH' : 'peringatan'}: ${p.message}`,
          ),
        result.problemCount > 50
          ? `  … dan ${result.problemCount - 50} masalah lain (--json memuat ${report.problems.length} pertama; --errors menulis semuanya).`
          : '',
        report.errorsFile ? `Baris yang salah ditulis ke ${report.errorsFile}.` : '',
        report.committed
          ? 'Tersimpan. Dapat dibatalkan dari Impor/Ekspor > Riwayat impor.'
          : 'Tidak ada yang disimpan.',
      ];
      return lines.filter(Boolean).join('\n');
    });
  } finally {
    await session.close();
  }
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
  if (values.delimiter !== ';' && values.delimiter !== ',')
    throw new UsageError('--delimiter harus ";" atau ",".');
  const session = CliSession.create(values.data, { save: out });
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
