import { useEffect } from 'react';
import { useCall } from '../../app/session.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { signalStrings } from './strings.ts';

const SHOWN = 5;

/**
 * Before a period is closed: its unchecked payments to people who died, were removed or are
 * inactive, and the box that says the closer has read them (the core refuses without it).
 */
export function PeriodWarnings({
  periodId,
  acknowledged,
  onAcknowledge,
  onCount,
}: {
  periodId: string;
  acknowledged: boolean;
  onAcknowledge: (value: boolean) => void;
  /** How many warnings stand (null while loading), so the dialog can hold its button. */
  onCount: (count: number | null) => void;
}) {
  const s = useStrings(signalStrings);
  const call = useCall();
  const warnings = useLoad(() => call('signals.periodWarnings', { periodId }), [call, periodId]);
  const count = warnings.value?.length ?? null;
  const failed = warnings.error !== null;
  // Without the list the core still refuses a close it should not make: let the button through.
  useEffect(() => onCount(failed ? 0 : count), [count, failed, onCount]);
  if (warnings.error) return <Notice tone="error">{warnings.error.message}</Notice>;
  if (!warnings.value?.length) return null;
  const rows = warnings.value;
  return (
    <Notice tone="warning">
      <p style={{ margin: '0 0 0.35rem' }}>{s.periodWarningTitle(rows.length)}</p>
      <ul style={{ margin: '0 0 0.35rem', paddingLeft: '1.2rem' }}>
        {rows.slice(0, SHOWN).map((r) => (
          <li key={r.key}>
            <a href={`#/keluarga/${r.families[0]!.householdId}`}>{r.reason}</a>
          </li>
        ))}
      </ul>
      {rows.length > SHOWN ? (
        <p style={{ margin: '0 0 0.35rem' }}>{s.periodWarningMore(rows.length - SHOWN)}</p>
      ) : null}
      <p style={{ margin: '0 0 0.5rem' }}>
        <a href="#/sinyal/paid_ineligible">{s.periodWarningLink}</a>
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={acknowledged} onChange={(e) => onAcknowledge(e.target.checked)} />{' '}
        {s.periodWarningAck}
      </label>
    </Notice>
  );
}
