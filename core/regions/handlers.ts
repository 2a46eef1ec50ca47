import type { HandlersFor } from '../dispatch/handler.ts';
import { listRegions } from './regions.ts';

export const regionHandlers: HandlersFor<'regions.list'> = {
  'regions.list': (_input, ctx) => listRegions(ctx.db().sql),
};
