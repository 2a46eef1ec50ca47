import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey, nameSimilarity, phoneticKey } from '../../common/domain/names.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { RegionNames } from '../regions/names.ts';
import { defaultRegions } from '../regions/regions.ts';
import { deferNameIndex } from './nameIndex.ts';
import type { Scope } from './scope.ts';
import { findPeople, LIST_QUERY_PEOPLE, listHouseholds, SOUND_ALIKE_MIN } from './search.ts';

/**
 * The searches against a reference written the plain way: every person of a seeded registry in
 * memory, each step of the search as a filter and a sort. The reference's fragment step is held
 * to the city-wide trigram index (what a desa's search used before it read the desa's own index
 * range), so "same people, same order" means the same as before.
 */

const FIRST = ['Siti', 'SITI', 'Sitti', 'Sri', "Nur'aini", 'Séptiani', 'Muhammad', 'Moch.', 'Djoko', 'Joko'];
const MORE_FIRST = ["Ma'ruf", 'Ni Luh', 'I Wayan', 'Kasiyem', 'Ayu', 'Bambang', 'Dewi', 'Agus'];
const LAST = ['Santoso', 'Soekarno', 'Sukarno', 'Aminah', 'Aminnah', 'Rahayu', 'Wulandari', 'Hidayat'];
const MORE_LAST = ['Chadidjah', 'Khadijah', 'Lestari', "D'Silva", 'Nurʼaini', 'Ásih', 'Ti', 'Li'];

const QUERIES = [
  'Siti',
  'SITI',
  'siti aminah',
  'Sity Aminah',
  'sitti',
  "nur'aini",
  'Nur aini',
  'aini',
  'Séptiani',
  'septi',
  'Muhammad',
  'moch',
  'Djoko',
  'joko',
  "ma'ruf",
  'maruf',
  'ti',
  'si',
  'a',
  'ar',
  'ami',
  'amin',
  'karno',
  'Soekarno',
  'khadijah',
  'Chadidjah',
  'rahayu sri',
  'santoso',
  'silva',
  'asih',
  'xyz',
  'Ni Luh',
  'wayan',
  'an',
  // A name start for a few (Ayu) and inside many (Rahayu): the fragment step meets people the
  // prefix step found, and the limit binds.
  'ayu',
  // A piece of many stored words of a desa (WATI): their ranges are merged in row order up to a
  // number of them, sorted together past it.
  'wati',
];

/** Family names holding "wati": 20 words in desa 0, the first 6 of them also in desa 2. */
const WATI = [
  'Suwati',
  'Rohwati',
  'Marwati',
  'Kuswati',
  'Sriwati',
  'Darwati',
  'Harwati',
  'Sumwati',
  'Tarwati',
  'Nurwati',
].flatMap((w) => [w, `${w}ningsih`]);

interface Person {
  rowNo: number;
  id: string;
  householdId: string;
  name: string;
  nameKey: string;
  phoneticKey: string;
  desa: string;
  deleted: boolean;
}
interface Household {
  id: string;
  desa: string;
  deleted: boolean;
  status: string;
}

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;

let db: Database;
let regions: RegionNames;
let desas: string[];
let people: Person[];
let households: Household[];

/** ~2,100 people in six desa, one of them big; a third of them Siti; some removed; families moved. */
function seedRegistry() {
  const raw = db.sql.raw;
  const insertRegion = raw.prepare(
    'INSERT INTO regions (code, name, level, parent_code, postal_code, bps_code, name_key) VALUES (?,?,?,?,?,?,?)',
  );
  for (const r of defaultRegions())
    insertRegion.run(r.code, r.name, r.level, r.parent_code, r.postal_code, r.bps_code, r.name_key);
  desas = defaultRegions()
    .filter((r) => r.level === 'desa' || r.level === 'kelurahan')
    .slice(0, 6)
    .map((r) => r.code);
  const now = new Date().toISOString();
  const insertHousehold = raw.prepare(
    'INSERT INTO households (id, kk_number, desa_code, created_at, updated_at) VALUES (?,?,?,?,?)',
  );
  const insertPerson = raw.prepare(
    'INSERT INTO people (id, household_id, nik, name, name_key, phonetic_key, sex, birth_date, relationship, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  raw.transaction(() => {
    for (let n = 0; n < 700; n++) {
      const householdId = newId();
      const desa = rand() < 0.45 ? desas[0]! : pick(desas);
      insertHousehold.run(householdId, `35790120031${String(n).padStart(5, '0')}`, desa, now, now);
      const size = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < size; i++) {
        const first = rand() < 0.3 ? pick(FIRST.slice(0, 3)) : pick([...FIRST, ...MORE_FIRST]);
        const name = `${first} ${pick(rand() < 0.5 ? LAST : MORE_LAST)}`;
        insertPerson.run(
          newId(),
          householdId,
          null,
          name,
          nameKey(name),
          phoneticKey(name),
          rand() < 0.5 ? 'L' : 'P',
          null,
          i === 0 ? 'kepala_keluarga' : 'anak',
          now,
          now,
        );
      }
    }
    const familyIn = raw
      .prepare('SELECT id FROM households WHERE desa_code = ? ORDER BY id LIMIT 1 OFFSET ?')
      .pluck();
    WATI.forEach((last, i) => {
      for (const desa of i < 6 ? [desas[0]!, desas[2]!] : [desas[0]!]) {
        const name = `${FIRST[i % FIRST.length]} ${last}`;
        const family = familyIn.get(desa, i);
        insertPerson.run(
          newId(),
          family,
          null,
          name,
          nameKey(name),
          phoneticKey(name),
          'P',
          null,
          'anak',
          now,
          now,
        );
      }
    });
    raw.prepare('UPDATE people SET deleted_at = ? WHERE row_no % 31 = 0').run(now);
    raw.prepare('UPDATE households SET deleted_at = ? WHERE kk_number LIKE ?').run(now, '%7');
    // Families no longer aktif, some of them removed as well.
    raw
      .prepare(`UPDATE households SET status = 'nonaktif' WHERE kk_number LIKE ? OR kk_number LIKE ?`)
      .run('%3', '%27');
    // Families that moved after they were registered: their members' desa follows (triggers).
    raw.prepare('UPDATE households SET desa_code = ? WHERE kk_number LIKE ?').run(desas[1], '%13');
    // People renamed, moved to a family elsewhere, removed for good: a desa's name words (0020)
    // follow each, or the comparisons below find the difference.
    const rename = raw.prepare('UPDATE people SET name = ?, name_key = ?, phonetic_key = ? WHERE row_no = ?');
    for (const rowNo of raw.prepare('SELECT row_no FROM people WHERE row_no % 17 = 0').pluck().all()) {
      const name = `${pick(MORE_FIRST)} ${pick(LAST)}`;
      rename.run(name, nameKey(name), phoneticKey(name), rowNo);
    }
    const elsewhere = raw
      .prepare('SELECT id FROM households WHERE desa_code = ? AND deleted_at IS NULL')
      .pluck()
      .get(desas[5]);
    raw.prepare('UPDATE people SET household_id = ? WHERE row_no % 23 = 0').run(elsewhere);
    raw.prepare('DELETE FROM people WHERE row_no % 37 = 0').run();
  })();
  db.sql.optimize({ allTables: true });
  people = (
    raw
      .prepare(
        'SELECT row_no, id, household_id, name, name_key, phonetic_key, household_desa, deleted_at FROM people',
      )
      .all() as Record<string, string | number | null>[]
  ).map((r) => ({
    rowNo: r.row_no as number,
    id: r.id as string,
    householdId: r.household_id as string,
    name: r.name as string,
    nameKey: r.name_key as string,
    phoneticKey: r.phonetic_key as string,
    desa: r.household_desa as string,
    deleted: r.deleted_at !== null,
  }));
  households = (
    raw.prepare('SELECT id, desa_code, deleted_at, status FROM households').all() as Record<
      string,
      string | null
    >[]
  ).map((h) => ({ id: h.id!, desa: h.desa_code!, deleted: h.deleted_at !== null, status: h.status! }));
}

const scopeOf = (desaCodes: string[] | null): Scope => ({
  desaCodes: desaCodes ? new Set(desaCodes) : null,
  readSpecific: true,
  userId: 'test',
  username: 'test',
});

const byNameKey = (a: Person, b: Person) =>
  a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.rowNo - b.rowNo;
const byPhoneticKey = (a: Person, b: Person) =>
  a.phoneticKey < b.phoneticKey ? -1 : a.phoneticKey > b.phoneticKey ? 1 : a.rowNo - b.rowNo;

/** The people shown in a place, sorted each way a step of the search reads them. */
const shownIn = memo((scope: Scope, desaCode: string | undefined) => {
  const shown = people.filter(
    (p) =>
      !p.deleted &&
      (!scope.desaCodes || scope.desaCodes.has(p.desa) || p.desa === '') &&
      (!desaCode || p.desa === desaCode),
  );
  return {
    byNameKey: [...shown].sort(byNameKey),
    byRow: [...shown].sort((a, b) => a.rowNo - b.rowNo),
    byPhoneticKey: [...shown].sort(byPhoneticKey),
  };
});

/** The people a name query finds, in the order found, the plain way. */
function referenceMatches(scope: Scope, query: string, desaCode: string | undefined, limit: number) {
  const shown = shownIn(scope, desaCode);
  const key = nameKey(query);
  if (!key) return [];
  const found = new Map<string, Person>();
  const take = (rows: Person[]) => {
    for (const p of rows) if (found.size < limit) found.set(p.id, p);
  };
  take(shown.byNameKey.filter((p) => p.nameKey.startsWith(key)).slice(0, limit));
  const words = key.split(' ').filter((w) => w.length >= 3);
  if (found.size < limit && words.length) take(withWords(shown.byRow, words).slice(0, limit * 2));
  const sound = phoneticKey(query);
  if (found.size < limit && sound && key.length >= 3) {
    const wordCount = key.split(' ').length;
    take(
      shown.byPhoneticKey
        .filter((p) => p.phoneticKey.startsWith(sound))
        .slice(0, limit * 4)
        .filter(
          (p) => nameSimilarity(key, p.nameKey.split(' ').slice(0, wordCount).join(' ')) >= SOUND_ALIKE_MIN,
        ),
    );
  }
  return [...found.values()];
}

/** Rows of the trigram index holding every word, city-wide (what a desa's search once read). */
const trigramRows = memo(
  (match: string) =>
    new Set(
      db.sql.raw
        .prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rowid')
        .pluck()
        .all(match) as number[],
    ),
);

/** People (in row order) whose name key holds every word: the trigram index, then the place. */
function withWords(shownByRow: Person[], words: string[]): Person[] {
  const matched = trigramRows(words.map((w) => `"${w}"`).join(' AND '));
  const rows = shownByRow.filter((p) => matched.has(p.rowNo));
  // The plain reading of the same thing, so the trigram index itself is checked too.
  expect(rows).toEqual(shownByRow.filter((p) => words.every((w) => p.nameKey.includes(w))));
  return rows;
}

/** Remembers a function's answers by its arguments (as JSON). */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const answers = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args, (_, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v));
    if (!answers.has(key)) answers.set(key, fn(...args));
    return answers.get(key)!;
  };
}

/**
 * The name words (0020) as the triggers keep them, against the same read from the people's rows
 * now: each word of three letters or more under the person's desa, and each desa's word list
 * holding every word filed under the desa (a word no one holds any more may stay there).
 */
function expectNameWordsKept() {
  const raw = db.sql.raw;
  const fromPeople = (
    raw
      .prepare('SELECT household_desa, row_no, name_key FROM people WHERE household_desa IS NOT NULL')
      .all() as {
      household_desa: string;
      row_no: number;
      name_key: string;
    }[]
  ).flatMap((p) =>
    [...new Set(p.name_key.split(' ').filter((w) => w.length >= 3))].map(
      (word) => `${p.household_desa} ${word} ${p.row_no} ${p.name_key}`,
    ),
  );
  const kept = raw
    .prepare(
      `SELECT household_desa || ' ' || word || ' ' || row_no || ' ' || name_key FROM people_name_words
       WHERE household_desa NOT LIKE '#%'`,
    )
    .pluck()
    .all() as string[];
  expect(kept.sort()).toEqual(fromPeople.sort());
  const unlisted = raw
    .prepare(
      `SELECT household_desa, word FROM people_name_words WHERE household_desa NOT LIKE '#%'
       EXCEPT SELECT substr(household_desa, 2), word FROM people_name_words WHERE household_desa LIKE '#%'`,
    )
    .all();
  expect(unlisted).toEqual([]);
  expect(
    raw
      .prepare(
        `SELECT count(*) FROM people_name_words WHERE household_desa LIKE '#%' AND (row_no, name_key) != (0, '')`,
      )
      .pluck()
      .get(),
  ).toBe(0);
}

const collator = new Intl.Collator('id');

/** Places a clerk searches from: the city, each desa, an officer's area of one desa. */
function places(): { label: string; scope: Scope; desaCode?: string }[] {
  return [
    { label: 'kota', scope: scopeOf(null) },
    ...desas.slice(0, 4).map((desaCode) => ({ label: desaCode, scope: scopeOf(null), desaCode })),
    { label: `wilayah ${desas[2]}`, scope: scopeOf([desas[2]!]) },
    { label: `wilayah ${desas[0]}, desa ${desas[0]}`, scope: scopeOf([desas[0]!]), desaCode: desas[0]! },
    { label: `wilayah ${desas[3]}, desa ${desas[4]}`, scope: scopeOf([desas[3]!]), desaCode: desas[4]! },
  ];
}

beforeAll(async () => {
  db = await Database.open(`${tempDir()}/search.db`, newDatabaseKey(), { create: true });
  seedRegistry();
  regions = new RegionNames(db.sql);
}, 60_000);

afterAll(() => db?.close());

describe('people search against the plain reference', () => {
  it('the seeded registry has what the comparison needs', () => {
    const siti = people.filter((p) => !p.deleted && p.nameKey.startsWith('siti'));
    expect(siti.length).toBeGreaterThan(LIST_QUERY_PEOPLE);
    expect(siti.filter((p) => p.desa === desas[0]).length).toBeGreaterThan(200);
    expect(people.some((p) => p.deleted)).toBe(true);
    expect(households.some((h) => h.deleted)).toBe(true);
    expect(households.some((h) => h.status === 'nonaktif' && !h.deleted)).toBe(true);
    expect(new Set(people.map((p) => p.desa))).toEqual(new Set(desas));
  });

  it('finds the same people in the same order, in every place, at every limit', () => {
    let compared = 0;
    for (const { label, scope, desaCode } of places())
      for (const query of QUERIES)
        for (const limit of [5, 20, 200]) {
          const expected = referenceMatches(scope, query, desaCode, limit)
            .map((p) => ({ id: p.id, name: p.name }))
            .sort((a, b) => collator.compare(a.name, b.name));
          const found = findPeople(db.sql, regions, scope, query, {
            limit,
            ...(desaCode ? { desaCode } : {}),
          });
          expect(
            found.map((p) => ({ id: p.personId, name: p.name })),
            `${query} / ${label} / ${limit}`,
          ).toEqual(expected);
          compared += expected.length;
        }
    expect(compared).toBeGreaterThan(5_000);
  }, 120_000);

  it('keeps every person’s name words under the person’s desa, and in the desa’s word list', () => {
    expectNameWordsKept();
    expect(db.sql.raw.prepare('SELECT count(*) FROM people_name_words').pluck().get()).toBeGreaterThan(3_000);
  });

  it('lists the same families, page by page, with the same total', () => {
    // Totals on both sides of the people a list query looks at, and lists of several pages.
    const seen = { lowerBound: 0, exact: 0, paged: 0 };
    for (const { label: place, scope, desaCode } of places())
      for (const query of QUERIES)
        for (const status of [undefined, 'aktif', 'nonaktif'] as const) {
          const label = `${place} / ${status ?? 'semua'}`;
          const matches = referenceMatches(scope, query, desaCode, LIST_QUERY_PEOPLE);
          seen[matches.length >= LIST_QUERY_PEOPLE ? 'lowerBound' : 'exact'] += 1;
          const ids = new Set(matches.map((p) => p.householdId));
          const expected = households
            .filter(
              (h) =>
                ids.has(h.id) &&
                !h.deleted &&
                (!status || h.status === status) &&
                (!scope.desaCodes || scope.desaCodes.has(h.desa) || h.desa === '') &&
                (!desaCode || h.desa === desaCode),
            )
            .map((h) => h.id)
            .sort()
            .reverse();
          const pages: string[] = [];
          let cursor: string | null = null;
          do {
            const page = listHouseholds(
              db.sql,
              regions,
              scope,
              { query, ...(desaCode ? { desaCode } : {}), ...(status ? { status } : {}) },
              { limit: 100, cursor },
            );
            expect([page.total, page.totalIsLowerBound], `${query} / ${label}`).toEqual([
              expected.length,
              matches.length >= LIST_QUERY_PEOPLE,
            ]);
            pages.push(...page.rows.map((r) => r.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(pages, `${query} / ${label}`).toEqual(expected);
          if (expected.length > 100) seen.paged += 1;
        }
    expect(
      Object.values(seen).every((n) => n > 0),
      JSON.stringify(seen),
    ).toBe(true);
  }, 120_000);
});

describe('a person’s desa supplied by the insert (0015’s guarded triggers)', () => {
  it('keeps the family’s desa whether the insert or move gives it right, wrong or not at all', () => {
    const raw = db.sql.raw;
    const now = new Date().toISOString();
    const [home, other] = [desas[4]!, desas[5]!];
    const family = (desa: string) => {
      const id = newId();
      raw
        .prepare(
          'INSERT INTO households (id, kk_number, desa_code, created_at, updated_at) VALUES (?,?,?,?,?)',
        )
        .run(id, `3579${String(Math.floor(rand() * 1e12)).padStart(12, '0')}`, desa, now, now);
      return id;
    };
    const homeFamily = family(home);
    const person = (householdDesa: string | null) => {
      const id = newId();
      raw
        .prepare(
          'INSERT INTO people (id, household_id, name, name_key, phonetic_key, sex, relationship, created_at, updated_at, household_desa) VALUES (?,?,?,?,?,?,?,?,?,?)',
        )
        .run(
          id,
          homeFamily,
          'Uji Desa',
          'uji desa',
          phoneticKey('Uji Desa'),
          'P',
          'anak',
          now,
          now,
          householdDesa,
        );
      return id;
    };
    const desaOf = (id: string) =>
      raw.prepare('SELECT household_desa FROM people WHERE id = ?').pluck().get(id);
    const inserted = [person(home), person(other), person(null)];
    expect(inserted.map(desaOf)).toEqual([home, home, home]);
    const otherFamily = family(other);
    const move = raw.prepare('UPDATE people SET household_id = ?, household_desa = ? WHERE id = ?');
    move.run(otherFamily, other, inserted[0]);
    move.run(otherFamily, home, inserted[1]);
    raw.prepare('UPDATE people SET household_id = ? WHERE id = ?').run(otherFamily, inserted[2]);
    expect(inserted.map(desaOf)).toEqual([other, other, other]);
    expectNameWordsKept();
    raw.prepare('DELETE FROM people WHERE id IN (?, ?, ?)').run(...inserted);
    expectNameWordsKept();
  });
});

describe('a bulk import’s deferred name index (core/registry/nameIndex.ts)', () => {
  it('files the words of the people it added once, as the triggers would have', () => {
    const raw = db.sql.raw;
    const now = new Date().toISOString();
    const familyIn = (desa: string) => households.find((h) => h.desa === desa && !h.deleted)!.id;
    const add = raw.prepare(
      'INSERT INTO people (id, household_id, name, name_key, phonetic_key, sex, relationship, created_at, updated_at, household_desa) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    const person = (householdId: string, name: string, householdDesa: string | null) => {
      const id = newId();
      add.run(id, householdId, name, nameKey(name), phoneticKey(name), 'L', 'anak', now, now, householdDesa);
      return id;
    };
    const rename = raw.prepare('UPDATE people SET name = ?, name_key = ? WHERE id = ?');
    const [home, other] = [desas[4]!, desas[5]!];
    raw.exec('BEGIN IMMEDIATE');
    const deferred = deferNameIndex(db.sql);
    const added = [
      person(familyIn(home), 'Bulk Rahayu', home),
      person(familyIn(home), 'Bulk Wrongdesa', other),
      person(familyIn(other), 'Bulk Nodesa Santoso', null),
      person(familyIn(other), 'Bulk Gone', other),
    ];
    rename.run('Bulk Renamed', 'bulk renamed', added[0]);
    raw.prepare('DELETE FROM people WHERE id = ?').run(added[3]);
    // An earlier person renamed while the words wait: the trigger still files it at once.
    rename.run('Lama Berganti', 'lama berganti', people.find((p) => !p.deleted && p.desa === home)!.id);
    deferred.finish();
    raw.exec('COMMIT');
    expectNameWordsKept();
    expect(
      raw
        .prepare(
          `SELECT count(*) FROM people_name_words
         WHERE word IN ('bulk', 'wrongdesa', 'lama') AND household_desa NOT LIKE '#%'`,
        )
        .pluck()
        .get(),
    ).toBe(5);
  });
});
