import type { VerificationView } from '../../../common/api/methods/casework.ts';
import { VERIFICATION_STATUS_LABELS } from '../../../common/domain/registry.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { verificationStrings } from './strings.ts';

const TONE: Record<VerificationView['status'], string> = {
  belum_diverifikasi: 'badge',
  sedang_ditinjau: 'badge badge-warn',
  terverifikasi: 'badge badge-ok',
};

/** The status in words, plus "Diajukan" / "Dikembalikan" while a result is in review. */
export function VerificationStatusBadge({ view }: { view: VerificationView }) {
  const s = useStrings(verificationStrings);
  return (
    <span style={{ display: 'inline-flex', gap: '0.35rem', flexWrap: 'wrap' }}>
      <span className={TONE[view.status]}>{VERIFICATION_STATUS_LABELS[view.status]}</span>
      {view.submittedAt && !view.approval ? <span className="badge">{s.submittedBadge}</span> : null}
      {view.approval === 'dikembalikan' ? <span className="badge badge-bad">↩ {s.returnedBadge}</span> : null}
    </span>
  );
}
