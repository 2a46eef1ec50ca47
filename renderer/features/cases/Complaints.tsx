import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ComplaintView } from '../../../common/api/methods/casework.ts';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_STATUSES,
} from '../../../common/domain/registry.ts';
import { formatDateId, formatDateTimeId } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { navigate, useUnsavedChanges } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { SelectField } from '../../components/Field.tsx';
import { EmptyState } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n, useStrings } from '../../i18n/i18n.tsx';
import { ComplaintStatusBadge } from './badges.tsx';
import { clearFlash, flashFor, peekFlash } from './flash.ts';
import { formatDays, staffFor, TextAreaField, useDirectory } from './formBits.tsx';
import { NewComplaintDialog } from './NewComplaintDialog.tsx';
import { casesStrings } from './strings.ts';
import { useFocusFirstProblem } from '../../components/formErrors.ts';

type Status = (typeof COMPLAINT_STATUSES)[number];
const RESPONSE_DAYS = 14;
const LIMIT = 500;

/** Short labels for the table ("Usul", not the long explanation used in forms). */
const shortKind = (kind: ComplaintView['kind']) => COMPLAINT_KIND_LABELS[kind].replace(/\s*\(.*\)$/, '');
const late = (c: ComplaintView) => c.status !== 'selesai' && c.responseDays > RESPONSE_DAYS;

function ResponseTime({ complaint }: { complaint: ComplaintView }) {
  const s = useStrings(casesStrings);
  const { locale } = useI18n();
  return (
    <span>
      {s.days(formatDays(complaint.responseDays, locale))}
      {late(complaint) ? (
        <>
          <br />
          <span className="badge badge-bad">⚠ {s.responseOverdue}</span>
        </>
      ) : null}
    </span>
  );
}

let rememberedStatus: Status | '' = '';

export function ComplaintList() {
  const s = useStrings(casesStrings);
  const call = useCall();
  const can = useCan();
  const [status, setStatusState] = useState<Status | ''>(rememberedStatus);
  const [creating, setCreating] = useState(false);
  const { nameOf } = useDirectory();
  const {
    value: complaints,
    error,
    loading,
  } = useLoad(() => call('complaints.list', { ...(status ? { status } : {}), limit: LIMIT }), [call, status]);
  const setStatus = (next: Status | '') => {
    rememberedStatus = next;
    setStatusState(next);
  };
  const close = useCallback(() => setCreating(false), []);
  const rows = complaints ?? [];

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <SelectField
          label={s.statusFilter}
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | '')}
        >
          <option value="">{s.allStatuses}</option>
          {COMPLAINT_STATUSES.map((st) => (
            <option key={st} value={st}>
              {COMPLAINT_STATUS_LABELS[st]}
            </option>
          ))}
        </SelectField>
        {can('complaints.write') ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            + {s.newComplaint}
          </button>
        ) : null}
      </div>
      <p className="muted">{s.responseRule}</p>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {complaints && rows.length === 0 ? (
        <div className="card">
          <EmptyState title={s.noComplaintsTitle}>
            <p>{status ? s.noComplaintsFiltered : s.noComplaintsBody}</p>
          </EmptyState>
        </div>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{s.colReceived}</th>
                <th>{s.colSubject}</th>
                <th>{s.colReporter}</th>
                <th>{s.colStatus}</th>
                <th>{s.colResponse}</th>
                <th>{s.colOfficer}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} style={late(c) ? { background: 'var(--danger-soft)' } : undefined}>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDateId(c.receivedAt)}</td>
                  <td>
                    <a href={`#/kasus/pengaduan/${c.id}`} style={{ fontWeight: 600 }}>
                      {c.subject}
                    </a>
                    <div className="muted" style={{ fontSize: '0.92rem' }}>
                      {shortKind(c.kind)} · {COMPLAINT_CHANNEL_LABELS[c.channel]}
                      {c.desaName ? ` · ${c.desaName}` : ''}
                    </div>
                  </td>
                  <td>
                    {c.anonymous ? <span className="badge">{s.anonymous}</span> : (c.reporterName ?? '—')}
                  </td>
                  <td>
                    <ComplaintStatusBadge status={c.status} />
                  </td>
                  <td>
                    <ResponseTime complaint={c} />
                  </td>
                  <td>{nameOf(c.assignedTo) ?? <span className="muted">{s.unassigned}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading && !complaints ? <p className="muted">{s.loading}</p> : null}
      {creating ? (
        <NewComplaintDialog
          householdId={null}
          onClose={close}
          onDone={(created) => {
            setCreating(false);
            flashFor(created.id, s.complaintCreated);
            navigate(`/kasus/pengaduan/${created.id}`, { force: true });
          }}
        />
      ) : null}
    </>
  );
}

/**
 * One complaint and its follow-up. The API has no complaints.get, so the complaint is found in
 * the (newest first) list; a very old one beyond the list's limit is reported as not found.
 */
export function ComplaintDetail({ id }: { id: string }) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const can = useCan();
  const { staff, nameOf } = useDirectory();
  const [view, setView] = useState<ComplaintView | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(() => peekFlash(id));

  useEffect(() => {
    clearFlash(id);
    let live = true;
    setView(null);
    setMissing(null);
    void call('complaints.list', { limit: LIMIT }).then((r) => {
      if (!live) return;
      if (!r.ok) return setMissing(r.error.message);
      const found = r.value.find((c) => c.id === id);
      if (found) setView(found);
      else setMissing(s.complaintNotFound);
    });
    return () => {
      live = false;
    };
  }, [call, id, s.complaintNotFound]);

  const back = (
    <p>
      <a href="#/kasus/pengaduan" className="btn btn-sm">
        {s.backToComplaints}
      </a>
    </p>
  );
  if (missing) {
    return (
      <>
        {back}
        <Notice tone="error">{missing}</Notice>
      </>
    );
  }
  if (!view) return <p className="muted">{s.loading}</p>;

  return (
    <>
      {back}
      <div className="grid-2">
        <section className="card">
          <h2>{view.subject}</h2>
          <div className="btn-row" style={{ gap: '0.5rem', marginBottom: '1rem' }}>
            <span className="badge">{shortKind(view.kind)}</span>
            <ComplaintStatusBadge status={view.status} />
            {late(view) ? <span className="badge badge-bad">⚠ {s.responseOverdue}</span> : null}
          </div>
          {message ? <Notice tone="success">{message}</Notice> : null}
          <dl className="kv">
            <dt>{s.kind}</dt>
            <dd>{COMPLAINT_KIND_LABELS[view.kind]}</dd>
            <dt>{s.channel}</dt>
            <dd>{COMPLAINT_CHANNEL_LABELS[view.channel]}</dd>
            <dt>{s.reporter}</dt>
            <dd>{view.anonymous ? s.anonymousNoted : (view.reporterName ?? '—')}</dd>
            {!view.anonymous && view.reporterContact ? (
              <>
                <dt>{s.contact}</dt>
                <dd>{view.reporterContact}</dd>
              </>
            ) : null}
            {view.householdId ? (
              <>
                <dt>{s.family}</dt>
                <dd>
                  <a href={`#/keluarga/${view.householdId}`}>{s.familyOf(view.headName)}</a>
                </dd>
              </>
            ) : null}
            <dt>{s.complaintDesa}</dt>
            <dd>{view.desaName ?? <span className="muted">{s.noDesa}</span>}</dd>
            <dt>{s.receivedAt}</dt>
            <dd>{formatDateTimeId(view.receivedAt)}</dd>
            <dt>{s.colResponse}</dt>
            <dd>
              <ResponseTime complaint={view} />
            </dd>
            {view.resolvedAt ? (
              <>
                <dt>{s.resolvedAt}</dt>
                <dd>{formatDateTimeId(view.resolvedAt)}</dd>
              </>
            ) : null}
            <dt>{s.handler}</dt>
            <dd>{nameOf(view.assignedTo) ?? <span className="muted">{s.unassigned}</span>}</dd>
          </dl>
          <h3 style={{ marginTop: '1.25rem' }}>{s.description}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            {view.description || <span className="muted">{s.noDescription}</span>}
          </p>
          {view.resolution ? (
            <>
              <h3>{s.resolution}</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>{view.resolution}</p>
            </>
          ) : null}
        </section>
        {can('complaints.write') ? (
          <UpdateCard
            view={view}
            staff={staffFor(staff, 'complaints.write', view.assignedTo)}
            onSaved={(v) => {
              setView(v);
              setMessage(s.updateSaved);
            }}
          />
        ) : null}
      </div>
    </>
  );
}

function UpdateCard({
  view,
  staff,
  onSaved,
}: {
  view: ComplaintView;
  staff: { id: string; fullName: string }[];
  onSaved: (v: ComplaintView) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [form, setForm] = useState({
    status: view.status,
    resolution: view.resolution ?? '',
    assignedTo: view.assignedTo ?? '',
  });
  const [error, setError] = useState<AppError | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const changed =
    form.status !== view.status ||
    form.resolution !== (view.resolution ?? '') ||
    form.assignedTo !== (view.assignedTo ?? '');
  useUnsavedChanges(changed);
  const [formRef, problemShown] = useFocusFirstProblem();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.status === 'selesai' && !form.resolution.trim()) {
      setLocal(s.resolutionRequired);
      return problemShown();
    }
    setLocal(null);
    setBusy(true);
    const result = await call('complaints.update', {
      id: view.id,
      status: form.status,
      resolution: form.resolution.trim() || null,
      assignedTo: form.assignedTo || null,
    });
    setBusy(false);
    if (result.ok) {
      setError(null);
      onSaved(result.value);
    } else {
      setError(result.error);
      problemShown();
    }
  };
  return (
    <section className="card">
      <h2>{s.updateTitle}</h2>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <SelectField
          label={s.newStatus}
          value={form.status}
          onChange={(e) => setForm({ ...form, status: e.target.value as Status })}
          error={errors.status}
        >
          {COMPLAINT_STATUSES.map((st) => (
            <option key={st} value={st}>
              {COMPLAINT_STATUS_LABELS[st]}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label={s.resolution}
          hint={s.resolutionHint}
          value={form.resolution}
          rows={5}
          maxLength={4000}
          onChange={(e) => setForm({ ...form, resolution: e.target.value })}
          error={local ?? errors.resolution}
        />
        <SelectField
          label={s.handler}
          value={form.assignedTo}
          onChange={(e) => setForm({ ...form, assignedTo: e.target.value })}
          error={errors.assignedTo}
        >
          <option value="">{s.unassigned}</option>
          {staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="btn btn-primary" disabled={busy || !changed}>
          {s.saveUpdate}
        </button>
      </form>
    </section>
  );
}
