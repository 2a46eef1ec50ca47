import type { JobKind } from '../../common/api/methods/jobs.ts';
import { verifyChain } from '../audit/chain.ts';
import { backupJob } from '../backup/backupJob.ts';
import {
  errorWorkbookJob,
  exportJob,
  importCommitJob,
  importPreviewJob,
  importUndoJob,
} from '../importer/jobs.ts';
import { scanDuplicatesJob } from '../registry/scanJob.ts';
import { releaseImportJob } from '../release/importJob.ts';
import { reportModelJob } from '../reports/modelJob.ts';
import type { JobDefinition } from './types.ts';

const auditVerifyJob: JobDefinition<Record<string, never>, ReturnType<typeof verifyChain>> = {
  run(_params, ctx) {
    const total = ctx.db.sql.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    return verifyChain(ctx.db.sql, (done) => {
      ctx.checkCancelled();
      ctx.progress(done / Math.max(total.n, 1), 'Memeriksa rantai audit', done);
    });
  },
};

/** Every kind of long work, by name. Adding a kind to JOB_KINDS without one here fails to compile. */
export const JOBS: { [K in JobKind]: JobDefinition<never, unknown> } = {
  backup: backupJob as JobDefinition<never, unknown>,
  'audit.verify': auditVerifyJob as JobDefinition<never, unknown>,
  'import.preview': importPreviewJob as JobDefinition<never, unknown>,
  'import.commit': importCommitJob as JobDefinition<never, unknown>,
  'import.errors': errorWorkbookJob as JobDefinition<never, unknown>,
  'import.undo': importUndoJob as JobDefinition<never, unknown>,
  export: exportJob as JobDefinition<never, unknown>,
  'duplicates.scan': scanDuplicatesJob as JobDefinition<never, unknown>,
  'reports.model': reportModelJob as JobDefinition<never, unknown>,
  'release.import': releaseImportJob as JobDefinition<never, unknown>,
};
