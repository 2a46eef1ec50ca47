import type { AppError } from '../../../common/result.ts';

/**
 * The error text no field shows: the whole message when the error names no field, or names a
 * field this form does not have.
 */
export function generalMessage(error: AppError | null, shown: readonly string[]): string | null {
  if (!error) return null;
  const fields = error.fields ?? [];
  return fields.length && fields.every((f) => shown.includes(f.path)) ? null : error.message;
}

/** The error once the person has changed `path`: its message goes, the others stay. */
export function withoutField(error: AppError | null, path: string): AppError | null {
  if (!error?.fields?.some((f) => f.path === path)) return error;
  const fields = error.fields.filter((f) => f.path !== path);
  return fields.length ? { ...error, message: fields[0]!.message, fields } : null;
}

/** A validation error made in the renderer, shaped like the server's. */
export function localError(problems: { path: string; message: string }[]): AppError | null {
  return problems.length ? { code: 'VALIDATION', message: problems[0]!.message, fields: problems } : null;
}
