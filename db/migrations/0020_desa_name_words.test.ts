import { expect, it } from 'vitest';
import { databaseBefore } from '../../tests/support/databaseBefore.ts';
import { migrateToLatest } from '../migrate.ts';

/**
 * A workstation as 0019 left it: two families in two desa; a person with a short word in the
 * name, one removed, and one pulled before the family (no desa yet; foreign keys are off here).
 */
async function before0020() {
  const raw = await databaseBefore('0020');
  raw.pragma('foreign_keys = OFF');
  const at = '2026-03-01T02:00:00.000Z';
  const family = raw.prepare(
    `INSERT INTO households (id, kk_number, desa_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  family.run('h1', '3579010101010001', '35.79.01.2001', at, at);
  family.run('h2', '3579010101010002', '35.79.02.1001', at, at);
  const person = raw.prepare(
    `INSERT INTO people (id, household_id, name, name_key, phonetic_key, sex, relationship, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, '', 'P', 'anak', ?, ?, ?)`,
  );
  person.run('p1', 'h1', 'Siti Aminah', 'siti aminah', at, at, null);
  person.run('p2', 'h1', 'Ni Luh Sari', 'ni luh sari', at, at, null);
  person.run('p3', 'h2', 'Siti Rahayu', 'siti rahayu', at, at, at);
  person.run('p4', 'h-not-yet-pulled', 'Joko Santoso', 'joko santoso', at, at, null);
  return raw;
}

it('0020 files the name words of the people already there under their desa and in its word list', async () => {
  const raw = await before0020();
  expect((await migrateToLatest(raw)).applied[0]).toBe('0020_desa_name_words');
  const rowOf = (id: string) => raw.prepare('SELECT row_no FROM people WHERE id = ?').pluck().get(id);
  expect(
    raw
      .prepare('SELECT household_desa, word, row_no, name_key FROM people_name_words ORDER BY 1, 2, 3')
      .all(),
  ).toEqual([
    { household_desa: '#35.79.01.2001', word: 'aminah', row_no: 0, name_key: '' },
    { household_desa: '#35.79.01.2001', word: 'luh', row_no: 0, name_key: '' },
    { household_desa: '#35.79.01.2001', word: 'sari', row_no: 0, name_key: '' },
    { household_desa: '#35.79.01.2001', word: 'siti', row_no: 0, name_key: '' },
    { household_desa: '#35.79.02.1001', word: 'rahayu', row_no: 0, name_key: '' },
    { household_desa: '#35.79.02.1001', word: 'siti', row_no: 0, name_key: '' },
    { household_desa: '35.79.01.2001', word: 'aminah', row_no: rowOf('p1'), name_key: 'siti aminah' },
    { household_desa: '35.79.01.2001', word: 'luh', row_no: rowOf('p2'), name_key: 'ni luh sari' },
    { household_desa: '35.79.01.2001', word: 'sari', row_no: rowOf('p2'), name_key: 'ni luh sari' },
    { household_desa: '35.79.01.2001', word: 'siti', row_no: rowOf('p1'), name_key: 'siti aminah' },
    { household_desa: '35.79.02.1001', word: 'rahayu', row_no: rowOf('p3'), name_key: 'siti rahayu' },
    { household_desa: '35.79.02.1001', word: 'siti', row_no: rowOf('p3'), name_key: 'siti rahayu' },
  ]);
  // The family pulled after the migration gives its member a desa, and the words follow.
  raw
    .prepare(
      `INSERT INTO households (id, kk_number, desa_code, created_at, updated_at) VALUES ('h-not-yet-pulled', '3579010101010003', '35.79.02.1001', 'x', 'x')`,
    )
    .run();
  expect(
    raw
      .prepare('SELECT household_desa, word FROM people_name_words WHERE row_no = ? ORDER BY 2')
      .all(rowOf('p4')),
  ).toEqual([
    { household_desa: '35.79.02.1001', word: 'joko' },
    { household_desa: '35.79.02.1001', word: 'santoso' },
  ]);
  expect(
    raw
      .prepare(`SELECT word FROM people_name_words WHERE household_desa = '#35.79.02.1001' ORDER BY 1`)
      .pluck()
      .all(),
  ).toEqual(['joko', 'rahayu', 'santoso', 'siti']);
});
