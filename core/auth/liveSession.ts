import type { LockReason } from '../../common/api/methods/auth.ts';
import type { AreaScope } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import type { BansosCore } from '../app.ts';
import { getUser } from '../users/users.ts';
import type { Session } from './sessions.ts';

/**
 * A login is good for a working day: past this the screen locks and asks for the password
 * again, whatever the activity. A session token taken from a workstation (or a cookie copied
 * off a web host) is then worth nothing without the password; the user keeps the screen they
 * were on, as with the idle lock.
 */
export const REVERIFY_AFTER_MS = 12 * 60 * 60_000;

/** The lock a session is due, if any: a login older than a working day, or idle too long. */
export function lockDue(session: Session, now: number, idleLimitMs: number): LockReason | null {
  if (session.locked) return null;
  if (now - session.verifiedAt > REVERIFY_AFTER_MS) return 'reauth';
  if (now - session.lastActiveAt > idleLimitMs) return 'idle';
  return null;
}

export interface SessionRules {
  /** A call the user made (not a page's poll): holds off the idle lock. */
  activity: boolean;
  /** Allowed on a locked screen (unlock, logout, who am I). */
  whileLocked?: boolean;
  /** Allowed before a temporary password is changed (changing it, logging out). */
  beforePasswordChange?: boolean;
  /** The action refused, for messages of a host's own routes ("mengunduh berkas"). */
  retry?: string;
}

const LOCKED_BECAUSE: Record<LockReason, string> = {
  idle: 'Layar terkunci karena tidak ada aktivitas.',
  manual: 'Layar terkunci.',
  reauth: 'Layar terkunci karena Anda sudah masuk lebih dari 12 jam.',
};

/**
 * The one check of a caller's session, for dispatch and for a host's own routes (downloads,
 * uploads): a live session of an active account, whose role and area are read again from the
 * stored account (a change counts at once), opened with the account's current password (a change
 * made by any process ends it), not locked (idle and the working day count), and
 * with its temporary password changed. Throws the refusal, in Indonesian.
 */
export function liveSession(
  core: BansosCore,
  token: string | null | undefined,
  rules: SessionRules,
): Session {
  const then = rules.retry ? `, lalu ulangi ${rules.retry}` : '';
  const session = core.sessions.get(token);
  if (!session || !core.isOpen)
    throw new AppFailure('UNAUTHENTICATED', `Sesi Anda sudah berakhir. Silakan masuk lagi${then}.`);
  const user = getUser(core.db.sql, session.userId);
  if (user.active !== 1) {
    core.sessions.end(session.token);
    throw new AppFailure('UNAUTHENTICATED', 'Akun Anda telah dinonaktifkan. Hubungi administrator.');
  }
  // The password changed after this session gave it (here, or in another process: the CLI).
  if (user.password_version !== session.passwordVersion) {
    core.sessions.end(session.token);
    throw new AppFailure(
      'UNAUTHENTICATED',
      `Kata sandi akun Anda sudah diganti. Silakan masuk lagi dengan kata sandi yang baru${then}.`,
    );
  }
  session.role = user.role;
  session.area = JSON.parse(user.area_json) as AreaScope;
  session.mustChangePassword = user.must_change_password === 1;
  const now = core.clock().getTime();
  const due = lockDue(session, now, core.idleLimitMs());
  if (due) core.lock(session, due);
  if (session.locked && !rules.whileLocked) {
    const lockReason = session.lockReason ?? 'idle';
    throw new AppFailure(
      'LOCKED',
      `${LOCKED_BECAUSE[lockReason]} Masukkan kata sandi Anda untuk membuka kunci${then ? ` di aplikasi${then}` : ''}.`,
      { lockReason },
    );
  }
  if (session.mustChangePassword && !rules.beforePasswordChange)
    throw new AppFailure(
      'PASSWORD_CHANGE_REQUIRED',
      `Ganti kata sandi sementara Anda terlebih dahulu${then}.`,
    );
  if (!session.locked && rules.activity) session.lastActiveAt = now;
  return session;
}
