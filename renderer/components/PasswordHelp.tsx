import { useState } from 'react';
import { generatePassphrase } from '../../common/auth/passphrase.ts';
import { useT } from '../i18n/i18n.tsx';

const randomInt = (max: number) => crypto.getRandomValues(new Uint32Array(1))[0]! % max;

/** The password rule in plain words, a live length count, and a passphrase suggestion on request. */
export function PasswordHelp({ value, onUse }: { value: string; onUse?: (phrase: string) => void }) {
  const t = useT();
  const [suggestion, setSuggestion] = useState<string | null>(null);
  return (
    <span>
      {t.password.rule} <strong>{t.password.counter([...value].length)}</strong>.{' '}
      <button
        type="button"
        className="btn-link btn"
        onClick={() => {
          const phrase = generatePassphrase(randomInt);
          setSuggestion(phrase);
          onUse?.(phrase);
        }}
      >
        {t.password.suggest}
      </button>
      {suggestion ? <span className="mono"> {t.password.suggestion(suggestion)}</span> : null}
    </span>
  );
}
