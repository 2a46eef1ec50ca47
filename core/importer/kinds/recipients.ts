import type { PersonInput } from '../../../common/api/methods/registry.ts';
import { checkKk, checkNik } from '../../../common/domain/idNumbers.ts';
import { LIVE_ENROLMENT } from '../../../common/domain/registry.ts';
import { cleanText, nameHasLetters, TEXT_LIMITS } from '../../../common/domain/text.ts';
import { qb, reusable } from '../../../db/sql.ts';
import type { Person } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { listPrograms, refLabels } from '../../programs/reference.ts';
import type { Changes } from '../../db/changes.ts';
import { MIN_SCORE, scorePair, SoundAlikes } from '../../registry/duplicates.ts';
import { namesOnePerson } from '../../../common/domain/names.ts';
import { deferNameIndex, type DeferredNameIndex } from '../../registry/nameIndex.ts';
import { checkPerson, Problems } from '../../registry/validate.ts';
import { RegionMatcher } from '../regionMatch.ts';
import type { ImportProblem, ImportRow } from '../rows.ts';
import { AppFailure } from '../../../common/errors.ts';
import { relationshipQuestionText } from '../codeLists.ts';
import {
  accountNumberFromCell,
  dateFromCell,
  desilFromCell,
  DateOrder,
  flagFromCell,
  idFromCell,
  incomeFromCell,
  lifeFromCell,
  placeDateFromCell,
  relationshipFromCell,
  rtRwFromCell,
  rtRwPairFromCell,
  sexFromCell,
  type DateKind,
  type Parsed,
} from '../values.ts';
import type { KindProcessor, ProcessorContext } from './types.ts';

/**
 * Who cannot be a small child (a head, a spouse, a parent) or a centenarian (a child or
 * grandchild of the head): a two-digit birth year needs no guess for them.
 */
const BIRTH_DATE_KIND: Record<string, DateKind> = {
  kepala_keluarga: 'birthOfAdult',
  istri: 'birthOfAdult',
  suami: 'birthOfAdult',
  orang_tua: 'birthOfAdult',
  mertua: 'birthOfAdult',
  anak: 'birthOfYoung',
  cucu: 'birthOfYoung',
};

/** Fields a row may change on an existing person; an empty cell never erases stored data. */
const UPDATABLE = [
  'name',
  'name_key',
  'phonetic_key',
  'sex',
  'birth_place',
  'birth_date',
  'mother_name',
  'occupation',
  'dtks_id',
  'bdt_id',
  'kks_number',
  'bank_account',
  'phone_number',
] as const;

/** Relationships only one sex can hold. */
const SEX_OF_RELATIONSHIP: Partial<Record<string, 'L' | 'P'>> = { istri: 'P', suami: 'L' };

/** National identifiers as files write them: digits and letters, no spaces or apostrophes. */
function nationalId(row: ImportRow, field: string): string | null {
  const text = row.text(field).replace(/^'/, '').replace(/[\s.]/g, '');
  return text || null;
}

/**
 * A text cell cleaned as the API cleans it and held to the API's length; an error row if not.
 * Addresses keep their line breaks (a quoted two-line cell), as the API's address field does.
 */
function textCell(
  row: ImportRow,
  field: string,
  label: string,
  max: number,
  raw = row.text(field),
  multiline = false,
): string {
  const cleaned = cleanText(raw, { multiline });
  if (!cleaned.ok) {
    row.problem(field, 'error', cleaned.code, `${label} ${cleaned.message}`);
    return '';
  }
  if (cleaned.value.length > max) {
    row.problem(
      field,
      'error',
      'TEXT_TOO_LONG',
      `${label} lebih dari ${max} huruf (${cleaned.value.length} huruf). Periksa isi sel ini; mungkin beberapa kolom tergabung.`,
    );
    return '';
  }
  return cleaned.value;
}

/**
 * A 20-bit tag of a name key, kept beside the row number in one number per NIK: a city-wide
 * file holds 200,000 NIKs, and an object with the name for each would cost the import ~10 MB of
 * its memory budget. A tag clash only picks the other of two messages.
 */
const NAME_TAG = 2 ** 20;
function nameTag(nameKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < nameKey.length; i++) h = Math.imul(h ^ nameKey.charCodeAt(i), 0x01000193);
  return (h >>> 0) % NAME_TAG;
}

function take<T>(row: ImportRow, field: string, parsed: Parsed<T>): T | undefined {
  if (!parsed.ok) {
    row.problem(field, 'error', parsed.code, parsed.message);
    return undefined;
  }
  if (parsed.warning) row.problem(field, 'warning', parsed.warning.code, parsed.warning.message);
  return parsed.value;
}

/** What a row says of its family (null or '': the file says nothing, the stored value stays). */
interface FamilyValues {
  rt: string | null;
  rw: string | null;
  desil: number | null;
  income: number | null;
  familyRef: string | null;
  address: string;
  dusun: string;
}

interface Family {
  id: string;
  desaCode: string;
  /** The desa as the family's first row wrote it (null: registered before the import). */
  desaText: string | null;
  /** The household's RT and RW as stored (a sound-alike's, see SoundAlikes). */
  rt: string | null;
  rw: string | null;
  hasHead: boolean;
  headId: string | null;
  /** Made by this import: its only enrolments are those the import wrote (`enrolled`). */
  new: boolean;
  /**
   * The household-wide enrolments this import wrote for the family (a programme for the
   * household, or for any member): kept on the family, as a global set of "programme|household"
   * strings cost ~100 bytes each in a city-wide import. Null until the first.
   */
  enrolled: { programId: string; anyMember: boolean }[] | null;
}

/**
 * A DTKS-like list: one row per person, families grouped by KK. New people are added (with
 * a new family when the KK is new); a NIK already registered is updated, skipped or flagged as
 * the user chose; the programme columns enrol the family or the person.
 */
// The lookups every row makes, compiled once (see `reusable`).
const personByNik = reusable((nik: string) =>
  qb.selectFrom('people').selectAll().where('nik', '=', nik).where('deleted_at', 'is', null),
);
const householdById = reusable((id: string) =>
  qb.selectFrom('households').select(['id', 'kk_number', 'desa_code']).where('id', '=', id),
);
const householdByKk = reusable((kk: string) =>
  qb
    .selectFrom('households')
    .select(['id', 'desa_code', 'rt', 'rw', 'head_person_id'])
    .where('kk_number', '=', kk)
    .where('deleted_at', 'is', null),
);
const householdValues = reusable((id: string) =>
  qb
    .selectFrom('households')
    .select(['id', 'address', 'dusun', 'rt', 'rw', 'desil', 'monthly_income', 'family_ref'])
    .where('id', '=', id),
);
const liveEnrolments = (programId: string, householdId: string) =>
  qb
    .selectFrom('enrolments')
    .select('id')
    .where('program_id', '=', programId)
    .where('household_id', '=', householdId)
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null);
const liveEnrolment = {
  ofHousehold: reusable((programId: string, householdId: string) => liveEnrolments(programId, householdId)),
  ofPerson: reusable((programId: string, householdId: string, personId: string) =>
    liveEnrolments(programId, householdId).where('person_id', '=', personId),
  ),
  ofWholeFamily: reusable((programId: string, householdId: string) =>
    liveEnrolments(programId, householdId).where('person_id', 'is', null),
  ),
};

export class RecipientsProcessor implements KindProcessor {
  private readonly regions: RegionMatcher;
  /** KK -> household id, for families seen in this file (created or existing). */
  private readonly families = new Map<string, Family>();
  /** KKs of the live families registered before the import, read at the first family asked. */
  private registeredKks: Set<string> | null = null;
  /** NIK -> row number, to catch the same person twice in one file. */
  /** NIK -> its first row and a tag of the name there (see nameTag), to catch a NIK used twice. */
  private readonly niks = new Map<string, number>();
  private readonly programs: Map<string, { id: string; components: { id: string; code: string }[] }>;
  /** Occupation label or code (any case) -> code: an exported list reads back unchanged. */
  private readonly occupations: Map<string, string>;
  /** The KK of the head whose members follow without one (see KK_FROM_ROW_ABOVE). */
  private familyRun: string | null = null;
  /** Who a new person may duplicate: asked for every new person, so read once (see SoundAlikes). */
  private readonly soundAlikes: SoundAlikes;
  /** Set at the first write of a commit: names are indexed once, when the rows are all in. */
  private nameIndex: DeferredNameIndex | null = null;
  /** One copy of each RT/RW text the families keep: a city has a few hundred, each row its own. */
  private readonly rtRw = new Map<string, string>();
  private readonly birthDateOrder = new DateOrder('Tanggal lahir');
  /**
   * Families this file made whose first row was not their head, with the warning their first row
   * gets if no head follows (the head's row refused, or left out of the file). Few, so kept whole.
   */
  private readonly headless: { family: Family; warning: ImportProblem; rowWarned: boolean }[] = [];
  /** Registered families whose own values (address, RT/RW, desil...) this file has been compared with. */
  private readonly familiesCompared = new Set<string>();

  constructor(private readonly ctx: ProcessorContext) {
    this.regions = new RegionMatcher(ctx.sql);
    this.soundAlikes = new SoundAlikes(ctx.sql);
    this.programs = new Map(
      listPrograms(ctx.sql).map((p) => [
        p.code,
        { id: p.id, components: p.components.map((c) => ({ id: c.id, code: c.code })) },
      ]),
    );
    this.occupations = new Map();
    for (const [code, label] of refLabels(ctx.sql, 'occupation')) {
      this.occupations.set(code.toLowerCase(), code);
      this.occupations.set(label.toLowerCase(), code);
    }
  }

  process(row: ImportRow): void {
    this.processRow(row);
    const made = this.headless.at(-1);
    if (made?.warning.row === row.n) made.rowWarned = row.errored || row.problems.length > 0;
  }

  private processRow(row: ImportRow): void {
    const { ctx } = this;
    const today = ctx.registry.today;
    let kk = take(row, 'kk', idFromCell(row.get('kk'), 'No. KK'));
    const nik = take(row, 'nik', idFromCell(row.get('nik'), 'NIK'));
    const name = textCell(row, 'name', 'Nama', TEXT_LIMITS.personName);
    if (!name && !row.problems.some((p) => p.code === 'TEXT_CONTROL' || p.code === 'TEXT_TOO_LONG'))
      row.problem('name', 'error', 'NAME_MISSING', 'Nama kosong. Isi nama sesuai KTP/KK.');
    else if (name && !nameHasLetters(name))
      row.problem(
        'name',
        'error',
        'NAME_NO_LETTERS',
        `Nama terbaca "${name}", tanpa huruf: mungkin rumus yang tidak terhitung atau kolom yang keliru. Isi nama sesuai KTP/KK.`,
      );
    const motherName = textCell(row, 'motherName', 'Nama ibu kandung', TEXT_LIMITS.motherName) || null;
    const address = textCell(row, 'address', 'Alamat', TEXT_LIMITS.address, row.text('address'), true);
    let sex = take(row, 'sex', sexFromCell(row.get('sex'))) ?? null;
    if (!sex && nik) {
      const facts = checkNik(nik, { today }).facts;
      if (facts) sex = facts.sex;
    }
    if (!sex)
      row.problem(
        'sex',
        'error',
        'SEX_MISSING',
        'Jenis kelamin kosong dan tidak dapat dibaca dari NIK. Isi L atau P.',
      );
    const relationshipRead = relationshipFromCell(
      row.get('relationship'),
      sex,
      ctx.codes.relationship ?? null,
    );
    // Codes read with a guessed list turn wives into children: the whole import stops and asks.
    if (!relationshipRead.ok && relationshipRead.code === 'RELATIONSHIP_CODE_LIST')
      throw new AppFailure(
        'VALIDATION',
        relationshipQuestionText(row.columnName('relationship') ?? 'hubungan'),
      );
    const relationship = take(row, 'relationship', relationshipRead);
    if (relationship && sex && SEX_OF_RELATIONSHIP[relationship] && SEX_OF_RELATIONSHIP[relationship] !== sex)
      row.problem(
        'relationship',
        'warning',
        'RELATIONSHIP_SEX',
        `Hubungan keluarga ${relationship === 'istri' ? 'Istri' : 'Suami'} tidak cocok dengan jenis kelamin ${sex === 'L' ? 'laki-laki' : 'perempuan'}. Periksa salah satunya${ctx.codes.relationship ? '; bila banyak baris begini, daftar kode hubungan (SIAK atau DTKS) yang dipilih mungkin keliru' : ''}.`,
      );
    // Read after the relationship, which settles a two-digit year's century (see DateKind).
    const dateKind = BIRTH_DATE_KIND[relationship ?? ''] ?? 'birth';
    let birthDate = this.birthDate(row, today, dateKind);
    let birthPlace: string | null =
      textCell(row, 'birthPlace', 'Tempat lahir', TEXT_LIMITS.birthPlace) || null;
    if (row.has('birthPlaceDate')) {
      const combined = take(
        row,
        'birthPlaceDate',
        placeDateFromCell(row.get('birthPlaceDate'), today, dateKind),
      );
      birthDate ??= combined?.date ?? null;
      if (!birthPlace && combined?.place)
        birthPlace =
          textCell(row, 'birthPlaceDate', 'Tempat lahir', TEXT_LIMITS.birthPlace, combined.place) || null;
    }
    const life = take(row, 'lifeStatus', lifeFromCell(row.get('lifeStatus'))) ?? null;
    // Lists that write the KK on a family's first member only (Regsosek sheets, hand-made lists):
    // members who are not heads, right under a head whose row has the KK, belong to that family.
    // Said on the row, never silent; any other row without a KK stays an error.
    const ownKk = kk;
    if (
      !kk &&
      row.text('kk') === '' &&
      relationship &&
      relationship !== 'kepala_keluarga' &&
      this.familyRun
    ) {
      kk = this.familyRun;
      row.problem(
        'kk',
        'warning',
        'KK_FROM_ROW_ABOVE',
        `No. KK kosong; dianggap sama dengan kepala keluarga di atasnya (${kk}) karena orang ini anggota keluarga. Periksa bila keliru.`,
      );
    } else this.familyRun = ownKk && relationship === 'kepala_keluarga' ? ownKk : null;
    const ids = {
      dtks_id: nationalId(row, 'dtksId'),
      bdt_id: nationalId(row, 'bdtId'),
      // Specific data, held to the registry's rule for these numbers (digits only).
      kks_number: take(row, 'kksNumber', accountNumberFromCell(row.get('kksNumber'), 'kksNumber')) ?? null,
      bank_account:
        take(row, 'bankAccount', accountNumberFromCell(row.get('bankAccount'), 'bankAccount')) ?? null,
      phone_number: take(row, 'phoneNumber', accountNumberFromCell(row.get('phoneNumber'), 'phone')) ?? null,
    };
    const both = row.has('rtRw') ? take(row, 'rtRw', rtRwPairFromCell(row.get('rtRw'))) : undefined;
    const rt = take(row, 'rt', rtRwFromCell(row.get('rt'), 'RT')) ?? both?.rt ?? null;
    const rw = take(row, 'rw', rtRwFromCell(row.get('rw'), 'RW')) ?? both?.rw ?? null;
    const income = take(row, 'income', incomeFromCell(row.get('income'))) ?? null;
    const desil = take(row, 'desil', desilFromCell(row.get('desil'))) ?? null;
    const flags = {
      PKH: take(row, 'flagPkh', flagFromCell(row.get('flagPkh'))),
      BPNT: take(row, 'flagBpnt', flagFromCell(row.get('flagBpnt'))),
      PBI_JK: take(row, 'flagPbi', flagFromCell(row.get('flagPbi'))),
    };

    // Only when the cell is empty: an unreadable KK already has its own message.
    if (!kk && row.text('kk') === '')
      row.problem(
        'kk',
        'error',
        'KK_MISSING',
        'No. KK kosong: keluarganya tidak dapat ditentukan. Isi No. KK sesuai Kartu Keluarga.',
      );
    else if (kk)
      for (const p of checkKk(kk, { cityPrefix: ctx.registry.cityPrefix, today }).problems)
        row.problem('kk', p.severity, p.code, p.message);

    // Person rules are the registry's own (NIK shape, date, sex agreement...).
    const person: PersonInput = {
      nik: nik ?? null,
      name: name || '-',
      sex: sex ?? 'L',
      birthPlace,
      birthDate,
      relationship: relationship ?? 'lainnya',
      motherName,
      occupation: this.occupation(row.text('occupation')),
    };
    const problems = new Problems();
    const fields = checkPerson(person, 'p', ctx.registry, problems, null, { checkUnique: false });
    for (const p of [...problems.errors, ...problems.warnings]) {
      const field =
        p.path === 'p.nik'
          ? 'nik'
          : p.path === 'p.birthDate'
            ? row.has('birthDate')
              ? 'birthDate'
              : 'birthPlaceDate'
            : null;
      // A missing NIK is an error in an import: without it the person cannot be matched next month.
      if (p.code === 'NIK_MISSING') {
        // Only when the cell was empty: an unreadable NIK already has its own message.
        if (!row.problems.some((q) => q.code.startsWith('NIK')))
          row.problem('nik', 'error', 'NIK_MISSING', 'NIK kosong. Isi NIK 16 digit sesuai KTP/KK.');
      } else if (p.code === 'NIK_BIRTHDATE_SWAPPED') {
        // Stored, the swapped date would stand as the person's birth date among thousands of rows
        // no one reads one by one; the file is fixed once instead (all its dates share the order).
        row.problem(
          row.has('birthDate') ? 'birthDate' : 'birthPlaceDate',
          'error',
          p.code,
          `${p.message} Baris dilewati: simpan ulang berkas dengan tanggal-bulan-tahun, lalu impor lagi.`,
        );
      } else row.problem(field, p.severity, p.code, p.message);
    }
    // A date the NIK confirms read day first says which way round the column goes (a NIK with
    // any doubt of its own, its date included, confirms nothing).
    const nikAgrees =
      !!nik &&
      !!birthDate &&
      ![...problems.errors, ...problems.warnings].some(
        (p) => p.code.startsWith('NIK') && p.code !== 'NIK_OTHER_REGION',
      );
    this.birthDateOrder.observe(row.get('birthDate') ?? row.get('birthPlaceDate'), row.n, nikAgrees);
    if (nik) {
      const seen = this.niks.get(nik);
      const earlier =
        seen === undefined ? undefined : { row: Math.floor(seen / NAME_TAG), tag: seen % NAME_TAG };
      if (earlier === undefined) this.niks.set(nik, row.n * NAME_TAG + nameTag(fields.name_key));
      else if (earlier.tag === nameTag(fields.name_key))
        row.problem(
          'nik',
          'error',
          'NIK_TWICE_IN_FILE',
          `NIK ini sudah ada di baris ${earlier.row} berkas yang sama. Hapus salah satu baris.`,
        );
      // Two people under one NIK: deleting a row would drop a real person. Most often the file
      // has two NIK columns (the head's and the member's) and the wrong one was read.
      else
        row.problem(
          'nik',
          'error',
          'NIK_TWICE_IN_FILE',
          `NIK ini sudah dipakai orang lain di baris ${earlier.row}. Bila berkas punya dua kolom NIK (kepala keluarga dan anggota), pilih kolom NIK anggota di pemetaan kolom; bila bukan, periksa NIK keduanya.`,
        );
    }
    if (row.errored) return;

    const familyValues: FamilyValues = {
      rt,
      rw,
      desil,
      income,
      familyRef: nationalId(row, 'familyId'),
      address,
      dusun: row.text('dusun'),
    };
    const existing = ctx.sql.first(personByNik(nik!));
    if (existing) {
      if (life === 'mati' && existing.status !== 'meninggal')
        row.problem(
          'lifeStatus',
          'warning',
          'DIED_EXISTING',
          'Menurut berkas orang ini sudah meninggal, tetapi di aplikasi masih tercatat hidup. Catat kematiannya lewat halaman keluarga (kepesertaannya ikut diakhiri di sana).',
        );
      return this.existingPerson(row, existing, { ...fields, ...ids }, kk!, familyValues);
    }

    const id = newId();
    // A new family's first row names its head (or is taken as the head when the cell is empty).
    const headIfNew = (relationship ?? 'kepala_keluarga') === 'kepala_keluarga' ? id : null;
    const family = this.family(row, kk!, { ...familyValues, headId: headIfNew });
    if (!family) return;
    this.possibleDuplicates(row, fields, { desaCode: family.desaCode, rt, rw });
    const headSetAtCreate = family.headId === id;
    let rel = relationship ?? null;
    if (!rel) {
      rel = family.hasHead && !headSetAtCreate ? 'lainnya' : 'kepala_keluarga';
      // "Empty" would send the clerk to look at a cell that is full when no column is read.
      const why = row.has('relationship')
        ? 'Hubungan keluarga kosong'
        : 'Tidak ada kolom yang dibaca sebagai Hubungan keluarga (bila berkas punya kolomnya, petakan kolom itu lalu impor lagi)';
      row.problem(
        'relationship',
        'warning',
        'RELATIONSHIP_MISSING',
        rel === 'kepala_keluarga'
          ? `${why}; dianggap Kepala Keluarga (baris pertama KK ini).`
          : `${why}; dicatat sebagai Lainnya.`,
      );
    } else if (rel === 'kepala_keluarga' && family.hasHead && !headSetAtCreate) {
      row.problem(
        'relationship',
        'warning',
        'SECOND_HEAD',
        'KK ini sudah punya Kepala Keluarga; orang ini dicatat sebagai Lainnya. Periksa hubungan keluarganya.',
      );
      rel = 'lainnya';
    }
    this.write((changes) =>
      changes.about(family.id, () => {
        changes.insert(
          'people',
          {
            ...fields,
            ...ids,
            relationship: rel,
            id,
            household_id: family.id,
            // The family's desa, the search copy (0008) the insert trigger then need not write
            // (0015): half the cost of a bare insert. Device-local, so not synced nor hashed.
            household_desa: family.desaCode,
            status: life === 'mati' ? 'meninggal' : 'aktif',
            status_reason: life === 'mati' ? 'Tercatat Mati di berkas impor' : null,
          } as never,
          'import.create',
        );
        if (rel === 'kepala_keluarga' && !headSetAtCreate)
          changes.update('households', family.id, { head_person_id: id }, 'import.create');
        this.soundAlikes.added(id, fields.phonetic_key, fields.birth_date, family.desaCode);
      }),
    );
    if (rel === 'kepala_keluarga') family.hasHead = true;
    ctx.counts.new++;
    if (life !== 'mati') this.enrol(row, family, id, fields.birth_date, flags);
    else if (Object.values(flags).some(Boolean))
      row.problem(
        'lifeStatus',
        'warning',
        'DEAD_NOT_ENROLLED',
        'Orang ini tercatat Mati di berkas: disimpan sebagai meninggal dan tidak didaftarkan ke program mana pun.',
      );
  }

  private existingPerson(
    row: ImportRow,
    existing: Person,
    fields: ReturnType<typeof checkPerson> &
      Partial<Record<'dtks_id' | 'bdt_id' | 'kks_number' | 'bank_account' | 'phone_number', string | null>>,
    kk: string,
    values: FamilyValues,
  ): void {
    const { ctx } = this;
    const household = ctx.sql.first(householdById(existing.household_id));
    if (household && ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(household.desa_code)) {
      row.problem(
        'nik',
        'error',
        'OUT_OF_AREA',
        'Orang dengan NIK ini terdaftar di luar wilayah kerja Anda; baris dilewati.',
      );
      return;
    }
    if (!this.sameName(row, existing, fields)) return;
    if (household && household.kk_number !== kk) {
      row.problem(
        'kk',
        'warning',
        'KK_DIFFERS',
        `NIK ini terdaftar di KK ${household.kk_number ?? '(kosong)'}, bukan ${kk}. Bila benar pindah KK, pindahkan lewat halaman keluarga.`,
      );
    }
    if (ctx.options.onExisting === 'skip') {
      ctx.counts.skipped++;
      return;
    }
    if (ctx.options.onExisting === 'flag') {
      row.problem(
        'nik',
        'warning',
        'EXISTS_FLAGGED',
        'NIK sudah terdaftar; baris ini tidak diimpor (pilihan: tandai untuk diperiksa).',
      );
      ctx.counts.skipped++;
      return;
    }
    const familyChanged = household?.kk_number === kk && this.updateFamily(household.id, values);
    const patch: Record<string, unknown> = {};
    for (const field of UPDATABLE) {
      const next = fields[field];
      if (next !== null && next !== undefined && next !== existing[field]) patch[field] = next;
    }
    if (!Object.keys(patch).length) {
      if (familyChanged) ctx.counts.updated++;
      else ctx.counts.unchanged++;
      return;
    }
    this.write((changes) => {
      changes.about(existing.household_id, () =>
        changes.update('people', existing.id, patch, 'import.update'),
      );
      this.soundAlikes.changed(existing.id);
      if (household && ('phonetic_key' in patch || 'birth_date' in patch))
        this.soundAlikes.moved(
          existing.id,
          { phoneticKey: existing.phonetic_key, birthDate: existing.birth_date },
          {
            phoneticKey: (patch.phonetic_key as string | undefined) ?? existing.phonetic_key,
            birthDate: (patch.birth_date as string | undefined) ?? existing.birth_date,
          },
          household.desa_code,
        );
    });
    ctx.counts.updated++;
  }

  /**
   * A registered family's own values as this newer list gives them: address, dusun, RT/RW, desil
   * (with its history), income, family id. Once per family and file, from its first row here (a
   * DTKS list repeats them on every member's row); a cell left empty changes nothing. The desa is
   * not: a family moves through its page, where its open work moves with it.
   */
  private updateFamily(id: string, values: FamilyValues): boolean {
    const { ctx } = this;
    if (ctx.options.onExisting !== 'update' || this.familiesCompared.has(id)) return false;
    this.familiesCompared.add(id);
    const stored = ctx.sql.first(householdValues(id));
    if (!stored) return false;
    const next = {
      address: values.address || null,
      dusun: values.dusun || null,
      rt: values.rt,
      rw: values.rw,
      desil: values.desil,
      monthly_income: values.income,
      family_ref: values.familyRef,
    };
    const patch: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(next))
      if (value !== null && value !== stored[field as keyof typeof next]) patch[field] = value;
    if (!Object.keys(patch).length) return false;
    const asOf = ctx.registry.today.toISOString().slice(0, 10);
    if ('desil' in patch) patch.desil_as_of = asOf;
    this.write((changes) =>
      changes.about(id, () => {
        changes.update('households', id, patch, 'import.update');
        if ('desil' in patch)
          changes.insert(
            'household_desil_history',
            { id: newId(), household_id: id, desil: patch.desil, as_of: asOf, source: 'Impor' } as never,
            'import.update',
          );
      }),
    );
    return true;
  }

  /**
   * A NIK found with another person's name is most often a NIK typed wrong (a digit or two off,
   * the birth date inside it unchanged): updating would rename someone else and merge two people.
   * The row is refused; a spelling correction still goes through, said on the row.
   */
  private sameName(row: ImportRow, existing: Person, fields: { name: string; name_key: string }): boolean {
    if (fields.name_key === existing.name_key) return true;
    if (!namesOnePerson(fields.name, existing.name)) {
      row.problem(
        'nik',
        'error',
        'NIK_NAME_DIFFERS',
        `NIK ini terdaftar atas nama "${existing.name}", bukan "${fields.name}". Periksa NIK di berkas (mungkin salah ketik). Bila orangnya memang sama dan namanya berganti, ubah lewat halaman keluarga.`,
      );
      return false;
    }
    if (fields.name !== existing.name && this.ctx.options.onExisting === 'update')
      row.problem(
        'name',
        'warning',
        'NAME_UPDATED',
        `Nama di aplikasi "${existing.name}" diganti menjadi "${fields.name}" sesuai berkas.`,
      );
    return true;
  }

  /** The family for a KK: one made earlier in this file, one already registered, or a new one. */
  private family(
    row: ImportRow,
    kk: string,
    extra: FamilyValues & {
      /** The person of this row, when a new family would have them as its head. */
      headId: string | null;
    },
  ): Family | null {
    const { ctx } = this;
    const known = this.families.get(kk);
    if (known) {
      this.sameDesa(row, known);
      return known;
    }
    // One read of every KK instead of a query for each new family (most of a city-wide file).
    this.registeredKks ??= new Set(
      ctx.sql.raw
        .prepare('SELECT kk_number FROM households WHERE deleted_at IS NULL AND kk_number IS NOT NULL')
        .pluck()
        .all() as string[],
    );
    const existing = this.registeredKks.has(kk) ? ctx.sql.first(householdByKk(kk)) : undefined;
    if (existing) {
      if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(existing.desa_code)) {
        row.problem(
          'kk',
          'error',
          'OUT_OF_AREA',
          'Keluarga dengan KK ini terdaftar di luar wilayah kerja Anda; baris dilewati.',
        );
        return null;
      }
      this.updateFamily(existing.id, extra);
      const family: Family = {
        id: existing.id,
        desaCode: existing.desa_code,
        desaText: null,
        rt: existing.rt,
        rw: existing.rw,
        hasHead: existing.head_person_id !== null,
        headId: existing.head_person_id,
        new: false,
        enrolled: null,
      };
      this.families.set(kk, family);
      this.sameDesa(row, family);
      return family;
    }
    const place = this.regions.match(row.text('desa'), row.text('kecamatan'));
    if ('error' in place) {
      row.problem('desa', 'error', 'DESA_UNKNOWN', place.error);
      return null;
    }
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(place.code)) {
      row.problem('desa', 'error', 'OUT_OF_AREA', 'Desa ini di luar wilayah kerja Anda; baris dilewati.');
      return null;
    }
    const id = newId();
    const asOf = ctx.registry.today.toISOString().slice(0, 10);
    this.write((changes) =>
      changes.about(id, () => {
        changes.insert(
          'households',
          {
            id,
            kk_number: kk,
            desa_code: place.code,
            dusun: extra.dusun || null,
            rt: extra.rt,
            rw: extra.rw,
            address: extra.address,
            desil: extra.desil,
            desil_as_of: extra.desil ? asOf : null,
            monthly_income: extra.income,
            assets_json: '[]',
            notes: '',
            status: 'aktif',
            synthetic: 0,
            head_person_id: extra.headId,
            family_ref: extra.familyRef,
          } as never,
          'import.create',
        );
        changes.insert(
          'household_kk_history',
          {
            id: newId(),
            household_id: id,
            kk_number: kk,
            valid_from: asOf,
            valid_to: null,
            reason: 'Impor',
          } as never,
          'import.create',
        );
        if (extra.desil)
          changes.insert(
            'household_desil_history',
            { id: newId(), household_id: id, desil: extra.desil, as_of: asOf, source: 'Impor' } as never,
            'import.create',
          );
      }),
    );
    const family: Family = {
      id,
      desaCode: place.code,
      desaText: row.text('desa'),
      rt: this.oneCopy(extra.rt),
      rw: this.oneCopy(extra.rw),
      hasHead: extra.headId !== null,
      headId: extra.headId,
      new: true,
      enrolled: null,
    };
    this.families.set(kk, family);
    if (!family.hasHead)
      this.headless.push({
        family,
        warning: row.problemOn(
          'kk',
          'warning',
          'FAMILY_NO_HEAD',
          `Keluarga baru dengan KK ${kk} disimpan tanpa Kepala Keluarga: baris kepala keluarganya tidak ada di berkas atau ditolak. Perbaiki baris kepala keluarga lalu impor lagi, atau tetapkan kepala keluarganya di halaman keluarga.`,
        ),
        rowWarned: false,
      });
    return family;
  }

  /**
   * A KK's members live in one desa: a row of the family that names another is stored with the
   * family, and says so (a typing slip, or a family that moved and was not moved here).
   */
  private sameDesa(row: ImportRow, family: Family): void {
    const text = row.text('desa');
    if (!text || text === family.desaText) return;
    const place = this.regions.match(text, row.text('kecamatan'));
    if ('error' in place || place.code === family.desaCode) return;
    row.problem(
      'desa',
      'warning',
      'DESA_DIFFERS_IN_FAMILY',
      `Desa di baris ini (${text}) berbeda dengan desa keluarga KK ini (${family.desaText ?? family.desaCode}); orang ini dicatat di keluarga itu. Periksa desanya. Bila keluarganya memang pindah, pindahkan lewat halaman keluarga.`,
    );
  }

  /** Same sounding name and birth date in the same desa, already registered: a person decides. */
  private possibleDuplicates(
    row: ImportRow,
    fields: ReturnType<typeof checkPerson>,
    place: { desaCode: string; rt: string | null; rw: string | null },
  ): void {
    const { desaCode } = place;
    if (!fields.birth_date) return;
    const others = this.soundAlikes.people(fields.phonetic_key, fields.birth_date, desaCode);
    if (!others.length) return;
    // The row as a registered person would be: the household is none of theirs, the RT/RW
    // the row's own (the same sounding name and birth date in the same RT is the strongest
    // sign of one person registered twice).
    // (Only what the score reads: a copy of every field cost a spread per new person.)
    const draft = {
      name_key: fields.name_key,
      birth_date: fields.birth_date,
      sex: fields.sex,
      mother_name: fields.mother_name,
      nik: fields.nik,
      household_id: '',
      desa_code: desaCode,
      rt: place.rt,
      rw: place.rw,
    };
    for (const other of others) {
      const { score } = scorePair({ a: other, b: draft });
      if (score < MIN_SCORE) continue;
      row.problem(
        'name',
        'warning',
        'POSSIBLE_DUPLICATE',
        `Mungkin orang yang sama dengan ${other.name} (NIK ${other.nik ?? 'kosong'}). Diimpor; periksa di Keluarga & Individu > Data ganda.`,
      );
      this.ctx.counts.possibleDuplicates++;
      return;
    }
  }

  private enrol(
    row: ImportRow,
    family: Family,
    personId: string,
    birthDate: string | null,
    flags: Record<'PKH' | 'BPNT' | 'PBI_JK', boolean | undefined>,
  ): void {
    const { ctx } = this;
    const householdId = family.id;
    // A household already in a programme keeps its enrolments: the flag only adds what is missing.
    const live = (programId: string, person: string | null, anyMember: boolean) => {
      // A person's own enrolment is for the person this row has just written (a new id), whom
      // no earlier row can have enrolled: only the household-wide ones are remembered.
      if (person === null || anyMember) {
        family.enrolled ??= [];
        const wrote = family.enrolled.some((e) => e.programId === programId && e.anyMember === anyMember);
        if (wrote) return true;
        family.enrolled.push({ programId, anyMember });
      }
      // A family this import made has no enrolment it did not write: each programme is asked
      // one way (household, person or whole family), which `family.enrolled` answers.
      if (family.new) return false;
      const q = anyMember
        ? liveEnrolment.ofHousehold(programId, householdId)
        : person
          ? liveEnrolment.ofPerson(programId, householdId, person)
          : liveEnrolment.ofWholeFamily(programId, householdId);
      return ctx.sql.first(q) !== undefined;
    };
    const add = (code: string, person: string | null, componentCode: string | null, anyMember = false) => {
      const program = this.programs.get(code);
      if (!program) return;
      const componentId = componentCode
        ? (program.components.find((c) => c.code === componentCode)?.id ?? null)
        : (program.components[0]?.id ?? null);
      if (live(program.id, person, anyMember)) return;
      const id = newId();
      this.write((changes) =>
        changes.about(householdId, () =>
          changes.insert(
            'enrolments',
            {
              id,
              program_id: program.id,
              component_id: componentId,
              household_id: householdId,
              person_id: person,
              status: 'aktif',
              status_reason: 'Impor',
              channel: null,
              start_date: ctx.registry.today.toISOString().slice(0, 10),
              end_date: null,
              deleted_at: null,
            } as never,
            'import.enrol',
          ),
        ),
      );
    };
    if (flags.BPNT) add('BPNT', null, null);
    if (flags.PBI_JK) add('PBI_JK', personId, 'pengaktifan');
    if (flags.PKH) {
      const age = birthDate ? ctx.registry.today.getUTCFullYear() - Number(birthDate.slice(0, 4)) : null;
      const component =
        age === null
          ? null
          : age <= 6
            ? 'anak_usia_dini'
            : age <= 12
              ? 'sd'
              : age <= 15
                ? 'smp'
                : age <= 18
                  ? 'sma'
                  : age >= 60
                    ? 'lansia'
                    : null;
      if (component) add('PKH', personId, component, true);
      else
        row.problem(
          'flagPkh',
          'warning',
          'PKH_COMPONENT',
          'Penanda PKH diisi, tetapi komponennya tidak dapat ditentukan dari umur. Daftarkan komponen PKH di halaman keluarga.',
        );
    }
  }

  /** The row's birth date column, or its day, month and year columns read as one. */
  private birthDate(row: ImportRow, today: Date, kind: DateKind): string | null {
    const empty = row.emptyDateParts('birthDate');
    if (empty.length) {
      row.problem(
        'birthDate',
        'error',
        'DATE_PART_EMPTY',
        `Tanggal lahir tidak lengkap: kolom ${empty.join(' dan ')} kosong. Isi hari, bulan dan tahun lahirnya, atau kosongkan ketiganya.`,
      );
      return null;
    }
    return take(row, 'birthDate', dateFromCell(row.get('birthDate'), today, kind)) ?? null;
  }

  /**
   * A hidden row between a head and the rows under them may be another family's head: members
   * without a KK below it are not taken as the visible head's.
   */
  skipped(): void {
    this.familyRun = null;
  }

  private oneCopy(text: string | null): string | null {
    if (text === null) return null;
    const kept = this.rtRw.get(text);
    if (kept !== undefined) return kept;
    this.rtRw.set(text, text);
    return text;
  }

  private occupation(text: string): string | null {
    return text ? (this.occupations.get(text.toLowerCase()) ?? text) : null;
  }

  /** Writes through the batch's changes; the first write puts off indexing names (see nameIndex.ts). */
  private write(fn: (changes: Changes) => void): void {
    this.ctx.write((changes) => {
      this.nameIndex ??= deferNameIndex(changes.db);
      fn(changes);
    });
  }

  finish(): ImportProblem[] {
    const refusal = this.birthDateOrder.refusal();
    if (refusal) throw refusal;
    this.nameIndex?.finish();
    const warnings: ImportProblem[] = [];
    for (const { family, warning, rowWarned } of this.headless) {
      if (family.hasHead) continue;
      if (!rowWarned) this.ctx.counts.warnings++;
      warnings.push(warning);
    }
    return warnings;
  }
}
