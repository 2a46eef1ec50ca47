import { z } from 'zod';
import { method, requires } from '../define.ts';
import { cleanString, emptyInput, id } from '../fields.ts';

/**
 * Leakage signals (issue 15): where aid can go astray. Each is a list of cases with the reason
 * in words; someone checks a case and writes what they found (audited). A checked case stays
 * closed until its facts change (another family on the same number, another amount).
 */
export const SIGNAL_KINDS = [
  'shared_number',
  'paid_ineligible',
  'excluded_programs',
  'person_two_households',
  'amount_mismatch',
  'release_inclusion',
  'release_exclusion',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_LABELS: Record<SignalKind, { title: string; explain: string }> = {
  shared_number: {
    title: 'Rekening, kartu KKS atau nomor HP dipakai beberapa keluarga',
    explain:
      'Satu nomor rekening, kartu KKS atau HP tercatat pada orang dari keluarga yang berbeda. Bantuan beberapa keluarga bisa masuk ke satu tangan.',
  },
  paid_ineligible: {
    title: 'Dibayar setelah meninggal, dikeluarkan atau nonaktif',
    explain:
      'Pembayaran yang tersalurkan (atau masih akan dibayar di periode yang dibuka) kepada orang yang sudah meninggal, keluarga yang sudah dihapus, atau kepesertaan yang sudah tidak aktif.',
  },
  excluded_programs: {
    title: 'Menerima program yang tidak boleh bersamaan',
    explain:
      'Keluarga aktif di dua program yang menurut aturan program (menu Program, "tidak boleh bersamaan") saling meniadakan.',
  },
  person_two_households: {
    title: 'Satu orang tercatat di dua keluarga',
    explain:
      'Kepesertaan atau pembayaran atas nama orang (NIK) yang sekarang menjadi anggota keluarga lain: bantuannya bisa dihitung dua kali.',
  },
  amount_mismatch: {
    title: 'Nominal berbeda dari hak keluarga',
    explain:
      'Nominal di daftar penyaluran tidak sama dengan hak keluarga menurut komponen program yang diikutinya untuk lama periode itu.',
  },
  release_inclusion: {
    title: 'Menerima program, tetapi tidak ada di rilis DTKS terbaru atau desilnya di atas batas',
    explain:
      'Keluarga aktif di program yang memakai DTKS (PKH, BPNT, PBI-JK, BLT Dana Desa), tetapi rilis DTKS/DTSEN terbaru tidak lagi memuatnya, atau memuatnya dengan desil di atas batas program (desil 4). Mungkin salah sasaran (inclusion error).',
  },
  release_exclusion: {
    title: 'Desil 1-4 di rilis DTKS terbaru, tetapi tidak menerima program apa pun',
    explain:
      'Keluarga terdaftar yang menurut rilis DTKS/DTSEN terbaru berada di desil 1-4, tetapi tidak diusulkan maupun aktif di program mana pun. Mungkin terlewat (exclusion error).',
  },
};

const family = z.object({
  householdId: id,
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  desaName: z.string(),
});

export const signalView = z.object({
  kind: z.enum(SIGNAL_KINDS),
  /** What was looked at; marking checked names it. */
  key: z.string(),
  /** The families concerned; the first is the one a row opens. */
  families: z.array(family),
  reason: z.string(),
  checked: z.object({ note: z.string(), by: z.string().nullable(), at: z.string() }).nullable(),
});
export type SignalView = z.infer<typeof signalView>;

export const signalSummaryView = z.array(
  z.object({ kind: z.enum(SIGNAL_KINDS), open: z.number().int(), checked: z.number().int() }),
);
export type SignalSummaryView = z.infer<typeof signalSummaryView>;

export const signalMethods = {
  /** Open and checked counts of every signal, in the caller's area. */
  'signals.summary': method({
    input: emptyInput,
    output: signalSummaryView,
    access: requires('reports.read'),
    writes: false,
  }),
  'signals.list': method({
    input: z.strictObject({
      kind: z.enum(SIGNAL_KINDS),
      include: z.enum(['open', 'checked', 'all']).default('open'),
    }),
    output: z.object({ rows: z.array(signalView), total: z.number().int(), truncated: z.boolean() }),
    access: requires('reports.read'),
    writes: false,
  }),
  /** Marks one case checked, with what was found. */
  'signals.check': method({
    input: z.strictObject({
      kind: z.enum(SIGNAL_KINDS),
      key: z.string().min(1).max(400),
      note: cleanString({ multiline: true })
        .min(5, 'Tuliskan hasil pemeriksaan (minimal 5 huruf).')
        .max(500, 'Paling banyak 500 karakter.'),
    }),
    output: signalView,
    access: requires('duplicates.review'),
    writes: true,
  }),
  /** Before a period is closed: its unchecked payments to people who died, left or are inactive. */
  'signals.periodWarnings': method({
    input: z.strictObject({ periodId: id }),
    output: z.array(signalView),
    access: requires('disbursement.close'),
    writes: false,
  }),
};
