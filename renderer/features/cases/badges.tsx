import {
  CASE_STATUS_LABELS,
  COMPLAINT_STATUS_LABELS,
  type CaseStatus,
  type COMPLAINT_STATUSES,
} from '../../../common/domain/registry.ts';
import { daysSince } from '../../../common/domain/localDate.ts';
import { formatDateId } from '../../../common/format.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { casesStrings } from './strings.ts';

const CASE_TONE: Record<CaseStatus, string> = {
  baru: 'badge badge-warn',
  asesmen: 'badge',
  dalam_layanan: 'badge',
  selesai: 'badge badge-ok',
  ditutup: 'badge',
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <span className={CASE_TONE[status]}>{CASE_STATUS_LABELS[status]}</span>;
}

const COMPLAINT_TONE: Record<(typeof COMPLAINT_STATUSES)[number], string> = {
  diterima: 'badge badge-warn',
  diproses: 'badge',
  selesai: 'badge badge-ok',
};

export function ComplaintStatusBadge({ status }: { status: (typeof COMPLAINT_STATUSES)[number] }) {
  return <span className={COMPLAINT_TONE[status]}>{COMPLAINT_STATUS_LABELS[status]}</span>;
}

/** "⚠ Terlambat" in words and colour: never colour alone. */
export function OverdueBadge() {
  const s = useStrings(casesStrings);
  return <span className="badge badge-bad">⚠ {s.overdue}</span>;
}

/** A due date with how far off (or late) it is. */
export function DueDate({ date, overdue, open }: { date: string | null; overdue: boolean; open: boolean }) {
  const s = useStrings(casesStrings);
  if (!date) return <span className="muted">—</span>;
  const late = daysSince(date);
  return (
    <span>
      {formatDateId(date)}
      {open ? (
        <>
          <br />
          {overdue ? (
            <>
              <OverdueBadge /> <strong style={{ color: 'var(--danger)' }}>{s.overdueBy(late)}</strong>
            </>
          ) : (
            <span className="muted">{s.dueIn(Math.max(0, -late))}</span>
          )}
        </>
      ) : null}
    </span>
  );
}
