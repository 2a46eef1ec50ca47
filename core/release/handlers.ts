import { basename } from 'node:path';
import type { releaseMethods } from '../../common/api/methods/release.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { importLimitsOf } from '../importer/limits.ts';
import { registryContext } from '../registry/context.ts';
import { readSettings } from '../settings/settings.ts';
import { acceptItems, refuseItem } from './decide.ts';
import { readRelease } from './readRelease.ts';
import { writeReleaseReport } from './report.ts';
import { fileSha256, storeRelease } from './store.ts';
import { itemView, listItems, listReleases, releaseSummary, selectItems } from './views.ts';

type Methods = keyof typeof releaseMethods;

/** Skipped rows sent back to the screen; the count is whole. */
const SKIPPED_SHOWN = 200;

export const releaseHandlers: HandlersFor<Methods> = {
  'release.import': async (input, ctx) => {
    const path = ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId);
    const sql = ctx.db().sql;
    const read = await readRelease(
      sql,
      { path, name: basename(path) },
      importLimitsOf(readSettings(sql)),
      ctx.now(),
    );
    const file = {
      source: input.source,
      releaseDate: input.releaseDate,
      fileName: basename(path),
      fileSha256: await fileSha256(path),
    };
    const stored = ctx.write((changes) => storeRelease(changes, file, read.rows));
    return {
      ...stored,
      rows: read.rows.length,
      skipped: read.skipped.slice(0, SKIPPED_SHOWN),
      skippedCount: read.skipped.length,
    };
  },

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
