import { useState } from 'react';
import { VERIFICATION_SOURCES } from '../../../common/domain/registry.ts';
import { navigate } from '../../app/router.tsx';
import { useCall } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { useSave } from '../../components/useSave.ts';
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
  const save = useSave();
  return (
    <FormDialog
      title={s.startTitle}
      intro={<p className="muted">{s.startIntro}</p>}
      save={save}
      shown={['source']}
      submitLabel={s.startGo}
      busyLabel={s.starting}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () => call('verification.start', { householdId, source }),
          (round) => navigate(`/verifikasi/${round.id}`),
        )
      }
    >
      <RadioGroup
        label={s.startReason}
        value={source}
        onChange={(next) => {
          setSource(next);
          save.clear('source');
        }}
        options={VERIFICATION_SOURCES.map((src) => ({ value: src, label: s.startReasons[src] }))}
        error={save.errors.source}
      />
    </FormDialog>
  );
}
