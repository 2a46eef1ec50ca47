import { useId, useState } from 'react';
import type { PaymentView, PeriodView } from '../../../common/api/methods/casework.ts';
import type { RefValueView } from '../../../common/api/methods/programs.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import { groupDigits, parseRupiah, type RupiahProblem } from '../../../common/domain/money.ts';
import { PAYMENT_STATUSES } from '../../../common/domain/registry.ts';
import { formatDateId, formatRupiah } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog, FormDialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { MoneyField } from '../../components/MoneyField.tsx';
import { PeriodWarnings } from '../signals/PeriodWarnings.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
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
  const save = useSave();
  const errors = save.errors;
  const paid = status === 'tersalurkan';

  const submit = () => {
    const why = reasonValue(reason.choice, reason.text);
    const problems = paid
      ? checkPaid(s, paidDate)
      : why
        ? []
        : [{ path: 'notPaidReason', message: s.reasonRequired }];
    if (problems.length) return save.refuse(problems);
    void save.run(
      () =>
        call('disbursement.setStatus', {
          itemIds,
          status,
          paidDate: paid ? paidDate : null,
          reference: paid && reference.trim() ? reference.trim() : null,
          notPaidReason: paid ? null : why,
        }),
      (result) => onDone(status, result),
    );
  };

  return (
    <FormDialog
      title={s.bulkTitle[status]}
      intro={
        <p>
          <strong>{s.bulkFor(itemIds.length, formatRupiah(amount))}</strong>
        </p>
      }
      save={save}
      shown={['paidDate', 'reference', 'notPaidReason']}
      submitLabel={s.apply}
      busyLabel={s.applying}
      onClose={onClose}
      onSubmit={submit}
    >
      {paid ? (
        <div className="form-grid">
          <DateField
            label={s.paidDate}
            hint={s.paidDateHint}
            max={todayWib()}
            value={paidDate}
            onChange={save.input('paidDate', setPaidDate)}
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
            save.clear('notPaidReason');
          }}
          error={errors.notPaidReason}
        />
      )}
    </FormDialog>
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
    const result = await call('disbursement.closePeriod', {
      id: period.id,
      acknowledgeWarnings: acknowledged,
    });
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
  const save = useSave();
  const errors = save.errors;
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
    for (const key of Object.keys(patch) as (keyof typeof form)[]) save.clear(errorPath[key]);
  };
  const rupiahMessage: Record<RupiahProblem, string> = {
    empty: s.rupiahEmpty,
    decimal: s.rupiahDecimal,
    invalid: s.rupiahInvalid,
    tooLarge: s.rupiahTooLarge,
  };
  const amount = parseRupiah(form.amount);

  const submit = () => {
    const notPaidReason = reasonValue(form.reasonChoice, form.reasonText);
    const problems: Problem[] = [];
    if (!amount.ok) problems.push({ path: 'amount', message: rupiahMessage[amount.problem] });
    if (paid) problems.push(...checkPaid(s, form.paidDate));
    else if (!notPaidReason) problems.push({ path: 'notPaidReason', message: s.reasonRequired });
    if (form.why.trim().length < 5) problems.push({ path: 'reason', message: s.correctionReasonShort });
    if (problems.length || !amount.ok) return save.refuse(problems);
    void save.run(
      () =>
        call('disbursement.correct', {
          itemId: item.id,
          status: form.status,
          paidDate: paid ? form.paidDate : null,
          reference: paid && form.reference.trim() ? form.reference.trim() : null,
          notPaidReason: paid ? null : notPaidReason,
          ...(amount.value !== item.amount ? { amount: amount.value } : {}),
          reason: form.why.trim(),
        }),
      onDone,
    );
  };

  return (
    <FormDialog
      title={s.correctTitle(item.recipientName)}
      intro={
        <>
          <p className="muted">{s.correctIntro}</p>
          <dl className="kv" style={{ marginBottom: '1rem' }}>
            <dt>{s.currentValue}</dt>
            <dd>
              <PaymentBadge status={item.status} /> {formatRupiah(item.amount)}
              {item.paidDate ? ` · ${s.paidOn(formatDateId(item.paidDate))}` : ''}
              {item.notPaidReason ? ` · ${item.notPaidReason}` : ''}
            </dd>
          </dl>
        </>
      }
      save={save}
      shown={['amount', 'paidDate', 'reference', 'notPaidReason', 'reason']}
      submitLabel={s.saveCorrection}
      busyLabel={s.applying}
      onClose={onClose}
      onSubmit={submit}
    >
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
    </FormDialog>
  );
}
