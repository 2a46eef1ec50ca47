import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, type FieldSpec } from '../../common/domain/importFields.ts';
import { FILES, PLACES, fileByName, type Person, type RealFile } from '../fixtures/import-real/truth.ts';
import {
  type Inspect,
  type ImportResult,
  clerkCore,
  copyIn,
  grant,
  looksLikeUserMessage,
  tryInspect,
  tryStart,
} from '../support/importHarness.ts';

/**
 * The real-world corpus (tests/fixtures/import-real, built by make.ts from truth.ts): files as
 * offices pass them around (OpenSID, SIAK, Buku Induk, BDT, DTKS, SIKS-NG, PKH and Kemensos
 * lists, an older desktop application, LibreOffice saves). Each goes through the app's path
 * with no manual mapping (or exactly the one choice its file cannot say), and every person is
 * then read back from the database: relationship, sex, birth date, place, mother, identifiers,
 * life status, enrolments.
 */

const CORPUS = join(import.meta.dirname, '../fixtures/import-real');
const TIMEOUT = 120_000;

/** One line per file for the closing table. */
interface Outcome {
  file: string;
  automatic: string;
  rows: string;
  errors: string;
  readBack: string;
  note: string;
}
const outcomes = new Map<string, Outcome>();
const outcome = (file: string) => {
  let o = outcomes.get(file);
  if (!o) outcomes.set(file, (o = { file, automatic: '?', rows: '?', errors: '?', readBack: '?', note: '' }));
  return o;
};

afterAll(() => {
  const rows = [...outcomes.values()].sort((a, b) => a.file.localeCompare(b.file));
  console.log(
    [
      '| File | Mapped automatically | Rows valid / expected | Errors | Read-back | Note |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (o) => `| ${o.file} | ${o.automatic} | ${o.rows} | ${o.errors} | ${o.readBack} | ${o.note} |`,
      ),
    ].join('\n'),
  );
});

async function withCore() {
  const setup = await clerkCore();
  const file = (name: string) => grant(setup.core, setup.clerk, copyIn(join(CORPUS, name), setup.files));
  return { ...setup, file };
}
type Setup = Awaited<ReturnType<typeof withCore>>;

const labelOf = (spec: RealFile, field: string) =>
  (IMPORT_FIELDS[spec.kind] as Record<string, FieldSpec>)[field]?.label ?? field;

/** The fields a file's columns carry, which inspect must map on its own. */
function expectedFields(spec: RealFile): string[] {
  if (spec.kind === 'enrolments') {
    const fields = spec.file.startsWith('02-') ? ['participant', 'nik'] : ['kk', 'nik', 'program', 'desa'];
    return fields;
  }
  const c = spec.carries;
  const fields = ['nik', 'name', 'relationship'];
  // Buku Induk (04-, and 20- saved from it): the No. KK is in the group rows above each family.
  if (!['04-', '20-'].some((p) => spec.file.startsWith(p))) fields.push('kk');
  if (c.sex) fields.push('sex');
  if (spec.file.startsWith('07-')) fields.push('birthPlaceDate');
  else {
    if (c.birthDate) fields.push('birthDate');
    if (c.birthPlace) fields.push('birthPlace');
  }
  if (c.mother) fields.push('motherName');
  if (c.dtksId) fields.push('dtksId');
  if (c.bdtId) fields.push('bdtId');
  if (c.kks) fields.push('kksNumber');
  if (c.familyRef) fields.push('familyId');
  if (!spec.choice.desa && !spec.titleFixed.desa) fields.push('desa');
  if (spec.families.some((f) => f.members.some((m) => m.dead))) fields.push('lifeStatus');
  return fields;
}

interface PersonRow {
  id: string;
  nik: string;
  name: string;
  relationship: string;
  sex: string;
  birth_date: string | null;
  birth_place: string | null;
  mother_name: string | null;
  status: string;
  dtks_id: string | null;
  bdt_id: string | null;
  kks_number: string | null;
  kk_number: string | null;
  desa_code: string;
  family_ref: string | null;
  household_id: string;
}
interface EnrolmentRow {
  program: string;
  kk: string | null;
  nik: string | null;
  person_id: string | null;
  household_id: string;
}

function readPeople(setup: Setup): Map<string, PersonRow> {
  const rows = setup.core.db.sql.raw
    .prepare(
      `SELECT p.id, p.nik, p.name, p.relationship, p.sex, p.birth_date, p.birth_place, p.mother_name, p.status,
              p.dtks_id, p.bdt_id, p.kks_number, h.kk_number, h.desa_code, h.family_ref, h.id AS household_id
         FROM people p JOIN households h ON h.id = p.household_id
        WHERE p.deleted_at IS NULL`,
    )
    .all() as PersonRow[];
  return new Map(rows.map((r) => [r.nik, r]));
}

/** Live enrolments (not deleted, not ended). */
function readEnrolments(setup: Setup): EnrolmentRow[] {
  return setup.core.db.sql.raw
    .prepare(
      `SELECT pr.code AS program, h.kk_number AS kk, p.nik AS nik, e.person_id, e.household_id
         FROM enrolments e
         JOIN programs pr ON pr.id = e.program_id
         JOIN households h ON h.id = e.household_id
         LEFT JOIN people p ON p.id = e.person_id
        WHERE e.deleted_at IS NULL AND e.status IN ('usulan', 'aktif', 'ditangguhkan')`,
    )
    .all() as EnrolmentRow[];
}

const same = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toUpperCase() === b.trim().toUpperCase();

/** Every person of the file against the truth: the list of what differs (empty when all is right). */
function readBackMismatches(spec: RealFile, people: Map<string, PersonRow>): string[] {
  const out: string[] = [];
  const c = spec.carries;
  for (const f of spec.families) {
    for (const p of f.members) {
      const row = people.get(p.nik);
      const who = `${p.nik} ${p.name} (${p.rel})`;
      if (!row) {
        out.push(`${who}: not in the database`);
        continue;
      }
      const check = (what: string, ok: boolean, got: unknown, want: unknown) => {
        if (!ok) out.push(`${who}: ${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      };
      check('relationship', row.relationship === p.rel, row.relationship, p.rel);
      check('sex', row.sex === p.sex, row.sex, p.sex);
      // A file without birth dates may leave them empty or take them from the NIK; never another date.
      check(
        'birth_date',
        c.birthDate
          ? row.birth_date === p.birthDate
          : row.birth_date === null || row.birth_date === p.birthDate,
        row.birth_date,
        p.birthDate,
      );
      if (c.birthPlace)
        check('birth_place', same(row.birth_place, p.birthPlace), row.birth_place, p.birthPlace);
      if (c.mother) check('mother_name', same(row.mother_name, p.mother), row.mother_name, p.mother);
      check('name', same(row.name, p.name), row.name, p.name);
      const status = p.dead ? 'meninggal' : 'aktif';
      check('status', row.status === status, row.status, status);
      if (c.dtksId) check('dtks_id', row.dtks_id === p.dtksId, row.dtks_id, p.dtksId);
      if (c.bdtId) check('bdt_id', row.bdt_id === p.bdtId, row.bdt_id, p.bdtId);
      if (c.kks && p.kks) check('kks_number', row.kks_number === p.kks, row.kks_number, p.kks);
      check('kk_number', row.kk_number === f.kk, row.kk_number, f.kk);
      check('desa_code', row.desa_code === PLACES[f.place].code, row.desa_code, PLACES[f.place].code);
      if (c.familyRef) check('family_ref', row.family_ref === f.familyRef, row.family_ref, f.familyRef);
    }
  }
  return out;
}

/** Enrolments: exactly the expected (programme, family) pairs; the dead never enrolled. */
function enrolmentMismatches(specs: RealFile[], setup: Setup): string[] {
  const out: string[] = [];
  const live = readEnrolments(setup);
  const expected = specs.flatMap((s) => s.enrolments);
  const key = (e: { program: string; kk: string | null }) => `${e.program}|${e.kk}`;
  const want = new Set(expected.map(key));
  const got = new Set(live.filter((e) => ['PKH', 'BPNT'].includes(e.program)).map(key));
  for (const k of want) if (!got.has(k)) out.push(`missing enrolment ${k}`);
  for (const k of got) if (!want.has(k)) out.push(`unexpected enrolment ${k}`);
  for (const e of expected)
    if (e.nik && !live.some((l) => l.program === e.program && l.nik === e.nik))
      out.push(`enrolment ${e.program} not on person ${e.nik}`);
  const dead: Person[] = specs.flatMap((s) => s.families.flatMap((f) => f.members.filter((m) => m.dead)));
  for (const p of dead)
    for (const l of live.filter((x) => x.nik === p.nik))
      out.push(`dead person ${p.nik} enrolled in ${l.program}`);
  for (const s of specs)
    for (const f of s.families)
      if (f.members.every((m) => m.dead))
        for (const l of live.filter((x) => x.kk === f.kk))
          out.push(`family of the dead ${f.kk} enrolled in ${l.program}`);
  return out;
}

type Imported = { inspect: Inspect; result: ImportResult };

/**
 * Imports a file as the clerk would: inspect, then start with inspect's own mapping, title-block
 * values and decided code lists, plus only the file's stated choice (or the answer to its
 * question). Records the outcome for the table; asserts every step.
 */
async function importAsClerk(setup: Setup, spec: RealFile, answer?: 'siak' | 'dtks'): Promise<Imported> {
  const o = outcome(spec.file);
  const file = setup.file(spec.file);
  const inspected = await tryInspect(setup.clerk, file, { kind: spec.kind });
  if (!inspected.ok) {
    o.automatic = 'no';
    o.note = `inspect: ${inspected.error.code} ${inspected.error.message}`.slice(0, 160);
  }
  expect(inspected.ok ? null : inspected.error, `${spec.file}: inspect`).toBeNull();
  const inspect = (inspected as { ok: true; value: Inspect }).value;
  // IMPORT_REAL_DEBUG=1 prints what inspect made of each file.
  if (process.env.IMPORT_REAL_DEBUG) {
    const { sheet, headerRow, mapping, missing, fixed, grouped, codes, questions } = inspect;
    console.log(
      spec.file,
      JSON.stringify({ sheet, headerRow, mapping, missing, fixed, grouped, codes, questions }, null, 1),
    );
  }
  const mapped = new Set(Object.values(inspect.mapping).filter(Boolean));
  const unmapped = expectedFields(spec).filter((f) => !mapped.has(f));
  const choiceLabels = Object.keys(spec.choice).map((f) => labelOf(spec, f));
  const missing = (inspect.missing ?? []).filter((m) => !choiceLabels.includes(m));
  const questions = inspect.questions ?? [];
  const unexpectedQuestions = spec.question ? [] : questions.map((q) => `${q.column}: ${q.message}`);
  const choice = Object.keys(spec.choice).length
    ? ` + choice ${Object.keys(spec.choice).join(', ')}`
    : spec.question
      ? ' + answer to the question'
      : '';
  const automatic = !unmapped.length && !missing.length && !unexpectedQuestions.length;
  o.automatic = automatic ? `yes${choice}` : `no${choice}`;
  if (!automatic)
    o.note = [
      unmapped.length ? `not mapped: ${unmapped.join(', ')}` : '',
      missing.length ? `missing: ${missing.join(', ')}` : '',
      unexpectedQuestions.length ? `asked: ${unexpectedQuestions.join('; ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  expect
    .soft(
      unmapped,
      `${spec.file}: columns not mapped automatically (mapping ${JSON.stringify(inspect.mapping)})`,
    )
    .toEqual([]);
  expect.soft(missing, `${spec.file}: missing beyond the stated choice`).toEqual([]);
  expect.soft(unexpectedQuestions, `${spec.file}: questions`).toEqual([]);
  for (const field of Object.keys(spec.titleFixed))
    expect.soft(inspect.fixed?.[field], `${spec.file}: ${field} read from the title block`).toBeDefined();
  if (spec.relationshipList)
    expect
      .soft(inspect.codes?.relationship?.list, `${spec.file}: relationship code list`)
      .toBe(spec.relationshipList);

  const started = await tryStart(setup.core, setup.clerk, file, inspect, {
    kind: spec.kind,
    mode: 'commit',
    fixed: spec.choice,
    ...(answer ? { codes: { relationship: answer } } : {}),
  });
  if (!started.ok) {
    o.rows = `0 / ${spec.rows}`;
    o.note = [o.note, `${started.stage}: ${started.error.code} ${started.error.message}`.slice(0, 200)]
      .filter(Boolean)
      .join('; ');
  }
  expect(started.ok ? null : started.error, `${spec.file}: ${started.ok ? '' : started.stage}`).toBeNull();
  const result = (started as { ok: true; value: ImportResult }).value;
  o.rows =
    `${result.counts.valid} / ${spec.rows}` +
    (result.counts.rows !== spec.rows ? ` (read ${result.counts.rows})` : '');
  o.errors = String(result.counts.errors);
  const firstErrors = result.problems
    .filter((p) => p.severity === 'error')
    .slice(0, 3)
    .map((p) => `row ${p.row} ${p.column ?? ''} ${p.code} "${p.value}"`);
  if (firstErrors.length) o.note = [o.note, `errors: ${firstErrors.join('; ')}`].filter(Boolean).join('; ');
  expect
    .soft(result.counts, `${spec.file}: counts; first errors ${JSON.stringify(firstErrors)}`)
    .toMatchObject({
      rows: spec.rows,
      valid: spec.rows,
      errors: 0,
    });
  return { inspect, result };
}

/** The base a file builds on, imported first (its own outcome is asserted in its own test). */
async function importBase(setup: Setup, spec: RealFile) {
  const base = fileByName(spec.base!);
  const file = setup.file(base.file);
  const inspected = await tryInspect(setup.clerk, file, { kind: base.kind });
  if (!inspected.ok) throw new Error(`base ${base.file}: inspect ${inspected.error.message}`);
  const started = await tryStart(setup.core, setup.clerk, file, inspected.value, {
    kind: base.kind,
    mode: 'commit',
    fixed: base.choice,
  });
  if (!started.ok) throw new Error(`base ${base.file}: ${started.stage} ${started.error.message}`);
}

function recordReadBack(spec: RealFile, problems: string[]) {
  const o = outcome(spec.file);
  const people = spec.families.reduce((n, f) => n + f.members.length, 0);
  o.readBack = problems.length
    ? `${problems.length} wrong`
    : spec.kind === 'recipients'
      ? `all ${people} right`
      : 'right';
  if (problems.length) o.note = [o.note, problems.slice(0, 3).join('; ')].filter(Boolean).join('; ');
}

describe('real-world recipient files import with no manual mapping and read back right', () => {
  for (const spec of FILES.filter((f) => !f.question)) {
    const choice = Object.entries(spec.choice)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ');
    it(
      `${spec.file}${choice ? ` (the one choice: ${choice})` : ''}: ${spec.imitates.split(':')[0]}`,
      async () => {
        const setup = await withCore();
        try {
          const specs = [spec];
          if (spec.base) {
            await importBase(setup, spec);
            specs.unshift(fileByName(spec.base));
          }
          await importAsClerk(setup, spec);
          const problems = [
            ...readBackMismatches(spec, readPeople(setup)),
            ...enrolmentMismatches(specs, setup),
          ];
          recordReadBack(spec, problems);
          expect(problems, `${spec.file}: read back from the database`).toEqual([]);
        } finally {
          await setup.core.close();
        }
      },
      TIMEOUT,
    );
  }
});

describe('numeric relationship codes the file cannot settle', () => {
  const spec = FILES.find((f) => f.question)!;
  const question = spec.question!;

  it(
    `${spec.file}: inspect asks which code list, and starting without the answer stops with the question in Indonesian`,
    async () => {
      const setup = await withCore();
      try {
        const file = setup.file(spec.file);
        const inspected = await tryInspect(setup.clerk, file);
        expect(inspected.ok ? null : inspected.error).toBeNull();
        const inspect = (inspected as { ok: true; value: Inspect }).value;
        outcome(spec.file).note =
          `asked: ${(inspect.questions ?? []).map((q) => q.column).join(', ') || 'nothing'}`;
        expect(inspect.codes?.relationship ?? null).toBeNull();
        expect(inspect.questions).toHaveLength(1);
        const asked = inspect.questions[0]!;
        expect(asked.column).toBe(question.column);
        expect(asked.choices.map((c) => c.value).sort()).toEqual(['dtks', 'siak']);
        expect(looksLikeUserMessage(asked.message)).toEqual([]);

        // The clerk presses start without answering: nothing is written, the question is the message.
        const started = await tryStart(setup.core, setup.clerk, file, inspect, { mode: 'commit' });
        expect(started.ok).toBe(false);
        if (!started.ok) {
          expect(started.error.code).toBe('VALIDATION');
          expect(started.error.message).toContain(question.column);
          expect(started.error.message).toMatch(/SIAK|Dukcapil/);
          expect(started.error.message).toMatch(/DTKS|BDT/);
          expect(looksLikeUserMessage(started.error.message)).toEqual([]);
        }
        expect(setup.core.db.sql.raw.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
      } finally {
        await setup.core.close();
      }
    },
    TIMEOUT,
  );

  it(
    `${spec.file}: answering "${question.answer}" imports it, and every person reads back in that list`,
    async () => {
      const setup = await withCore();
      try {
        await importAsClerk(setup, spec, question.answer);
        const problems = [
          ...readBackMismatches(spec, readPeople(setup)),
          ...enrolmentMismatches([spec], setup),
        ];
        recordReadBack(spec, problems);
        expect(problems).toEqual([]);
      } finally {
        await setup.core.close();
      }
    },
    TIMEOUT,
  );

  it(
    `${spec.file}: the other answer reads the same numbers the other way (the young wives become daughters), so the question is a real one`,
    async () => {
      const setup = await withCore();
      try {
        const file = setup.file(spec.file);
        const inspected = await tryInspect(setup.clerk, file);
        expect(inspected.ok ? null : inspected.error).toBeNull();
        const inspect = (inspected as { ok: true; value: Inspect }).value;
        const started = await tryStart(setup.core, setup.clerk, file, inspect, {
          mode: 'commit',
          codes: { relationship: 'dtks' },
        });
        expect(started.ok ? null : started.error).toBeNull();
        const people = readPeople(setup);
        const wives = spec.families.flatMap((f) => f.members.filter((m) => m.rel === 'istri'));
        expect(wives.length).toBeGreaterThan(0);
        for (const w of wives) expect(people.get(w.nik)?.relationship, w.nik).toBe('anak');
        // "2 Istri/Suami" of a man is still his being the husband.
        for (const h of spec.families.flatMap((f) => f.members.filter((m) => m.rel === 'suami')))
          expect(people.get(h.nik)?.relationship, h.nik).toBe('suami');
      } finally {
        await setup.core.close();
      }
    },
    TIMEOUT,
  );
});
