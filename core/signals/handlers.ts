import type { HandlersFor } from '../dispatch/handler.ts';
import { registryContext } from '../registry/context.ts';
import { checkSignal, listSignals, periodWarnings, signalSummary } from './signals.ts';

type Methods = 'signals.summary' | 'signals.list' | 'signals.check' | 'signals.periodWarnings';

export const signalHandlers: HandlersFor<Methods> = {
  'signals.summary': (_input, ctx) => signalSummary(registryContext(ctx)),

  'signals.list': (input, ctx) => listSignals(registryContext(ctx), input.kind, input.include),

  'signals.check': (input, ctx) => {
    const r = registryContext(ctx);
    return ctx.write((changes) => checkSignal(changes, r, input));
  },

  'signals.periodWarnings': (input, ctx) => periodWarnings(registryContext(ctx), input.periodId),
};
