import { basename } from 'node:path';
import type { releaseMethods } from '../../common/api/methods/release.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { computeInJob } from '../jobs/start.ts';
import { registryContext } from '../registry/context.ts';
import { acceptItems, refuseItem } from './decide.ts';
import type { ReleaseImportParams } from './importJob.ts';
import { writeReleaseReport } from './report.ts';
import { itemView, listItems, listReleases, releaseSummary, selectItems } from './views.ts';

type Methods = keyof typeof releaseMethods;

export const releaseHandlers: HandlersFor<Methods> = {
  'release.import': (input, ctx) =>
    computeInJob(ctx, 'release.import', {
      path: ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId),
      source: input.source,
      releaseDate: input.releaseDate,
      today: ctx.now().toISOString(),
    } satisfies ReleaseImportParams),

  'release.list': (_input, ctx) => listReleases(registryContext(ctx)),

  'release.summary': (input, ctx) => releaseSummary(registryContext(ctx), input.releaseId),

  'release.items': (input, ctx) => listItems(registryContext(ctx), input),

  'release.accept': (input, ctx) => {
    const r = registryContext(ctx);
    const ids = input.itemIds ?? selectItems(r, { ...input, include: 'open' }).map((i) => i.id);
    return ctx.write((changes) => acceptItems(changes, r, ids));
  },

  'release.refuse': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => refuseItem(changes, r, input.itemId, input.reason));
    return itemView(r, input.itemId);
  },

  'release.export': async (input, ctx) => {
    const targetPath = ctx.core.files.resolve(input.target, 'write', ctx.requireSession().userId);
    const r = registryContext(ctx);
    const written = await writeReleaseReport(r, input.releaseId, targetPath);
    ctx.write((changes) => {
      const entry = changes.note('release.export', 'dtks_releases', input.releaseId, {
        rows: written.rows,
        file: basename(targetPath),
      });
      changes.disclosed(entry, written.householdIds);
    });
    return { rows: written.rows };
  },
};
