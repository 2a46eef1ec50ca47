/**
 * Roles and what each may do. The API contract names one permission per method; this table is
 * the only place that says which role holds it.
 */
export const ROLES = ['admin', 'manager', 'officer', 'clerk', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Manajer',
  officer: 'Petugas',
  clerk: 'Operator Data',
  auditor: 'Auditor',
};

export const PERMISSIONS = [
  'users.manage',
  'settings.manage',
  'reference.manage',
  'keys.manage',
  'backup.run',
  'audit.read',
  'registry.read',
  'registry.write',
  /** Disability, health and bank data (UU PDP "data pribadi spesifik"). */
  'registry.readSpecific',
  'duplicates.review',
  'enrolment.write',
  'verification.write',
  'verification.approve',
  'disbursement.write',
  'disbursement.close',
  'cases.write',
  'complaints.write',
  'import.run',
  'export.run',
  'reports.read',
  'sync.run',
  'sync.resolve',
  /** Removes removed families' personal data after the retention period (UU PDP). */
  'retention.purge',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['registry.read', 'sync.run'];

/**
 * admin: users, settings, reference data (and reading, to support others); manager: reads
 * everything, approves, closes periods, reports; officer: casework in their area; clerk:
 * data entry, import and export; auditor: reads and the audit log, never specific data.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    ...READ,
    'users.manage',
    'settings.manage',
    'reference.manage',
    'keys.manage',
    'backup.run',
    'audit.read',
    'sync.resolve',
    'retention.purge',
  ]),
  manager: new Set<Permission>([
    ...READ,
    'registry.readSpecific',
    'audit.read',
    'backup.run',
    'verification.approve',
    'disbursement.close',
    'duplicates.review',
    'reports.read',
    'export.run',
    'sync.resolve',
  ]),
  officer: new Set<Permission>([
    ...READ,
    'registry.write',
    'registry.readSpecific',
    'duplicates.review',
    'enrolment.write',
    'verification.write',
    'disbursement.write',
    'cases.write',
    'complaints.write',
    'reports.read',
    'export.run',
    'sync.resolve',
  ]),
  clerk: new Set<Permission>([...READ, 'registry.write', 'complaints.write', 'import.run', 'export.run']),
  auditor: new Set<Permission>([...READ, 'audit.read', 'reports.read']),
};

/** For refusals: "Peran Anda tidak berwenang <label>". */
export const PERMISSION_LABELS: Record<Permission, string> = {
  'users.manage': 'mengelola pengguna',
  'settings.manage': 'mengubah pengaturan',
  'reference.manage': 'mengubah data rujukan',
  'keys.manage': 'mengelola kunci database',
  'backup.run': 'membuat cadangan',
  'audit.read': 'melihat log audit',
  'registry.read': 'melihat data keluarga',
  'registry.write': 'mengubah data keluarga',
  'registry.readSpecific': 'melihat data disabilitas, kesehatan dan rekening',
  'duplicates.review': 'memeriksa data ganda',
  'enrolment.write': 'mengubah kepesertaan program',
  'verification.write': 'melakukan verifikasi lapangan',
  'verification.approve': 'menyetujui hasil verifikasi',
  'disbursement.write': 'mengubah status penyaluran',
  'disbursement.close': 'menutup atau mengoreksi periode penyaluran',
  'cases.write': 'menangani kasus',
  'complaints.write': 'mencatat pengaduan',
  'import.run': 'mengimpor data',
  'export.run': 'mengekspor data',
  'reports.read': 'melihat laporan',
  'sync.run': 'menjalankan sinkronisasi',
  'sync.resolve': 'memutuskan konflik sinkronisasi',
  'retention.purge': 'menghapus data pribadi yang melewati masa retensi',
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** A user limited to some kecamatan/desa (Kemendagri codes); empty lists mean the whole city. */
export interface AreaScope {
  kecamatan: string[];
  desa: string[];
}

export const WHOLE_CITY: AreaScope = { kecamatan: [], desa: [] };
