import { can } from '../../common/auth/roles.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { isSpecificField, maskSpecificChanges, SPECIFIC_HIDDEN } from '../registry/specific.ts';
import { conflictsOpen, enrol } from './engine.ts';
import { listConflicts, resolveConflict } from './conflicts.ts';
import { pendingCount } from './outbox.ts';
import { readState, writeState } from './state.ts';

export const syncHandlers: HandlersFor<
  'sync.status' | 'sync.run' | 'sync.conflicts' | 'sync.resolve' | 'sync.enrol' | 'sync.configure'
> = {
  'sync.status': (_input, ctx) => {
    const sql = ctx.db().sql;
    const state = readState(sql);
    const scheduler = ctx.core.sync;
    return {
      enrolled: state.deviceId !== null,
      serverUrl: state.serverUrl,
      deviceName: state.deviceName,
      deviceId: state.deviceId,
      lastSuccessAt: state.lastSuccessAt,
      lastAttemptAt: state.lastAttemptAt,
      lastError: state.lastError,
      pending: pendingCount(sql),
      conflictsOpen: conflictsOpen(sql),
      intervalMinutes: state.intervalMinutes,
      running: scheduler.running,
      nextAttemptAt: state.deviceId && scheduler.nextAttemptAt ? scheduler.nextAttemptAt.toISOString() : null,
      alarms: state.alarms,
    };
  },

  'sync.run': async (_input, ctx) => {
    ctx.db();
    return ctx.core.sync.run();
  },

  'sync.conflicts': (input, ctx) => {
    const conflicts = listConflicts(ctx.db().sql, input.includeResolved);
    // Admins resolve conflicts but do not read specific data: its values stay hidden here too.
    if (can(ctx.requireSession().role, 'registry.readSpecific')) return conflicts;
    const hide = (v: unknown) => (v === null || v === undefined || v === '' ? v : SPECIFIC_HIDDEN);
    return conflicts.map((c) =>
      c.field && isSpecificField(c.field)
        ? {
            ...c,
            baseValue: hide(c.baseValue),
            serverValue: hide(c.serverValue),
            clientValue: hide(c.clientValue),
          }
        : {
            ...c,
            baseValue: maskSpecificChanges(c.baseValue),
            serverValue: maskSpecificChanges(c.serverValue),
            clientValue: maskSpecificChanges(c.clientValue),
          },
    );
  },

  'sync.resolve': (input, ctx) => {
    ctx.write((changes) => resolveConflict(changes, input));
    return {};
  },

  'sync.enrol': async (input, ctx) => {
    const result = await enrol(ctx.db(), ctx.actor, input);
    ctx.core.sync.schedule();
    return result;
  },

  'sync.configure': (input, ctx) => {
    ctx.write((changes) => {
      writeState(changes.db, { intervalMinutes: input.intervalMinutes });
      changes.note('sync.configure', 'sync', null, { intervalMinutes: input.intervalMinutes });
    });
    ctx.core.sync.schedule();
    return {};
  },
};
