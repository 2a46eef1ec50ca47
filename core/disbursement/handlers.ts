import type { HandlersFor } from '../dispatch/handler.ts';
import { registryContext } from '../registry/context.ts';
import {
  closePeriod,
  correctItem,
  getPayment,
  listItems,
  listPeriods,
  openPeriod,
  setStatus,
  undoStatus,
} from './disbursement.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { periodWarnings } from '../signals/signals.ts';

type Methods =
  | 'disbursement.periods'
  | 'disbursement.openPeriod'
  | 'disbursement.items'
  | 'disbursement.setStatus'
  | 'disbursement.undo'
  | 'disbursement.closePeriod'
  | 'disbursement.correct';

export const disbursementHandlers: HandlersFor<Methods> = {
  'disbursement.periods': (input, ctx) => {
    const r = registryContext(ctx);
    return listPeriods(r.sql, r.scope, input.programId);
  },

  'disbursement.openPeriod': (input, ctx) => {
    const r = registryContext(ctx);
    const id = ctx.write((changes) => openPeriod(changes, input));
    return periodView(r, id);
  },

  'disbursement.items': (input, ctx) => {
    const r = registryContext(ctx);
    return listItems(r.sql, r.regions, r.scope, input);
  },

  'disbursement.setStatus': (input, ctx) => {
    const r = registryContext(ctx);
    const { itemIds, ...change } = input;
    return ctx.write((changes) => setStatus(changes, r.scope, itemIds, change));
  },

  'disbursement.undo': (input, ctx) => {
    const r = registryContext(ctx);
    return ctx.write((changes) => undoStatus(changes, r.scope, input.operationId));
  },

  'disbursement.closePeriod': (input, ctx) => {
    const r = registryContext(ctx);
    // A period pays the whole city, and the warnings that gate closing are counted in the
    // caller's area only: someone who sees one desa would seal payments they never saw.
    if (r.scope.desaCodes)
      throw new AppFailure(
        'FORBIDDEN',
        'Periode penyaluran berlaku untuk seluruh kota, jadi hanya dapat ditutup oleh pengguna dengan wilayah kerja seluruh kota. Minta manajer tingkat kota menutupnya, atau minta administrator mengubah wilayah kerja Anda.',
      );
    const unchecked = periodWarnings(r, input.id).length;
    ctx.write((changes) =>
      closePeriod(changes, input.id, { unchecked, acknowledged: input.acknowledgeWarnings }),
    );
    return periodView(r, input.id);
  },

  'disbursement.correct': (input, ctx) => {
    const r = registryContext(ctx);
    const { itemId, ...change } = input;
    ctx.write((changes) => correctItem(changes, r.scope, itemId, change));
    return getPayment(r.sql, r.regions, itemId);
  },
};

function periodView(r: ReturnType<typeof registryContext>, id: string) {
  const found = listPeriods(r.sql, r.scope).find((p) => p.id === id);
  if (!found) throw notFound('Periode penyaluran');
  return found;
}
