import { useState } from 'react';
import { Brand, CenteredCard } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** Shown once after setup: the user must confirm the code is stored before going on. */
export function RecoveryCodePage({ code, onDone }: { code: string; onDone: () => void }) {
  const t = useT();
  const [saved, setSaved] = useState(false);
  return (
    <CenteredCard>
      <Brand />
      <h1>{t.setup.recoveryTitle}</h1>
      <p>{t.setup.recoveryIntro}</p>
      <div className="recovery-code" data-testid="recovery-code">
        {code}
      </div>
      <Notice tone="warning">{t.setup.recoveryAdvice}</Notice>
      <div className="btn-row" style={{ marginBottom: '1rem' }}>
        <button type="button" className="btn" onClick={() => window.print()}>
          {t.setup.print}
        </button>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        {t.setup.confirmSaved}
      </label>
      <button type="button" className="btn btn-primary" disabled={!saved} onClick={onDone}>
        {t.setup.start}
      </button>
    </CenteredCard>
  );
}
