import type { AuditVerifyReport } from '../../common/api/methods/admin.ts';
import { AppFailure } from '../../common/errors.ts';
import { parse, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession, followJob } from '../session.ts';

export const auditHelp = `audit verify --data DIR --user NAMA
    Memeriksa rantai hash log audit: catatan yang diubah, dihapus atau ditukar urutannya.`;

export async function audit(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {});
  if (positionals[0] !== 'verify') throw new UsageError('Pakai: audit verify --data DIR --user NAMA');
  const session = CliSession.create(values.data, {}, ['requests']);
  try {
    await session.login(values.user);
    const { jobId } = await session.call('audit.verify', {});
    const report = (await followJob(session, jobId)) as AuditVerifyReport;
    emit(values.json, report, () =>
      report.ok
        ? `Log audit utuh: ${report.entries} catatan, ujung ${report.headSeq} ${report.headHash.slice(0, 16)}.`
        : [
            `LOG AUDIT TIDAK UTUH (${report.problems.length} masalah dari ${report.entries} catatan):`,
            ...report.problems.map((p) => `  #${p.seq} ${p.message}`),
          ].join('\n'),
    );
    if (!report.ok)
      throw new AppFailure('DB_DAMAGED', 'Rantai audit rusak: laporkan ke administrator dan auditor.');
  } finally {
    await session.close();
  }
}
