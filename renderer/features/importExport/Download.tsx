import { useStrings } from '../../i18n/i18n.tsx';
import { importStrings } from './strings.ts';

/** A download link where the host saved the file into its exports folder (the web host). */
export function Download({ name }: { name: string }) {
  const s = useStrings(importStrings);
  return window.location.protocol.startsWith('http') ? (
    <a href={`/downloads/${encodeURIComponent(name)}`} download>
      {s.download}
    </a>
  ) : null;
}
