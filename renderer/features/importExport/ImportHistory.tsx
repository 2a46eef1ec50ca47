import { useState } from 'react';
import { IMPORT_KIND_LABELS } from '../../../common/domain/importFields.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { EmptyState } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { importStrings } from './strings.ts';
import { UndoImportDialog, type UndoableBatch } from './UndoImportDialog.tsx';

/**
 * Every import, newest first, with its undo. Long file names wrap inside their cell, the date
 * and the time take a line each, and neither the user name nor the undo button is broken, so
 * the table fits a 1366 px screen (the outside UI probe found the button cut at the right edge
 * and "operator.demo" broken into four lines).
 */
export function ImportHistory() {
  const s = useStrings(importStrings);
  const call = useCall();
  const batches = useLoad(() => call('import.batches', {}), [call]);
  const [confirm, setConfirm] = useState<UndoableBatch | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  if (batches.value?.length === 0) return <EmptyState title={s.historyEmpty} />;
  return (
    <>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="table-wrap">
        <table className="data" aria-label={s.tabHistory}>
          <thead>
            <tr>
              <th>{s.when}</th>
              <th>{s.file}</th>
              <th>{s.kind}</th>
              <th className="amount">{s.counts.new}</th>
              <th className="amount">{s.counts.updated}</th>
              <th className="amount">{s.notSavedShort}</th>
              <th>{s.who}</th>
              <th>{s.status}</th>
            </tr>
          </thead>
          <tbody>
            {batches.value?.map((b) => (
              <tr key={b.id}>
                <td>
                  <When at={b.createdAt} />
                </td>
                <td style={{ overflowWrap: 'anywhere', minWidth: '7rem' }}>{b.fileName}</td>
                <td>{IMPORT_KIND_LABELS[b.kind]}</td>
                <td className="amount">{b.counts.new.toLocaleString('id-ID')}</td>
                <td className="amount">{b.counts.updated.toLocaleString('id-ID')}</td>
                <td className="amount">{b.counts.errors.toLocaleString('id-ID')}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{b.createdBy ?? '—'}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {b.status === 'undone' ? (
                    <span className="badge badge-warn">{s.undoneBadge}</span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => (setConfirm(b), setMessage(null))}
                    >
                      {s.undo}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirm ? (
        <UndoImportDialog
          batch={confirm}
          onClose={() => setConfirm(null)}
          onUndone={() => {
            setConfirm(null);
            void batches.reload();
            setMessage({ tone: 'success', text: s.undone });
          }}
          onTried={() => void batches.reload()}
        />
      ) : null}
    </>
  );
}

/** The date, and the time under it: each whole, the column as narrow as the date. */
function When({ at }: { at: string }) {
  const text = formatDateTimeId(at);
  const space = text.indexOf(' ');
  if (space < 0) return <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{text.slice(0, space)}</span>{' '}
      <span style={{ whiteSpace: 'nowrap' }}>{text.slice(space + 1)}</span>
    </>
  );
}
