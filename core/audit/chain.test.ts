import { afterEach, describe, expect, it } from 'vitest';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { Database } from '../db/database.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { verifyChain } from './chain.ts';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

async function chainOf(n: number) {
  const db = await Database.open(`${tempDir()}/t.db`, newDatabaseKey(), { create: true });
  opened.push(db);
  db.write({ userId: null, username: 'tester' }, (changes) => {
    for (let i = 0; i < n; i++) changes.note('test.event', 'thing', String(i), { i });
  });
  return db;
}

const kinds = (db: Database) => verifyChain(db.sql).problems.map((p) => `${p.seq}:${p.kind}`);

describe('audit hash chain', () => {
  it('verifies an untouched chain', async () => {
    const db = await chainOf(10);
    expect(verifyChain(db.sql)).toMatchObject({ ok: true, entries: 10, headSeq: 10, problems: [] });
  });

  it('detects an edited entry', async () => {
    const db = await chainOf(10);
    db.sql.raw.prepare(`UPDATE audit_log SET changes_json='{"i":99}' WHERE seq=4`).run();
    expect(kinds(db)).toEqual(['4:edited']);
  });

  it('detects an edited entry even when its own hash was recomputed', async () => {
    const db = await chainOf(10);
    // A forger who rewrites entry 4 and its hash still breaks the link from entry 5.
    const { entryHash } = await import('./chain.ts');
    const row = db.sql.raw.prepare('SELECT * FROM audit_log WHERE seq=4').get() as Record<string, unknown>;
    const forged = { ...row, username: 'orang lain' } as never;
    const { hash: _h, ...rest } = forged as { hash: string };
    db.sql.raw
      .prepare('UPDATE audit_log SET username=?, hash=? WHERE seq=4')
      .run('orang lain', entryHash(rest as never));
    expect(kinds(db)).toEqual(['5:bad_link']);
  });

  it('detects a deleted entry', async () => {
    const db = await chainOf(10);
    db.sql.raw.prepare('DELETE FROM audit_log WHERE seq=6').run();
    expect(kinds(db)).toEqual(['7:missing', '7:bad_link']);
  });

  it('detects reordered entries', async () => {
    const db = await chainOf(10);
    const swap = db.sql.raw.transaction(() => {
      db.sql.raw.prepare('UPDATE audit_log SET seq=-1 WHERE seq=3').run();
      db.sql.raw.prepare('UPDATE audit_log SET seq=3 WHERE seq=7').run();
      db.sql.raw.prepare('UPDATE audit_log SET seq=7 WHERE seq=-1').run();
    });
    swap();
    const problems = kinds(db);
    expect(problems).toContain('3:edited');
    expect(problems).toContain('7:edited');
    expect(problems.some((p) => p.endsWith('bad_link'))).toBe(true);
  });

  it('detects an inserted entry', async () => {
    const db = await chainOf(5);
    db.sql.raw
      .prepare(
        `INSERT INTO audit_log (seq,id,at,user_id,username,device_id,action,entity,entity_id,changes_json,prev_hash,hash) SELECT 6,'x',at,user_id,username,device_id,action,entity,entity_id,changes_json,hash,hash FROM audit_log WHERE seq=5`,
      )
      .run();
    expect(kinds(db)).toEqual(['6:edited']);
  });
});
