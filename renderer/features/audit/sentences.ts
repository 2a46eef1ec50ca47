import type { AuditEntryView } from '../../../common/api/methods/admin.ts';
import { REPORT_LABELS } from '../../../common/api/methods/reports.ts';
import { ROLE_LABELS, type Role } from '../../../common/auth/roles.ts';
import { ACTION_LABELS, COLUMN_LABELS } from '../../../common/domain/auditLabels.ts';
import { EXPORT_KIND_LABELS } from '../../../common/domain/exportKinds.ts';
import {
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_STATUS_LABELS,
  ENROLMENT_STATUS_LABELS,
  OUTCOME_LABELS,
  PAYMENT_STATUS_LABELS,
  PERSON_STATUS_LABELS,
  VERIFICATION_SOURCE_LABELS,
  VERIFICATION_STATUS_LABELS,
} from '../../../common/domain/registry.ts';
import { formatDateId, formatDateTimeId, formatRupiah } from '../../../common/format.ts';

/**
 * An audit entry as a person reads it: the action in words, then one sentence per changed field
 * with labels in Indonesian and values as the screens show them (programme and desa names,
 * code-list words, rupiah, dates in WIB). The stored entry keeps its codes and the hash chain is
 * computed over it; this is only the view. Values the core hid (specific data) stay hidden.
 */

/** What the page knows to turn identifiers into names. Each answers null when it does not know. */
export interface AuditWords {
  programName: (id: string) => string | null;
  desaName: (code: string) => string | null;
  refLabel: (kind: string, code: string) => string | null;
}

export interface AuditReading {
  /** "Data keluarga diubah" */
  action: string;
  /** "keluarga", "anggota keluarga" … */
  subject: string;
  /** One sentence per field: "Desil diubah dari 3 menjadi 2". */
  details: string[];
  /** Where the data lives in the app, when it has a page. */
  link: { href: string; label: string } | null;
}

const NOUNS: Record<string, string> = {
  households: 'keluarga',
  people: 'anggota keluarga',
  household_kk_history: 'riwayat No. KK',
  household_desil_history: 'riwayat desil',
  enrolments: 'kepesertaan program',
  programs: 'program',
  program_components: 'komponen program',
  ref_values: 'data rujukan',
  verifications: 'verifikasi',
  attachments: 'lampiran',
  disbursement_periods: 'periode penyaluran',
  disbursement_items: 'penyaluran',
  disbursement_corrections: 'koreksi penyaluran',
  operations: 'perubahan massal',
  cases: 'kasus',
  case_events: 'catatan kasus',
  referrals: 'rujukan',
  complaints: 'pengaduan',
  duplicate_candidates: 'data ganda',
  users: 'pengguna',
  settings: 'pengaturan',
  regions: 'wilayah',
  database: 'database',
  reports: 'laporan',
  report_snapshots: 'laporan beku',
  import: 'impor',
  import_batches: 'impor',
  import_mappings: 'templat impor',
  export: 'ekspor',
  sync: 'sinkronisasi',
};

/** Words for the fields COLUMN_LABELS does not hold: accounts, settings, and notes' details. */
const MORE_LABELS: Record<string, string> = {
  username: 'nama pengguna',
  full_name: 'nama lengkap',
  role: 'peran',
  area_json: 'wilayah kerja',
  must_change_password: 'wajib ganti kata sandi',
  password_version: 'penggantian kata sandi ke-',
  last_login_at: 'terakhir masuk',
  key: 'pengaturan',
  value_json: 'nilai',
  updated_by: 'diubah oleh',
  office_name: 'nama kantor',
  file: 'nama berkas',
  bytes: 'ukuran berkas',
  rows: 'jumlah baris',
  format: 'format berkas',
  mask_nik: 'NIK disamarkan',
  filters: 'saringan',
  params: 'rincian laporan',
  report: 'laporan',
  specific: 'termasuk data spesifik',
  interval_minutes: 'selang sinkronisasi (menit)',
  field: 'isian',
  choice: 'pilihan',
  members: 'anggota',
  kecamatan: 'kecamatan',
  desa: 'desa/kelurahan',
  month: 'bulan',
};

/** Bookkeeping every row carries: not what a person changed. */
const SKIPPED = new Set(['id', 'version', 'created_at', 'updated_at', 'name_key', 'conflict_id']);

const MONEY = new Set(['amount', 'monthly_income']);
const YES_NO = new Set([
  'synthetic',
  'active',
  'anonymous',
  'desa_only',
  'must_change_password',
  'mask_nik',
  'specific',
]);
/** Fields whose codes are words in the reference lists (Data Rujukan). */
const REFERENCE_FIELDS = new Set([
  'relationship',
  'education',
  'occupation',
  'marital_status',
  'disability',
  'chronic_illness',
  'house_ownership',
  'floor_type',
  'wall_type',
  'roof_type',
  'water_source',
  'lighting',
  'toilet',
]);

const STATUS_BY_ENTITY: Record<string, Record<string, string>> = {
  households: { aktif: 'Aktif', nonaktif: 'Tidak aktif' },
  people: PERSON_STATUS_LABELS,
  enrolments: ENROLMENT_STATUS_LABELS,
  verifications: VERIFICATION_STATUS_LABELS,
  disbursement_items: PAYMENT_STATUS_LABELS,
  cases: CASE_STATUS_LABELS,
  complaints: COMPLAINT_STATUS_LABELS,
  disbursement_periods: { dibuka: 'Dibuka', ditutup: 'Ditutup' },
  referrals: { dikirim: 'Dikirim', diterima: 'Diterima', selesai: 'Selesai', ditolak: 'Ditolak' },
  duplicate_candidates: {
    terbuka: 'Menunggu keputusan',
    bukan_duplikat: 'Bukan data ganda',
    digabung: 'Digabung',
  },
  import_batches: { committed: 'Tersimpan', undone: 'Dibatalkan' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A field in words; a name this version does not know reads as words too, never as a code. */
export function fieldLabel(key: string): string {
  const name = snake(key);
  return COLUMN_LABELS[name] ?? MORE_LABELS[name] ?? name.replace(/_json$/, '').replace(/_/g, ' ');
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A stored value as the screens show it; null for an identifier (it means nothing to a reader). */
export function formatValue(key: string, value: unknown, entity: string, words: AuditWords): string | null {
  const field = snake(key);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean' || (YES_NO.has(field) && (value === 0 || value === 1)))
    return value ? 'ya' : 'tidak';
  if (typeof value === 'number') return MONEY.has(field) ? formatRupiah(value) : String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => formatValue(key, v, entity, words)).filter((v) => v !== null);
    return items.length ? items.join(', ') : '—';
  }
  if (typeof value === 'object') return nested(value as Record<string, unknown>, entity, words);
  const text = String(value);
  if (text.startsWith('sha256:')) return 'disimpan sebagai sidik (isinya tidak dicatat di sini)';
  if (field === 'program_id') return words.programName(text);
  if (UUID.test(text)) return null;
  if (field === 'desa_code' || field === 'desa') return words.desaName(text) ?? text;
  if (field === 'kecamatan') return words.desaName(text) ?? text;
  if (field === 'role') return ROLE_LABELS[text as Role] ?? text;
  if (field === 'sex') return text === 'L' ? 'Laki-laki' : text === 'P' ? 'Perempuan' : text;
  if (field === 'status') return STATUS_BY_ENTITY[entity]?.[text] ?? text;
  if (field === 'source' && entity === 'verifications')
    return VERIFICATION_SOURCE_LABELS[text as keyof typeof VERIFICATION_SOURCE_LABELS] ?? text;
  if (field === 'outcome') return OUTCOME_LABELS[text as keyof typeof OUTCOME_LABELS] ?? text;
  if (field === 'channel' || field === 'default_channel')
    return (
      CHANNEL_LABELS[text as keyof typeof CHANNEL_LABELS] ??
      COMPLAINT_CHANNEL_LABELS[text as keyof typeof COMPLAINT_CHANNEL_LABELS] ??
      text
    );
  if (field === 'type' && entity === 'cases')
    return CASE_TYPE_LABELS[text as keyof typeof CASE_TYPE_LABELS] ?? text;
  if (field === 'kind' && entity === 'complaints')
    return COMPLAINT_KIND_LABELS[text as keyof typeof COMPLAINT_KIND_LABELS] ?? text;
  if (field === 'kind' && entity === 'export')
    return EXPORT_KIND_LABELS[text as keyof typeof EXPORT_KIND_LABELS] ?? text;
  if (field === 'report') return REPORT_LABELS[text as keyof typeof REPORT_LABELS] ?? text;
  if (field === 'approval') return text === 'disetujui' ? 'Disetujui' : 'Dikembalikan untuk diperbaiki';
  if (REFERENCE_FIELDS.has(field)) return words.refLabel(field, text) ?? text;
  if (DATE.test(text)) return formatDateId(text);
  if (DATE_TIME.test(text)) return formatDateTimeId(text);
  if (field === 'area_json') return areaWords(text, words);
  if (field === 'enrolment_changes') return enrolmentChangeWords(text);
  if (field.endsWith('_json') && /^[[{]/.test(text)) {
    try {
      return formatValue(key, JSON.parse(text) as unknown, entity, words);
    } catch {
      return text;
    }
  }
  return text;
}

/** The programmes an approved verification changed: how many (each has its own entry). */
function enrolmentChangeWords(json: string): string {
  try {
    const count = (JSON.parse(json) as unknown[]).length;
    return count ? `${count} kepesertaan program` : 'tidak ada';
  } catch {
    return json;
  }
}

/** A user's area: the whole city, or the kecamatan and desa by name. */
function areaWords(json: string, words: AuditWords): string {
  try {
    const area = JSON.parse(json) as { kecamatan?: string[]; desa?: string[] };
    const codes = [...(area.kecamatan ?? []), ...(area.desa ?? [])];
    return codes.length ? codes.map((c) => words.desaName(c) ?? c).join(', ') : 'seluruh kota';
  } catch {
    return json;
  }
}

/** An object's fields as "label: value", identifiers and empty fields left out. */
function nested(value: Record<string, unknown>, entity: string, words: AuditWords): string {
  const parts = Object.entries(value)
    .filter(([k]) => !SKIPPED.has(snake(k)))
    .map(([k, v]) => [k, formatValue(k, v, entity, words)] as const)
    .filter(([, v]) => v !== null && v !== '—')
    .map(([k, v]) => `${fieldLabel(k)}: ${v}`);
  return parts.length ? parts.join('; ') : '—';
}

const isChange = (value: unknown): value is { old: unknown; new: unknown } =>
  !!value && typeof value === 'object' && !Array.isArray(value) && 'old' in value && 'new' in value;

const empty = (value: unknown) =>
  value === null || value === undefined || value === '' || value === '[]' || value === '{}';

/** One field's change as a sentence, or null when there is nothing a person would read. */
function sentence(key: string, value: unknown, entity: string, words: AuditWords): string | null {
  if (SKIPPED.has(snake(key))) return null;
  const label = fieldLabel(key);
  if (!isChange(value)) {
    if (empty(value)) return null;
    const shown = formatValue(key, value, entity, words);
    return shown === null ? null : `${capital(label)}: ${shown}`;
  }
  if (empty(value.old) && empty(value.new)) return null;
  const before = formatValue(key, value.old, entity, words);
  const after = formatValue(key, value.new, entity, words);
  // An identifier (a person, a user) changed: say that it did, not which code it holds.
  if (before === null || after === null)
    return `${capital(label)} ${empty(value.new) ? 'dikosongkan' : empty(value.old) ? 'ditetapkan' : 'diganti'}`;
  if (empty(value.old)) return `${capital(label)}: ${after}`;
  if (empty(value.new)) return `${capital(label)} dikosongkan (sebelumnya ${before})`;
  return `${capital(label)} diubah dari ${before} menjadi ${after}`;
}

const PAGES: Record<string, (id: string) => string> = {
  households: (id) => `#/keluarga/${id}`,
  verifications: (id) => `#/verifikasi/${id}`,
  cases: (id) => `#/kasus/${id}`,
  complaints: (id) => `#/kasus/pengaduan/${id}`,
  disbursement_periods: (id) => `#/penyaluran/${id}`,
};

export function readEntry(entry: AuditEntryView, words: AuditWords): AuditReading {
  const subject = NOUNS[entry.entity] ?? fieldLabel(entry.entity);
  const page = entry.entityId ? PAGES[entry.entity] : undefined;
  return {
    action:
      ACTION_LABELS[entry.action] ??
      `${capital(subject)}: ${fieldLabel(entry.action.split('.').pop() ?? '')}`,
    subject,
    details: Object.entries(entry.changes)
      .map(([key, value]) => sentence(key, value, entry.entity, words))
      .filter((line): line is string => line !== null),
    link: page && entry.entityId ? { href: page(entry.entityId), label: `Buka ${subject}` } : null,
  };
}

/** The action filter: words, grouped by area; each choice is one stored action. */
export const ACTION_GROUPS: { label: string; actions: { code: string; label: string }[] }[] = [
  ['Keluarga dan anggota', ['households.', 'people.', 'duplicates.', 'attachments.']],
  ['Program dan verifikasi', ['enrolments.', 'verification.', 'reference.']],
  ['Penyaluran dan sinyal kebocoran', ['disbursement.', 'operations.', 'signals.']],
  ['Kasus dan pengaduan', ['cases.', 'complaints.']],
  ['Impor, ekspor dan laporan', ['import.', 'export.', 'reports.', 'release.']],
  [
    'Akun, pengaturan dan database',
    ['users.', 'auth.', 'settings.', 'setup.', 'keys.', 'backup.', 'regions.', 'demo.', 'retention.'],
  ],
  ['Sinkronisasi', ['sync.']],
].map(([label, prefixes]) => ({
  label: label as string,
  actions: Object.entries(ACTION_LABELS)
    .filter(([code]) => (prefixes as string[]).some((p) => code.startsWith(p)))
    .map(([code, words]) => ({ code, label: words })),
}));
