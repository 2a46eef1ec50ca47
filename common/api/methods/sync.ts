import { z } from 'zod';
import { method, requires } from '../define.ts';
import { emptyInput } from '../fields.ts';
import { conflictView } from '../../sync/protocol.ts';

export const syncStatusView = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  deviceName: z.string().nullable(),
  deviceId: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** Plain Indonesian: what went wrong and what happens next. */
  lastError: z.string().nullable(),
  pending: z.number().int(),
  conflictsOpen: z.number().int(),
  intervalMinutes: z.number().int(),
  running: z.boolean(),
  nextAttemptAt: z.string().nullable(),
  alarms: z.array(z.object({ at: z.string(), kind: z.string(), message: z.string() })),
  /** The area the server sends this workstation, in words ("seluruh kota", "Kecamatan Batu"). */
  area: z.string(),
  /** Families the server moved out of this workstation's area, newest first. */
  leftArea: z.array(
    z.object({ at: z.string(), kk: z.string().nullable(), head: z.string().nullable(), to: z.string() }),
  ),
});
export type SyncStatusView = z.infer<typeof syncStatusView>;

export const syncSummary = z.object({
  ok: z.boolean(),
  pushed: z.number().int(),
  acknowledged: z.number().int(),
  pulled: z.number().int(),
  pending: z.number().int(),
  conflictsOpen: z.number().int(),
  cursor: z.number().int(),
  auditSent: z.number().int(),
  alarms: z.array(z.string()),
  bytesSent: z.number().int(),
  bytesReceived: z.number().int(),
  durationMs: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type SyncSummaryView = z.infer<typeof syncSummary>;

const serverUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'Alamat server harus diawali http:// atau https://');

export const syncMethods = {
  'sync.status': method({
    input: emptyInput,
    output: syncStatusView,
    access: requires('sync.run'),
    writes: false,
    poll: true,
  }),
  /** One sync now (push, audit, pull, conflicts); the answer says what moved. */
  'sync.run': method({ input: emptyInput, output: syncSummary, access: requires('sync.run'), writes: false }),
  'sync.conflicts': method({
    input: z.strictObject({ includeResolved: z.boolean().default(false) }),
    output: z.array(conflictView),
    access: requires('sync.run'),
    writes: false,
    poll: true,
  }),
  /** A person's decision on a conflict: itself a change, audited and synced. */
  'sync.resolve': method({
    input: z.strictObject({
      conflictId: z.string().min(1).max(64),
      choice: z.enum(['server', 'client', 'custom']),
      value: z.union([z.string().max(2000), z.number(), z.null()]).optional(),
    }),
    output: z.object({}),
    access: requires('sync.resolve'),
    writes: true,
  }),
  'sync.enrol': method({
    input: z.strictObject({
      serverUrl,
      code: z.string().trim().min(6, 'Kode pendaftaran terlalu pendek.').max(64),
      deviceName: z.string().trim().min(2, 'Nama perangkat minimal 2 huruf.').max(120),
      pin: z
        .string()
        .trim()
        .regex(/^([0-9A-Fa-f]{2}:?){32}$/, 'Sidik jari SHA-256 sertifikat: 64 angka heksadesimal.')
        .optional(),
    }),
    /** `area`: what the server will send this workstation, in words (see sync.status). */
    output: z.object({ deviceId: z.string(), area: z.string() }),
    access: requires('settings.manage'),
    writes: false,
  }),
  /**
   * The schedule, or the server's address (the CLI's `sync --server`): the next push sends
   * every pending change and the device's secret there, so only settings.manage may move it,
   * and the move is audited.
   */
  'sync.configure': method({
    input: z
      .strictObject({
        intervalMinutes: z
          .number()
          .int()
          .min(1, 'Minimal 1 menit.')
          .max(1440, 'Paling lama 1440 menit.')
          .optional(),
        serverUrl: serverUrl.optional(),
      })
      .refine(
        (v) => v.intervalMinutes !== undefined || v.serverUrl !== undefined,
        'Isi jadwal sinkronisasi atau alamat server yang akan diubah.',
      ),
    output: z.object({}),
    access: requires('settings.manage'),
    writes: true,
  }),
};
