import { useState } from 'react';
import type { AppError, Result } from '../../common/result.ts';
import { fieldErrors } from '../api/bridge.ts';
import {
  generalMessage,
  isSessionError,
  localError,
  useFocusFirstProblem,
  withoutField,
} from './formErrors.ts';

type Problem = { path: string; message: string };

/**
 * One form's save, the same on every dialog: busy while the call runs, the API's error kept as
 * it came (its messages are already in plain Indonesian, one per field), a field's message
 * dropped as soon as the person changes that field, and after a failed save (the form's own
 * check or the API's answer) the first field in error takes the focus. `formRef` goes on the
 * <form> (FormDialog does that); `onSaved` decides what success means, usually closing.
 */
export function useSave() {
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [formRef, problemShown] = useFocusFirstProblem();

  const run = async <T>(save: () => Promise<Result<T>>, onSaved: (value: T) => void) => {
    if (busy) return;
    setBusy(true);
    const result = await save();
    setBusy(false);
    if (result.ok) {
      setError(null);
      onSaved(result.value);
      return;
    }
    // The session ended or locked: the app covers the page; the form stays as it was, to save again.
    if (isSessionError(result.error)) return;
    setError(result.error);
    problemShown();
  };

  /** The form's own check failed: show its messages as the API's would be, and go to the first. */
  const refuse = (problems: Problem[]) => {
    setError(localError(problems));
    problemShown();
  };

  /** The person changed the field answering at `path`: its message goes, the others stay. */
  const clear = (path: string) => setError((e) => withoutField(e, path));

  /** onChange for an input answering at `path`: stores the value and drops that field's message. */
  const input = (path: string, set: (value: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    clear(path);
  };

  /** The message no field shows, given the paths the form shows next to its fields. */
  const general = (shown: readonly string[]) => generalMessage(error, shown);

  return { error, setError, errors: fieldErrors(error), busy, formRef, run, refuse, clear, input, general };
}

export type Save = ReturnType<typeof useSave>;
