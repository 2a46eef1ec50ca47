import type { DuplicateScanResult } from '../../common/api/methods/registry.ts';
import type { JobDefinition } from '../jobs/types.ts';
import { scanDuplicates } from './duplicates.ts';
import { scopeFromParams, type ScopeParams } from './scope.ts';

export interface ScanJobParams {
  scope: ScopeParams;
  desaCode: string | null;
}

/**
 * The duplicate scan looks at every person: on a city-sized register that takes seconds, which
 * would freeze every other request if it ran on the main thread. One transaction: a cancelled
 * scan queues nothing.
 */
export const scanDuplicatesJob: JobDefinition<ScanJobParams, DuplicateScanResult> = {
  run(params, ctx) {
    const result = ctx.db.write(ctx.actor, (changes) =>
      scanDuplicates(changes, scopeFromParams(params.scope), params.desaCode ?? undefined, ctx),
    );
    ctx.progress(1, 'Selesai', result.examined);
    return result;
  },
};
