import { z } from 'zod';
import { method, requires } from '../define.ts';
import { cleanString, id, isoDate, pageRequest, regionCode } from '../fields.ts';
import { PERSON_STATUSES } from '../../domain/registry.ts';
import { nameHasLetters, TEXT_LIMITS } from '../../domain/text.ts';
import { normalizeNumber, NUMBER_RULES } from '../../domain/accountNumbers.ts';

/** Free text: cleaned (common/domain/text.ts), then its length checked. */
const text = (max: number, multiline = false) =>
  cleanString({ multiline }).max(max, `Paling banyak ${max} karakter.`);
const optionalText = (max: number) => text(max).nullable().optional();
/** Raw NIK/KK as typed; normalised and checked in core so the message can be specific. */
const idNumberInput = z.string().max(40, 'Terlalu panjang untuk NIK/No. KK.').nullable();

/**
 * A bank account, KKS card or phone number (specific data): cleaned like any text, stored as
 * digits only (common/domain/accountNumbers.ts). Empty means none.
 */
const accountNumber = (kind: keyof typeof NUMBER_RULES) =>
  cleanString()
    .max(40, NUMBER_RULES[kind].message)
    .superRefine((value, ctx) => {
      if (value && normalizeNumber(kind, value) === null)
        ctx.addIssue({ code: 'custom', message: NUMBER_RULES[kind].message, abort: true });
    })
    .overwrite((value) => (value ? (normalizeNumber(kind, value) ?? value) : value))
    .nullable()
    .optional();

export const problemView = z.object({
  path: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
export type ProblemView = z.infer<typeof problemView>;

export const personInput = z.strictObject({
  nik: idNumberInput,
  name: text(TEXT_LIMITS.personName)
    .min(2, 'Nama minimal 2 huruf.')
    .refine(nameHasLetters, 'Nama harus berisi huruf, sesuai KTP/KK.'),
  sex: z.enum(['L', 'P'], 'Pilih jenis kelamin.'),
  birthPlace: optionalText(TEXT_LIMITS.birthPlace),
  birthDate: isoDate.nullable(),
  relationship: text(40).min(1, 'Pilih hubungan dengan kepala keluarga.'),
  motherName: optionalText(TEXT_LIMITS.motherName),
  maritalStatus: optionalText(40),
  education: optionalText(40),
  occupation: optionalText(60),
  disability: optionalText(60),
  chronicIllness: optionalText(120),
  /** Specific data: sent only by roles with registry.readSpecific; absent keeps what is stored. */
  kksNumber: accountNumber('kksNumber'),
  bankAccount: accountNumber('bankAccount'),
  phoneNumber: accountNumber('phone'),
});
export type PersonInput = z.infer<typeof personInput>;

const rtRw = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, 'RT/RW berupa angka, paling banyak 3 digit.')
  .nullable()
  .optional();

export const householdInput = z.strictObject({
  kkNumber: idNumberInput,
  desaCode: regionCode,
  dusun: optionalText(60),
  rt: rtRw,
  rw: rtRw,
  address: text(TEXT_LIMITS.address, true).default(''),
  desil: z.number().int().min(1, 'Desil 1-10.').max(10, 'Desil 1-10.').nullable().optional(),
  desilAsOf: isoDate.nullable().optional(),
  dtksStatus: z.enum(['DTKS', 'NON_DTKS']).nullable().optional(),
  houseOwnership: optionalText(40),
  floorAreaM2: z.number().int().min(0).max(10_000).nullable().optional(),
  floorType: optionalText(40),
  wallType: optionalText(40),
  roofType: optionalText(40),
  waterSource: optionalText(40),
  lighting: optionalText(40),
  toilet: optionalText(40),
  assets: z.array(text(40)).max(30).default([]),
  monthlyIncome: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  notes: text(2000, true).default(''),
});
export type HouseholdInput = z.infer<typeof householdInput>;

export const personView = z.object({
  id,
  householdId: id,
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.enum(['L', 'P']),
  birthPlace: z.string().nullable(),
  birthDate: z.string().nullable(),
  relationship: z.string(),
  motherName: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  /** Specific data: null and `specificHidden` for roles without access. */
  disability: z.string().nullable(),
  chronicIllness: z.string().nullable(),
  kksNumber: z.string().nullable(),
  bankAccount: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  specificHidden: z.boolean(),
  status: z.enum(PERSON_STATUSES),
  statusReason: z.string().nullable(),
  statusDate: z.string().nullable(),
  idWarnings: z.array(problemView),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof personView>;

export const householdView = z.object({
  id,
  kkNumber: z.string().nullable(),
  desaCode: z.string(),
  desaName: z.string(),
  kecamatanName: z.string(),
  dusun: z.string().nullable(),
  rt: z.string().nullable(),
  rw: z.string().nullable(),
  address: z.string(),
  desil: z.number().int().nullable(),
  desilAsOf: z.string().nullable(),
  dtksStatus: z.string().nullable(),
  houseOwnership: z.string().nullable(),
  floorAreaM2: z.number().nullable(),
  floorType: z.string().nullable(),
  wallType: z.string().nullable(),
  roofType: z.string().nullable(),
  waterSource: z.string().nullable(),
  lighting: z.string().nullable(),
  toilet: z.string().nullable(),
  assets: z.array(z.string()),
  monthlyIncome: z.number().nullable(),
  notes: z.string(),
  status: z.enum(['aktif', 'nonaktif']),
  statusReason: z.string().nullable(),
  headPersonId: z.string().nullable(),
  synthetic: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdView = z.infer<typeof householdView>;

export const householdRow = z.object({
  id,
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  headNik: z.string().nullable(),
  desaName: z.string(),
  rt: z.string().nullable(),
  rw: z.string().nullable(),
  desil: z.number().nullable(),
  members: z.number().int(),
  programs: z.array(z.string()),
  status: z.string(),
});
export type HouseholdRow = z.infer<typeof householdRow>;

export const personRow = z.object({
  personId: id,
  householdId: id,
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.enum(['L', 'P']),
  birthDate: z.string().nullable(),
  relationship: z.string(),
  status: z.string(),
  kkNumber: z.string().nullable(),
  desaName: z.string(),
  rt: z.string().nullable(),
  rw: z.string().nullable(),
});
export type PersonRow = z.infer<typeof personRow>;

export const historyEntry = z.object({
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
});

export const duplicateView = z.object({
  id,
  score: z.number().int(),
  reasons: z.array(z.string()),
  status: z.enum(['terbuka', 'bukan_duplikat', 'digabung']),
  a: personRow,
  b: personRow,
  decidedAt: z.string().nullable(),
});
export type DuplicateView = z.infer<typeof duplicateView>;

/** What a duplicates.scan job answers: pairs looked at, and new pairs queued for review. */
export interface DuplicateScanResult {
  examined: number;
  found: number;
}

const saved = <T extends z.ZodType>(view: T) => z.object({ value: view, warnings: z.array(problemView) });

const withReason = { reason: text(300, true).min(3, 'Tuliskan alasannya (minimal 3 huruf).') };

export const registryMethods = {
  /** NIK/KK prefix or any fragment of a name, tolerant of spelling variants. */
  'registry.findPeople': method({
    input: z.strictObject({
      query: text(120).min(2, 'Ketik minimal 2 huruf atau angka.'),
      desaCode: regionCode.optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.array(personRow),
    access: requires('registry.read'),
    writes: false,
  }),
  'registry.listHouseholds': method({
    input: z.strictObject({
      ...pageRequest,
      query: text(120).optional(),
      desaCode: regionCode.optional(),
      programId: id.optional(),
      enrolmentStatus: z.enum(['usulan', 'aktif', 'ditangguhkan', 'graduasi', 'dikeluarkan']).optional(),
      status: z.enum(['aktif', 'nonaktif']).optional(),
      desilMax: z.number().int().min(1).max(10).optional(),
    }),
    output: z.object({
      rows: z.array(householdRow),
      nextCursor: z.string().nullable(),
      total: z.number().int(),
      /** The count stopped at its cap: show "100.000+". */
      totalIsLowerBound: z.boolean(),
    }),
    access: requires('registry.read'),
    writes: false,
  }),
  /** Everything about one family; the read itself is recorded (UU PDP Pasal 31). */
  'households.get': method({
    input: z.strictObject({ id }),
    output: z.object({
      household: householdView,
      members: z.array(personView),
      kkHistory: z.array(
        z.object({
          kkNumber: z.string(),
          validFrom: z.string(),
          validTo: z.string().nullable(),
          reason: z.string(),
        }),
      ),
      desilHistory: z.array(z.object({ desil: z.number().int(), asOf: z.string(), source: z.string() })),
      history: z.array(historyEntry),
    }),
    access: requires('registry.read'),
    writes: true,
  }),
  'households.create': method({
    input: z.strictObject({
      household: householdInput,
      members: z.array(personInput).min(1, 'Isi minimal satu anggota keluarga (kepala keluarga).').max(30),
    }),
    output: saved(z.object({ id })),
    access: requires('registry.write'),
    writes: true,
  }),
  'households.update': method({
    input: z.strictObject({ id, expectedVersion: z.number().int(), household: householdInput }),
    output: saved(householdView),
    access: requires('registry.write'),
    writes: true,
  }),
  'households.changeKk': method({
    input: z.strictObject({ id, kkNumber: z.string().max(40), ...withReason }),
    output: saved(householdView),
    access: requires('registry.write'),
    writes: true,
  }),
  'households.setDesil': method({
    input: z.strictObject({
      id,
      desil: z.number().int().min(1).max(10),
      asOf: isoDate,
      source: text(60).min(2),
    }),
    output: householdView,
    access: requires('registry.write'),
    writes: true,
  }),
  /** Soft delete: kept for the retention period, then purged. */
  'households.remove': method({
    input: z.strictObject({ id, ...withReason }),
    output: z.object({}),
    access: requires('registry.write'),
    writes: true,
  }),
  /** Some members leave to form a new family (new KK). */
  'households.split': method({
    input: z.strictObject({
      fromId: id,
      memberIds: z.array(id).min(1, 'Centang anggota yang pindah ke KK baru.'),
      household: householdInput,
      headId: z.string().min(1, 'Pilih kepala keluarga baru.').pipe(id),
      ...withReason,
    }),
    output: saved(z.object({ id })),
    access: requires('registry.write'),
    writes: true,
  }),
  'people.add': method({
    input: z.strictObject({ householdId: id, person: personInput }),
    output: saved(personView),
    access: requires('registry.write'),
    writes: true,
  }),
  'people.update': method({
    input: z.strictObject({ id, expectedVersion: z.number().int(), person: personInput }),
    output: saved(personView),
    access: requires('registry.write'),
    writes: true,
  }),
  'people.move': method({
    input: z.strictObject({ id, toHouseholdId: id, relationship: text(40).min(1), ...withReason }),
    output: personView,
    access: requires('registry.write'),
    writes: true,
  }),
  /** Deceased, moved away, left the family, or back to active. */
  'people.setStatus': method({
    input: z.strictObject({
      id,
      status: z.enum(['aktif', 'meninggal', 'pindah', 'keluar']),
      date: isoDate,
      ...withReason,
    }),
    output: personView,
    access: requires('registry.write'),
    writes: true,
  }),
  'people.lookupNik': method({
    input: z.strictObject({ nik: z.string().max(40) }),
    output: personRow.nullable(),
    access: requires('registry.read'),
    writes: false,
  }),
  /** A job (every pair of people is looked at); its result is a DuplicateScanResult. */
  'duplicates.scan': method({
    input: z.strictObject({ desaCode: regionCode.optional() }),
    output: z.object({ jobId: id }),
    access: requires('duplicates.review'),
    writes: true,
  }),
  'duplicates.list': method({
    input: z.strictObject({
      status: z.enum(['terbuka', 'bukan_duplikat', 'digabung']).default('terbuka'),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.array(duplicateView),
    access: requires('duplicates.review'),
    writes: false,
  }),
  /** A person decides; nothing is merged automatically. `keep` is the record that stays. */
  'duplicates.decide': method({
    input: z
      .strictObject({
        id,
        decision: z.enum(['bukan_duplikat', 'gabung']),
        keep: z.enum(['a', 'b']).optional(),
      })
      .refine((v) => v.decision !== 'gabung' || v.keep, {
        message: 'Pilih data mana yang dipertahankan.',
        path: ['keep'],
      }),
    output: duplicateView,
    access: requires('duplicates.review'),
    writes: true,
  }),
  'duplicates.undo': method({
    input: z.strictObject({ id }),
    output: duplicateView,
    access: requires('duplicates.review'),
    writes: true,
  }),
};

export const PERSON_STATUS_INPUT = ['aktif', 'meninggal', 'pindah', 'keluar'] as const;
