import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CaseView } from '../../../common/api/methods/casework.ts';
import {
  ATENSI_CLUSTER_LABELS,
  CASE_STATUS_LABELS,
  CASE_TRANSITIONS,
  CASE_TYPE_LABELS,
  OPEN_CASE_STATUSES,
  type CaseStatus,
} from '../../../common/domain/registry.ts';
import { formatDateId, formatDateTimeId } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useUnsavedChanges } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isSessionError, useFocusFirstProblem } from '../../components/formErrors.ts';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { CaseStatusBadge, DueDate, OverdueBadge } from './badges.tsx';
import { staffFor, TextAreaField, useDirectory } from './formBits.tsx';
import { clearFlash, peekFlash } from './flash.ts';
import { casesStrings } from './strings.ts';

type ReferralStatus = 'diterima' | 'selesai' | 'ditolak';
const isClosing = (status: CaseStatus) => status === 'selesai' || status === 'ditutup';

/** One case: facts, status with only the allowed next steps, assignment, notes and referrals. */
export function CaseDetail({ id }: { id: string }) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const can = useCan();
  const [view, setView] = useState<CaseView | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [message, setMessage] = useState<string | null>(() => peekFlash(id));

  useEffect(() => {
    clearFlash(id);
    let live = true;
    setView(null);
    setLoadError(null);
    void call('cases.get', { id }).then((r) => {
      if (!live) return;
      if (r.ok) setView(r.value);
      else setLoadError(r.error);
    });
    return () => {
      live = false;
    };
  }, [call, id]);

  const updated = useCallback((next: CaseView, text: string) => {
    setView(next);
    setMessage(text);
  }, []);

  const back = (
    <p>
      <a href="#/kasus" className="btn btn-sm">
        {s.backToCases}
      </a>
    </p>
  );
  if (loadError) {
    return (
      <>
        {back}
        <Notice tone="error">
          {loadError.code === 'NOT_FOUND' || loadError.code === 'FORBIDDEN'
            ? s.caseNotFound
            : loadError.message}
        </Notice>
      </>
    );
  }
  if (!view) return <p className="muted">{s.loading}</p>;

  const writable = can('cases.write');
  const open = OPEN_CASE_STATUSES.includes(view.status);
  return (
    <>
      {back}
      <section className="card">
        <div className="section-title" style={{ alignItems: 'flex-start' }}>
          <div>
            <h2>{view.title}</h2>
            <div className="btn-row" style={{ gap: '0.5rem' }}>
              <span className="badge">{CASE_TYPE_LABELS[view.type]}</span>
              <CaseStatusBadge status={view.status} />
              {view.overdue ? <OverdueBadge /> : null}
            </div>
          </div>
        </div>
        {message ? <Notice tone="success">{message}</Notice> : null}
        {writable ? null : <Notice tone="info">{s.readOnly}</Notice>}
        <dl className="kv">
          {view.atensiCluster ? (
            <>
              <dt>{s.cluster}</dt>
              <dd>{ATENSI_CLUSTER_LABELS[view.atensiCluster]}</dd>
            </>
          ) : null}
          <dt>{s.family}</dt>
          <dd>
            <a href={`#/keluarga/${view.householdId}`}>{s.familyOf(view.headName)}</a> · {view.desaName}
          </dd>
          <dt>{s.person}</dt>
          <dd>{view.personName ?? s.wholeFamily}</dd>
          <dt>{s.officer}</dt>
          <dd>{view.assignedName ?? <span className="muted">{s.unassigned}</span>}</dd>
          <dt>{s.dueDate}</dt>
          <dd>
            <DueDate date={view.dueDate} overdue={view.overdue} open={open} />
          </dd>
          <dt>{s.openedAt}</dt>
          <dd>{formatDateTimeId(view.openedAt)}</dd>
          {view.closedAt ? (
            <>
              <dt>{s.closedAt}</dt>
              <dd>{formatDateTimeId(view.closedAt)}</dd>
            </>
          ) : null}
        </dl>
        <h3 style={{ marginTop: '1.25rem' }}>{s.description}</h3>
        <p style={{ whiteSpace: 'pre-wrap' }}>
          {view.description || <span className="muted">{s.noDescription}</span>}
        </p>
      </section>
      <div className="grid-2">
        <div>
          <StatusCard view={view} writable={writable} onChanged={updated} />
          {writable && open ? <AssignCard view={view} onChanged={updated} /> : null}
          <ReferralsCard view={view} writable={writable} onChanged={updated} />
        </div>
        <NotesCard view={view} writable={writable} onChanged={updated} />
      </div>
    </>
  );
}

type Changed = (next: CaseView, message: string) => void;

function StatusCard({
  view,
  writable,
  onChanged,
}: {
  view: CaseView;
  writable: boolean;
  onChanged: Changed;
}) {
  const s = useStrings(casesStrings);
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const next = CASE_TRANSITIONS[view.status];
  const close = useCallback(() => setTarget(null), []);
  return (
    <section className="card">
      <h2>{s.statusTitle}</h2>
      <p>
        {s.currentStatus}: <CaseStatusBadge status={view.status} />
      </p>
      {next.length === 0 ? (
        <p className="muted">{s.noNextStep}</p>
      ) : writable ? (
        <>
          <p>{s.nextSteps}</p>
          <div className="btn-row">
            {next.map((status) => (
              <button
                key={status}
                type="button"
                className={`btn ${isClosing(status) ? '' : 'btn-primary'}`}
                onClick={() => setTarget(status)}
              >
                {s.moveTo(CASE_STATUS_LABELS[status])}
              </button>
            ))}
          </div>
        </>
      ) : null}
      {target ? (
        <StatusDialog
          view={view}
          target={target}
          onClose={close}
          onDone={(v) => {
            setTarget(null);
            onChanged(v, `${CASE_STATUS_LABELS[view.status]} → ${CASE_STATUS_LABELS[target]}`);
          }}
        />
      ) : null}
    </section>
  );
}

function StatusDialog({
  view,
  target,
  onClose,
  onDone,
}: {
  view: CaseView;
  target: CaseStatus;
  onClose: () => void;
  onDone: (v: CaseView) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [note, setNote] = useState('');
  const closing = isClosing(target);
  const save = useSave();
  const submit = () => {
    if (closing && !note.trim()) return save.refuse([{ path: 'note', message: s.closingNoteRequired }]);
    void save.run(() => call('cases.setStatus', { id: view.id, status: target, note: note.trim() }), onDone);
  };
  return (
    <FormDialog
      title={s.confirmMoveTitle(CASE_STATUS_LABELS[target])}
      dirty={note !== ''}
      intro={
        <>
          <p>
            <strong>{view.title}</strong>: {CASE_STATUS_LABELS[view.status]} → {CASE_STATUS_LABELS[target]}
          </p>
          {closing ? <Notice tone="warning">{s.closingWarning}</Notice> : null}
        </>
      }
      save={save}
      shown={['note']}
      submitLabel={s.confirmMove}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextAreaField
        label={closing ? s.closingNote : s.stepNote}
        value={note}
        maxLength={2000}
        onChange={save.input('note', setNote)}
        error={save.errors.note}
        required={closing}
      />
    </FormDialog>
  );
}

function AssignCard({ view, onChanged }: { view: CaseView; onChanged: Changed }) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const { staff } = useDirectory();
  const [assignedTo, setAssignedTo] = useState(view.assignedTo ?? '');
  const [dueDate, setDueDate] = useState(view.dueDate ?? '');
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    setAssignedTo(view.assignedTo ?? '');
    setDueDate(view.dueDate ?? '');
  }, [view.assignedTo, view.dueDate]);
  const changed = assignedTo !== (view.assignedTo ?? '') || dueDate !== (view.dueDate ?? '');
  useUnsavedChanges(changed);
  const [formRef, problemShown] = useFocusFirstProblem();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('cases.assign', {
      id: view.id,
      userId: assignedTo || null,
      dueDate: dueDate || null,
    });
    if (result.ok) {
      setError(null);
      onChanged(result.value, s.assignSaved);
    } else if (!isSessionError(result.error)) {
      setError(result.error);
      problemShown();
    }
  };
  const errors = fieldErrors(error);
  return (
    <section className="card">
      <h2>{s.assignTitle}</h2>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <SelectField
          label={s.assignTo}
          hint={s.assignHint}
          value={assignedTo}
          onChange={(e) => setAssignedTo(e.target.value)}
          error={errors.userId ?? errors.assignedTo}
        >
          <option value="">{s.unassigned}</option>
          {staffFor(staff, 'cases.write', view.assignedTo).map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </SelectField>
        <DateField
          label={s.newDueDate}
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
          error={errors.dueDate}
        />
        <button type="submit" className="btn" disabled={!changed}>
          {s.saveAssign}
        </button>
      </form>
    </section>
  );
}

function NotesCard({ view, writable, onChanged }: { view: CaseView; writable: boolean; onChanged: Changed }) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A note typed and not yet added: leaving the page asks first.
  useUnsavedChanges(text.trim() !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(s.noteEmpty);
    setBusy(true);
    const result = await call('cases.addNote', { id: view.id, text: text.trim() });
    setBusy(false);
    if (result.ok) {
      setText('');
      setError(null);
      onChanged(result.value, s.noteSaved);
    } else if (!isSessionError(result.error)) setError(result.error.message);
  };
  return (
    <section className="card">
      <h2>{s.notesTitle}</h2>
      {writable ? (
        <form onSubmit={submit} noValidate>
          <TextAreaField
            label={s.noteLabel}
            hint={s.noteHint}
            value={text}
            rows={3}
            maxLength={4000}
            onChange={(e) => setText(e.target.value)}
            error={error ?? undefined}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {s.addNote}
          </button>
        </form>
      ) : null}
      {view.events.length === 0 ? (
        <p className="muted">{s.noEvents}</p>
      ) : (
        <ol className="timeline" style={{ marginTop: writable ? '1.25rem' : 0 }}>
          {view.events.map((ev) => (
            <li key={ev.id}>
              <div className="when">
                {formatDateTimeId(ev.at)} · {s.eventKinds[ev.kind]}
                {ev.authorName ? ` · ${s.by(ev.authorName)}` : ''}
              </div>
              <div style={{ whiteSpace: 'pre-wrap' }}>{ev.text}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ReferralsCard({
  view,
  writable,
  onChanged,
}: {
  view: CaseView;
  writable: boolean;
  onChanged: Changed;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [form, setForm] = useState({ agency: '', reason: '' });
  const [error, setError] = useState<AppError | null>(null);
  const [updating, setUpdating] = useState<{
    referralId: string;
    agency: string;
    status: ReferralStatus;
  } | null>(null);
  const close = useCallback(() => setUpdating(null), []);
  const errors = fieldErrors(error);
  const open = OPEN_CASE_STATUSES.includes(view.status);
  // A referral typed and not yet sent: leaving the page asks first.
  useUnsavedChanges(form.agency.trim() !== '' || form.reason.trim() !== '');
  const [formRef, problemShown] = useFocusFirstProblem();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('cases.refer', {
      id: view.id,
      agency: form.agency.trim(),
      reason: form.reason.trim(),
    });
    if (result.ok) {
      setForm({ agency: '', reason: '' });
      setError(null);
      onChanged(result.value, s.referSaved);
    } else if (!isSessionError(result.error)) {
      setError(result.error);
      problemShown();
    }
  };
  const tone = (status: string) =>
    status === 'selesai' ? 'badge badge-ok' : status === 'ditolak' ? 'badge badge-bad' : 'badge';
  return (
    <section className="card">
      <h2>{s.referralsTitle}</h2>
      {view.referrals.length === 0 ? <p className="muted">{s.noReferrals}</p> : null}
      {view.referrals.map((r) => (
        <div
          key={r.id}
          style={{
            borderBottom: '1px solid var(--border)',
            paddingBottom: '0.75rem',
            marginBottom: '0.75rem',
          }}
        >
          <div className="btn-row" style={{ justifyContent: 'space-between', gap: '0.5rem' }}>
            <strong>{r.agency}</strong>
            <span className={tone(r.status)}>{s.referralStatus[r.status]}</span>
          </div>
          <div>{r.reason}</div>
          <div className="muted" style={{ fontSize: '0.92rem' }}>
            {s.referredAt(formatDateId(r.referredAt))}
            {r.respondedAt ? ` · ${s.respondedAt(formatDateId(r.respondedAt))}` : ''}
          </div>
          {r.response ? (
            <div style={{ marginTop: '0.25rem' }}>
              {s.response}: {r.response}
            </div>
          ) : null}
          {writable && (r.status === 'dikirim' || r.status === 'diterima') ? (
            <div className="btn-row" style={{ marginTop: '0.5rem', gap: '0.5rem' }}>
              {(r.status === 'dikirim'
                ? (['diterima', 'selesai', 'ditolak'] as const)
                : (['selesai', 'ditolak'] as const)
              ).map((status) => (
                <button
                  key={status}
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setUpdating({ referralId: r.id, agency: r.agency, status })}
                >
                  {s.markReferral(s.referralStatus[status])}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ))}
      {writable && open ? (
        <form ref={formRef} onSubmit={submit} noValidate>
          {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
          <TextField
            label={s.agency}
            hint={s.agencyHint}
            value={form.agency}
            maxLength={160}
            onChange={(e) => setForm({ ...form, agency: e.target.value })}
            error={errors.agency}
          />
          <TextAreaField
            label={s.reason}
            value={form.reason}
            rows={2}
            maxLength={1000}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
            error={errors.reason}
          />
          <button type="submit" className="btn">
            {s.refer}
          </button>
        </form>
      ) : null}
      {updating ? (
        <ReferralDialog
          caseId={view.id}
          {...updating}
          onClose={close}
          onDone={(v) => {
            setUpdating(null);
            onChanged(v, `${updating.agency}: ${s.referralStatus[updating.status]}`);
          }}
        />
      ) : null}
    </section>
  );
}

function ReferralDialog({
  caseId,
  referralId,
  agency,
  status,
  onClose,
  onDone,
}: {
  caseId: string;
  referralId: string;
  agency: string;
  status: ReferralStatus;
  onClose: () => void;
  onDone: (v: CaseView) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [response, setResponse] = useState('');
  const save = useSave();
  const submit = () =>
    void save.run(
      () => call('cases.updateReferral', { id: caseId, referralId, status, response: response.trim() }),
      onDone,
    );
  return (
    <FormDialog
      title={s.referralUpdateTitle(agency, s.referralStatus[status])}
      dirty={response !== ''}
      save={save}
      shown={['response']}
      submitLabel={s.saveReferral}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextAreaField
        label={s.response}
        hint={s.responseHint}
        value={response}
        maxLength={2000}
        onChange={save.input('response', setResponse)}
        error={save.errors.response}
      />
    </FormDialog>
  );
}
