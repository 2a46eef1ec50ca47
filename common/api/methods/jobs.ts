import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import { emptyInput, fileHandle, id } from '../fields.ts';

export const JOB_KINDS = [
  'backup',
  'audit.verify',
  'import.preview',
  'import.commit',
  'import.errors',
  'import.undo',
  'export',
  'duplicates.scan',
  'reports.model',
  'release.import',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobView = z.object({
  id,
  kind: z.enum(JOB_KINDS),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** 0..1 */
  fraction: z.number(),
  phase: z.string(),
  rowsDone: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional(),
});
export type JobView = z.infer<typeof jobView>;

export const chosenFile = z.object({ handle: fileHandle, name: z.string() }).nullable();

const purpose = z.enum(['backup', 'restore', 'import', 'export', 'report', 'errors']);

export const jobMethods = {
  /** Asks the host to show its save dialog; answers an opaque handle, or null when cancelled. */
  'files.chooseSave': method({
    input: z.strictObject({
      purpose,
      suggestedName: z
        .string()
        .trim()
        .min(1)
        .max(120)
        .regex(/^[^/\\]+$/, 'Nama berkas tidak boleh berisi / atau \\.'),
    }),
    output: chosenFile,
    access: SESSION,
    writes: false,
  }),
  'backup.start': method({
    input: z.strictObject({ target: fileHandle }),
    output: z.object({ jobId: id }),
    access: requires('backup.run'),
    writes: false,
  }),
  'jobs.list': method({ input: emptyInput, output: z.array(jobView), access: SESSION, writes: false }),
  'jobs.cancel': method({
    input: z.strictObject({ jobId: id }),
    output: z.object({}),
    access: SESSION,
    writes: false,
  }),
};
