import { describe, expect, it } from 'vitest';
import { openEncrypted } from './connection.ts';
import { newDatabaseKey } from './keySlots.ts';
import { migrateToLatest } from './migrate.ts';
import type { RegionLevel } from './schema.ts';
import { qb, reusable, Sql } from './sql.ts';
import { tempDir } from '../tests/support/tempDir.ts';

describe('a reusable query', () => {
  it('answers as the query built each time, with its constants kept', async () => {
    const raw = openEncrypted(`${tempDir()}/r.db`, newDatabaseKey(), { create: true });
    await migrateToLatest(raw);
    const sql = new Sql(raw);
    const insert = raw.prepare(
      'INSERT INTO regions (code, name, level, parent_code, name_key) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [code, name, level] of [
      ['35.79', 'KOTA BATU', 'kota'],
      ['35.79.01', 'BATU', 'kecamatan'],
      ['35.79.02', 'BUMIAJI', 'kecamatan'],
      ['35.79.01.2001', 'ORO-ORO OMBO', 'desa'],
    ] as const)
      insert.run(code, name, level, code.split('.').slice(0, -1).join('.') || null, name.toLowerCase());
    const built = (level: RegionLevel, prefix: string) =>
      qb
        .selectFrom('regions')
        .select(['code', 'name'])
        .where('level', '=', level)
        .where('code', '>=', prefix)
        .where('name', 'not in', ['X', 'Y'])
        .orderBy('code')
        .limit(5);
    const once = reusable(built);
    for (const [level, prefix] of [
      ['kecamatan', '35'],
      ['kecamatan', '35.79.02'],
      ['desa', '35'],
      ['kota', '36'],
    ] as const) {
      const expected = sql.all(built(level, prefix));
      expect(sql.all(once(level, prefix)), `${level} ${prefix}`).toEqual(expected);
    }
    expect(sql.all(once('kecamatan', '35')).map((r) => r.name)).toEqual(['BATU', 'BUMIAJI']);
    sql.close();
  });

  it('refuses a builder that leaves a value out, rather than running without it', () => {
    expect(() =>
      reusable((level: RegionLevel, _unused: string) =>
        qb.selectFrom('regions').selectAll().where('level', '=', level),
      ),
    ).toThrow('reusable');
  });
});
