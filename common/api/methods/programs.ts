import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import { emptyInput, fileHandle, id, isoDate } from '../fields.ts';
import { CHANNELS, ENROLMENT_STATUSES } from '../../domain/registry.ts';
import { problemView } from './registry.ts';

export const componentView = z.object({
  id,
  code: z.string(),
  name: z.string(),
  amount: z.number().int(),
  amountUnit: z.enum(['per_bulan', 'per_tahun', 'per_penyaluran']),
  active: z.boolean(),
});

export const programView = z.object({
  id,
  code: z.string(),
  name: z.string(),
  target: z.enum(['household', 'person']),
  benefit: z.enum(['cash', 'premium', 'service']),
  schedule: z.string(),
  defaultChannel: z.enum(CHANNELS).nullable(),
  desaOnly: z.boolean(),
  excludes: z.array(z.string()),
  description: z.string(),
  active: z.boolean(),
  components: z.array(componentView),
  activeEnrolments: z.number().int(),
});
export type ProgramView = z.infer<typeof programView>;

export const refValueView = z.object({
  id,
  kind: z.string(),
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
});
export type RefValueView = z.infer<typeof refValueView>;

export const enrolmentView = z.object({
  id,
  programId: id,
  programCode: z.string(),
  programName: z.string(),
  componentId: z.string().nullable(),
  componentName: z.string().nullable(),
  householdId: id,
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  status: z.enum(ENROLMENT_STATUSES),
  statusReason: z.string().nullable(),
  channel: z.enum(CHANNELS).nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  version: z.number().int(),
});
export type EnrolmentView = z.infer<typeof enrolmentView>;

export const programMethods = {
  'reference.programs': method({
    input: emptyInput,
    output: z.array(programView),
    access: SESSION,
    writes: false,
  }),
  'reference.updateProgram': method({
    input: z.strictObject({
      id,
      name: z.string().trim().min(2).max(120).optional(),
      schedule: z.enum(['bulanan', 'triwulanan', 'tahap', 'tahunan', 'sesuai_kebutuhan']).optional(),
      defaultChannel: z.enum(CHANNELS).nullable().optional(),
      desaOnly: z.boolean().optional(),
      excludes: z.array(z.string().max(30)).max(20).optional(),
      description: z.string().max(1000).optional(),
      active: z.boolean().optional(),
    }),
    output: programView,
    access: requires('reference.manage'),
    writes: true,
  }),
  /** Creates a component (no id) or changes one; amounts in whole rupiah. */
  'reference.saveComponent': method({
    input: z.strictObject({
      id: id.optional(),
      programId: id,
      code: z
        .string()
        .trim()
        .regex(/^[a-z0-9_]{2,30}$/, 'Kode huruf kecil, angka atau garis bawah.'),
      name: z.string().trim().min(2).max(120),
      amount: z.number().int('Nominal dalam rupiah utuh, tanpa sen.').min(0).max(1_000_000_000),
      amountUnit: z.enum(['per_bulan', 'per_tahun', 'per_penyaluran']),
      active: z.boolean().default(true),
    }),
    output: programView,
    access: requires('reference.manage'),
    writes: true,
  }),
  'reference.values': method({
    input: z.strictObject({ kinds: z.array(z.string().max(40)).max(20).optional() }),
    output: z.array(refValueView),
    access: SESSION,
    writes: false,
  }),
  'reference.saveValue': method({
    input: z.strictObject({
      id: id.optional(),
      kind: z.string().regex(/^[a-z_]{2,40}$/),
      code: z
        .string()
        .trim()
        .regex(/^[a-z0-9_]{1,40}$/, 'Kode huruf kecil, angka atau garis bawah.'),
      label: z.string().trim().min(1).max(120),
      active: z.boolean().default(true),
    }),
    output: refValueView,
    access: requires('reference.manage'),
    writes: true,
  }),
  /** Replaces the region list from a Kemendagri CSV chosen in a host dialog. */
  'regions.import': method({
    input: z.strictObject({ file: fileHandle }),
    output: z.object({ added: z.number().int(), updated: z.number().int(), removed: z.number().int() }),
    access: requires('reference.manage'),
    writes: true,
  }),
  'enrolments.list': method({
    input: z.strictObject({ householdId: id }),
    output: z.array(enrolmentView),
    access: requires('registry.read'),
    writes: false,
  }),
  /** Warnings (not errors) for benefits a programme says should not be combined. */
  'enrolments.create': method({
    input: z.strictObject({
      householdId: id,
      personId: id.nullable().default(null),
      programId: id,
      componentId: id.nullable().default(null),
      status: z.enum(['usulan', 'aktif']).default('usulan'),
      channel: z.enum(CHANNELS).nullable().default(null),
      startDate: isoDate.nullable().default(null),
    }),
    output: z.object({ value: enrolmentView, warnings: z.array(problemView) }),
    access: requires('enrolment.write'),
    writes: true,
  }),
  'enrolments.setStatus': method({
    input: z.strictObject({
      id,
      status: z.enum(ENROLMENT_STATUSES),
      date: isoDate,
      reason: z.string().trim().max(300).nullable().default(null),
    }),
    output: enrolmentView,
    access: requires('enrolment.write'),
    writes: true,
  }),
};
