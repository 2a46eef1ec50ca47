import { useId, type ReactNode } from 'react';
import type { PaymentView, PeriodView } from '../../../common/api/methods/casework.ts';
import type { RefValueView } from '../../../common/api/methods/programs.ts';
import { formatRupiah } from '../../../common/format.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { disbursementStrings } from './strings.ts';

/** Share of the allocated money already paid; null when nothing was allocated. */
export function realisation(period: PeriodView): number | null {
  const { amountAllocated, amountPaid, recipients, paid } = period.totals;
  if (amountAllocated > 0) return amountPaid / amountAllocated;
  return recipients > 0 ? paid / recipients : null;
}

/** "45,3%" (Indonesian decimal comma). */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`;
}

export function PaymentBadge({ status }: { status: PaymentView['status'] }) {
  const s = useStrings(disbursementStrings);
  const tone = status === 'tersalurkan' ? 'badge-ok' : status === 'dikembalikan' ? 'badge-bad' : 'badge-warn';
  return <span className={`badge ${tone}`}>{s.paymentStatus[status]}</span>;
}

/** The period's figures, straight from the server (so they always match the list). */
export function PeriodStats({ period }: { period: PeriodView }) {
  const s = useStrings(disbursementStrings);
  const t = period.totals;
  const fraction = realisation(period);
  const count = (n: number) => n.toLocaleString('id-ID');
  return (
    <section aria-label={s.realisation}>
      <div className="stat-row">
        <Stat label={s.recipientsLong} value={count(t.recipients)} />
        <Stat label={s.paid} value={count(t.paid)} />
        <Stat label={s.unpaidLong} value={count(t.unpaid)} />
        <Stat label={s.returned} value={count(t.returned)} />
      </div>
      <div className="stat-row">
        <Stat label={s.allocatedLong} value={formatRupiah(t.amountAllocated)} />
        <Stat label={s.amountPaid} value={formatRupiah(t.amountPaid)} />
        <Stat label={s.realisation} value={fraction === null ? '—' : formatPercent(fraction)}>
          {fraction === null ? null : (
            <div
              className="progress"
              role="progressbar"
              aria-label={s.realisationLong(formatPercent(fraction))}
              aria-valuenow={Math.round(fraction * 100)}
              aria-valuemin={0}
              aria-valuemax={100}
              style={{ marginTop: '0.35rem' }}
            >
              <div style={{ width: `${Math.min(100, fraction * 100)}%` }} />
            </div>
          )}
        </Stat>
      </div>
    </section>
  );
}

function Stat({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <div className="stat">
      <div className="value">{value}</div>
      <div className="label">{label}</div>
      {children}
    </div>
  );
}

export const OTHER_REASON = '__other';

/**
 * A reason from the admin-managed list ("not_paid_reason"), or typed freely. The stored text is
 * the list label (what people read later), or what was typed.
 */
export function ReasonPicker({
  label,
  reasons,
  choice,
  text,
  onChange,
  error,
}: {
  label: string;
  reasons: RefValueView[];
  choice: string;
  text: string;
  onChange: (choice: string, text: string) => void;
  error?: string | undefined;
}) {
  const s = useStrings(disbursementStrings);
  const selectId = useId();
  const textId = useId();
  const listed = reasons.filter((r) => r.active && r.code !== 'lainnya');
  const typing = choice === OTHER_REASON;
  return (
    <>
      <div className="field">
        <label htmlFor={selectId}>{label}</label>
        <select
          id={selectId}
          value={choice}
          aria-invalid={error && !typing ? true : undefined}
          aria-describedby={error && !typing ? `${selectId}-error` : undefined}
          onChange={(e) => onChange(e.target.value, text)}
        >
          <option value="">{s.chooseReason}</option>
          {listed.map((r) => (
            <option key={r.id} value={r.label}>
              {r.label}
            </option>
          ))}
          <option value={OTHER_REASON}>{s.otherReason}</option>
        </select>
        {error && !typing ? (
          <div className="error" id={`${selectId}-error`} role="alert">
            {error}
          </div>
        ) : null}
      </div>
      {typing ? (
        <div className="field">
          <label htmlFor={textId}>{s.reasonText}</label>
          <input
            id={textId}
            value={text}
            maxLength={200}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${textId}-error` : undefined}
            onChange={(e) => onChange(choice, e.target.value)}
          />
          {error ? (
            <div className="error" id={`${textId}-error`} role="alert">
              {error}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** The text a ReasonPicker stands for (empty when nothing usable was chosen). */
export function reasonValue(choice: string, text: string): string {
  return (choice === OTHER_REASON ? text : choice).trim();
}
