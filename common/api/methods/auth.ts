import { z } from 'zod';
import { method, PUBLIC } from '../define.ts';
import { areaScope, cleanString, emptyInput, fullName, id, password, role, username } from '../fields.ts';
import { PERMISSIONS } from '../../auth/roles.ts';

export const userView = z.object({
  id,
  username: z.string(),
  fullName: z.string(),
  role,
  area: areaScope,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  accountLocked: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userView>;

/**
 * Why a screen is locked: no activity, the user's own choice, or a login older than a working
 * day (core/auth/liveSession.ts), which asks for the password again.
 */
export const LOCK_REASONS = ['idle', 'manual', 'reauth'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export const sessionView = z.object({
  user: userView,
  permissions: z.array(z.enum(PERMISSIONS)),
  locked: z.boolean(),
  lockReason: z.enum(LOCK_REASONS).nullable(),
  idleLockMinutes: z.number().int(),
  officeName: z.string(),
  demo: z.boolean(),
});
export type SessionView = z.infer<typeof sessionView>;

const whileLockedToo = { kind: 'session', whileLocked: true, beforePasswordChange: true } as const;

export const authMethods = {
  'setup.status': method({
    input: emptyInput,
    output: z.object({ initialized: z.boolean(), appVersion: z.string(), demo: z.boolean() }),
    access: PUBLIC,
    writes: false,
  }),
  /** First run: creates the encrypted database and its first admin; answers the recovery code once. */
  'setup.init': method({
    input: z.strictObject({
      username,
      fullName,
      password,
      officeName: cleanString()
        .min(2, 'Nama kantor minimal 2 huruf.')
        .max(120, 'Paling banyak 120 karakter.'),
    }),
    output: z.object({ recoveryCode: z.string(), session: sessionView }),
    access: PUBLIC,
    writes: true,
  }),
  'auth.login': method({
    input: z.strictObject({ username, password }),
    output: sessionView,
    access: PUBLIC,
    writes: true,
  }),
  /** Forgotten admin password: the recovery code sets a new password for that account. */
  'auth.recover': method({
    input: z.strictObject({
      recoveryCode: z.string().trim().min(10).max(80),
      username,
      newPassword: password,
    }),
    output: sessionView,
    access: PUBLIC,
    writes: true,
  }),
  'auth.me': method({ input: emptyInput, output: sessionView, access: whileLockedToo, writes: false }),
  'auth.logout': method({ input: emptyInput, output: z.object({}), access: whileLockedToo, writes: false }),
  'auth.lock': method({ input: emptyInput, output: z.object({}), access: whileLockedToo, writes: false }),
  'auth.unlock': method({
    input: z.strictObject({ password }),
    output: sessionView,
    access: whileLockedToo,
    writes: false,
  }),
  'auth.changePassword': method({
    input: z.strictObject({ currentPassword: password, newPassword: password }),
    output: sessionView,
    access: { kind: 'session', beforePasswordChange: true },
    writes: true,
  }),
};
