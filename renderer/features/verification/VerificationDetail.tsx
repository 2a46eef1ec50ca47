import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { VerificationView } from '../../../common/api/methods/casework.ts';
import { OUTCOME_LABELS, VERIFICATION_SOURCE_LABELS } from '../../../common/domain/registry.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import { formatDateId, formatDateTimeId, formatRupiah } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { MoneyField } from '../../components/MoneyField.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useI18n, useStrings } from '../../i18n/i18n.tsx';
import { Checkbox, RadioGroup, TextAreaField } from '../cases/formBits.tsx';
import { useFocusFirstProblem } from '../../components/formErrors.ts';
import { Attachments } from './Attachments.tsx';
import { AppliedChanges, ApprovalPreview, AssignVisit } from './ProgramChanges.tsx';
import { verificationStrings } from './strings.ts';
import { VerificationStatusBadge } from './VerificationStatusBadge.tsx';
import {
  ASSETS,
  assetLabel,
  CHOICE_FIELDS,
  choiceLabel,
  formFromVisit,
  VISIT_CHOICES,
  visitFromForm,
  type ChoiceField,
  type VisitForm,
  type VisitProblems,
} from './visitForm.ts';

type Strings = (typeof verificationStrings)['id'];

const locked = (v: VerificationView) => v.status === 'terverifikasi' || v.submittedAt !== null;
const awaitingApproval = (v: VerificationView) => v.submittedAt !== null && v.approval === null;

export function VerificationDetail({ id }: { id: string }) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const can = useCan();
  const [view, setView] = useState<VerificationView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const top = useRef<HTMLParagraphElement>(null);

  const reload = useCallback(async (): Promise<VerificationView | null> => {
    const result = await call('verification.get', { id });
    if (result.ok) return result.value;
    setProblem(result.error.code === 'NOT_FOUND' ? s.notFound : result.error.message);
    return null;
  }, [call, id, s.notFound]);

  useEffect(() => {
    let live = true;
    void reload().then((v) => {
      if (live && v) setView(v);
    });
    return () => {
      live = false;
    };
  }, [reload]);

  const back = (
    <p ref={top}>
      <a href="#/verifikasi" className="btn btn-sm">
        {s.back}
      </a>
    </p>
  );
  if (problem && !view) {
    return (
      <>
        {back}
        <Notice tone="error">{problem}</Notice>
      </>
    );
  }
  if (!view) return <p className="muted">{s.loading}</p>;

  const writer = can('verification.write');
  const editable = writer && !locked(view);
  const changed = (next: VerificationView, text: string | null) => {
    setView(next);
    setMessage(text);
  };
  const outcome = view.outcome ? OUTCOME_LABELS[view.outcome] : '';

  return (
    <>
      {back}
      <section className="card">
        <div className="section-title" style={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <div>
            <h2>{s.heading(view.headName)}</h2>
            <div className="btn-row" style={{ gap: '0.5rem' }}>
              <VerificationStatusBadge view={view} />
              <span className="muted">
                {s.kk(view.kkNumber)} · {view.desaName}
              </span>
            </div>
          </div>
          <a className="btn btn-sm" href={`#/keluarga/${view.householdId}`}>
            {s.openFamily}
          </a>
        </div>
        <dl className="kv">
          <dt>{s.sourceLabel}</dt>
          <dd>{VERIFICATION_SOURCE_LABELS[view.source]}</dd>
          <dt>{s.createdAt}</dt>
          <dd>{formatDateTimeId(view.createdAt)}</dd>
        </dl>
        {can('verification.approve') && view.status !== 'terverifikasi' && !view.submittedAt ? (
          <AssignVisit view={view} onAssigned={(v) => changed(v, null)} />
        ) : null}
      </section>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {view.status === 'terverifikasi' ? (
        <Notice
          tone="success"
          title={s.approvedNotice(outcome, view.approvedAt ? formatDateTimeId(view.approvedAt) : '')}
        >
          {view.outcomeReason ? `${s.reason}: ${view.outcomeReason}` : null}
          {view.approvalNote ? (
            <>
              <br />
              {s.returnedNote}: {view.approvalNote}
            </>
          ) : null}
        </Notice>
      ) : awaitingApproval(view) ? (
        <Notice tone="info" title={s.awaitingNotice(formatDateTimeId(view.submittedAt!))}>
          {s.submittedResult}: <b>{outcome}</b>
          {view.outcomeReason ? ` — ${view.outcomeReason}` : ''}
        </Notice>
      ) : view.approval === 'dikembalikan' ? (
        <Notice tone="warning" title={s.returnedNotice}>
          {s.returnedNote}: <b>{view.approvalNote}</b>
        </Notice>
      ) : null}
      {!writer && !locked(view) ? <Notice tone="info">{s.readOnly}</Notice> : null}

      {editable ? (
        <VisitCard
          key={view.id}
          view={view}
          onSaved={changed}
          onMessage={setMessage}
          onDirty={setDirty}
          reload={reload}
        />
      ) : (
        <section className="card">
          <h2>{s.visitTitle}</h2>
          <VisitSummary visit={view.visit} />
        </section>
      )}
      <div className="grid-2">
        <Attachments
          verification={view}
          canAdd={editable}
          onAdded={() =>
            void reload().then((v) => {
              if (v) setView(v);
            })
          }
        />
        <div>
          {editable ? <SubmitCard view={view} dirty={dirty} onDone={(v) => changed(v, null)} /> : null}
          {view.approval === 'disetujui' ? (
            <AppliedChanges
              view={view}
              canUndo={can('verification.approve')}
              onUndone={(v) => changed(v, null)}
            />
          ) : null}
          {can('verification.approve') && awaitingApproval(view) ? (
            <ApprovalCard
              view={view}
              onDone={(v) => {
                // The card goes away; the status notice at the top now tells what happened.
                changed(v, null);
                top.current?.scrollIntoView({ block: 'start' });
              }}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}

/** The visit as recorded, for reading (approvers, locked or read-only verifications). */
function VisitSummary({ visit }: { visit: VerificationView['visit'] }) {
  const s = useStrings(verificationStrings);
  const { locale } = useI18n();
  if (!visit) return <p className="muted">{s.noVisit}</p>;
  const value = (v: string | number | null | undefined) =>
    v === null || v === undefined || v === '' ? <span className="muted">{s.none}</span> : v;
  const choice = (field: ChoiceField) =>
    value(visit[field] ? choiceLabel(field, visit[field], locale) : null);
  return (
    <>
      <dl className="kv">
        <dt>{s.visitDate}</dt>
        <dd>{visit.visitDate ? formatDateId(visit.visitDate) : s.none}</dd>
        <dt>{s.houseOwnership}</dt>
        <dd>{choice('houseOwnership')}</dd>
        <dt>{s.floorArea}</dt>
        <dd>{value(visit.floorAreaM2 != null ? `${visit.floorAreaM2} m²` : null)}</dd>
        <dt>{s.floorType}</dt>
        <dd>{choice('floorType')}</dd>
        <dt>{s.wallType}</dt>
        <dd>{choice('wallType')}</dd>
        <dt>{s.roofType}</dt>
        <dd>{choice('roofType')}</dd>
        <dt>{s.waterSource}</dt>
        <dd>{choice('waterSource')}</dd>
        <dt>{s.lighting}</dt>
        <dd>{choice('lighting')}</dd>
        <dt>{s.toilet}</dt>
        <dd>{choice('toilet')}</dd>
        <dt>{s.income}</dt>
        <dd>{value(visit.monthlyIncome != null ? formatRupiah(visit.monthlyIncome) : null)}</dd>
        <dt>{s.assets}</dt>
        <dd>
          {value(visit.assets?.length ? visit.assets.map((a) => assetLabel(a, locale)).join(', ') : null)}
        </dd>
      </dl>
      <h3 style={{ marginTop: '1rem' }}>{s.findings}</h3>
      <p style={{ whiteSpace: 'pre-wrap' }}>{visit.findings || <span className="muted">{s.none}</span>}</p>
    </>
  );
}

function problemText(
  s: Strings,
  field: keyof VisitForm,
  problem: VisitProblems[keyof VisitForm],
): string | undefined {
  if (!problem) return undefined;
  if (field === 'visitDate') return problem === 'future' ? s.visitDateFuture : s.visitDateRequired;
  if (field === 'floorAreaM2') return s.floorAreaInvalid;
  if (field === 'monthlyIncome')
    return problem === 'tooLarge'
      ? s.incomeTooLarge
      : problem === 'decimal'
        ? s.incomeDecimal
        : s.incomeInvalid;
  return undefined;
}

function VisitCard({
  view,
  onSaved,
  onMessage,
  onDirty,
  reload,
}: {
  view: VerificationView;
  onSaved: (v: VerificationView, message: string | null) => void;
  onMessage: (message: string | null) => void;
  onDirty: (dirty: boolean) => void;
  reload: () => Promise<VerificationView | null>;
}) {
  const s = useStrings(verificationStrings);
  const { locale } = useI18n();
  const call = useCall();
  const today = todayWib();
  const [baseline, setBaseline] = useState(() => formFromVisit(view.visit, today));
  const [form, setForm] = useState(baseline);
  const [problems, setProblems] = useState<VisitProblems>({});
  const [error, setError] = useState<AppError | null>(null);
  const [conflict, setConflict] = useState<{ message: string; latest: VerificationView | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [formRef, problemShown] = useFocusFirstProblem();
  const dirty = JSON.stringify(form) !== JSON.stringify(baseline);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const set = <K extends keyof VisitForm>(key: K, value: VisitForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const serverErrors = fieldErrors(error);
  const errorOf = (field: keyof VisitForm) =>
    problemText(s, field, problems[field]) ?? serverErrors[`visit.${field}`];

  const save = async (expectedVersion: number) => {
    const { visit, problems: found } = visitFromForm(form, today);
    setProblems(found);
    if (!visit) return problemShown();
    setBusy(true);
    setSavedAt(null);
    onMessage(null);
    const result = await call('verification.saveVisit', { id: view.id, expectedVersion, visit });
    setBusy(false);
    if (result.ok) {
      const fresh = formFromVisit(result.value.visit, today);
      setBaseline(fresh);
      setForm(fresh);
      setError(null);
      setConflict(null);
      setSavedAt(formatDateTimeId(new Date().toISOString()));
      onSaved(result.value, null);
    } else if (result.error.code === 'CONFLICT') {
      // Keep what the user typed; fetch the latest so they can compare and choose.
      setError(null);
      const latest = await reload();
      setConflict({ message: result.error.message, latest });
    } else {
      setError(result.error);
      problemShown();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(conflict?.latest?.version ?? view.version);
  };

  const discard = () => {
    if (!conflict?.latest) return;
    const latest = conflict.latest;
    const fresh = formFromVisit(latest.visit, today);
    setBaseline(fresh);
    setForm(fresh);
    setConflict(null);
    onSaved(latest, null);
  };

  const hasProblems = Object.keys(problems).length > 0 || (error?.fields?.length ?? 0) > 0;
  const latestLocked = conflict?.latest ? locked(conflict.latest) : false;
  const choiceSelect = (field: ChoiceField) => {
    const choices = VISIT_CHOICES[field] as readonly (readonly [string, string])[];
    const current = form[field];
    return (
      <SelectField
        key={field}
        label={s[field]}
        value={current}
        onChange={(e) => set(field, e.target.value)}
        error={errorOf(field)}
      >
        <option value="">{s.choose}</option>
        {current && !choices.some((c) => c[0] === current) ? (
          <option value={current}>{current}</option>
        ) : null}
        {choices.map(([value, english]) => (
          <option key={value} value={value}>
            {locale === 'id' ? value : english}
          </option>
        ))}
      </SelectField>
    );
  };
  const extraAssets = form.assets.filter((a) => !ASSETS.some(([code]) => code === a));

  return (
    <section className="card">
      <h2>{s.visitTitle}</h2>
      {conflict ? (
        <Notice tone="warning" title={s.conflictTitle}>
          <p>
            {conflict.message} <strong>{s.conflictKept}</strong>
          </p>
          {latestLocked ? <p>{s.conflictLocked}</p> : null}
          {conflict.latest ? (
            <details>
              <summary style={{ cursor: 'pointer', fontWeight: 600 }}>{s.conflictLatest}</summary>
              <div
                style={{
                  background: 'var(--surface)',
                  padding: '0.75rem',
                  borderRadius: 'var(--radius)',
                  marginTop: '0.5rem',
                }}
              >
                <VisitSummary visit={conflict.latest.visit} />
              </div>
            </details>
          ) : null}
          <div className="btn-row" style={{ marginTop: '0.75rem' }}>
            {!latestLocked && conflict.latest ? (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void save(conflict.latest!.version)}
                disabled={busy}
              >
                {s.conflictOverwrite}
              </button>
            ) : null}
            {conflict.latest ? (
              <button type="button" className="btn" onClick={discard}>
                {s.conflictDiscard}
              </button>
            ) : null}
          </div>
        </Notice>
      ) : null}
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      {hasProblems ? <Notice tone="error">{s.fixErrors}</Notice> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <div className="form-grid">
          <DateField
            label={s.visitDate}
            max={today}
            value={form.visitDate}
            onChange={(e) => set('visitDate', e.target.value)}
            error={errorOf('visitDate')}
          />
          {choiceSelect('houseOwnership')}
          <TextField
            label={s.floorArea}
            hint={s.floorAreaHint}
            inputMode="numeric"
            value={form.floorAreaM2}
            onChange={(e) => set('floorAreaM2', e.target.value)}
            error={errorOf('floorAreaM2')}
          />
          {CHOICE_FIELDS.filter((f) => f !== 'houseOwnership').map(choiceSelect)}
          <MoneyField
            label={s.income}
            value={form.monthlyIncome}
            onChange={(e) => set('monthlyIncome', e.target.value)}
            hint={form.monthlyIncome.trim() ? undefined : s.incomeHint}
            error={errorOf('monthlyIncome')}
          />
        </div>
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
          <legend style={{ fontWeight: 600, padding: 0 }}>{s.assets}</legend>
          <p className="muted" style={{ fontSize: '0.92rem' }}>
            {s.assetsHint}
          </p>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))',
              gap: '0 1.25rem',
            }}
          >
            {[...ASSETS.map(([code]) => code), ...extraAssets].map((code) => (
              <Checkbox
                key={code}
                label={assetLabel(code, locale)}
                checked={form.assets.includes(code)}
                onChange={(on) =>
                  set('assets', on ? [...form.assets, code] : form.assets.filter((a) => a !== code))
                }
              />
            ))}
          </div>
        </fieldset>
        <TextAreaField
          label={s.findings}
          hint={s.findingsHint}
          value={form.findings}
          rows={5}
          maxLength={4000}
          onChange={(e) => set('findings', e.target.value)}
          error={serverErrors['visit.findings']}
        />
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy || (!!conflict && latestLocked)}>
            {busy ? s.saving : s.saveVisit}
          </button>
          <span role="status">
            {dirty ? (
              <span className="warning-text">● {s.unsaved}</span>
            ) : savedAt ? (
              <strong style={{ color: 'var(--success)' }}>✓ {s.saved(savedAt)}</strong>
            ) : null}
          </span>
        </div>
      </form>
    </section>
  );
}

function SubmitCard({
  view,
  dirty,
  onDone,
}: {
  view: VerificationView;
  dirty: boolean;
  onDone: (v: VerificationView) => void;
}) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const [outcome, setOutcome] = useState<'layak' | 'tidak_layak' | ''>(view.outcome ?? '');
  const [reason, setReason] = useState(view.outcomeReason ?? '');
  const [local, setLocal] = useState<{ outcome?: string; reason?: string }>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitRef, submitProblemShown] = useFocusFirstProblem();
  const blocked = !view.visit ? s.visitFirst : dirty ? s.saveFirst : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: typeof local = {};
    if (!outcome) problems.outcome = s.outcomeRequired;
    if (reason.trim().length < 3) problems.reason = s.reasonRequired;
    setLocal(problems);
    if (!outcome || problems.reason) return submitProblemShown();
    setBusy(true);
    const result = await call('verification.submit', { id: view.id, outcome, reason: reason.trim() });
    setBusy(false);
    if (result.ok) return onDone(result.value);
    setError(result.error);
    submitProblemShown();
  };
  const errors = fieldErrors(error);
  return (
    <section className="card">
      <h2>{s.submitTitle}</h2>
      <p className="muted">{s.submitIntro}</p>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      {blocked ? <Notice tone="info">{blocked}</Notice> : null}
      <form ref={submitRef} onSubmit={submit} noValidate>
        <RadioGroup
          label={s.outcome}
          value={outcome}
          onChange={setOutcome}
          options={[
            { value: 'layak', label: s.outcomeLayak },
            { value: 'tidak_layak', label: s.outcomeTidakLayak },
          ]}
          error={local.outcome ?? errors.outcome}
        />
        <TextAreaField
          label={s.reason}
          hint={s.reasonHint}
          value={reason}
          rows={3}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={local.reason ?? errors.reason}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || blocked !== null}>
          {s.submit}
        </button>
      </form>
    </section>
  );
}

function ApprovalCard({ view, onDone }: { view: VerificationView; onDone: (v: VerificationView) => void }) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => setConfirming(false), []);
  const decide = async (decision: 'disetujui' | 'dikembalikan') => {
    if (decision === 'dikembalikan' && !note.trim()) return setLocal(s.approvalNoteRequired);
    setLocal(null);
    setBusy(true);
    const result = await call('verification.approve', { id: view.id, decision, note: note.trim() });
    setBusy(false);
    setConfirming(false);
    if (result.ok) onDone(result.value);
    else setError(result.error);
  };
  const outcome = view.outcome ? OUTCOME_LABELS[view.outcome] : '';
  return (
    <section className="card" style={{ borderColor: 'var(--primary)', borderWidth: 2 }}>
      <h2>{s.approvalTitle}</h2>
      <p>{s.approvalIntro}</p>
      <dl className="kv" style={{ marginBottom: '1rem' }}>
        <dt>{s.submittedResult}</dt>
        <dd>
          <strong>{outcome}</strong>
        </dd>
        <dt>{s.reason}</dt>
        <dd>{view.outcomeReason}</dd>
      </dl>
      <ApprovalPreview id={view.id} />
      {error && !error.fields?.some((f) => f.path === 'note') ? (
        <Notice tone="error">{error.message}</Notice>
      ) : null}
      <TextAreaField
        label={s.approvalNote}
        hint={s.approvalNoteHint}
        value={note}
        rows={3}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
        error={local ?? fieldErrors(error).note}
      />
      <div className="btn-row">
        <button type="button" className="btn btn-primary" onClick={() => setConfirming(true)} disabled={busy}>
          ✓ {s.approve}
        </button>
        <button type="button" className="btn" onClick={() => void decide('dikembalikan')} disabled={busy}>
          ↩ {s.sendBack}
        </button>
      </div>
      {confirming ? (
        <Dialog title={s.confirmApproveTitle} onClose={close}>
          <p>{s.confirmApproveBody(view.headName ?? view.kkNumber ?? view.desaName, outcome)}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void decide('disetujui')}
              disabled={busy}
            >
              {s.confirmApprove}
            </button>
            <button type="button" className="btn" onClick={close}>
              {s.cancel}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
