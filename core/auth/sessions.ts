import { randomBytes } from 'node:crypto';
import type { LockReason } from '../../common/api/methods/auth.ts';
import type { AreaScope, Role } from '../../common/auth/roles.ts';

export interface Session {
  token: string;
  userId: string;
  username: string;
  role: Role;
  area: AreaScope;
  mustChangePassword: boolean;
  /** The account's password_version when this session gave its password (see liveSession). */
  passwordVersion: number;
  locked: boolean;
  lockReason: LockReason | null;
  createdAt: number;
  /** When the user last gave their password: at login, and at each unlock. */
  verifiedAt: number;
  lastActiveAt: number;
}

/**
 * Logged-in sessions, held in memory only: a restart logs everyone out, which is what a
 * desktop app that forgets its key on exit should do. The token never reaches the renderer:
 * Electron keeps it per window, the web host in an HttpOnly cookie.
 */
export class Sessions {
  private readonly byToken = new Map<string, Session>();

  create(
    user: Omit<Session, 'token' | 'locked' | 'lockReason' | 'createdAt' | 'verifiedAt' | 'lastActiveAt'>,
    now: number,
  ): Session {
    const session: Session = {
      ...user,
      token: randomBytes(32).toString('base64url'),
      locked: false,
      lockReason: null,
      createdAt: now,
      verifiedAt: now,
      lastActiveAt: now,
    };
    this.byToken.set(session.token, session);
    return session;
  }

  get(token: string | null | undefined): Session | undefined {
    return token ? this.byToken.get(token) : undefined;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  /** Ends every session of the user (an account disabled). */
  endForUser(userId: string): void {
    for (const [token, s] of this.byToken) if (s.userId === userId) this.byToken.delete(token);
  }

  /**
   * The account's password is now at `version`: `keep` (the session that set it, if any) moves
   * to it, and this process's other sessions of the user end now. liveSession applies the same
   * rule to sessions here when another process (the CLI) changed the password.
   */
  passwordChanged(userId: string, version: number, keep?: Session): void {
    if (keep) keep.passwordVersion = version;
    for (const [token, s] of this.byToken)
      if (s.userId === userId && s.passwordVersion < version) this.byToken.delete(token);
  }

  get count(): number {
    return this.byToken.size;
  }

  all(): Session[] {
    return [...this.byToken.values()];
  }
}
