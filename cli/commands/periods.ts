import type { Output } from '../../common/api/contract.ts';
import { periodSpan } from '../../common/format.ts';
import { parse } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';

export const periodsHelp = `periods --data DIR --user NAMA [--program KODE] [--all] [--json]
    Daftar periode penyaluran yang dibuka (--all: juga yang sudah ditutup) dengan ID-nya, untuk
    import --kind payments --period ID dan export --period ID.`;

type Period = Output<'disbursement.periods'>[number];

/** One period as the command line names it: its id first, for --period. */
export function periodLine(p: Period): string {
  const span = periodSpan(p);
  return [
    p.id,
    p.programCode,
    span,
    ...(p.label && p.label !== span ? [`"${p.label}"`] : []),
    `${p.totals.recipients.toLocaleString('id-ID')} penerima`,
    ...(p.status === 'ditutup' ? ['(ditutup)'] : []),
  ].join('  ');
}

/** The periods the user may see (the core decides who may), open ones unless `all`. */
export async function listPeriods(session: CliSession, all: boolean, programCode?: string) {
  const periods = await session.call('disbursement.periods', {});
  return periods.filter(
    (p) =>
      (all || p.status === 'dibuka') &&
      (!programCode || p.programCode.toUpperCase() === programCode.toUpperCase()),
  );
}

export async function periods(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    program: { type: 'string' },
    all: { type: 'boolean', default: false },
  });
  const session = CliSession.create(values.data);
  try {
    await session.login(values.user);
    const found = await listPeriods(session, values.all, values.program);
    emit(values.json, { periods: found }, () =>
      found.length
        ? [
            `${found.length} periode penyaluran${values.all ? '' : ' yang dibuka'} (ID, program, bulan, penerima):`,
            ...found.map((p) => `  ${periodLine(p)}`),
          ].join('\n')
        : values.all
          ? 'Belum ada periode penyaluran.'
          : 'Tidak ada periode penyaluran yang dibuka. --all menampilkan juga yang sudah ditutup.',
    );
  } finally {
    await session.close();
  }
}
