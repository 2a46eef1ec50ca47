import type { adminMethods } from '../../common/api/methods/admin.ts';
import { AppFailure } from '../../common/errors.ts';
import { requireGoodPassword } from '../auth/handlers.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { newId } from '../ids.ts';
import {
  assertAnotherAdminRemains,
  findUserByUsername,
  getUser,
  insertUser,
  listUsers,
  nextPasswordVersion,
  toUserView,
} from './users.ts';

type UserMethods = 'users.list' | 'users.create' | 'users.update' | 'users.setActive' | 'users.resetPassword';

export const userHandlers: HandlersFor<Extract<keyof typeof adminMethods, UserMethods>> = {
  'users.list': (_input, ctx) => {
    const locked = ctx.core.vault.lockedUserIds();
    return listUsers(ctx.db().sql).map((row) => toUserView(row, locked));
  },

  'users.create': async (input, ctx) => {
    const { core } = ctx;
    if (findUserByUsername(core.db.sql, input.username)) {
      throw new AppFailure('CONFLICT', `Nama pengguna "${input.username}" sudah dipakai. Pilih nama lain.`, {
        fields: [{ path: 'username', message: 'Sudah dipakai.' }],
      });
    }
    requireGoodPassword('temporaryPassword', input.temporaryPassword, input);
    const id = newId();
    // The slot is made first (the slow KDF stays outside the transaction) and removed if the row fails.
    await core.vault.setPassword({ userId: id, username: input.username }, input.temporaryPassword, core.key);
    try {
      const row = ctx.write((changes) => insertUser(changes, { id, ...input, mustChangePassword: true }));
      return toUserView(row, core.vault.lockedUserIds());
    } catch (error) {
      core.vault.removeUser(id);
      throw error;
    }
  },

  'users.update': (input, ctx) => {
    const sql = ctx.db().sql;
    const before = getUser(sql, input.id);
    if (input.role && input.role !== 'admin' && before.role === 'admin')
      assertAnotherAdminRemains(sql, before.id);
    ctx.write((changes) =>
      changes.update(
        'users',
        before.id,
        {
          full_name: input.fullName,
          role: input.role,
          area_json: input.area ? JSON.stringify(input.area) : undefined,
          updated_at: changes.now,
        },
        'users.update',
      ),
    );
    return toUserView(getUser(sql, before.id), ctx.core.vault.lockedUserIds());
  },

  /**
   * Disabling removes the account's key slot from keyslots.json and its .bak, so its password
   * opens neither any more. The database key stays: a copy of the slot file taken while the
   * account was active still opens the database, until an admin rotates the key (`keys rotate`).
   * Enabling again needs a new temporary password (users.resetPassword).
   */
  'users.setActive': (input, ctx) => {
    const { core } = ctx;
    const session = ctx.requireSession();
    const before = getUser(core.db.sql, input.id);
    if (!input.active) {
      if (before.id === session.userId)
        throw new AppFailure('CONFLICT', 'Anda tidak dapat menonaktifkan akun Anda sendiri.');
      if (before.role === 'admin') assertAnotherAdminRemains(core.db.sql, before.id);
    }
    ctx.write((changes) =>
      changes.update(
        'users',
        before.id,
        {
          active: input.active ? 1 : 0,
          must_change_password: input.active ? 1 : before.must_change_password,
          updated_at: changes.now,
        },
        input.active ? 'users.enable' : 'users.disable',
      ),
    );
    if (!input.active) {
      core.vault.removeUser(before.id);
      core.sessions.endForUser(before.id);
    }
    return toUserView(getUser(core.db.sql, before.id), core.vault.lockedUserIds());
  },

  'users.resetPassword': async (input, ctx) => {
    const { core } = ctx;
    const user = getUser(core.db.sql, input.id);
    if (user.active !== 1) throw new AppFailure('CONFLICT', 'Aktifkan akun ini terlebih dahulu.');
    requireGoodPassword('temporaryPassword', input.temporaryPassword, {
      username: user.username,
      fullName: user.full_name,
    });
    await core.vault.setPassword(
      { userId: user.id, username: user.username },
      input.temporaryPassword,
      core.key,
    );
    const version = ctx.write((changes) => {
      const password_version = nextPasswordVersion(changes.db, user.id);
      changes.update(
        'users',
        user.id,
        { must_change_password: 1, password_version, updated_at: changes.now },
        'users.reset_password',
      );
      changes.note('users.reset_password', 'users', user.id);
      return password_version;
    });
    // The account's sessions end with its old password; an admin resetting their own keeps this one.
    const own = ctx.requireSession();
    core.sessions.passwordChanged(user.id, version, own.userId === user.id ? own : undefined);
    return toUserView(getUser(core.db.sql, user.id), core.vault.lockedUserIds());
  },
};
