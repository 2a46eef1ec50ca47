import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import {
  areaScope,
  cleanString,
  emptyInput,
  fullName,
  id,
  isoDateTime,
  pageRequest,
  password,
  regionCode,
  role,
  username,
} from '../fields.ts';
import { userView } from './auth.ts';

/** Limits on imported files (core/importer/limits.ts), in the units an admin thinks in. */
export const importLimitsView = z.object({
  maxFileMb: z.number().int(),
  maxUncompressedMb: z.number().int(),
  maxCompressionRatio: z.number().int(),
  maxRows: z.number().int(),
  maxColumns: z.number().int(),
});
export type ImportLimitsView = z.infer<typeof importLimitsView>;

/**
 * Bounds of the retention setting: at least a year (a removal may be contested), at most the
 * longest archive period a social-assistance record is kept for.
 */
export const RETENTION_YEARS = { min: 1, max: 25, default: 5 } as const;

/** One family (or one removed person of a living family) whose personal data is due for purge. */
export const retentionItemView = z.object({
  kind: z.enum(['keluarga', 'orang']),
  id,
  /** Masked KK and the head's (or the person's) name, so the admin knows whom. */
  label: z.string(),
  desaName: z.string(),
  removedAt: z.string(),
  people: z.number().int(),
  /** Why it is not purged now (e.g. not yet sent to the server); null when it will be. */
  deferredBecause: z.string().nullable(),
});
export type RetentionItemView = z.infer<typeof retentionItemView>;

export const retentionPreviewView = z.object({
  years: z.number().int(),
  /** Removed before this date (WIB) is due. */
  cutoff: z.string(),
  items: z.array(retentionItemView),
  due: z.number().int(),
});
export type RetentionPreviewView = z.infer<typeof retentionPreviewView>;

export const settingsView = z.object({
  officeName: z.string(),
  idleLockMinutes: z.number().int(),
  cityPrefix: z.string(),
  importLimits: importLimitsView,
  /** UU PDP: years a removed family's personal data is kept before it is purged. */
  retentionYears: z.number().int(),
});
export type SettingsView = z.infer<typeof settingsView>;

export const regionView = z.object({
  code: regionCode,
  name: z.string(),
  level: z.enum(['provinsi', 'kota', 'kabupaten', 'kecamatan', 'kelurahan', 'desa']),
  parentCode: z.string().nullable(),
  postalCode: z.string().nullable(),
});
export type RegionView = z.infer<typeof regionView>;

export const auditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditVerifyReport = z.object({
  entries: z.number().int(),
  ok: z.boolean(),
  headSeq: z.number().int(),
  headHash: z.string(),
  problems: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum(['edited', 'missing', 'reordered', 'bad_link']),
      message: z.string(),
    }),
  ),
});
export type AuditVerifyReport = z.infer<typeof auditVerifyReport>;

export const adminMethods = {
  'users.list': method({
    input: emptyInput,
    output: z.array(userView),
    access: requires('users.manage'),
    writes: false,
  }),
  'users.create': method({
    input: z.strictObject({ username, fullName, role, area: areaScope, temporaryPassword: password }),
    output: userView,
    access: requires('users.manage'),
    writes: true,
  }),
  'users.update': method({
    input: z.strictObject({
      id,
      fullName: fullName.optional(),
      role: role.optional(),
      area: areaScope.optional(),
    }),
    output: userView,
    access: requires('users.manage'),
    writes: true,
  }),
  'users.setActive': method({
    input: z.strictObject({ id, active: z.boolean() }),
    output: userView,
    access: requires('users.manage'),
    writes: true,
  }),
  /** Sets a temporary password (changed at next login) and lifts a lock from failed logins. */
  'users.resetPassword': method({
    input: z.strictObject({ id, temporaryPassword: password }),
    output: userView,
    access: requires('users.manage'),
    writes: true,
  }),
  'settings.get': method({ input: emptyInput, output: settingsView, access: SESSION, writes: false }),
  'settings.update': method({
    input: z.strictObject({
      officeName: cleanString()
        .min(2, 'Nama kantor minimal 2 huruf.')
        .max(120, 'Paling banyak 120 karakter.')
        .optional(),
      idleLockMinutes: z
        .number()
        .int()
        .min(1, 'Minimal 1 menit.')
        .max(240, 'Paling lama 240 menit.')
        .optional(),
      cityPrefix: z
        .string()
        .regex(/^\d{4}$/, 'Kode kota 4 digit, misalnya 3579.')
        .optional(),
      importLimits: z
        .strictObject({
          maxFileMb: z.number().int().min(1, 'Minimal 1 MB.').max(500, 'Paling besar 500 MB.'),
          maxUncompressedMb: z.number().int().min(10, 'Minimal 10 MB.').max(2000, 'Paling besar 2000 MB.'),
          maxCompressionRatio: z.number().int().min(20, 'Minimal 20.').max(1000, 'Paling besar 1000.'),
          maxRows: z
            .number()
            .int()
            .min(100, 'Minimal 100 baris.')
            .max(1_000_000, 'Paling banyak 1.000.000 baris.'),
          maxColumns: z.number().int().min(10, 'Minimal 10 kolom.').max(1000, 'Paling banyak 1000 kolom.'),
        })
        .optional(),
      retentionYears: z
        .number()
        .int()
        .min(RETENTION_YEARS.min, `Paling singkat ${RETENTION_YEARS.min} tahun.`)
        .max(RETENTION_YEARS.max, `Paling lama ${RETENTION_YEARS.max} tahun.`)
        .optional(),
    }),
    output: settingsView,
    access: requires('settings.manage'),
    writes: true,
  }),
  /** Who the next purge would remove, and who waits (and why). */
  'retention.preview': method({
    input: emptyInput,
    output: retentionPreviewView,
    access: requires('retention.purge'),
    writes: false,
  }),
  /**
   * Purges what the preview showed: `expected` is the number of due items the admin confirmed,
   * so a purge never removes someone the admin did not see.
   */
  'retention.purge': method({
    input: z.strictObject({ expected: z.number().int().min(1) }),
    output: z.object({ households: z.number().int(), people: z.number().int(), redacted: z.number().int() }),
    access: requires('retention.purge'),
    writes: true,
  }),
  'regions.list': method({ input: emptyInput, output: z.array(regionView), access: SESSION, writes: false }),
  'audit.list': method({
    input: z.strictObject({
      ...pageRequest,
      action: z.string().max(60).optional(),
      entity: z.string().max(60).optional(),
      entityId: z.string().max(60).optional(),
      username: z.string().max(40).optional(),
      from: isoDateTime.optional(),
      to: isoDateTime.optional(),
    }),
    output: z.object({ entries: z.array(auditEntryView), nextCursor: z.string().nullable() }),
    access: requires('audit.read'),
    writes: false,
  }),
  /** A job: a long log takes a while to hash through. Its result is an AuditVerifyReport. */
  'audit.verify': method({
    input: emptyInput,
    output: z.object({ jobId: id }),
    access: requires('audit.read'),
    writes: false,
  }),
  /** New database key: re-encrypts the file and rewraps every key slot. Asks the password again. */
  'keys.rotate': method({
    input: z.strictObject({ password }),
    output: z.object({ rotatedAt: z.string() }),
    access: requires('keys.manage'),
    writes: true,
  }),
  'keys.newRecoveryCode': method({
    input: z.strictObject({ password }),
    output: z.object({ recoveryCode: z.string() }),
    access: requires('keys.manage'),
    writes: true,
  }),
};
