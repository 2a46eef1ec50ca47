import { localDate } from '../../common/format.ts';
import type { DuplicateScanResult, DuplicateView } from '../../common/api/methods/registry.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { isPlaceholderBirthDate, nameSimilarity } from '../../common/domain/names.ts';
import { qb, reusable, type Sql } from '../../db/sql.ts';
import type { DuplicateCandidatesTable, Person } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { assertInScope, inScope, type Scope } from './scope.ts';
import { toPersonRow } from './views.ts';

/** Below this a pair is not worth a person's time. */
export const MIN_SCORE = 60;

/** What `scorePair` reads of a person: their own fields and their family's place. */
type Scored = Pick<Person, 'name_key' | 'birth_date' | 'household_id' | 'sex' | 'mother_name' | 'nik'> & {
  desa_code: string;
  rt: string | null;
  rw: string | null;
};

interface Candidate {
  a: Scored;
  b: Scored;
}

/** Name similarity above which a NIK one or two digits apart reads as a typing slip. */
const TYPO_NAME_SIMILARITY = 0.92;

/** Digits in which two NIKs of the same length differ (Infinity when lengths differ). */
export function digitsApart(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let apart = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) apart++;
  return apart;
}

/**
 * How alike two records are, 0-100, and why. Name and birth date carry most weight, but a
 * placeholder birth date (31 Dec, 1 Jul, the 15th) proves little; two different NIKs or sexes
 * count strongly against.
 */
export function scorePair({ a, b }: Candidate): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const similarity = nameSimilarity(a.name_key, b.name_key);
  let score = Math.round(similarity * 50);
  reasons.push(
    similarity === 1
      ? 'Nama sama (setelah penyeragaman ejaan)'
      : `Nama mirip (${Math.round(similarity * 100)}%)`,
  );
  if (a.birth_date && a.birth_date === b.birth_date) {
    if (isPlaceholderBirthDate(a.birth_date)) {
      score += 10;
      reasons.push(
        'Tanggal lahir sama, tetapi tanggal pengganti (31 Des/1 Jul/tgl 15) yang sering dipakai bersama',
      );
    } else {
      score += 30;
      reasons.push('Tanggal lahir sama');
    }
  }
  if (a.household_id === b.household_id) {
    score += 10;
    reasons.push('Dalam Kartu Keluarga yang sama');
  } else if (a.desa_code === b.desa_code) {
    score += 5;
    reasons.push('Desa/kelurahan sama');
    if (a.rt && a.rt === b.rt && a.rw === b.rw) {
      score += 5;
      reasons.push('RT/RW sama');
    }
  }
  if (a.sex === b.sex) score += 5;
  else {
    score -= 30;
    reasons.push('Jenis kelamin berbeda');
  }
  if (
    a.mother_name &&
    b.mother_name &&
    nameSimilarity(a.mother_name.toLowerCase(), b.mother_name.toLowerCase()) >= 0.85
  ) {
    score += 10;
    reasons.push('Nama ibu kandung mirip');
  }
  if (a.nik && b.nik && a.nik !== b.nik) {
    const typed = digitsApart(a.nik, b.nik);
    // The classic double registration: one NIK mistyped by a digit or two (or two digits
    // swapped) under the same name. Twins differ by a digit too, but not in name.
    if (typed <= 2 && similarity >= TYPO_NAME_SIMILARITY) {
      score -= 15;
      reasons.push(`NIK hanya berbeda ${typed} angka: mungkin salah ketik. Cocokkan dengan KTP/KK.`);
    } else {
      score -= 40;
      reasons.push('NIK berbeda (mungkin salah ketik, mungkin orang berbeda)');
    }
  }
  return { score: Math.max(0, Math.min(100, score)), reasons };
}

const PAIR_SQL = {
  // same KK + (similar) name + birth date: checked by score
  household: `SELECT p1.id AS a, p2.id AS b FROM people p1 JOIN people p2
      ON p2.household_id = p1.household_id AND p2.birth_date = p1.birth_date AND p2.id > p1.id
      WHERE p1.deleted_at IS NULL AND p2.deleted_at IS NULL`,
  // same desa + same phonetic name + birth date
  desa: `SELECT p1.id AS a, p2.id AS b FROM people p1 JOIN people p2
      ON p2.phonetic_key = p1.phonetic_key AND p2.birth_date = p1.birth_date AND p2.id > p1.id
      JOIN households h1 ON h1.id = p1.household_id JOIN households h2 ON h2.id = p2.household_id
      WHERE p1.deleted_at IS NULL AND p2.deleted_at IS NULL AND h1.desa_code = h2.desa_code`,
  // the same folded name and birth date anywhere in the city (registered twice after moving)
  city: `SELECT p1.id AS a, p2.id AS b FROM people p1 JOIN people p2
      ON p2.name_key = p1.name_key AND p2.birth_date = p1.birth_date AND p2.id > p1.id
      WHERE p1.deleted_at IS NULL AND p2.deleted_at IS NULL`,
};

function personWithPlace(sql: Sql, id: string) {
  return sql.first(
    qb
      .selectFrom('people')
      .innerJoin('households', 'households.id', 'people.household_id')
      .selectAll('people')
      .select(['households.desa_code', 'households.rt', 'households.rw', 'households.kk_number'])
      .where('people.id', '=', id),
  );
}

/** Progress and cancel checks of a scan running as a job. */
export interface ScanHooks {
  progress(fraction: number, phase: string, done: number): void;
  checkCancelled(): void;
}

/** Finds candidate pairs and queues those above MIN_SCORE; pairs already queued are left alone. */
export function scanDuplicates(
  changes: Changes,
  scope: Scope,
  desaCode?: string,
  hooks?: ScanHooks,
): DuplicateScanResult {
  const sql = changes.db;
  if (desaCode) assertInScope(scope, desaCode);
  const pairs = new Set<string>();
  const queries = Object.values(PAIR_SQL);
  for (const [i, query] of queries.entries()) {
    hooks?.progress((0.5 * i) / queries.length, 'Mencari pasangan yang mirip', 0);
    for (const row of sql.raw.prepare(query).all() as { a: string; b: string }[])
      pairs.add(`${row.a}|${row.b}`);
    hooks?.checkCancelled();
  }
  let found = 0;
  let done = 0;
  for (const pair of pairs) {
    if (++done % 500 === 0) {
      hooks?.checkCancelled();
      hooks?.progress(0.5 + (0.5 * done) / pairs.size, 'Menilai pasangan', done);
    }
    const [aId, bId] = pair.split('|') as [string, string];
    const exists = sql.first(
      qb
        .selectFrom('duplicate_candidates')
        .select('id')
        .where('person_a', '=', aId)
        .where('person_b', '=', bId),
    );
    if (exists) continue;
    const a = personWithPlace(sql, aId);
    const b = personWithPlace(sql, bId);
    if (!a || !b) continue;
    const places = [a.desa_code, b.desa_code];
    if (desaCode && !places.includes(desaCode)) continue;
    // Both sides in the caller's area: a pair reaching outside it is queued by a whole-city
    // scan only, or an area-limited user would learn who is registered elsewhere (probe C05).
    if (!bothInScope(scope, places)) continue;
    const { score, reasons } = scorePair({ a, b });
    if (score < MIN_SCORE) continue;
    changes.insert(
      'duplicate_candidates',
      {
        id: newId(),
        person_a: aId,
        person_b: bId,
        score,
        reasons_json: JSON.stringify(reasons),
        status: 'terbuka',
        decided_by: null,
        decided_at: null,
        merge_json: null,
      } as never,
      'duplicates.found',
    );
    found++;
  }
  return { examined: pairs.size, found };
}

export function toDuplicateView(
  sql: Sql,
  regions: RegionNames,
  row: DuplicateCandidatesTable,
): DuplicateView {
  const a = personWithPlace(sql, row.person_a);
  const b = personWithPlace(sql, row.person_b);
  if (!a || !b) throw notFound('Data orang');
  return {
    id: row.id,
    score: row.score,
    reasons: JSON.parse(row.reasons_json) as string[],
    status: row.status,
    a: toPersonRow(a, regions),
    b: toPersonRow(b, regions),
    decidedAt: row.decided_at,
  };
}

export function listDuplicates(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  status: DuplicateCandidatesTable['status'],
  limit: number,
): DuplicateView[] {
  let query = qb
    .selectFrom('duplicate_candidates')
    .selectAll('duplicate_candidates')
    .where('duplicate_candidates.status', '=', status);
  if (scope.desaCodes) {
    // Filtered in the query, not after it: an area's pairs are not crowded out of the page by
    // the city's cross-desa pairs it may not see.
    const area = [...scope.desaCodes];
    if (!area.length) return [];
    query = query
      .innerJoin('people as pa', 'pa.id', 'duplicate_candidates.person_a')
      .innerJoin('households as ha', 'ha.id', 'pa.household_id')
      .innerJoin('people as pb', 'pb.id', 'duplicate_candidates.person_b')
      .innerJoin('households as hb', 'hb.id', 'pb.household_id')
      .where('ha.desa_code', 'in', area)
      .where('hb.desa_code', 'in', area);
  }
  const rows = sql.all(
    query.orderBy('duplicate_candidates.score', 'desc').orderBy('duplicate_candidates.id').limit(limit),
  );
  return rows.map((r) => toDuplicateView(sql, regions, r));
}

/**
 * Whether every place is in the caller's area (always, for the whole city). A pair may join two
 * desa; an area-limited user sees and decides it only when both people are theirs, since the
 * view shows both in full and a merge retires one and copies their data to the other (probe C05).
 */
function bothInScope(scope: Scope, places: (string | undefined)[]): boolean {
  return places.every((d) => d !== undefined && inScope(scope, d));
}

const pairInScope = (sql: Sql, scope: Scope, row: DuplicateCandidatesTable): boolean =>
  !scope.desaCodes ||
  bothInScope(scope, [
    personWithPlace(sql, row.person_a)?.desa_code,
    personWithPlace(sql, row.person_b)?.desa_code,
  ]);

function getCandidate(sql: Sql, id: string, scope: Scope): DuplicateCandidatesTable {
  const row = sql.first(qb.selectFrom('duplicate_candidates').selectAll().where('id', '=', id));
  if (!row || !pairInScope(sql, scope, row)) throw notFound('Pasangan data ganda');
  return row;
}

interface MergeRecord {
  keep: string;
  drop: string;
  enrolments: string[];
  filled: Record<string, unknown>;
  dropBefore: Pick<
    Person,
    'status' | 'status_reason' | 'status_date' | 'merged_into' | 'deleted_at' | 'deleted_reason'
  >;
  headOf: string | null;
}

const FILLABLE = ['nik', 'birth_place', 'birth_date', 'mother_name', 'education', 'occupation'] as const;

/**
 * Keeps one record and retires the other ("DATA GANDA"): the retired one's programme
 * enrolments move over, and fields empty on the kept one are filled from it. Everything
 * done is written down so `undoMerge` can put it back.
 */
export function decideDuplicate(
  changes: Changes,
  scope: Scope,
  id: string,
  decision: 'bukan_duplikat' | 'gabung',
  keepSide?: 'a' | 'b',
): void {
  const sql = changes.db;
  const candidate = getCandidate(sql, id, scope);
  if (candidate.status !== 'terbuka')
    throw new AppFailure(
      'CONFLICT',
      'Pasangan ini sudah diputuskan. Batalkan keputusannya dulu bila perlu diubah.',
    );
  if (decision === 'bukan_duplikat') {
    changes.update(
      'duplicate_candidates',
      id,
      { status: 'bukan_duplikat', decided_by: changes.actorId, decided_at: changes.now },
      'duplicates.not_duplicate',
    );
    return;
  }
  const [keepId, dropId] =
    keepSide === 'b' ? [candidate.person_b, candidate.person_a] : [candidate.person_a, candidate.person_b];
  const keep = sql.first(
    qb.selectFrom('people').selectAll().where('id', '=', keepId).where('deleted_at', 'is', null),
  );
  const drop = sql.first(
    qb.selectFrom('people').selectAll().where('id', '=', dropId).where('deleted_at', 'is', null),
  );
  if (!keep || !drop)
    throw new AppFailure('CONFLICT', 'Salah satu data sudah tidak aktif. Muat ulang daftar.');

  const record: MergeRecord = {
    keep: keepId,
    drop: dropId,
    enrolments: [],
    filled: {},
    dropBefore: {
      status: drop.status,
      status_reason: drop.status_reason,
      status_date: drop.status_date,
      merged_into: drop.merged_into,
      deleted_at: drop.deleted_at,
      deleted_reason: drop.deleted_reason,
    },
    headOf: null,
  };
  changes.about(drop.household_id, () => {
    changes.update(
      'people',
      dropId,
      {
        status: 'digabung',
        status_reason: 'DATA GANDA',
        status_date: localDate(changes.now),
        merged_into: keepId,
        deleted_at: changes.now,
        deleted_reason: 'DATA GANDA',
      },
      'duplicates.merge',
    );
    const head = sql.first(qb.selectFrom('households').select('id').where('head_person_id', '=', dropId));
    if (head) {
      record.headOf = head.id;
      changes.update('households', head.id, { head_person_id: null }, 'duplicates.merge');
    }
  });
  changes.about(keep.household_id, () => {
    for (const e of sql.all(
      qb
        .selectFrom('enrolments')
        .select('id')
        .where('person_id', '=', dropId)
        .where('deleted_at', 'is', null),
    )) {
      changes.update(
        'enrolments',
        e.id,
        { person_id: keepId, household_id: keep.household_id },
        'duplicates.merge',
      );
      record.enrolments.push(e.id);
    }
    const fill: Record<string, unknown> = {};
    for (const field of FILLABLE) {
      if (keep[field] == null && drop[field] != null) {
        fill[field] = drop[field];
        record.filled[field] = keep[field];
      }
    }
    if (Object.keys(fill).length) changes.update('people', keepId, fill, 'duplicates.merge');
  });
  changes.update(
    'duplicate_candidates',
    id,
    {
      status: 'digabung',
      decided_by: changes.actorId,
      decided_at: changes.now,
      merge_json: JSON.stringify(record),
    },
    'duplicates.merge',
  );
}

export function undoDecision(changes: Changes, scope: Scope, id: string): void {
  const sql = changes.db;
  const candidate = getCandidate(sql, id, scope);
  if (candidate.status === 'terbuka')
    throw new AppFailure('CONFLICT', 'Belum ada keputusan yang bisa dibatalkan.');
  if (candidate.status === 'digabung' && candidate.merge_json) {
    const record = JSON.parse(candidate.merge_json) as MergeRecord;
    const drop = sql.first(qb.selectFrom('people').select(['household_id']).where('id', '=', record.drop));
    const keep = sql.first(qb.selectFrom('people').select(['household_id']).where('id', '=', record.keep));
    if (!drop || !keep) throw notFound('Data orang');
    changes.about(keep.household_id, () => {
      // The kept record gives back what it took first (a NIK can only be on one active record).
      if (Object.keys(record.filled).length)
        changes.update('people', record.keep, record.filled, 'duplicates.undo');
    });
    changes.about(drop.household_id, () => {
      changes.update('people', record.drop, record.dropBefore, 'duplicates.undo');
      for (const enrolmentId of record.enrolments)
        changes.update(
          'enrolments',
          enrolmentId,
          { person_id: record.drop, household_id: drop.household_id },
          'duplicates.undo',
        );
      if (record.headOf)
        changes.update('households', record.headOf, { head_person_id: record.drop }, 'duplicates.undo');
    });
  }
  changes.update(
    'duplicate_candidates',
    id,
    { status: 'terbuka', decided_by: null, decided_at: null, merge_json: null },
    'duplicates.undo',
  );
}

/** Probes answered by the registry's index before an import builds its own (see `SoundAlikes`). */
const PROBES_BEFORE_INDEX = 500;

/** How many sound-alikes a probe looks at, as the registry's query always has (LIMIT 3). */
const SOUND_ALIKES = 3;

const soundAlikesIn = reusable((phoneticKey: string, birthDate: string, desaCode: string) =>
  qb
    .selectFrom('people')
    .innerJoin('households', 'households.id', 'people.household_id')
    .select('people.id')
    .where('people.phonetic_key', '=', phoneticKey)
    .where('people.birth_date', '=', birthDate)
    .where('people.deleted_at', 'is', null)
    .where('households.desa_code', '=', desaCode)
    .limit(SOUND_ALIKES),
);

/** A sound-alike as `scorePair` weighs it, and the name and NIK a warning gives. */
export type SoundAlike = Scored & Pick<Person, 'id' | 'name'>;

const soundAlikeRows = reusable((a: string, b: string, c: string) =>
  qb
    .selectFrom('people')
    .innerJoin('households', 'households.id', 'people.household_id')
    .select([
      'people.id',
      'people.name',
      'people.name_key',
      'people.nik',
      'people.sex',
      'people.birth_date',
      'people.mother_name',
      'people.household_id',
      'households.desa_code',
      'households.rt',
      'households.rw',
    ])
    .where('people.id', 'in', [a, b, c]),
);

/** Joined, not a template: one flat string (a template of five parts makes a tree of them). */
const soundAlikeKey = (phoneticKey: string, birthDate: string, desaCode: string) =>
  [phoneticKey, birthDate, desaCode].join('\u0000');

/** What `pack` keeps of a sound-alike, in order; the rest is the probe's own (see `unpack`). */
const PACKED = ['name', 'name_key', 'nik', 'sex', 'mother_name', 'household_id', 'rt', 'rw'] as const;
const FIELD_END = '\u0000';
const NULL_FIELD = '\u0001';
const AS_JSON = '\u0002';
/** Control characters a registry text never holds (cleanText refuses them): such a field is kept as JSON. */
const holdsMarks = (field: string) =>
  field.includes(FIELD_END) || field.includes(NULL_FIELD) || field.includes(AS_JSON);

/**
 * A sound-alike kept as one flat string: a 100,000-row import keeps one per person it writes.
 * Eleven strings and an object each held ~60 MB of the job's heap, and their JSON array (a
 * tree of strings as JSON.stringify builds it) ~25 MB. Its id is the key it is kept under, and
 * its birth date and desa are the probe's (only people born that day in that desa are asked
 * for), so neither is kept. Unpacked only when the person is a candidate.
 */
function pack(p: SoundAlike): string {
  const fields = PACKED.map((field) => p[field]);
  if (fields.some((f) => f !== null && holdsMarks(f))) return AS_JSON + JSON.stringify(fields);
  return fields.map((f) => f ?? NULL_FIELD).join(FIELD_END);
}

function unpack(packed: string, id: string, birthDate: string, desaCode: string): SoundAlike {
  const fields: (string | null)[] = packed.startsWith(AS_JSON)
    ? (JSON.parse(packed.slice(1)) as (string | null)[])
    : packed.split(FIELD_END).map((f) => (f === NULL_FIELD ? null : f));
  const [name, name_key, nik, sex, mother_name, household_id, rt, rw] = fields;
  return {
    id,
    name,
    name_key,
    nik,
    sex,
    birth_date: birthDate,
    mother_name,
    household_id,
    desa_code: desaCode,
    rt,
    rw,
  } as SoundAlike;
}

/** The order of `id IN (…)` through the people's id index: by id, as SQLite compares text. */
const byId = (a: SoundAlike, b: SoundAlike) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The live people who sound like a new person, were born the same day and live in the same
 * desa: the first three in the order they were registered, as `soundAlikesIn` finds them
 * through the (phonetic_key, birth_date) index. A small import asks the registry each time; a
 * large one (a city-wide file: a query per row cost 19 s for 100,000 rows, most of it walking
 * the namesakes of a common name) reads the registry once into a map kept in step with what
 * the import writes (`added`, `moved`), so every answer stays the query's.
 *
 * What the score weighs of each sound-alike is kept too: the import's own people as it writes
 * them, the registered ones as first read (a person the import changes is read again). Reading
 * those rows back for every match cost 12-14% of a 100,000-row import.
 */
export class SoundAlikes {
  private probes = 0;
  /** Key -> ids in the order registered; one id alone is kept as itself. */
  private index: Map<string, string | string[]> | null = null;
  /** Keys a person moved into: where in the order they stand is the registry's to say. */
  private readonly askRegistry = new Set<string>();
  /** Id -> a registered person met as a sound-alike, as the score weighs them (`pack`). */
  private readonly known = new Map<string, string>();

  constructor(private readonly sql: Sql) {}

  /** The ids of up to three such people, in the order the registry's query gives them. */
  private of(phoneticKey: string, birthDate: string, desaCode: string): string[] {
    if (!this.index && ++this.probes > PROBES_BEFORE_INDEX) this.index = this.read();
    const key = soundAlikeKey(phoneticKey, birthDate, desaCode);
    if (!this.index || this.askRegistry.has(key))
      return this.sql.all(soundAlikesIn(phoneticKey, birthDate, desaCode)).map((r) => r.id);
    const ids = this.index.get(key);
    if (ids === undefined) return [];
    return typeof ids === 'string' ? [ids] : ids.slice(0, SOUND_ALIKES);
  }

  /**
   * Those people themselves, in the order the registry gives their rows when asked by id
   * (`soundAlikeRows`); only people the import has not yet seen are read.
   */
  people(phoneticKey: string, birthDate: string, desaCode: string): SoundAlike[] {
    const ids = this.of(phoneticKey, birthDate, desaCode);
    if (!ids.length) return [];
    const unseen = ids.filter((id) => !this.known.has(id));
    // Always three ids (the probe's limit), so the query is compiled once.
    if (unseen.length)
      for (const row of this.sql.all(
        soundAlikeRows(unseen[0]!, unseen[1] ?? unseen[0]!, unseen[2] ?? unseen[0]!),
      ))
        this.known.set(row.id, pack(row));
    const found: SoundAlike[] = [];
    for (const id of ids) {
      const person = this.known.get(id);
      if (person) found.push(unpack(person, id, birthDate, desaCode));
    }
    return found.sort(byId);
  }

  /**
   * A person the import has just written: registered after everyone already there. Only their
   * place in the index is kept: a sound-alike among the file's own people is rare, and read from
   * the transaction when met, where keeping each one packed cost ~21 MB in a 100,000-row import.
   */
  added(id: string, phoneticKey: string, birthDate: string | null, desaCode: string): void {
    if (birthDate === null || !this.index) return;
    const key = soundAlikeKey(phoneticKey, birthDate, desaCode);
    const ids = this.index.get(key);
    if (ids === undefined) this.index.set(key, id);
    else if (typeof ids === 'string') this.index.set(key, [ids, id]);
    else ids.push(id);
  }

  /** A registered person the import changed: read again when next a sound-alike. */
  changed(id: string): void {
    this.known.delete(id);
  }

  /** A registered person whose name or birth date the import changed. */
  moved(
    id: string,
    from: { phoneticKey: string; birthDate: string | null },
    to: { phoneticKey: string; birthDate: string | null },
    desaCode: string,
  ): void {
    this.changed(id);
    if (!this.index) return;
    if (from.birthDate !== null) {
      const key = soundAlikeKey(from.phoneticKey, from.birthDate, desaCode);
      const ids = this.index.get(key);
      if (ids === id) this.index.delete(key);
      else if (Array.isArray(ids)) {
        const left = ids.filter((other) => other !== id);
        this.index.set(key, left.length === 1 ? left[0]! : left);
      }
    }
    if (to.birthDate !== null) this.askRegistry.add(soundAlikeKey(to.phoneticKey, to.birthDate, desaCode));
  }

  private read(): Map<string, string | string[]> {
    const index = new Map<string, string | string[]>();
    const people = this.sql.raw
      .prepare(
        `SELECT p.id, p.phonetic_key, p.birth_date, h.desa_code FROM people p
         JOIN households h ON h.id = p.household_id
         WHERE p.deleted_at IS NULL AND p.birth_date IS NOT NULL AND p.phonetic_key IS NOT NULL
         ORDER BY p.row_no`,
      )
      .raw();
    for (const [id, phoneticKey, birthDate, desaCode] of people.iterate() as IterableIterator<string[]>) {
      const key = soundAlikeKey(phoneticKey!, birthDate!, desaCode!);
      const ids = index.get(key);
      if (ids === undefined) index.set(key, id!);
      else if (typeof ids === 'string') index.set(key, [ids, id!]);
      else ids.push(id!);
    }
    return index;
  }
}
