import type { Role } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import type { BansosCore } from '../app.ts';
import { findUserByUsername } from '../users/users.ts';
import { generateDemo, type DemoSummary } from './demo.ts';

/** Every demo account shares this password; the data is synthetic, the README prints it. */
export const DEMO_PASSWORD = 'demo bansos desk kota batu';

export const DEMO_STAFF: { username: string; fullName: string; role: Role }[] = [
  { username: 'petugas.demo', fullName: 'Rina Petugas (demo)', role: 'officer' },
  { username: 'manajer.demo', fullName: 'Hadi Manajer (demo)', role: 'manager' },
  { username: 'operator.demo', fullName: 'Tono Operator (demo)', role: 'clerk' },
  { username: 'auditor.demo', fullName: 'Sari Auditor (demo)', role: 'auditor' },
];

type Call = (method: string, input: unknown) => Promise<unknown>;

/**
 * Creates the demo staff (through the same API as the app, so it is validated and audited),
 * ready to log in without the first-login password change, then fills the database.
 */
export async function fillDemo(
  core: BansosCore,
  call: Call,
  households: number,
  onProgress?: (done: number, total: number, phase: string) => void,
): Promise<DemoSummary> {
  const ids: Record<string, string> = {};
  for (const staff of DEMO_STAFF) {
    let user = findUserByUsername(core.db.sql, staff.username);
    if (!user) {
      await call('users.create', {
        ...staff,
        area: { kecamatan: [], desa: [] },
        temporaryPassword: DEMO_PASSWORD,
      });
      user = findUserByUsername(core.db.sql, staff.username);
      if (!user) throw new AppFailure('INTERNAL', `Akun demo ${staff.username} tidak terbuat.`);
      core.db.write({ userId: null, username: 'demo' }, (changes) =>
        changes.update(
          'users',
          user!.id,
          { must_change_password: 0, updated_at: changes.now },
          'demo.staff_ready',
        ),
      );
    }
    ids[staff.role] = user.id;
  }
  return generateDemo(
    core.db,
    core.dir.root,
    { officerId: ids.officer!, managerId: ids.manager! },
    { households, ...(onProgress ? { onProgress } : {}) },
  );
}
