import type { LockReason } from './api/methods/auth.ts';
import type { AppError, ErrorCode, FieldProblem } from './result.ts';

/**
 * Thrown by core code for expected failures; `dispatch` turns it into `{ ok: false, error }`.
 * Anything else thrown is a bug and becomes INTERNAL without leaking details to the user.
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly lockReason: LockReason | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldProblem[]; retryAfterSeconds?: number; lockReason?: LockReason } = {},
  ) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.fields = extra.fields;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.lockReason = extra.lockReason;
  }

  toError(): AppError {
    const error: AppError = { code: this.code, message: this.message };
    if (this.fields) error.fields = this.fields;
    if (this.retryAfterSeconds !== undefined) error.retryAfterSeconds = this.retryAfterSeconds;
    if (this.lockReason) error.lockReason = this.lockReason;
    return error;
  }
}

export const notFound = (what: string): AppFailure =>
  new AppFailure('NOT_FOUND', `${what} tidak ditemukan. Muat ulang halaman lalu coba lagi.`);

export const invalid = (path: string, message: string): AppFailure =>
  new AppFailure('VALIDATION', message, { fields: [{ path, message }] });
