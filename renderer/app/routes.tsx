import type { ReactNode } from 'react';
import type { Permission } from '../../common/auth/roles.ts';
import type { Dictionary } from '../i18n/id.ts';
import { AccountPage } from '../features/auth/AccountPage.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { SyncPage } from '../features/sync/SyncPage.tsx';
import { RegistryPage } from '../features/registry/RegistryPage.tsx';
import { ProgramsPage } from '../features/programs/ProgramsPage.tsx';
import { VerificationPage } from '../features/verification/VerificationPage.tsx';
import { DisbursementPage } from '../features/disbursement/DisbursementPage.tsx';
import { CasesPage } from '../features/cases/CasesPage.tsx';
import { ReportsPage } from '../features/reports/ReportsPage.tsx';
import { ImportExportPage } from '../features/importExport/ImportExportPage.tsx';
import { SignalsPage } from '../features/signals/SignalsPage.tsx';
import { ReleasePage } from '../features/release/ReleasePage.tsx';

export interface Route {
  path: string;
  label: (t: Dictionary) => string;
  /** Without it, every logged-in user may open the page. */
  permission?: Permission;
  section: 'work' | 'admin';
  render: (t: Dictionary) => ReactNode;
}

export const ROUTES: Route[] = [
  { path: '/beranda', label: (t) => t.nav.home, section: 'work', render: () => <HomePage /> },
  {
    path: '/keluarga',
    label: (t) => t.nav.registry,
    permission: 'registry.read',
    section: 'work',
    render: () => <RegistryPage />,
  },
  {
    path: '/program',
    label: (t) => t.nav.programs,
    permission: 'registry.read',
    section: 'work',
    render: () => <ProgramsPage />,
  },
  {
    path: '/verifikasi',
    label: (t) => t.nav.verification,
    permission: 'registry.read',
    section: 'work',
    render: () => <VerificationPage />,
  },
  {
    path: '/penyaluran',
    label: (t) => t.nav.disbursement,
    permission: 'registry.read',
    section: 'work',
    render: () => <DisbursementPage />,
  },
  {
    path: '/kasus',
    label: (t) => t.nav.cases,
    permission: 'registry.read',
    section: 'work',
    render: () => <CasesPage />,
  },
  {
    path: '/impor-ekspor',
    label: (t) => t.nav.importExport,
    permission: 'export.run',
    section: 'work',
    render: () => <ImportExportPage />,
  },
  {
    path: '/laporan',
    label: (t) => t.nav.reports,
    permission: 'registry.read',
    section: 'work',
    render: () => <ReportsPage />,
  },
  {
    path: '/sinyal',
    label: (t) => t.nav.signals,
    permission: 'reports.read',
    section: 'work',
    render: () => <SignalsPage />,
  },
  {
    path: '/rilis',
    label: (t) => t.nav.release,
    permission: 'registry.read',
    section: 'work',
    render: () => <ReleasePage />,
  },
  {
    path: '/sinkronisasi',
    label: (t) => t.nav.sync,
    permission: 'sync.run',
    section: 'work',
    render: () => <SyncPage />,
  },
  {
    path: '/pengguna',
    label: (t) => t.nav.users,
    permission: 'users.manage',
    section: 'admin',
    render: () => <UsersPage />,
  },
  {
    path: '/audit',
    label: (t) => t.nav.audit,
    permission: 'audit.read',
    section: 'admin',
    render: () => <AuditPage />,
  },
  { path: '/pengaturan', label: (t) => t.nav.settings, section: 'admin', render: () => <SettingsPage /> },
  { path: '/akun', label: (t) => t.nav.account, section: 'admin', render: () => <AccountPage /> },
];
