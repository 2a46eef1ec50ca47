import type { UserView } from '../../common/api/methods/auth.ts';
import type { AreaScope, Role } from '../../common/auth/roles.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { UsersTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';

export function toUserView(row: UsersTable, lockedUserIds: ReadonlySet<string>): UserView {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    area: JSON.parse(row.area_json) as AreaScope,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    accountLocked: lockedUserIds.has(row.id),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export function findUserByUsername(sql: Sql, username: string): UsersTable | undefined {
  return sql.first(qb.selectFrom('users').selectAll().where('username', '=', username));
}

export function getUser(sql: Sql, id: string): UsersTable {
  const row = sql.first(qb.selectFrom('users').selectAll().where('id', '=', id));
  if (!row) throw notFound('Pengguna');
  return row;
}

export function listUsers(sql: Sql): UsersTable[] {
  return sql.all(qb.selectFrom('users').selectAll().orderBy('username'));
}

export interface NewUser {
  /** Given when a key slot was made for the id before the row exists. */
  id?: string;
  username: string;
  fullName: string;
  role: Role;
  area: AreaScope;
  mustChangePassword: boolean;
}

export function insertUser(changes: Changes, user: NewUser): UsersTable {
  if (findUserByUsername(changes.db, user.username)) {
    throw new AppFailure('CONFLICT', `Nama pengguna "${user.username}" sudah dipakai. Pilih nama lain.`, {
      fields: [{ path: 'username', message: 'Sudah dipakai.' }],
    });
  }
  const row: UsersTable = {
    id: user.id ?? newId(),
    username: user.username,
    full_name: user.fullName,
    role: user.role,
    area_json: JSON.stringify(user.area),
    active: 1,
    must_change_password: user.mustChangePassword ? 1 : 0,
    password_version: 0,
    created_at: changes.now,
    updated_at: changes.now,
    last_login_at: null,
  };
  changes.insert('users', row, 'users.create');
  return row;
}

/** The last active admin cannot be demoted or disabled: someone must be able to manage users. */
export function assertAnotherAdminRemains(sql: Sql, userId: string): void {
  const others = sql.first(
    qb
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .where('id', '!=', userId),
  );
  if (!others || others.n === 0) {
    throw new AppFailure(
      'CONFLICT',
      'Ini satu-satunya administrator aktif. Jadikan pengguna lain administrator terlebih dahulu.',
    );
  }
}

/**
 * The account's password_version once it has a new password (its own change, an admin's reset,
 * the recovery code; the CLI's too, from another process): written in the same update that
 * records the change, read inside that write. A session opened under an older version ends on
 * its next call (liveSession); Sessions.passwordChanged ends this process's at once.
 */
export function nextPasswordVersion(sql: Sql, userId: string): number {
  return getUser(sql, userId).password_version + 1;
}
