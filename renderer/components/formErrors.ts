import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AppError } from '../../common/result.ts';

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

/**
 * An error about the session, not the form (ended, locked, password to change): the app shows
 * its own screen for it and the form keeps what it showed, so it is not put on the form.
 */
export function isSessionError(error: AppError): boolean {
  return (
    error.code === 'UNAUTHENTICATED' || error.code === 'LOCKED' || error.code === 'PASSWORD_CHANGE_REQUIRED'
  );
}

/** A validation error made in the renderer, shaped like the server's. */
export function localError(problems: { path: string; message: string }[]): AppError | null {
  return problems.length ? { code: 'VALIDATION', message: problems[0]!.message, fields: problems } : null;
}

/** Gives the focus to the first field marked in error inside `form` (its message is read out). */
export function focusFirstProblem(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * After a failed save the first field in error takes the focus, once the form has drawn the
 * messages; `problemShown()` is called where a save (or the form's own check) fails. Not on
 * every change of the error: the person fixing one field keeps their place.
 */
export function useFocusFirstProblem(): [RefObject<HTMLFormElement | null>, () => void] {
  const form = useRef<HTMLFormElement>(null);
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures) focusFirstProblem(form.current);
  }, [failures]);
  return [form, () => setFailures((n) => n + 1)];
}
