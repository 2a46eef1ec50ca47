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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['registry.read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    ...READ,
    'users.manage',
    'settings.manage',
    'reference.manage',
    'keys.manage',
    'backup.run',
    'audit.read',
  ]),
  manager: new Set<Permission>([...READ, 'audit.read', 'backup.run']),
  officer: new Set<Permission>([...READ, 'registry.write']),
  clerk: new Set<Permission>([...READ, 'registry.write']),
  auditor: new Set<Permission>([...READ, 'audit.read']),
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
