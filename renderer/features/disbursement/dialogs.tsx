import { useId, useState, type FormEvent } from 'react';
import type { PaymentView, PeriodView } from '../../../common/api/methods/casework.ts';
import type { RefValueView } from '../../../common/api/methods/programs.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import { groupDigits, parseRupiah, type RupiahProblem } from '../../../common/domain/money.ts';
import { PAYMENT_STATUSES } from '../../../common/domain/registry.ts';
import { formatDateId, formatRupiah } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { MoneyField } from '../../components/MoneyField.tsx';
import { PeriodWarnings } from '../signals/PeriodWarnings.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import {
  generalMessage,
  localError,
  useFocusFirstProblem,
  withoutField,
} from '../../components/formErrors.ts';
import { OTHER_REASON, PaymentBadge, ReasonPicker, reasonValue } from './parts.tsx';
import { disbursementStrings } from './strings.ts';

type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
type Problem = { path: string; message: string };

/** Date and receipt number for "tersalurkan", checked before asking the server. */
function checkPaid(s: (typeof disbursementStrings)['id'], paidDate: string): Problem[] {
  if (!paidDate) return [{ path: 'paidDate', message: s.dateRequired }];
  if (paidDate > todayWib()) return [{ path: 'paidDate', message: s.dateFuture }];
  return [];
}

/** Bulk change of the selected recipients; the page offers "Urungkan" afterwards. */
export function BulkStatusDialog({
  status,
  itemIds,
  amount,
  reasons,
  onClose,
  onDone,
}: {
  status: PaymentStatus;
  itemIds: string[];
  amount: number;
  reasons: RefValueView[];
  onClose: () => void;
  onDone: (status: PaymentStatus, result: { operationId: string; changed: number }) => void;
}) {
  const s = useStrings(disbursementStrings);
  const call = useCall();
  const [paidDate, setPaidDate] = useState(todayWib());
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState({ choice: '', text: '' });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [formRef, problemShown] = useFocusFirstProblem();
  const errors = fieldErrors(error);
  const paid = status === 'tersalurkan';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const why = reasonValue(reason.choice, reason.text);
    const problems = paid
      ? checkPaid(s, paidDate)
      : why
        ? []
        : [{ path: 'notPaidReason', message: s.reasonRequired }];
    if (problems.length) {
      setError(localError(problems));
      return problemShown();
    }
    setBusy(true);
    const result = await call('disbursement.setStatus', {
      itemIds,
      status,
      paidDate: paid ? paidDate : null,
      reference: paid && reference.trim() ? reference.trim() : null,
      notPaidReason: paid ? null : why,
    });
    setBusy(false);
    if (result.ok) return onDone(status, result.value);
    setError(result.error);
    problemShown();
  };

  const general = generalMessage(error, ['paidDate', 'reference', 'notPaidReason']);
  return (
    <Dialog title={s.bulkTitle[status]} onClose={onClose}>
      <p>
        <strong>{s.bulkFor(itemIds.length, formatRupiah(amount))}</strong>
      </p>
      {general ? <Notice tone="error">{general}</Notice> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        {paid ? (
          <div className="form-grid">
            <DateField
              label={s.paidDate}
              hint={s.paidDateHint}
              max={todayWib()}
              value={paidDate}
              onChange={(e) => {
                setPaidDate(e.target.value);
                setError((er) => withoutField(er, 'paidDate'));
              }}
              error={errors.paidDate}
            />
            <TextField
              label={s.reference}
              hint={s.referenceHint}
              maxLength={80}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              error={errors.reference}
            />
          </div>
        ) : (
          <ReasonPicker
            label={s.reasonFor[status]}
            reasons={reasons}
            choice={reason.choice}
            text={reason.text}
            onChange={(choice, text) => {
              setReason({ choice, text });
              setError((er) => withoutField(er, 'notPaidReason'));
            }}
            error={errors.notPaidReason}
          />
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.applying : s.apply}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Closing freezes the figures; the dialog says exactly what that means before doing it. */
export function ClosePeriodDialog({
  period,
  onClose,
  onClosed,
}: {
  period: PeriodView;
  onClose: () => void;
  onClosed: (period: PeriodView) => void;
}) {
  const s = useStrings(disbursementStrings);
  const call = useCall();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Payments to people who died, were removed or are inactive hold the button until acknowledged.
  const [warnings, setWarnings] = useState<number | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const result = await call('disbursement.closePeriod', { id: period.id, acknowledgeWarnings: acknowledged });
    setBusy(false);
    if (result.ok) onClosed(result.value);
    else setError(result.error.message);
  };
  return (
    <Dialog title={s.closeTitle} onClose={onClose}>
      <p>{s.closeIntro(period.label)}</p>
      <ul style={{ marginTop: 0 }}>
        <li>{s.closeFreeze1}</li>
        <li>{s.closeFreeze2}</li>
        <li>{s.closeFreeze3}</li>
      </ul>
      {period.totals.unpaid > 0 ? (
        <Notice tone="warning">{s.closeUnpaid(period.totals.unpaid)}</Notice>
      ) : null}
      <PeriodWarnings
        periodId={period.id}
        acknowledged={acknowledged}
        onAcknowledge={setAcknowledged}
        onCount={setWarnings}
      />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onClose}>
          {s.cancel}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          onClick={confirm}
          disabled={busy || warnings === null || (warnings > 0 && !acknowledged)}
        >
          {busy ? s.closing : s.closeConfirm}
        </button>
      </div>
    </Dialog>
  );
}

/** A manager's correction of one recipient in a closed period: new values plus a reason. */
export function CorrectDialog({
  item,
  reasons,
  onClose,
  onDone,
}: {
  item: PaymentView;
  reasons: RefValueView[];
  onClose: () => void;
  onDone: (item: PaymentView) => void;
}) {
  const s = useStrings(disbursementStrings);
  const call = useCall();
  const reasonId = useId();
  const listed = reasons.some((r) => r.active && r.label === item.notPaidReason);
  const [form, setForm] = useState({
    status: item.status,
    amount: groupDigits(item.amount),
    paidDate: item.paidDate ?? todayWib(),
    reference: item.reference ?? '',
    reasonChoice: listed ? (item.notPaidReason ?? '') : item.notPaidReason ? OTHER_REASON : '',
    reasonText: listed ? '' : (item.notPaidReason ?? ''),
    why: '',
  });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [formRef, problemShown] = useFocusFirstProblem();
  const errors = fieldErrors(error);
  const paid = form.status === 'tersalurkan';
  const errorPath: Record<keyof typeof form, string> = {
    status: 'status',
    amount: 'amount',
    paidDate: 'paidDate',
    reference: 'reference',
    reasonChoice: 'notPaidReason',
    reasonText: 'notPaidReason',
    why: 'reason',
  };
  const update = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch) as (keyof typeof form)[])
      setError((e) => withoutField(e, errorPath[key]));
  };
  const rupiahMessage: Record<RupiahProblem, string> = {
    empty: s.rupiahEmpty,
    decimal: s.rupiahDecimal,
    invalid: s.rupiahInvalid,
    tooLarge: s.rupiahTooLarge,
  };
  const amount = parseRupiah(form.amount);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const notPaidReason = reasonValue(form.reasonChoice, form.reasonText);
    const problems: Problem[] = [];
    if (!amount.ok) problems.push({ path: 'amount', message: rupiahMessage[amount.problem] });
    if (paid) problems.push(...checkPaid(s, form.paidDate));
    else if (!notPaidReason) problems.push({ path: 'notPaidReason', message: s.reasonRequired });
    if (form.why.trim().length < 5) problems.push({ path: 'reason', message: s.correctionReasonShort });
    if (problems.length || !amount.ok) {
      setError(localError(problems));
      return problemShown();
    }
    setBusy(true);
    const result = await call('disbursement.correct', {
      itemId: item.id,
      status: form.status,
      paidDate: paid ? form.paidDate : null,
      reference: paid && form.reference.trim() ? form.reference.trim() : null,
      notPaidReason: paid ? null : notPaidReason,
      ...(amount.value !== item.amount ? { amount: amount.value } : {}),
      reason: form.why.trim(),
    });
    setBusy(false);
    if (result.ok) return onDone(result.value);
    setError(result.error);
    problemShown();
  };

  const general = generalMessage(error, ['amount', 'paidDate', 'reference', 'notPaidReason', 'reason']);
  return (
    <Dialog title={s.correctTitle(item.recipientName)} onClose={onClose}>
      <p className="muted">{s.correctIntro}</p>
      <dl className="kv" style={{ marginBottom: '1rem' }}>
        <dt>{s.currentValue}</dt>
        <dd>
          <PaymentBadge status={item.status} /> {formatRupiah(item.amount)}
          {item.paidDate ? ` · ${s.paidOn(formatDateId(item.paidDate))}` : ''}
          {item.notPaidReason ? ` · ${item.notPaidReason}` : ''}
        </dd>
      </dl>
      {general ? <Notice tone="error">{general}</Notice> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <div className="form-grid">
          <SelectField
            label={s.newStatus}
            value={form.status}
            onChange={(e) => update({ status: e.target.value as PaymentStatus })}
          >
            {PAYMENT_STATUSES.map((st) => (
              <option key={st} value={st}>
                {s.paymentStatus[st]}
              </option>
            ))}
          </SelectField>
          <MoneyField
            label={s.newAmount}
            hint={amount.ok ? undefined : s.newAmountHint}
            value={form.amount}
            onChange={(e) => update({ amount: e.target.value })}
            error={errors.amount}
          />
        </div>
        {paid ? (
          <div className="form-grid">
            <DateField
              label={s.paidDate}
              max={todayWib()}
              value={form.paidDate}
              onChange={(e) => update({ paidDate: e.target.value })}
              error={errors.paidDate}
            />
            <TextField
              label={s.reference}
              maxLength={80}
              value={form.reference}
              onChange={(e) => update({ reference: e.target.value })}
              error={errors.reference}
            />
          </div>
        ) : (
          <ReasonPicker
            label={s.reasonFor[form.status]}
            reasons={reasons}
            choice={form.reasonChoice}
            text={form.reasonText}
            onChange={(reasonChoice, reasonText) => update({ reasonChoice, reasonText })}
            error={errors.notPaidReason}
          />
        )}
        <div className="field">
          <label htmlFor={reasonId}>{s.correctionReason}</label>
          <textarea
            id={reasonId}
            rows={3}
            maxLength={300}
            value={form.why}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={`${reasonId}-hint${errors.reason ? ` ${reasonId}-error` : ''}`}
            onChange={(e) => update({ why: e.target.value })}
          />
          <div className="hint" id={`${reasonId}-hint`}>
            {s.correctionReasonHint}
          </div>
          {errors.reason ? (
            <div className="error" id={`${reasonId}-error`} role="alert">
              {errors.reason}
            </div>
          ) : null}
        </div>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.applying : s.saveCorrection}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
