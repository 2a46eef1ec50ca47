import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import { emptyInput, fileHandle, regionCode } from '../fields.ts';

/** Printable reports and the indicators dashboard (core/reports). */
export const REPORT_KINDS = ['bulanan', 'bnba', 'rekap', 'verifikasi', 'pengaduan', 'data-saya'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LABELS: Record<ReportKind, string> = {
  bulanan: 'Laporan Bulanan Penyaluran',
  bnba: 'Daftar Nominatif (BNBA) dan BAST',
  rekap: 'Rekap Penerima per Program dan Desa',
  verifikasi: 'Laporan Verifikasi dan Validasi',
  pengaduan: 'Laporan Pengaduan',
  'data-saya': 'Data Saya (permintaan subjek data, UU PDP Pasal 32)',
};

/** A calendar month, "2026-03". */
export const reportPeriod = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Periode ditulis TTTT-BB, misalnya 2026-03.');

const programCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_]{2,30}$/, 'Kode program tidak dikenal (contoh: PKH, BPNT).');

/**
 * What a report is about. Which fields a report needs is checked in core (bnba: programCode;
 * data-saya: nik; the others: period), so one shape serves the app, the CLI and the tests.
 */
export const reportParams = z.strictObject({
  report: z.enum(REPORT_KINDS, 'Jenis laporan tidak dikenal.'),
  period: reportPeriod.optional(),
  programCode: programCode.optional(),
  desaCode: regionCode.optional(),
  nik: z
    .string()
    .trim()
    .regex(/^\d{16}$/, 'NIK terdiri dari 16 angka.')
    .optional(),
});
export type ReportParams = z.infer<typeof reportParams>;

export const frozenView = z.object({
  closedAt: z.string(),
  frozenAt: z.string(),
  code: z.string(),
  revision: z.number().int(),
});

export const reportPreview = z.object({
  title: z.string(),
  orientation: z.enum(['portrait', 'landscape']),
  /** The A4 layout's body (escaped HTML, no scripts) and its style sheet: the same as the PDF. */
  body: z.string(),
  css: z.string(),
  /** Suggested file name without extension. */
  fileStem: z.string(),
  frozen: frozenView.nullable(),
  provisional: z.boolean(),
  /** Things the reader should know that are not part of the document. */
  notices: z.array(z.string()),
  /** Long lists are cut in the preview; the PDF and the workbook hold every row. */
  truncated: z.object({ shown: z.number().int(), total: z.number().int() }).nullable(),
});
export type ReportPreview = z.infer<typeof reportPreview>;

// ---------------- settings ----------------
const line = (max: number) => z.string().trim().max(max);

export const signer = z.strictObject({
  /** "Mengetahui," or "Yang membuat laporan," (may be empty). */
  caption: line(60),
  /** Jabatan, e.g. "Kepala Dinas Sosial Kota Batu". */
  position: line(120),
  name: line(100),
  /** Pangkat (golongan), e.g. "Pembina Utama Muda (IV/c)". */
  rank: line(80),
  nip: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s/g, ''))
    .refine((v) => v === '' || /^\d{18}$/.test(v), 'NIP terdiri dari 18 angka.'),
});
export type SignerSetting = z.infer<typeof signer>;

export const reportSetting = z.strictObject({
  signers: z.array(signer).max(3, 'Paling banyak 3 penanda tangan.'),
  maskNik: z.boolean(),
});

export const kopSetting = z.strictObject({
  lines: z.array(line(120)).min(1).max(4, 'Paling banyak 4 baris kop.'),
  address: line(200),
  phone: line(60),
  email: line(100),
  website: line(100),
});

export const reportSettingsView = z.object({
  kop: kopSetting,
  /** The letterhead logo as a data: URL, or null. */
  logo: z.string().nullable(),
  /** Place on the date line: "Batu, 17 Agustus 2025". */
  city: z.string(),
  reports: z.record(z.enum(REPORT_KINDS), reportSetting),
});
export type ReportSettingsView = z.infer<typeof reportSettingsView>;

// ---------------- dashboard ----------------
export const dashboardFilters = {
  from: reportPeriod,
  to: reportPeriod,
  programCode: programCode.optional(),
  kecamatanCode: regionCode.optional(),
};

export const dashboardView = z.object({
  from: z.string(),
  to: z.string(),
  headline: z.object({
    households: z.number().int(),
    poorHouseholds: z.number().int(),
    recipients: z.number().int(),
    poorCovered: z.number().int(),
    coverage: z.number().nullable(),
    successRate: z.number().nullable(),
    nonCashShare: z.number().nullable(),
    /** "Tersalurkan tepat waktu": recipients of periods with a due date paid by that date. */
    onTimeRate: z.number().nullable(),
  }),
  onTime: z.object({
    recipients: z.number().int(),
    paidOnTime: z.number().int(),
    /** Periods in range without a due date: not counted in the share. */
    periodsWithoutDueDate: z.number().int(),
  }),
  coverage: z.array(
    z.object({
      desaCode: z.string(),
      desaName: z.string(),
      kecamatanName: z.string(),
      poor: z.number().int(),
      poorCovered: z.number().int(),
      recipients: z.number().int(),
      recipientsNotPoor: z.number().int(),
    }),
  ),
  monthly: z.array(
    z.object({
      period: z.string(),
      items: z.number().int(),
      paid: z.number().int(),
      amountAllocated: z.number().int(),
      amountPaid: z.number().int(),
    }),
  ),
  byProgramDesil: z.array(
    z.object({
      programCode: z.string(),
      programName: z.string(),
      /** Index 0..9 = desil 1..10, index 10 = no desil recorded. */
      desil: z.array(z.number().int()),
      total: z.number().int(),
    }),
  ),
  duplicates: z.object({
    open: z.number().int(),
    notDuplicate: z.number().int(),
    merged: z.number().int(),
    foundInRange: z.number().int(),
    resolvedInRange: z.number().int(),
  }),
  cases: z.object({
    open: z.number().int(),
    overdue: z.number().int(),
    openedInRange: z.number().int(),
    closedInRange: z.number().int(),
  }),
  complaints: z.object({
    received: z.number().int(),
    resolved: z.number().int(),
    open: z.number().int(),
    averageDays: z.number().nullable(),
    monthly: z.array(
      z.object({
        period: z.string(),
        received: z.number().int(),
        resolved: z.number().int(),
        averageDays: z.number().nullable(),
      }),
    ),
  }),
  channels: z.array(
    z.object({
      channel: z.string(),
      label: z.string(),
      paid: z.number().int(),
      amountPaid: z.number().int(),
    }),
  ),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const DRILL_KINDS = [
  'coverage.uncovered',
  'coverage.notPoor',
  'monthly.unpaid',
  'desil',
  'duplicates.open',
  'cases.open',
  'cases.overdue',
  'complaints.open',
  'channel',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export const drillView = z.object({
  title: z.string(),
  total: z.number().int(),
  rows: z.array(
    z.object({
      label: z.string(),
      detail: z.string(),
      /** Where the row is worked on in the app: "#/keluarga/<id>". */
      href: z.string(),
    }),
  ),
});
export type DrillView = z.infer<typeof drillView>;

export const reportMethods = {
  'reports.settings': method({
    input: emptyInput,
    output: reportSettingsView,
    access: SESSION,
    writes: false,
  }),
  /** Letterhead, signatories and masking; `logo` undefined keeps the stored one, null removes it. */
  'reports.saveSettings': method({
    input: z.strictObject({
      kop: kopSetting,
      city: line(60).min(2, 'Tulis nama kota untuk baris tanggal.'),
      reports: z.strictObject(
        Object.fromEntries(REPORT_KINDS.map((k) => [k, reportSetting])) as Record<
          ReportKind,
          typeof reportSetting
        >,
      ),
      logo: z
        .strictObject({
          mime: z.enum(['image/png', 'image/jpeg'], 'Logo harus gambar PNG atau JPG.'),
          dataBase64: z.string().max(400_000, 'Logo terlalu besar (maksimal 300 KB).'),
        })
        .nullable()
        .optional(),
    }),
    output: reportSettingsView,
    access: requires('settings.manage'),
    writes: true,
  }),
  /** The report as it will print; audited as a read (reports.view). Freezes a closed period's document. */
  'reports.preview': method({
    input: z.strictObject({ params: reportParams }),
    output: reportPreview,
    access: requires('reports.read'),
    writes: true,
  }),
  /** Saves the report as PDF or Excel to a file the user chose (files.chooseSave, purpose report). */
  'reports.save': method({
    input: z.strictObject({ params: reportParams, format: z.enum(['pdf', 'xlsx']), target: fileHandle }),
    output: z.object({
      fileName: z.string(),
      bytes: z.number().int(),
      format: z.enum(['pdf', 'xlsx']),
      code: z.string().nullable(),
    }),
    access: requires('reports.read'),
    writes: true,
  }),
  /** Records a print to paper from the preview (the printing itself happens in the window). */
  'reports.notePrint': method({
    input: z.strictObject({ params: reportParams }),
    output: z.object({}),
    access: requires('reports.read'),
    writes: true,
  }),
  /** Looks up a verification code printed on a closed period's report. */
  'reports.verify': method({
    input: z.strictObject({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z2-7]{5}-?[A-Z2-7]{5}$/, 'Kode verifikasi berbentuk XXXXX-XXXXX.'),
    }),
    output: z.object({
      found: z.boolean(),
      title: z.string().nullable(),
      closedAt: z.string().nullable(),
      frozenAt: z.string().nullable(),
      revision: z.number().int().nullable(),
      superseded: z.boolean(),
      /** The stored document still matches its hash (nobody edited it). */
      intact: z.boolean(),
    }),
    access: requires('reports.read'),
    writes: false,
  }),
  /** A closed period's report issued again from today's data (after a correction); new code. */
  'reports.reissue': method({
    input: z.strictObject({
      params: reportParams,
      reason: z.string().trim().min(5, 'Tuliskan alasan penerbitan ulang.').max(300),
    }),
    output: reportPreview,
    access: requires('disbursement.close'),
    writes: true,
  }),
  'dashboard.indicators': method({
    input: z.strictObject(dashboardFilters),
    output: dashboardView,
    access: requires('registry.read'),
    writes: false,
  }),
  /** The list behind a number on the dashboard. */
  'dashboard.drill': method({
    input: z.strictObject({
      ...dashboardFilters,
      kind: z.enum(DRILL_KINDS),
      key: z.string().trim().max(60).default(''),
    }),
    output: drillView,
    access: requires('registry.read'),
    writes: false,
  }),
};
