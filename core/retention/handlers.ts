import type { HandlersFor } from '../dispatch/handler.ts';
import { RegionNames } from '../regions/names.ts';
import { retentionPreview } from './due.ts';
import { purgeDue, removePurgedFiles } from './purge.ts';

export const retentionHandlers: HandlersFor<'retention.preview' | 'retention.purge'> = {
  'retention.preview': (_input, ctx) => {
    const sql = ctx.db().sql;
    return retentionPreview(sql, new RegionNames(sql), ctx.now());
  },
  'retention.purge': (input, ctx) => {
    const sql = ctx.db().sql;
    const outcome = ctx.write((changes) =>
      purgeDue(changes, new RegionNames(sql), ctx.now(), input.expected, ctx.core.dir.filesDir),
    );
    removePurgedFiles(outcome);
    return { households: outcome.households, people: outcome.people, redacted: outcome.redacted };
  },
};
