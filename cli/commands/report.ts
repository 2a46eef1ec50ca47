import { basename, extname, resolve } from 'node:path';
import { REPORT_KINDS, type ReportKind } from '../../common/api/methods/reports.ts';
import { BansosCore } from '../../core/app.ts';
import { chromiumPdf } from '../../core/reports/chromiumPdf.ts';
import { parse, required, UsageError, writableTarget } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';

export const reportHelp = `report NAMA --data DIR --user NAMA --period TTTT-BB [--program KODE] [--desa KODE] --out BERKAS.pdf|.xlsx
    Mencetak laporan ke PDF (Chromium tanpa layar) atau Excel, menurut akhiran --out.
    NAMA: ${REPORT_KINDS.join(', ')}. bnba wajib --program (dan --desa untuk satu desa saja);
    data-saya memakai --nik NIK. Tanpa --program, bulanan memuat semua program, satu bagian per program.
    Laporan periode yang sudah ditutup dibekukan saat pertama dicetak dan membawa kode verifikasi.`;

export async function report(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    period: { type: 'string' },
    program: { type: 'string' },
    desa: { type: 'string' },
    nik: { type: 'string' },
    out: { type: 'string' },
  });
  const name = positionals[0];
  if (!name || !(REPORT_KINDS as readonly string[]).includes(name))
    throw new UsageError(`sebutkan laporannya: ${REPORT_KINDS.join(', ')}.`);
  const kind = name as ReportKind;
  const out = resolve(required(values.out, 'out'));
  const format = extname(out).toLowerCase().slice(1);
  if (format !== 'pdf' && format !== 'xlsx') throw new UsageError('--out harus berakhiran .pdf atau .xlsx.');
  writableTarget(out, 'laporan');
  if (kind === 'data-saya') required(values.nik, 'nik');
  else required(values.period, 'period');

  const pdf = chromiumPdf();
  const session = new CliSession(
    new BansosCore({
      dataDir: resolve(required(values.data, 'data')),
      host: {
        chooseSaveFile: async () => out,
        chooseOpenFile: async () => null,
        printToPdf: pdf.printToPdf,
      },
    }),
  );
  try {
    await session.login(values.user);
    const chosen = await session.call('files.chooseSave', {
      purpose: 'report',
      suggestedName: basename(out),
    });
    if (!chosen) throw new UsageError('--out wajib diisi.');
    const params = {
      report: kind,
      ...(values.period ? { period: values.period } : {}),
      ...(values.program ? { programCode: values.program } : {}),
      ...(values.desa ? { desaCode: values.desa } : {}),
      ...(values.nik ? { nik: values.nik } : {}),
    };
    const saved = await session.call('reports.save', { params, format, target: chosen.handle });
    emit(values.json, { file: out, ...saved }, () =>
      [
        `Laporan disimpan: ${out} (${Math.max(1, Math.round(saved.bytes / 1024))} KB).`,
        ...(saved.code
          ? [`Kode verifikasi: ${saved.code} (periode sudah ditutup; cetak ulang memberi dokumen yang sama).`]
          : []),
      ].join('\n'),
    );
  } finally {
    await session.close();
    await pdf.close();
  }
}
