import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../app.ts';
import { clerkCore, grant, importFile } from '../../tests/support/importHarness.ts';
import { MIN_SCORE, scorePair } from './duplicates.ts';

/**
 * An import asks, for every new person, who already registered sounds alike, was born the same
 * day and lives in the same desa (`SoundAlikes`). A large import answers from a map it reads
 * once instead of a query per row; the warnings must be exactly those of the query. The
 * reference here replays the query for each new person against the people registered before
 * them (row_no order), and scores the candidates the way the importer does.
 */

const HEADER =
  'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN;RT;RW;NAMA_IBU_KANDUNG';
const DESA = ['Sisir', 'Temas', 'Oro-oro Ombo'];
const FIRST = ['Siti Aminah', 'Sri Wahyuni', 'Budi Santoso', 'Slamet Riyadi', 'Siti Aminnah', 'Agus Salim'];
const DATES: [number, number, number][] = [
  [12, 5, 1980],
  [3, 11, 1975],
  [31, 12, 1970],
  [20, 2, 1988],
];
/** Dates first seen late in the second file, after the map is read: known only from what it adds. */
const LATE_DATES: [number, number, number][] = [
  [17, 8, 1995],
  [9, 4, 1966],
];
const MOTHERS = ['Painem', 'Painem', 'Sumiati', 'Tukiyem'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

let seq = 0;
/** One person's cells: a valid NIK for the sex and birth date, a namesake-heavy name. */
function person(kk: string, i: number, relationship: string, desa: string, rt: string) {
  const n = ++seq;
  const female = FIRST[i % FIRST.length]!.startsWith('S') && i % 3 !== 0;
  const dates = i > 1500 ? LATE_DATES : DATES;
  const [d, m, y] = dates[(i * 7 + Math.floor(i / 5)) % dates.length]!;
  const nik = `357901${pad(d + (female ? 40 : 0))}${pad(m)}${pad(y % 100)}${pad(n, 4)}`;
  return {
    nik,
    cells: [
      kk,
      nik,
      FIRST[(i * 5 + Math.floor(i / 3)) % FIRST.length]!,
      `${pad(d)}-${pad(m)}-${y}`,
      female ? 'P' : 'L',
      relationship,
      desa,
      rt,
      '002',
      MOTHERS[i % MOTHERS.length]!,
    ],
  };
}

/** Families of one to four under one KK, each family in one desa and RT. */
function families(count: number, firstKk: number) {
  const rows: { nik: string; cells: string[] }[] = [];
  for (let f = 0; f < count; f++) {
    const kk = `357901200315${pad(firstKk + f, 4)}`;
    const desa = DESA[f % DESA.length]!;
    const rt = pad(1 + (f % 3), 3);
    for (let k = 0; k < 1 + (f % 4); k++)
      rows.push(person(kk, rows.length + firstKk, k === 0 ? 'KEPALA KELUARGA' : 'ANAK', desa, rt));
  }
  return rows;
}

const csv = (rows: string[][]) => [HEADER, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';

interface Stored {
  row_no: number;
  nik: string;
  name_key: string;
  phonetic_key: string;
  birth_date: string | null;
  sex: string;
  mother_name: string | null;
  desa_code: string;
  rt: string | null;
  rw: string | null;
}

/** The importer's probe as it was: the query, then the candidates scored in its order. */
function expectedWarning(core: BansosCore, p: Stored): string | null {
  if (!p.birth_date) return null;
  const raw = core.db.sql.raw;
  const ids = (
    raw
      .prepare(
        `SELECT people.id FROM people INNER JOIN households ON households.id = people.household_id
         WHERE people.phonetic_key = ? AND people.birth_date = ? AND people.deleted_at IS NULL
           AND households.desa_code = ? AND people.row_no < ? LIMIT 3`,
      )
      .all(p.phonetic_key, p.birth_date, p.desa_code, p.row_no) as { id: string }[]
  ).map((r) => r.id);
  if (!ids.length) return null;
  const others = raw
    .prepare(
      `SELECT people.*, households.desa_code, households.rt, households.rw FROM people
       INNER JOIN households ON households.id = people.household_id WHERE people.id IN (?, ?, ?)`,
    )
    .all(ids[0], ids[1] ?? ids[0], ids[2] ?? ids[0]) as never[];
  for (const other of others) {
    const draft = { ...(other as object), ...p, id: '', household_id: '' } as never;
    if (scorePair({ a: other, b: draft }).score >= MIN_SCORE)
      return `Mungkin orang yang sama dengan ${(other as Stored & { name: string }).name} (NIK ${(other as Stored).nik})`;
  }
  return null;
}

/** Writes a CSV of these rows into the clerk's folder and grants it, as the file picker would. */
const csvFiles = (setup: Awaited<ReturnType<typeof clerkCore>>) => (name: string, rows: string[][]) => {
  const path = join(setup.files, name);
  writeFileSync(path, csv(rows));
  return grant(setup.core, setup.clerk, path);
};

describe('the possible-duplicate probe of an import', () => {
  it('warns exactly as the per-row query did, before and after it reads the registry once', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    const file = csvFiles(setup);
    // Registered before: namesakes of what comes, one of them since removed, and one the
    // file renames.
    const registered = families(60, 1);
    const wahyu = [
      '3579012003159001',
      '3579010106919001',
      'Wahyu Utomo',
      '01-01-1960',
      'L',
      'KEPALA KELUARGA',
      'Sisir',
      '001',
      '002',
      'Painem',
    ];
    await importFile(core, setup.clerk, file('A.csv', [...registered.map((r) => r.cells), wahyu]), {
      mode: 'commit',
    });
    core.db.sql.raw
      .prepare("UPDATE people SET deleted_at = '2026-01-01' WHERE nik = ?")
      .run(registered[4]!.nik);
    const lastBefore = (core.db.sql.raw.prepare('SELECT max(row_no) AS n FROM people').get() as { n: number })
      .n;

    // Past the probes the registry answers (500) before the map is read.
    const incoming = families(700, 200).map((r) => r.cells);
    // Wahyu's name lengthened and his birth date corrected by the file after the map is read:
    // the people who then share his new name and birth date are asked of the registry, which
    // has him there.
    const renamed = [...wahyu];
    renamed[2] = 'Wahyu Utomo Saputra';
    renamed[3] = '01-06-1991';
    const namesakes = [2, 3, 4, 5].map((n) => [
      '3579012003159002',
      `357901010691900${n}`,
      'Wahyu Utomo Saputra',
      '01-06-1991',
      'L',
      n === 2 ? 'KEPALA KELUARGA' : 'ANAK',
      'Sisir',
      '001',
      '002',
      'Painem',
    ]);
    const rows = [...incoming.slice(0, 1200), renamed, ...namesakes, ...incoming.slice(1200)];
    const run = await importFile(core, setup.clerk, file('B.csv', rows), {
      mode: 'commit',
      onExisting: 'update',
    });
    expect(run.result.counts.updated).toBe(1);
    const rowOf = new Map(rows.map((cells, i) => [cells[1]!, i + 2]));
    const created = core.db.sql.raw
      .prepare(
        `SELECT p.row_no, p.nik, p.name_key, p.phonetic_key, p.birth_date, p.sex, p.mother_name,
                h.desa_code, h.rt, h.rw
         FROM people p JOIN households h ON h.id = p.household_id WHERE p.row_no > ? ORDER BY p.row_no`,
      )
      .all(lastBefore) as Stored[];
    const expected = created
      .map((p) => [rowOf.get(p.nik)!, expectedWarning(core, p)] as const)
      .filter(([, warning]) => warning !== null);
    const actual = run.result.problems
      .filter((p) => p.code === 'POSSIBLE_DUPLICATE')
      .map((p) => [p.row, p.message.slice(0, p.message.indexOf(')') + 1)] as const);
    expect(actual).toEqual(expected);
    // The file is one to learn from: many warnings, on both sides of the map being read, and
    // some after the renamed person's new name.
    expect(expected.length).toBeGreaterThan(300);
    expect(expected.filter(([row]) => row < 400).length).toBeGreaterThan(50);
    expect(expected.filter(([row]) => row > 1202).length).toBeGreaterThan(50);
    expect(expected.find(([row]) => row === 1203)?.[1]).toBe(
      'Mungkin orang yang sama dengan Wahyu Utomo Saputra (NIK 3579010106919001)',
    );
    await core.close();
  }, 120_000);

  it('weighs a registered sound-alike and one from earlier in the file as they stand, in id order', async () => {
    // Siti Aminah born 14-02-1983 in Sisir RT 001: registered (P), then three namesakes in one
    // file. NIKs three digits apart, so each pair scores 65 with the same mother and 55 without.
    const nik = (serial: string) => `35790154028${serial}`;
    const siti = (kk: string, serial: string, mother: string) => [
      `357901200315${kk}`,
      nik(serial),
      'Siti Aminah',
      '14-02-1983',
      'P',
      'KEPALA KELUARGA',
      'Sisir',
      '001',
      '002',
      mother,
    ];
    const warned = (named: string) =>
      `Mungkin orang yang sama dengan Siti Aminah (NIK ${nik(named)}). Diimpor; periksa di Keluarga & Individu > Data ganda.`;
    // Twice: asked of the registry row by row, and answered from the map after 500 probes.
    for (const fillers of [0, 230]) {
      const setup = await clerkCore();
      const { core } = setup;
      const file = csvFiles(setup);
      await importFile(core, setup.clerk, file('A.csv', [siti('0901', '00001', 'Painem')]), {
        mode: 'commit',
      });
      const filler = families(fillers, 1).map((r) => r.cells);
      const rows = [
        ...filler,
        // Q: only P to weigh, who matches.
        siti('0902', '00234', 'Painem'),
        // Z: P (registered) and Q (this file) both match; P, the lower id, is named.
        siti('0903', '00567', 'Painem'),
        // P's mother corrected by the file: P no longer matches those that follow.
        siti('0901', '00001', 'Tukiyem'),
        // X: P weighs 55 now, Q 65.
        siti('0904', '00890', 'Painem'),
      ];
      const run = await importFile(core, setup.clerk, file('B.csv', rows), {
        mode: 'commit',
        onExisting: 'update',
      });
      expect(run.result.counts.updated).toBe(1);
      const duplicates = run.result.problems.filter(
        (p) => p.code === 'POSSIBLE_DUPLICATE' && p.row > filler.length + 1,
      );
      expect(duplicates.map((p) => [p.row - filler.length, p.message])).toEqual([
        [2, warned('00001')],
        [3, warned('00001')],
        [5, warned('00234')],
      ]);
      await core.close();
    }
  }, 120_000);

  it('names a registered sound-alike without NIK as such, and one whose name holds control characters as stored', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    const file = csvFiles(setup);
    const siti = (kk: string, nik: string, born: string) => [
      `357901200315${kk}`,
      nik,
      'Siti Aminah',
      born,
      'P',
      'KEPALA KELUARGA',
      'Sisir',
      '001',
      '002',
      'Painem',
    ];
    await importFile(
      core,
      setup.clerk,
      file('A.csv', [
        siti('0901', '3579015402830001', '14-02-1983'),
        siti('0902', '3579015503840002', '15-03-1984'),
      ]),
      { mode: 'commit' },
    );
    // Registered before the registry's text rules, or by hand: one without NIK or mother, one
    // whose name holds the characters the import's packed copy of a person separates fields with.
    const raw = core.db.sql.raw;
    raw.prepare("UPDATE people SET nik = NULL, mother_name = NULL WHERE nik = '3579015402830001'").run();
    raw.prepare("UPDATE people SET name = ? WHERE nik = '3579015503840002'").run('Siti\u0000Aminah\u0001');
    const run = await importFile(
      core,
      setup.clerk,
      file('B.csv', [
        siti('0903', '3579015402830003', '14-02-1983'),
        siti('0904', '3579015503840004', '15-03-1984'),
      ]),
      { mode: 'commit' },
    );
    expect(run.result.problems.filter((p) => p.code === 'POSSIBLE_DUPLICATE').map((p) => p.message)).toEqual([
      'Mungkin orang yang sama dengan Siti Aminah (NIK kosong). Diimpor; periksa di Keluarga & Individu > Data ganda.',
      'Mungkin orang yang sama dengan Siti\u0000Aminah\u0001 (NIK 3579015503840002). Diimpor; periksa di Keluarga & Individu > Data ganda.',
    ]);
    await core.close();
  }, 120_000);
});
