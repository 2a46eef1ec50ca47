import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { useStrings } from '../i18n/i18n.tsx';
import { setUnsavedChangesAsker } from './router.tsx';
import { unsavedStrings } from './unsavedStrings.ts';

/**
 * The one question asked before typed work is dropped (leaving the page, closing a dialog):
 * "Tetap di sini" comes first and has the focus, so Enter or Escape keeps the work.
 */
export function UnsavedChangesPrompt() {
  const u = useStrings(unsavedStrings);
  const [open, setOpen] = useState(false);
  const pending = useRef<{ promise: Promise<boolean>; resolve: (leave: boolean) => void } | null>(null);

  useEffect(() => {
    setUnsavedChangesAsker(() => {
      // A second request while the question is open (a double click) gets the same answer.
      if (pending.current) return pending.current.promise;
      let resolve!: (leave: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      pending.current = { promise, resolve };
      setOpen(true);
      return promise;
    });
    return () => {
      setUnsavedChangesAsker(null);
      pending.current?.resolve(false);
      pending.current = null;
    };
  }, []);

  const answer = (leave: boolean) => {
    const p = pending.current;
    pending.current = null;
    setOpen(false);
    p?.resolve(leave);
  };

  if (!open) return null;
  return (
    <Dialog title={u.title} onClose={() => answer(false)}>
      <p>{u.question}</p>
      <div className="btn-row">
        <button type="button" className="btn btn-primary" onClick={() => answer(false)}>
          {u.stay}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => answer(true)}>
          {u.leave}
        </button>
      </div>
    </Dialog>
  );
}
