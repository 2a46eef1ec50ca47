import type { z } from 'zod';
import type { Permission } from '../auth/roles.ts';

/**
 * Who may call a method:
 * - public: before login (first-run setup, login, recovery);
 * - session: any logged-in user (optionally also while the screen is locked, or before the
 *   temporary password has been changed);
 * - permission: a logged-in user whose role holds the permission.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session'; whileLocked?: boolean; beforePasswordChange?: boolean }
  | { kind: 'permission'; permission: Permission };

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Writes run in one IMMEDIATE transaction with their audit entries; reads run without one. */
  writes: boolean;
  /**
   * Asked again and again by an open page (a status poll), so answering it is not the user's
   * activity: it does not hold off the idle lock. The renderer's heartbeat (auth.me while the
   * mouse or keyboard is used) says the user is there. Only for reads.
   */
  poll?: true;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> =>
  spec;

export const PUBLIC: Access = { kind: 'public' };
export const SESSION: Access = { kind: 'session' };
export const requires = (permission: Permission): Access => ({ kind: 'permission', permission });
