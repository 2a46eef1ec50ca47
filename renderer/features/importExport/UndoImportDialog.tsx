import { useState } from 'react';
import type { BatchView } from '../../../common/api/methods/importExport.ts';
import { IMPORT_KIND_LABELS } from '../../../common/domain/importFields.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';

/** What the dialog needs of a batch: the history's row, or the import just saved. */
export type UndoableBatch = Pick<
  BatchView,
  'id' | 'fileName' | 'kind' | 'counts' | 'createdAt' | 'createdBy'
>;

/** The undo confirmation's words. */
const UNDO_ID = {
  title: (file: string) => `Batalkan impor "${file}"?`,
  made: (when: string, who: string | null, kind: string) =>
    `${kind}, disimpan ${when}${who ? ` oleh ${who}` : ''}.`,
  willHappen: 'Yang akan terjadi:',
  removeRecipients: (n: number) =>
    `${n.toLocaleString('id-ID')} orang yang ditambahkan impor ini dihapus, beserta keluarga baru dan kepesertaan program yang dibuatnya.`,
  removeOther: (n: number) => `${n.toLocaleString('id-ID')} data baru dari impor ini dihapus.`,
  restore: (n: number) =>
    `${n.toLocaleString('id-ID')} data yang diubah impor ini dikembalikan seperti sebelum impor.`,
  nothing: 'Impor ini tidak menambah atau mengubah data; hanya riwayatnya yang ditandai dibatalkan.',
  refusedWhen:
    'Pembatalan ditolak bila data dari impor ini sudah dipakai pekerjaan sesudahnya (impor lain atau perubahan langsung); alasannya akan disebutkan.',
  yes: 'Ya, batalkan impor',
  working: 'Membatalkan…',
  back: 'Kembali',
  refused: 'Pembatalan ditolak',
};
const undoStrings: Record<'id' | 'en', typeof UNDO_ID> = {
  id: UNDO_ID,
  en: {
    title: (file) => `Undo the import "${file}"?`,
    made: (when, who, kind) => `${kind}, saved ${when}${who ? ` by ${who}` : ''}.`,
    willHappen: 'What will happen:',
    removeRecipients: (n) =>
      `${n.toLocaleString('en')} people added by this import are removed, with the new families and programme enrolments it made.`,
    removeOther: (n) => `${n.toLocaleString('en')} new records from this import are removed.`,
    restore: (n) => `${n.toLocaleString('en')} records this import changed are put back as they were.`,
    nothing: 'This import added or changed nothing; only its history entry is marked undone.',
    refusedWhen:
      'The undo is refused when later work (another import, a change by hand) uses data from this import; you will be told which.',
    yes: 'Yes, undo the import',
    working: 'Undoing…',
    back: 'Back',
    refused: 'Undo refused',
  },
};

/**
 * Undo asks first and names what it will remove. A refusal (later work depends on the batch)
 * stays in the dialog, in view, until the clerk goes back.
 */
export function UndoImportDialog({
  batch,
  onClose,
  onUndone,
  onTried,
}: {
  batch: UndoableBatch;
  onClose: () => void;
  onUndone: () => void;
  /** Called after any attempt (the history reloads its statuses). */
  onTried?: () => void;
}) {
  const u = useStrings(undoStrings);
  const call = useCall();
  const [undoing, setUndoing] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const undo = async () => {
    setUndoing(true);
    const result = await call('import.undo', { batchId: batch.id });
    setUndoing(false);
    onTried?.();
    if (!result.ok) return setRefusal(result.error.message);
    onUndone();
  };
  return (
    <Dialog title={u.title(batch.fileName)} onClose={onClose}>
      <p>{u.made(formatDateTimeId(batch.createdAt), batch.createdBy, IMPORT_KIND_LABELS[batch.kind])}</p>
      <p>{u.willHappen}</p>
      <ul>
        {batch.counts.new > 0 ? (
          <li>
            {batch.kind === 'recipients'
              ? u.removeRecipients(batch.counts.new)
              : u.removeOther(batch.counts.new)}
          </li>
        ) : null}
        {batch.counts.updated > 0 ? <li>{u.restore(batch.counts.updated)}</li> : null}
        {batch.counts.new === 0 && batch.counts.updated === 0 ? <li>{u.nothing}</li> : null}
      </ul>
      {refusal ? (
        <Notice tone="error" title={u.refused}>
          <p>{refusal}</p>
        </Notice>
      ) : (
        <p className="muted">{u.refusedWhen}</p>
      )}
      {/* "Kembali" first: the dialog puts the focus on its first button, and a reflexive Enter
          must go back, not remove people. */}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onClose}>
          {u.back}
        </button>
        {refusal ? null : (
          <button type="button" className="btn btn-danger" disabled={undoing} onClick={() => void undo()}>
            {undoing ? u.working : u.yes}
          </button>
        )}
      </div>
    </Dialog>
  );
}
