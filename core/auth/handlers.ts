import type { authMethods } from '../../common/api/methods/auth.ts';
import { checkPassword } from '../../common/auth/passwordPolicy.ts';
import { WHOLE_CITY } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import { rmSync } from 'node:fs';
import { Database } from '../db/database.ts';
import type { HandlerContext, HandlersFor } from '../dispatch/handler.ts';
import { newId } from '../ids.ts';
import { defaultRegions, replaceRegions } from '../regions/regions.ts';
import { updateSettings } from '../settings/settings.ts';
import { findUserByUsername, insertUser, nextPasswordVersion } from '../users/users.ts';
import { APP_VERSION } from '../version.ts';
import type { UsersTable } from '../../db/schema.ts';
import { keyId } from '../../db/keySlots.ts';

/** The password rule, as a validation error on the named field. */
export function requireGoodPassword(
  field: string,
  password: string,
  context: { username?: string; fullName?: string },
): void {
  const verdict = checkPassword(password, context);
  if (!verdict.ok)
    throw new AppFailure('VALIDATION', verdict.message, {
      fields: [{ path: field, message: verdict.message }],
    });
}

function startSession(ctx: HandlerContext, user: UsersTable) {
  // A second login from the same browser replaces its session rather than leaving it running.
  if (ctx.session) ctx.core.sessions.end(ctx.session.token);
  const session = ctx.core.sessions.create(
    {
      userId: user.id,
      username: user.username,
      role: user.role,
      area: JSON.parse(user.area_json),
      mustChangePassword: user.must_change_password === 1,
      passwordVersion: user.password_version,
    },
    ctx.now().getTime(),
  );
  ctx.setSession(session);
  return ctx.core.sessionView(session);
}

export const authHandlers: HandlersFor<keyof typeof authMethods> = {
  'setup.status': (_input, ctx) => ({
    initialized: ctx.core.vault.initialized,
    appVersion: APP_VERSION,
    demo: ctx.core.isDemo,
  }),

  'setup.init': async (input, ctx) => {
    const { core } = ctx;
    if (core.vault.initialized)
      throw new AppFailure('ALREADY_SETUP', 'Aplikasi ini sudah disiapkan. Silakan masuk.');
    requireGoodPassword('password', input.password, input);
    const userId = newId();
    const { key, recoveryCode } = await core.vault.create({
      userId,
      username: input.username,
      password: input.password,
    });
    let db: Database | null = null;
    try {
      db = await Database.open(core.dir.dbPath, key, { create: true, clock: core.clock });
      const actor = { userId, username: input.username };
      const admin = db.write(actor, (changes) => {
        const row = insertUser(changes, {
          id: userId,
          ...input,
          role: 'admin',
          area: WHOLE_CITY,
          mustChangePassword: false,
        });
        changes.update('users', userId, { last_login_at: changes.now }, 'setup.init');
        updateSettings(changes, { officeName: input.officeName }, userId);
        replaceRegions(changes, defaultRegions());
        changes.note('setup.init', 'database', null, { officeName: input.officeName });
        return row;
      });
      core.attach(db, key);
      const view = startSession(ctx, admin);
      return { recoveryCode, session: view };
    } catch (error) {
      // Never leave a half-made data folder that looks set up.
      db?.close();
      for (const path of [
        core.dir.slotsPath,
        core.dir.dbPath,
        `${core.dir.dbPath}-wal`,
        `${core.dir.dbPath}-shm`,
      ])
        rmSync(path, { force: true });
      throw error;
    }
  },

  'auth.login': async (input, ctx) => {
    const { core } = ctx;
    if (!core.vault.initialized)
      throw new AppFailure('NOT_SETUP', 'Aplikasi belum disiapkan. Jalankan penyiapan awal.');
    const unlocked = await core.vault.unlock(input.username, input.password);
    if (!core.isOpen) {
      const { db, key } = await core.vault.openDatabase(unlocked, core.clock);
      core.attach(db, key);
    } else if (
      keyId(unlocked.dbKey) !== keyId(core.key) &&
      !(unlocked.nextDbKey && keyId(unlocked.nextDbKey) === keyId(core.key))
    ) {
      throw new AppFailure(
        'DB_DAMAGED',
        'Kunci akun ini tidak cocok dengan database yang terbuka. Hubungi administrator.',
      );
    }
    const owner = unlocked.slot.owner;
    const user = findUserByUsername(core.db.sql, input.username);
    if (!user || owner.kind !== 'user' || owner.userId !== user.id) {
      core.closeIfUnused();
      throw new AppFailure(
        'WRONG_CREDENTIALS',
        'Nama pengguna atau kata sandi salah. Periksa tombol Caps Lock lalu coba lagi.',
      );
    }
    if (user.active !== 1) {
      core.closeIfUnused();
      throw new AppFailure('FORBIDDEN', 'Akun Anda dinonaktifkan. Hubungi administrator.');
    }
    ctx.write(
      (changes) => {
        changes.update('users', user.id, { last_login_at: changes.now }, 'auth.login');
        changes.note('auth.login', 'users', user.id);
      },
      { userId: user.id, username: user.username },
    );
    return startSession(ctx, user);
  },

  'auth.recover': async (input, ctx) => {
    const { core } = ctx;
    const unlocked = await core.vault.unlockWithRecoveryCode(input.recoveryCode);
    if (!core.isOpen) {
      const { db, key } = await core.vault.openDatabase(unlocked, core.clock);
      core.attach(db, key);
    }
    const user = findUserByUsername(core.db.sql, input.username);
    if (!user || user.role !== 'admin') {
      core.closeIfUnused();
      throw new AppFailure(
        'VALIDATION',
        'Kode pemulihan hanya dapat mengatur ulang kata sandi akun administrator. Periksa nama pengguna.',
        {
          fields: [{ path: 'username', message: 'Bukan akun administrator.' }],
        },
      );
    }
    requireGoodPassword('newPassword', input.newPassword, {
      username: user.username,
      fullName: user.full_name,
    });
    await core.vault.setPassword({ userId: user.id, username: user.username }, input.newPassword, core.key);
    const updated = ctx.write(
      (changes) => {
        const password_version = nextPasswordVersion(changes.db, user.id);
        changes.update(
          'users',
          user.id,
          {
            active: 1,
            must_change_password: 0,
            password_version,
            updated_at: changes.now,
            last_login_at: changes.now,
          },
          'auth.recover',
        );
        changes.note('auth.recover', 'users', user.id);
        return { ...user, active: 1, must_change_password: 0, password_version };
      },
      { userId: user.id, username: user.username },
    );
    // Whoever was logged in as this admin (perhaps with the password that was forgotten or stolen) is out.
    core.sessions.passwordChanged(user.id, updated.password_version);
    return startSession(ctx, updated);
  },

  'auth.me': (_input, ctx) => ctx.core.sessionView(ctx.requireSession()),

  'auth.logout': (_input, ctx) => {
    ctx.setSession(null);
    ctx.core.closeIfUnused();
    return {};
  },

  'auth.lock': (_input, ctx) => {
    ctx.core.lock(ctx.requireSession(), 'manual');
    return {};
  },

  'auth.unlock': async (input, ctx) => {
    const session = ctx.requireSession();
    await ctx.core.vault.verifyPassword(session.username, input.password);
    session.locked = false;
    session.lockReason = null;
    session.lastActiveAt = session.verifiedAt = ctx.now().getTime();
    return ctx.core.sessionView(session);
  },

  'auth.changePassword': async (input, ctx) => {
    const session = ctx.requireSession();
    const { core } = ctx;
    const user = findUserByUsername(core.db.sql, session.username);
    if (!user) throw new AppFailure('UNAUTHENTICATED', 'Akun tidak ditemukan. Silakan masuk lagi.');
    try {
      await core.vault.verifyPassword(session.username, input.currentPassword);
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'WRONG_CREDENTIALS') {
        throw new AppFailure('VALIDATION', 'Kata sandi saat ini salah.', {
          fields: [{ path: 'currentPassword', message: 'Kata sandi saat ini salah.' }],
        });
      }
      throw error;
    }
    if (input.newPassword === input.currentPassword) {
      const message = 'Kata sandi baru harus berbeda dari kata sandi saat ini.';
      throw new AppFailure('VALIDATION', message, { fields: [{ path: 'newPassword', message }] });
    }
    requireGoodPassword('newPassword', input.newPassword, {
      username: user.username,
      fullName: user.full_name,
    });
    await core.vault.setPassword({ userId: user.id, username: user.username }, input.newPassword, core.key);
    const version = ctx.write((changes) => {
      const password_version = nextPasswordVersion(changes.db, user.id);
      changes.update(
        'users',
        user.id,
        { must_change_password: 0, password_version, updated_at: changes.now },
        'auth.change_password',
      );
      changes.note('auth.change_password', 'users', user.id);
      return password_version;
    });
    // A session opened elsewhere with the old password (perhaps by whoever learnt it) ends with it,
    // here at once, in another process (the CLI changed it, a web host runs) on its next call.
    core.sessions.passwordChanged(user.id, version, session);
    session.mustChangePassword = false;
    return core.sessionView(session);
  },
};
