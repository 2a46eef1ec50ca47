import { describe, expect, it } from 'vitest';
import { setUpCore } from '../../tests/support/core.ts';
import { writeState } from './state.ts';

describe('sync schedule', () => {
  it('syncs every N minutes (default 5) and backs off exponentially after failures, up to the interval', async () => {
    const { core } = await setUpCore();
    try {
      const sync = core.sync;
      const sql = core.db.sql;
      expect(sync.delayMs()).toBe(5 * 60_000);
      const delays = [1, 2, 3, 4, 5, 10].map((failures) => {
        writeState(sql, { failures });
        return sync.delayMs();
      });
      expect(delays).toEqual([15_000, 30_000, 60_000, 120_000, 240_000, 300_000]);
      writeState(sql, { failures: 0, intervalMinutes: 1 });
      expect(sync.delayMs()).toBe(60_000);
      writeState(sql, { failures: 3 });
      expect(sync.delayMs()).toBe(60_000);
    } finally {
      await core.close();
    }
  });

  it('a sync without enrolment says what to do, and nothing is sent before quitting', async () => {
    const { core, admin } = await setUpCore();
    try {
      const result = await admin.call('sync.run', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      if (!result.ok) expect(result.error.message).toContain('belum terdaftar');
      await core.sync.beforeQuit(1000);
      const status = await admin.ok('sync.status', {});
      expect(status).toMatchObject({ enrolled: false, intervalMinutes: 5, lastSuccessAt: null });
      expect(status.pending).toBeGreaterThan(0); // the reference defaults wait in the outbox
    } finally {
      await core.close();
    }
  });
});
