import type { LockReason } from './api/methods/auth.ts';
/** Every API call answers with this shape; hosts pass it through unchanged. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'LOCKED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'WRONG_CREDENTIALS'
  | 'THROTTLED'
  | 'ACCOUNT_LOCKED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ALREADY_SETUP'
  | 'NOT_SETUP'
  | 'DB_NEWER'
  | 'DB_DAMAGED'
  | 'BACKUP_DAMAGED'
  | 'UNKNOWN_METHOD'
  | 'CANCELLED'
  /** The central server could not be reached (sync): retried later. */
  | 'OFFLINE'
  | 'INTERNAL';

export interface FieldProblem {
  /** Dotted path of the input field, e.g. "members.2.nik"; empty for the whole input. */
  path: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  /** Indonesian, specific, and says what to do next. */
  message: string;
  fields?: FieldProblem[];
  /** Seconds the user must wait before retrying (THROTTLED). */
  retryAfterSeconds?: number;
  /** Why the screen is locked (LOCKED): the lock screen says it, whoever heard of the lock first. */
  lockReason?: LockReason;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppError): Result<never> => ({ ok: false, error });
