import { z } from 'zod';
import { method, requires } from '../define.ts';
import { cleanString, emptyInput, fileHandle, id, isoDate, regionCode } from '../fields.ts';

/**
 * DTKS/DTSEN releases (issue 15): each file the ministry sends is imported as a release and
 * reconciled with the registry. What differs is a list per category; the clerk accepts each
 * change (written to the registry and its desil/KK history, the release as its source) or
 * refuses it with a reason (the family goes to verification with that question).
 */
export const RELEASE_CATEGORIES = [
  'new',
  'gone',
  'desil_up',
  'desil_down',
  'name',
  'kk',
  'address',
  'died',
] as const;
export type ReleaseCategory = (typeof RELEASE_CATEGORIES)[number];

export const RELEASE_CATEGORY_LABELS: Record<ReleaseCategory, { title: string; accept: string }> = {
  new: { title: 'Baru di rilis', accept: 'Didaftarkan ke data keluarga (anggota baru atau keluarga baru).' },
  gone: {
    title: 'Tidak ada lagi di rilis',
    accept: 'Keluarga ditandai Non-DTKS; datanya tetap ada, kepesertaan tidak diubah.',
  },
  desil_up: { title: 'Desil naik', accept: 'Desil keluarga diganti; riwayat desil mencatat rilis ini.' },
  desil_down: { title: 'Desil turun', accept: 'Desil keluarga diganti; riwayat desil mencatat rilis ini.' },
  name: { title: 'Nama berubah', accept: 'Nama orang diganti sesuai rilis.' },
  kk: { title: 'No. KK berubah', accept: 'No. KK keluarga diganti; riwayat KK mencatat rilis ini.' },
  address: { title: 'Alamat berubah', accept: 'Alamat keluarga diganti sesuai rilis.' },
  died: {
    title: 'Meninggal menurut rilis',
    accept: 'Orang dicatat meninggal; kepesertaan pribadinya diakhiri.',
  },
};

export const releaseView = z.object({
  id,
  source: z.string(),
  releaseDate: z.string(),
  fileName: z.string(),
  rowCount: z.number().int(),
  createdAt: z.string(),
  open: z.number().int(),
  decided: z.number().int(),
});
export type ReleaseView = z.infer<typeof releaseView>;

export const releaseSummaryView = z.object({
  release: releaseView,
  categories: z.array(
    z.object({
      category: z.enum(RELEASE_CATEGORIES),
      total: z.number().int(),
      open: z.number().int(),
      accepted: z.number().int(),
      refused: z.number().int(),
      byDesa: z.array(
        z.object({ desaCode: z.string().nullable(), desaName: z.string(), count: z.number().int() }),
      ),
    }),
  ),
});
export type ReleaseSummaryView = z.infer<typeof releaseSummaryView>;

export const releaseItemView = z.object({
  id,
  category: z.enum(RELEASE_CATEGORIES),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  desaCode: z.string().nullable(),
  desaName: z.string(),
  subjectName: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  decision: z.enum(['diterima', 'ditolak']).nullable(),
  reason: z.string().nullable(),
  verificationId: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ReleaseItemView = z.infer<typeof releaseItemView>;

const reason = cleanString({ multiline: true })
  .min(5, 'Tuliskan alasannya (minimal 5 huruf).')
  .max(500, 'Paling banyak 500 karakter.');

export const releaseMethods = {
  /** Reads a DTKS/DTSEN file, matches its people and lists what differs from the registry. */
  'release.import': method({
    input: z.strictObject({
      file: fileHandle,
      source: cleanString().min(3, 'Tuliskan sumber rilis (misalnya "DTSEN Kemensos").').max(100),
      releaseDate: isoDate,
    }),
    output: z.object({
      releaseId: id,
      rows: z.number().int(),
      matched: z.number().int(),
      items: z.number().int(),
      skipped: z.array(z.object({ row: z.number().int(), message: z.string() })),
      skippedCount: z.number().int(),
    }),
    access: requires('import.run'),
    writes: true,
  }),
  'release.list': method({
    input: emptyInput,
    output: z.array(releaseView),
    access: requires('registry.read'),
    writes: false,
  }),
  /** Counts per category and per desa, in the caller's area. */
  'release.summary': method({
    input: z.strictObject({ releaseId: id }),
    output: releaseSummaryView,
    access: requires('registry.read'),
    writes: false,
  }),
  'release.items': method({
    input: z.strictObject({
      releaseId: id,
      category: z.enum(RELEASE_CATEGORIES),
      desaCode: regionCode.nullable().default(null),
      include: z.enum(['open', 'decided', 'all']).default('all'),
    }),
    output: z.object({ rows: z.array(releaseItemView), total: z.number().int(), truncated: z.boolean() }),
    access: requires('registry.read'),
    writes: false,
  }),
  /**
   * Accepts changes: the listed ones, or (without itemIds) every open one of the category in
   * the caller's area (and desa, when given). Each is written as the registry writes it.
   */
  'release.accept': method({
    input: z.strictObject({
      releaseId: id,
      category: z.enum(RELEASE_CATEGORIES),
      itemIds: z.array(id).max(5000).nullable().default(null),
      desaCode: regionCode.nullable().default(null),
    }),
    output: z.object({
      accepted: z.number().int(),
      failed: z.array(z.object({ id, subjectName: z.string(), message: z.string() })),
    }),
    access: requires('registry.write'),
    writes: true,
  }),
  /** Refuses one change with the reason; the family goes to verification with it. */
  'release.refuse': method({
    input: z.strictObject({ itemId: id, reason }),
    output: releaseItemView,
    access: requires('registry.write'),
    writes: true,
  }),
  /** The reconciliation lists as a workbook, one sheet per category (audited like every export). */
  'release.export': method({
    input: z.strictObject({ releaseId: id, target: fileHandle }),
    output: z.object({ rows: z.number().int() }),
    access: requires('export.run'),
    writes: true,
  }),
};
