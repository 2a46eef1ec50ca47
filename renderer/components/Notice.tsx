import type { ReactNode } from 'react';

type Tone = 'info' | 'error' | 'warning' | 'success';

/** A message block; errors are announced to screen readers as alerts. */
export function Notice({
  tone = 'info',
  title,
  children,
}: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title ? <strong>{title}</strong> : null}
      {children}
    </div>
  );
}
