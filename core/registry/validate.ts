import { localDate } from '../../common/format.ts';
import type { HouseholdInput, PersonInput, ProblemView } from '../../common/api/methods/registry.ts';
import { AppFailure } from '../../common/errors.ts';
import { checkKk, checkNik, normalizeIdNumber } from '../../common/domain/idNumbers.ts';
import { nameKey, phoneticKey } from '../../common/domain/names.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { HouseholdsTable, PeopleTable } from '../../db/schema.ts';
import type { RegionNames } from '../regions/names.ts';
import { inScope, type Scope } from './scope.ts';

/**
 * Checks collected for one use case: errors stop the save (all of them reported at once, each
 * next to its field); warnings are saved with the record and shown.
 */
export class Problems {
  readonly errors: ProblemView[] = [];
  readonly warnings: ProblemView[] = [];

  add(path: string, problem: { severity: 'error' | 'warning'; code: string; message: string }): void {
    (problem.severity === 'error' ? this.errors : this.warnings).push({ path, ...problem });
  }

  error(path: string, code: string, message: string): void {
    this.add(path, { severity: 'error', code, message });
  }

  /** Throws VALIDATION with every error, if there is any. */
  throwIfErrors(): void {
    if (!this.errors.length) return;
    const first = this.errors[0]!;
    throw new AppFailure(
      'VALIDATION',
      this.errors.length === 1
        ? first.message
        : `${first.message} (dan ${this.errors.length - 1} masalah lain)`,
      {
        fields: this.errors.map((e) => ({ path: e.path, message: e.message })),
      },
    );
  }
}

export interface CheckContext {
  sql: Sql;
  cityPrefix: string;
  today: Date;
  /** The caller's area: a NIK or KK registered outside it is refused without naming whose it is. */
  scope: Scope;
}

/**
 * A NIK or KK number registered in a desa outside the caller's area: people.lookupNik answers
 * nothing there, so the refusal names no person or family either, and says who can check.
 */
const registeredElsewhere = (what: string, one: string) =>
  `${what} sudah terdaftar di wilayah lain. Hubungi Dinas Sosial untuk memeriksanya; ${one} hanya boleh terdaftar sekali.`;

const pad3 = (v: string | null | undefined) => (v ? v.trim().padStart(3, '0') : null);

export type PersonFields = Omit<
  PeopleTable,
  | 'id'
  | 'row_no'
  | 'household_id'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'status'
  | 'status_reason'
  | 'status_date'
  | 'merged_into'
  | 'deleted_at'
  | 'deleted_reason'
  // Kept from imported national files, not typed in a form.
  | 'dtks_id'
  | 'bdt_id'
  | 'kks_number'
> &
  // Specific data, typed in a form only by roles that may see it (absent: left as stored).
  Partial<Pick<PeopleTable, 'kks_number' | 'bank_account' | 'phone_number'>>;

/** Normalises one person's input and checks NIK, dates and uniqueness. */
export function checkPerson(
  input: PersonInput,
  path: string,
  ctx: CheckContext,
  problems: Problems,
  selfId: string | null,
  /** The importer looks the NIK up itself (it decides update/skip); no second query. */
  options: { checkUnique?: boolean } = {},
): PersonFields {
  const rawNik = input.nik?.trim() ?? '';
  let nik: string | null = null;
  if (!rawNik) {
    problems.add(`${path}.nik`, {
      severity: 'warning',
      code: 'NIK_MISSING',
      message: 'NIK belum diisi. Data tetap disimpan, tetapi lengkapi NIK dari KTP atau KK secepatnya.',
    });
  } else {
    const result = checkNik(rawNik, {
      birthDate: input.birthDate,
      sex: input.sex,
      cityPrefix: ctx.cityPrefix,
      today: ctx.today,
    });
    for (const p of result.problems) problems.add(`${path}.nik`, p);
    nik = result.normalized;
    if (options.checkUnique !== false && !result.problems.some((p) => p.severity === 'error')) {
      const other = ctx.sql.first(
        qb
          .selectFrom('people')
          .innerJoin('households', 'households.id', 'people.household_id')
          .select(['people.id', 'people.name', 'households.kk_number', 'households.desa_code'])
          .where('people.nik', '=', nik)
          .where('people.deleted_at', 'is', null),
      );
      if (other && other.id !== selfId) {
        problems.error(
          `${path}.nik`,
          'NIK_REGISTERED',
          inScope(ctx.scope, other.desa_code)
            ? `NIK ${nik} sudah terdaftar atas nama ${other.name}${other.kk_number ? ` (KK ${other.kk_number})` : ''}. Buka data tersebut; satu orang hanya boleh terdaftar sekali.`
            : registeredElsewhere(`NIK ${nik}`, 'satu orang'),
        );
      }
    }
  }
  if (input.birthDate && input.birthDate > localDate(ctx.today)) {
    problems.error(`${path}.birthDate`, 'BIRTHDATE_FUTURE', 'Tanggal lahir belum terjadi. Periksa tahunnya.');
  }
  const warnings = problems.warnings.filter((w) => w.path.startsWith(`${path}.`));
  return {
    nik,
    name: input.name.trim().replace(/\s+/g, ' '),
    name_key: nameKey(input.name),
    phonetic_key: phoneticKey(input.name),
    sex: input.sex,
    birth_place: input.birthPlace?.trim() || null,
    birth_date: input.birthDate,
    relationship: input.relationship,
    mother_name: input.motherName?.trim() || null,
    marital_status: input.maritalStatus ?? null,
    education: input.education ?? null,
    occupation: input.occupation ?? null,
    disability: input.disability && input.disability !== 'tidak_ada' ? input.disability : null,
    chronic_illness: input.chronicIllness?.trim() || null,
    kks_number: input.kksNumber === undefined ? undefined : input.kksNumber || null,
    bank_account: input.bankAccount === undefined ? undefined : input.bankAccount || null,
    phone_number: input.phoneNumber === undefined ? undefined : input.phoneNumber || null,
    id_warnings_json: JSON.stringify(warnings.map((w) => ({ ...w, path: w.path.slice(path.length + 1) }))),
  };
}

export type HouseholdFields = Omit<
  HouseholdsTable,
  | 'id'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'status'
  | 'status_reason'
  | 'head_person_id'
  | 'synthetic'
  | 'deleted_at'
  | 'deleted_reason'
  | 'family_ref'
>;

export function checkHousehold(
  input: HouseholdInput,
  path: string,
  ctx: CheckContext & { regions: RegionNames },
  problems: Problems,
  selfId: string | null,
): HouseholdFields {
  const kk = checkKkNumber(input.kkNumber, `${path}.kkNumber`, ctx, problems, selfId);
  if (!ctx.regions.isDesaOrKelurahan(input.desaCode)) {
    problems.error(`${path}.desaCode`, 'DESA_UNKNOWN', 'Pilih desa/kelurahan dari daftar wilayah.');
  }
  if (input.desil != null && !input.desilAsOf) {
    problems.error(
      `${path}.desilAsOf`,
      'DESIL_AS_OF',
      'Isi tanggal data desil (desil diperbarui beberapa kali setahun).',
    );
  }
  return {
    kk_number: kk,
    desa_code: input.desaCode,
    dusun: input.dusun?.trim() || null,
    rt: pad3(input.rt),
    rw: pad3(input.rw),
    address: input.address.trim(),
    desil: input.desil ?? null,
    desil_as_of: input.desil != null ? (input.desilAsOf ?? null) : null,
    dtks_status: input.dtksStatus ?? null,
    house_ownership: input.houseOwnership ?? null,
    floor_area_m2: input.floorAreaM2 ?? null,
    floor_type: input.floorType ?? null,
    wall_type: input.wallType ?? null,
    roof_type: input.roofType ?? null,
    water_source: input.waterSource ?? null,
    lighting: input.lighting ?? null,
    toilet: input.toilet ?? null,
    assets_json: JSON.stringify([...new Set(input.assets)]),
    monthly_income: input.monthlyIncome ?? null,
    notes: input.notes,
  };
}

export function checkKkNumber(
  raw: string | null,
  path: string,
  ctx: CheckContext,
  problems: Problems,
  selfId: string | null,
): string | null {
  const text = raw?.trim() ?? '';
  if (!text) {
    problems.add(path, {
      severity: 'warning',
      code: 'KK_MISSING',
      message: 'No. KK belum diisi. Lengkapi dari Kartu Keluarga secepatnya.',
    });
    return null;
  }
  const result = checkKk(text, { cityPrefix: ctx.cityPrefix, today: ctx.today });
  for (const p of result.problems) problems.add(path, p);
  const kk = normalizeIdNumber(text);
  if (!result.problems.some((p) => p.severity === 'error')) {
    const other = ctx.sql.first(
      qb
        .selectFrom('households')
        .select(['id', 'desa_code'])
        .where('kk_number', '=', kk)
        .where('deleted_at', 'is', null),
    );
    if (other && other.id !== selfId) {
      problems.error(
        path,
        'KK_REGISTERED',
        inScope(ctx.scope, other.desa_code)
          ? `No. KK ${kk} sudah terdaftar untuk keluarga lain. Buka keluarga tersebut; jangan daftarkan dua kali.`
          : registeredElsewhere(`No. KK ${kk}`, 'satu keluarga'),
      );
    }
  }
  return kk;
}
