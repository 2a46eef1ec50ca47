import { useStrings, defineStrings } from '../i18n/i18n.tsx';
import './help.css';

const strings = defineStrings({ open: 'Cara pakai' }, { open: 'How to use' });

/**
 * "Cara pakai": a few steps for a page, closed until the clerk opens it. A native disclosure
 * (details/summary), so the keyboard and screen readers know it without any script.
 */
export function Help({ steps }: { steps: string[] }) {
  const s = useStrings(strings);
  return (
    <details className="help">
      <summary>{s.open}</summary>
      <ol>
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </details>
  );
}
