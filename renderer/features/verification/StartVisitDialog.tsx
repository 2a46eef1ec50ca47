import { useState, type FormEvent } from 'react';
import { VERIFICATION_SOURCES } from '../../../common/domain/registry.ts';
import { navigate } from '../../app/router.tsx';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { RadioGroup } from '../cases/formBits.tsx';
import { verificationStrings } from './strings.ts';

type Source = (typeof VERIFICATION_SOURCES)[number];

/**
 * A visit for one family, from its page: a walk-in or a neighbour's report does not wait for the
 * desa's next worklist. The core answers the family's open round if it already has one.
 */
export function StartVisitDialog({ householdId, onClose }: { householdId: string; onClose: () => void }) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const [source, setSource] = useState<Source>('usulan');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('verification.start', { householdId, source });
    setBusy(false);
    if (result.ok) navigate(`/verifikasi/${result.value.id}`);
    else setProblem(result.error.message);
  };

  return (
    <Dialog title={s.startTitle} onClose={onClose}>
      <p className="muted">{s.startIntro}</p>
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <RadioGroup
          label={s.startReason}
          value={source}
          onChange={setSource}
          options={VERIFICATION_SOURCES.map((src) => ({ value: src, label: s.startReasons[src] }))}
        />
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.starting : s.startGo}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
