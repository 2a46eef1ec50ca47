import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { HandlersFor } from '../dispatch/handler.ts';
import { AppFailure } from '../../common/errors.ts';
import { startJob } from './start.ts';
import { IMPORT_EXTENSIONS } from '../importer/sniff.ts';
import { backupPieces, noteBackupRunning } from '../backup/leftovers.ts';

const EXTENSIONS = {
  backup: ['bansos-backup'],
  restore: ['bansos-backup'],
  import: IMPORT_EXTENSIONS,
  export: ['xlsx', 'csv'],
  report: ['pdf', 'xlsx'],
  errors: ['xlsx'],
} as const;

export const jobHandlers: HandlersFor<'files.chooseSave' | 'backup.start' | 'jobs.list' | 'jobs.cancel'> = {
  'files.chooseSave': async (input, ctx) => {
    const session = ctx.requireSession();
    const path = await ctx.core.host.chooseSaveFile({
      purpose: input.purpose,
      suggestedName: input.suggestedName,
      extensions: [...EXTENSIONS[input.purpose]],
      owner: session.userId,
      ownerRole: session.role,
      ownerArea: session.area,
    });
    if (!path) return null;
    // The purpose stays with the handle: only what it was chosen for is written into it (SAVE_PURPOSE).
    return {
      handle: ctx.core.files.grant(path, 'write', session.userId, input.purpose),
      name: basename(path),
    };
  },

  'backup.start': (input, ctx) => {
    const { core } = ctx;
    const session = ctx.requireSession();
    const targetPath = core.files.resolve(input.target, 'write', session.userId);
    if (!targetPath.endsWith('.bansos-backup')) {
      throw new AppFailure('VALIDATION', 'Nama berkas cadangan harus berakhiran .bansos-backup.');
    }
    // Noted in the data folder while it runs: a crash leaves pieces the next start removes.
    const endNote = noteBackupRunning(core.dir.root, targetPath);
    let jobId: string;
    try {
      jobId = startJob(
        ctx,
        'backup',
        { targetPath, keySlots: core.vault.dir.readSlots(), filesDir: core.dir.filesDir },
        {
          cleanup: () => {
            for (const piece of backupPieces(targetPath, process.pid)) rmSync(piece, { force: true });
          },
        },
      );
    } catch (error) {
      endNote();
      throw error;
    }
    void core.jobs.wait(jobId).then(endNote, endNote);
    return { jobId };
  },

  'jobs.list': (_input, ctx) => ctx.core.jobs.list(ctx.requireSession().userId),

  'jobs.cancel': (input, ctx) => {
    ctx.core.jobs.cancel(input.jobId, ctx.requireSession().userId);
    return {};
  },
};
