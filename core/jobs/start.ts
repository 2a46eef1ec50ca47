import type { JobKind } from '../../common/api/methods/jobs.ts';
import type { HandlerContext } from '../dispatch/handler.ts';
import type { JobOptions } from './runner.ts';

/** Starts long work for the caller: it runs in its own thread, as them, and only they follow it. */
export function startJob(
  ctx: HandlerContext,
  kind: JobKind,
  params: object,
  options: JobOptions = {},
): string {
  const { core } = ctx;
  const session = ctx.requireSession();
  return core.jobs.start(
    kind,
    params,
    { owner: session.userId, actor: ctx.actor, dbPath: core.dir.dbPath, key: core.key },
    options,
  );
}

/** Work a request waits for, done in a job thread so the main thread stays free meanwhile. */
export function computeInJob<R>(ctx: HandlerContext, kind: JobKind, params: object): Promise<R> {
  const { core } = ctx;
  const session = ctx.requireSession();
  return core.jobs.compute<R>(kind, params, {
    owner: session.userId,
    actor: ctx.actor,
    dbPath: core.dir.dbPath,
    key: core.key,
  });
}
