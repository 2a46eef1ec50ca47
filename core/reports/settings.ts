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
 * per report the signatories and whether NIK/KK are masked. Kept in the settings table under
 * "reports" (audited like every setting). The logo's bytes live in meta "reports.logo" and only
 * its SHA-256 is in the setting, so the audit trail records which logo without copying it.
 */

const KEY = 'reports';
const LOGO_KEY = 'reports.logo';
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

function readStored(sql: Sql): Stored {
  const row = sql.first(qb.selectFrom('settings').select('value_json').where('key', '=', KEY));
  const stored = row ? (JSON.parse(row.value_json) as Partial<Stored>) : {};
  const reports = { ...DEFAULT_REPORT_SETTINGS.reports };
  for (const kind of REPORT_KINDS) if (stored.reports?.[kind]) reports[kind] = stored.reports[kind];
  return {
    kop: stored.kop ?? DEFAULT_REPORT_SETTINGS.kop,
    city: stored.city ?? DEFAULT_REPORT_SETTINGS.city,
    reports,
    logoSha256: stored.logoSha256 ?? null,
  };
}

function readLogo(sql: Sql, sha256: string | null): string | null {
  if (!sha256) return null;
  const row = sql.first(qb.selectFrom('meta').select('value').where('key', '=', LOGO_KEY));
  if (!row) return null;
  const logo = JSON.parse(row.value) as { mime: string; dataBase64: string };
  return `data:${logo.mime};base64,${logo.dataBase64}`;
}

export function readReportSettings(sql: Sql): ReportSettingsView {
  const stored = readStored(sql);
  return {
    kop: stored.kop,
    city: stored.city,
    reports: stored.reports,
    logo: readLogo(sql, stored.logoSha256),
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
  const before = readStored(sql);
  let logoSha256 = before.logoSha256;
  if (input.logo === null) logoSha256 = null;
  else if (input.logo) {
    const bytes = Buffer.from(input.logo.dataBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_LOGO_BYTES)
      throw new AppFailure('VALIDATION', 'Logo kosong atau terlalu besar (maksimal 300 KB).', {
        fields: [{ path: 'logo', message: 'Pilih gambar PNG atau JPG paling besar 300 KB.' }],
      });
    if (!SIGNATURES[input.logo.mime]?.(bytes))
      throw new AppFailure('VALIDATION', 'Isi berkas logo bukan gambar PNG/JPG.', {
        fields: [{ path: 'logo', message: 'Isi berkas tidak sesuai jenisnya.' }],
      });
    logoSha256 = createHash('sha256').update(bytes).digest('hex');
    const value = JSON.stringify({ mime: input.logo.mime, dataBase64: bytes.toString('base64') });
    // The bytes are not audited (the setting below records their hash); meta is not synced.
    sql.run(
      qb
        .insertInto('meta')
        .values({ key: LOGO_KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
  }
  const next: Stored = { kop: input.kop, city: input.city, reports: input.reports, logoSha256 };
  const valueJson = JSON.stringify(next);
  const exists = sql.first(qb.selectFrom('settings').select('key').where('key', '=', KEY));
  if (exists)
    changes.update(
      'settings',
      KEY,
      { value_json: valueJson, updated_at: changes.now, updated_by: changes.actorId },
      'reports.settings',
    );
  else
    changes.insert(
      'settings',
      { key: KEY, value_json: valueJson, updated_at: changes.now, updated_by: changes.actorId },
      'reports.settings',
    );
  return readReportSettings(sql);
}
