import { useEffect, useState } from 'react';
import type { EnrolmentChangeView, VerificationView } from '../../../common/api/methods/casework.ts';
import { ENROLMENT_STATUS_LABELS } from '../../../common/domain/registry.ts';
import { formatDateId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { staffFor, useDirectory } from '../cases/formBits.tsx';
import { programChangeStrings } from './programChangeStrings.ts';

/** "BPNT: Usulan → Aktif, mulai 1 Januari 2027" */
function ChangeList({ changes }: { changes: EnrolmentChangeView[] }) {
  const s = useStrings(programChangeStrings);
  return (
    <ul>
      {changes.map((c) => (
        <li key={c.enrolmentId}>
          <strong>{c.programName}</strong>: {ENROLMENT_STATUS_LABELS[c.from]} →{' '}
          {ENROLMENT_STATUS_LABELS[c.to]}
          {c.startDate ? `, ${s.startsOn(formatDateId(c.startDate))}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** What approving will do to the family's programmes, read before the manager decides. */
export function ApprovalPreview({ id }: { id: string }) {
  const s = useStrings(programChangeStrings);
  const call = useCall();
  const [changes, setChanges] = useState<EnrolmentChangeView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call('verification.approvalPreview', { id }).then((r) => {
      if (!live) return;
      if (r.ok) setChanges(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [call, id]);
  if (error) return <Notice tone="error">{error}</Notice>;
  if (!changes) return <p className="muted">{s.loading}</p>;
  return (
    <div aria-live="polite">
      <h3>{s.previewTitle}</h3>
      {changes.length ? <ChangeList changes={changes} /> : <p>{s.nothingChanges}</p>}
    </div>
  );
}

/** After approval: what changed, and a way back (asked first) for a decision taken too soon. */
export function AppliedChanges({
  view,
  canUndo,
  onUndone,
}: {
  view: VerificationView;
  canUndo: boolean;
  onUndone: (v: VerificationView) => void;
}) {
  const s = useStrings(programChangeStrings);
  const call = useCall();
  const save = useSave();
  const [asking, setAsking] = useState(false);
  return (
    <section className="card">
      <h2>{s.appliedTitle}</h2>
      {view.enrolmentChanges.length ? (
        <ChangeList changes={view.enrolmentChanges} />
      ) : (
        <p>{s.nothingChanged}</p>
      )}
      {canUndo ? (
        <button type="button" className="btn" onClick={() => setAsking(true)}>
          {s.undo}
        </button>
      ) : null}
      {asking ? (
        <Dialog title={s.undoTitle} onClose={() => setAsking(false)}>
          <p>{s.undoBody(view.enrolmentChanges.length)}</p>
          {save.error ? <Notice tone="error">{save.error.message}</Notice> : null}
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={save.busy}
              onClick={() =>
                void save.run(
                  () => call('verification.undoApproval', { id: view.id }),
                  (v) => {
                    setAsking(false);
                    onUndone(v);
                  },
                )
              }
            >
              {save.busy ? s.undoing : s.undoConfirm}
            </button>
            <button type="button" className="btn" onClick={() => setAsking(false)}>
              {s.back}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

/** A manager hands an open visit to an officer (the core checks the officer's area). */
export function AssignVisit({
  view,
  onAssigned,
}: {
  view: VerificationView;
  onAssigned: (v: VerificationView) => void;
}) {
  const s = useStrings(programChangeStrings);
  const call = useCall();
  const save = useSave();
  const { staff } = useDirectory();
  const [userId, setUserId] = useState(view.assignedTo ?? '');
  return (
    <form
      className="btn-row"
      style={{ alignItems: 'flex-end' }}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(() => call('verification.assign', { id: view.id, userId: userId || null }), onAssigned);
      }}
    >
      <SelectField
        label={s.assignLabel}
        value={userId}
        onChange={save.input('userId', setUserId)}
        error={save.errors.userId}
      >
        <option value="">{s.anyone}</option>
        {staffFor(staff, 'verification.write', view.assignedTo).map((u) => (
          <option key={u.id} value={u.id}>
            {u.fullName}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="btn" disabled={save.busy || userId === (view.assignedTo ?? '')}>
        {s.assign}
      </button>
    </form>
  );
}
