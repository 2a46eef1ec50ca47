import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { Notice } from './Notice.tsx';
import type { Save } from './useSave.ts';

/** A modal that traps attention: Escape closes it, focus starts inside and returns afterwards. */
export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  // A parent re-rendering passes a new onClose each time; the focus effect must run once only,
  // or every keystroke in the parent would throw focus back to the first field.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, []);
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
    <Dialog title={title} onClose={onClose}>
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
          <button type="button" className="btn" onClick={onClose}>
            {t.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
