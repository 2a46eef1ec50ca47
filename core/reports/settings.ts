import { createHash } from 'node:crypto';
import {
  REPORT_KINDS,
  type ReportKind,
  type ReportSettingsView,
  type SignerSetting,
} from '../../common/api/methods/reports.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';

/**
 * Report settings: letterhead (kop) lines, address and contacts, the city on the date line, and
 * per report the signatories and whether NIK/KK are masked, with the logo. The office's, not the
 * workstation's: one synced row (report_settings, id "office", 0017) whose fields merge one by
 * one between workstations. Audited like every change; the logo's bytes only by SHA-256.
 */

const ROW_ID = 'office';
const MAX_LOGO_BYTES = 300 * 1024;

interface Stored {
  kop: ReportSettingsView['kop'];
  city: string;
  reports: ReportSettingsView['reports'];
  logoSha256: string | null;
}

const signer = (caption: string, position: string): SignerSetting => ({
  caption,
  position,
  name: '',
  rank: '',
  nip: '',
});

const HEAD = 'Kepala Dinas Sosial Kota Batu';
const KABID = 'Kepala Bidang Perlindungan dan Jaminan Sosial';

export const DEFAULT_REPORT_SETTINGS: Omit<Stored, 'logoSha256'> = {
  kop: {
    lines: ['PEMERINTAH KOTA BATU', 'DINAS SOSIAL'],
    address: '',
    phone: '',
    email: '',
    website: '',
  },
  city: 'Batu',
  reports: {
    bulanan: {
      signers: [signer('Mengetahui,', HEAD), signer('Yang membuat laporan,', KABID)],
      maskNik: false,
    },
    bnba: { signers: [signer('PIHAK PERTAMA', KABID), signer('Mengetahui,', HEAD)], maskNik: true },
    rekap: { signers: [signer('', HEAD)], maskNik: false },
    verifikasi: { signers: [signer('Mengetahui,', HEAD), signer('', KABID)], maskNik: false },
    pengaduan: { signers: [signer('', HEAD)], maskNik: false },
    'data-saya': { signers: [signer('', 'Pejabat Pelindungan Data Pribadi')], maskNik: false },
  },
};

function readRow(sql: Sql) {
  return sql.first(qb.selectFrom('report_settings').selectAll().where('id', '=', ROW_ID));
}

/** The stored settings; a field never saved (null) is the default. */
function readStored(sql: Sql): Stored {
  const row = readRow(sql);
  const saved = row?.reports_json ? (JSON.parse(row.reports_json) as Partial<Stored['reports']>) : {};
  const reports = { ...DEFAULT_REPORT_SETTINGS.reports };
  for (const kind of REPORT_KINDS) if (saved[kind]) reports[kind] = saved[kind];
  const kop = DEFAULT_REPORT_SETTINGS.kop;
  return {
    kop: {
      lines: row?.kop_lines_json ? (JSON.parse(row.kop_lines_json) as string[]) : kop.lines,
      address: row?.kop_address ?? kop.address,
      phone: row?.kop_phone ?? kop.phone,
      email: row?.kop_email ?? kop.email,
      website: row?.kop_website ?? kop.website,
    },
    city: row?.city ?? DEFAULT_REPORT_SETTINGS.city,
    reports,
    logoSha256: row?.logo_sha256 ?? null,
  };
}

function readLogo(sql: Sql): string | null {
  const row = readRow(sql);
  if (!row?.logo_sha256 || !row.logo_json) return null;
  const logo = JSON.parse(row.logo_json) as { mime: string; dataBase64: string };
  return `data:${logo.mime};base64,${logo.dataBase64}`;
}

export function readReportSettings(sql: Sql): ReportSettingsView {
  const stored = readStored(sql);
  return {
    kop: stored.kop,
    city: stored.city,
    reports: stored.reports,
    logo: readLogo(sql),
  };
}

export function reportSetting(sql: Sql, kind: ReportKind) {
  return readStored(sql).reports[kind];
}

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

export function saveReportSettings(
  changes: Changes,
  input: {
    kop: ReportSettingsView['kop'];
    city: string;
    reports: ReportSettingsView['reports'];
    logo?: { mime: 'image/png' | 'image/jpeg'; dataBase64: string } | null | undefined;
  },
): ReportSettingsView {
  const sql = changes.db;
  const before = readRow(sql);
  let logo = { logo_sha256: before?.logo_sha256 ?? null, logo_json: before?.logo_json ?? null };
  if (input.logo === null) logo = { logo_sha256: null, logo_json: null };
  else if (input.logo) logo = checkedLogo(input.logo);
  const fields = {
    kop_lines_json: JSON.stringify(input.kop.lines),
    kop_address: input.kop.address,
    kop_phone: input.kop.phone,
    kop_email: input.kop.email,
    kop_website: input.kop.website,
    city: input.city,
    reports_json: JSON.stringify(input.reports),
    ...logo,
  };
  if (before) changes.update('report_settings', ROW_ID, fields, 'reports.settings');
  // Versioned: insert adds version and timestamps itself.
  else changes.insert('report_settings', { id: ROW_ID, ...fields } as never, 'reports.settings');
  return readReportSettings(sql);
}

function checkedLogo(logo: { mime: 'image/png' | 'image/jpeg'; dataBase64: string }) {
  const bytes = Buffer.from(logo.dataBase64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_LOGO_BYTES)
    throw new AppFailure('VALIDATION', 'Logo kosong atau terlalu besar (maksimal 300 KB).', {
      fields: [{ path: 'logo', message: 'Pilih gambar PNG atau JPG paling besar 300 KB.' }],
    });
  if (!SIGNATURES[logo.mime]?.(bytes))
    throw new AppFailure('VALIDATION', 'Isi berkas logo bukan gambar PNG/JPG.', {
      fields: [{ path: 'logo', message: 'Isi berkas tidak sesuai jenisnya.' }],
    });
  return {
    logo_sha256: createHash('sha256').update(bytes).digest('hex'),
    logo_json: JSON.stringify({ mime: logo.mime, dataBase64: bytes.toString('base64') }),
  };
}
