import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditPayload, mutationPayload, OUTBOX_GENESIS } from '../../common/sync/protocol.ts';
import { setUpCore } from '../../tests/support/core.ts';
import { entryHash } from '../audit/chain.ts';
import { newId } from '../ids.ts';
import { isSyncedTable, LOCAL_COLUMNS, normalValue, SYNCED_TABLES } from '../../common/sync/tables.ts';
import { fillDemo } from '../demo/setupDemo.ts';
import { toMutation } from './outbox.ts';

describe('the outbox', () => {
  it('gets one gapless, hash-chained row per change of a synced row, in the change transaction', async () => {
    const { core } = await setUpCore();
    try {
      const db = core.db;
      const before = db.sql.raw.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
      const id = newId();
      const actor = { userId: null, username: 'uji' };
      db.write(actor, (c) =>
        c.insert(
          'households',
          { id, desa_code: '35.79.01.1001', kk_number: '3579010101010001' } as never,
          'uji',
        ),
      );
      db.write(actor, (c) => c.update('households', id as never, { address: 'Jl. Baru' } as never, 'uji'));
      db.write(actor, (c) => c.update('households', id as never, { address: 'Jl. Baru' } as never, 'uji')); // no change, no row
      expect(() =>
        db.write(actor, (c) => {
          c.update('households', id as never, { notes: 'batal' } as never, 'uji');
          throw new Error('batal');
        }),
      ).toThrow('batal');
      db.write(actor, (c) => c.delete('households', id as never, 'uji'));
      const rows = (db.sql.raw.prepare('SELECT * FROM sync_outbox ORDER BY device_seq').all() as never[]).map(
        toMutation,
      );
      expect(rows.length).toBe(before + 3);
      const mine = rows.slice(before);
      expect(mine.map((m) => [m.op, m.baseVersion])).toEqual([
        ['insert', 0],
        ['update', 1],
        ['delete', 2],
      ]);
      expect(mine[0]!.changes.notes).toEqual({ old: null, new: '' }); // defaults included
      expect(mine[1]!.changes).toEqual({ address: { old: '', new: 'Jl. Baru' } });
      expect(mine[2]!.changes.address).toEqual({ old: 'Jl. Baru', new: null });
      let prev = OUTBOX_GENESIS;
      rows.forEach((m, i) => {
        expect(m.seq).toBe(i + 1);
        expect(m.prevHash).toBe(prev);
        const { hash, ...body } = m;
        expect(createHash('sha256').update(mutationPayload(body)).digest('hex')).toBe(hash);
        prev = hash;
      });
      // Settings and users are local: no outbox row.
      const count = rows.length;
      db.write(actor, (c) => c.note('uji', 'settings', null));
      expect(db.sql.raw.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(count);
      // The server checks audit entries with the same formula as the chain.
      const entry = db.sql.raw
        .prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get() as Parameters<typeof entryHash>[0] & { hash: string };
      const { hash, ...rest } = entry;
      expect(
        createHash('sha256')
          .update(auditPayload({ ...rest, subject_id: rest.subject_id ?? null }))
          .digest('hex'),
      ).toBe(hash);
      expect(entryHash(rest)).toBe(hash);
    } finally {
      await core.close();
    }
  });

  it('replayed in order, gives back exactly the rows the database holds (defaults included)', async () => {
    const { core, admin } = await setUpCore();
    try {
      // The demo writes through the real use cases: registry, enrolment, payments, cases.
      await fillDemo(core, (method, input) => admin.ok(method as never, input as never), 25);
      const sql = core.db.sql.raw;
      const replayed = new Map<string, Record<string, unknown>>();
      for (const row of sql.prepare('SELECT * FROM sync_outbox ORDER BY device_seq').all() as never[]) {
        const m = toMutation(row);
        const key = `${m.entity}:${m.entityId}`;
        if (m.op === 'delete') replayed.delete(key);
        else {
          const current = m.op === 'insert' ? {} : replayed.get(key)!;
          for (const [field, change] of Object.entries(m.changes)) current[field] = change.new;
          replayed.set(key, current);
        }
      }
      const stored = new Map<string, Record<string, unknown>>();
      for (const table of Object.keys(SYNCED_TABLES).filter(isSyncedTable))
        for (const row of sql.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          const kept: Record<string, unknown> = {};
          for (const [field, value] of Object.entries(row))
            if (value !== null && !LOCAL_COLUMNS.has(field) && field !== 'version' && field !== 'updated_at')
              kept[field] = normalValue(value);
          stored.set(`${table}:${String(row.id)}`, kept);
        }
      const withoutNulls = (row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
      expect(stored.size).toBeGreaterThan(100);
      expect(new Set(replayed.keys())).toEqual(new Set(stored.keys()));
      for (const [key, row] of stored) expect(withoutNulls(replayed.get(key)!), key).toEqual(row);
    } finally {
      await core.close();
    }
  });
});
