import { AppFailure } from '../../common/errors.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { isSpecificField, maskSpecificChanges, SPECIFIC_HIDDEN } from '../registry/specific.ts';
import { conflictsOpen, enrol } from './engine.ts';
import { listConflicts, resolveConflict } from './conflicts.ts';
import { pendingCount } from './outbox.ts';
import { readState, writeState, type SyncState } from './state.ts';
import type { Sql } from '../../db/sql.ts';
import { RegionNames } from '../regions/names.ts';
import { scopeOf } from '../registry/scope.ts';
import { NOWHERE, wholeCity } from '../../common/sync/place.ts';

/** The workstation's area and the families that left it, in the words of the sync page. */
function areaView(sql: Sql, state: SyncState) {
  const regions = new RegionNames(sql);
  const area = state.area;
  const named = area
    ? [
        ...area.kecamatan.map((k) => `Kecamatan ${regions.name(k)}`),
        ...area.desa.filter((d) => d !== NOWHERE).map((d) => regions.name(d)),
      ]
    : [];
  return {
    area: !area || wholeCity(area) ? 'seluruh kota' : named.join(', ') || 'tidak ada wilayah',
    leftArea: state.leftArea.slice(0, 20).map((l) => ({
      at: l.at,
      kk: l.kk,
      head: l.head,
      to: l.to ? regions.name(l.to) : 'kantor dinas (seluruh kota)',
    })),
  };
}

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
      ...areaView(sql, state),
    };
  },

  'sync.run': async (_input, ctx) => {
    ctx.db();
    return ctx.core.sync.run();
  },

  'sync.conflicts': (input, ctx) => {
    const sql = ctx.db().sql;
    const scope = scopeOf(sql, ctx.requireSession());
    const conflicts = listConflicts(sql, input.includeResolved, scope);
    // Admins resolve conflicts but do not read specific data: its values stay hidden here too.
    if (scope.readSpecific) return conflicts;
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
    const scope = scopeOf(ctx.db().sql, ctx.requireSession());
    ctx.write((changes) => resolveConflict(changes, input, scope));
    return {};
  },

  'sync.enrol': async (input, ctx) => {
    const result = await enrol(ctx.db(), ctx.actor, input);
    ctx.core.sync.schedule();
    const sql = ctx.db().sql;
    return { ...result, area: areaView(sql, readState(sql)).area };
  },

  'sync.configure': (input, ctx) => {
    const state = readState(ctx.db().sql);
    if (input.serverUrl !== undefined && !state.deviceId)
      throw new AppFailure('CONFLICT', 'Perangkat ini belum terdaftar: jalankan "enrol" terlebih dahulu.');
    ctx.write((changes) => {
      if (input.intervalMinutes !== undefined) {
        writeState(changes.db, { intervalMinutes: input.intervalMinutes });
        changes.note('sync.configure', 'sync', null, { intervalMinutes: input.intervalMinutes });
      }
      // Where every pending change (full NIKs) and the device's secret go next: who moved it,
      // and from where, stays in the audit log.
      if (input.serverUrl !== undefined && input.serverUrl !== state.serverUrl) {
        writeState(changes.db, { serverUrl: input.serverUrl });
        changes.note('sync.server_change', 'sync', state.deviceId, {
          serverUrl: { old: state.serverUrl, new: input.serverUrl },
        });
      }
    });
    ctx.core.sync.schedule();
    return {};
  },
};
