import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { askToDiscard, useUnsavedChanges } from '../app/router.tsx';
import { useT } from '../i18n/i18n.tsx';
import { Notice } from './Notice.tsx';
import type { Save } from './useSave.ts';

/** The dialogs open now, innermost last: Escape closes only the innermost one. */
const openDialogs: string[] = [];

/**
 * Closes a dialog, asking first when it holds typed work (the outside UI probe lost a typed
 * note to Escape): "Tetap di sini" keeps the dialog and what is in it.
 */
export function closeAsking(dirty: boolean, onClose: () => void): void {
  if (!dirty) return onClose();
  void askToDiscard().then((leave) => {
    if (leave) onClose();
  });
}

/**
 * A modal that traps attention: Escape closes it, focus starts inside and returns afterwards.
 * `dirty` (typed work not yet saved): Escape asks before closing, and leaving the page asks too.
 */
export function Dialog({
  title,
  onClose,
  dirty = false,
  children,
}: {
  title: string;
  onClose: () => void;
  dirty?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useUnsavedChanges(dirty);
  // A parent re-rendering passes a new onClose each time; the focus effect must run once only,
  // or every keystroke in the parent would throw focus back to the first field.
  const close = useRef(() => closeAsking(dirty, onClose));
  close.current = () => closeAsking(dirty, onClose);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    openDialogs.push(id);
    ref.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && openDialogs[openDialogs.length - 1] === id) close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      openDialogs.splice(openDialogs.indexOf(id), 1);
      previous?.focus();
    };
  }, [id]);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/**
 * A dialog holding one form, driven by `useSave`: what the dialog is for (`intro`), the API's
 * message when no field shows it, the fields, then the submit button (saying what it does, and
 * what it is doing while busy) and Batal. `shown` lists the error paths the fields show; when
 * left out, any message about a field is taken as shown beside it.
 */
export function FormDialog({
  title,
  save,
  submitLabel,
  busyLabel,
  danger = false,
  ready = true,
  shown,
  intro,
  dirty = false,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  save: Save;
  submitLabel: string;
  busyLabel?: string;
  danger?: boolean;
  /** False while the form cannot be sent yet (its choices still loading, or none to choose). */
  ready?: boolean;
  shown?: readonly string[];
  intro?: ReactNode;
  /** The form differs from what it was opened with: closing it (Escape, Batal) asks first. */
  dirty?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const general = shown
    ? save.general(shown)
    : save.error?.fields?.length
      ? null
      : (save.error?.message ?? null);
  return (
    <Dialog title={title} onClose={onClose} dirty={dirty}>
      {intro}
      {general ? <Notice tone="error">{general}</Notice> : null}
      <form
        ref={save.formRef}
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <div className="btn-row">
          <button
            type="submit"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={save.busy || !ready}
          >
            {save.busy ? (busyLabel ?? t.common.saving) : submitLabel}
          </button>
          <button type="button" className="btn" onClick={() => closeAsking(dirty, onClose)}>
            {t.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
