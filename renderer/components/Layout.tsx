import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';

export function PageHeader({
  title,
  intro,
  actions,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {intro ? <p>{intro}</p> : null}
      </div>
      {actions ? <div className="btn-row">{actions}</div> : null}
    </header>
  );
}

export function Brand({ office }: { office?: string | undefined }) {
  const t = useT();
  return (
    <div className="brand">
      <img src="/favicon.svg" alt="" />
      <div>
        <div className="brand-name">{t.app.name}</div>
        {office ? <div className="brand-office">{office}</div> : null}
      </div>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function CenteredCard({ children }: { children: ReactNode }) {
  return (
    <main className="centered-page">
      <div className="card">{children}</div>
    </main>
  );
}

export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(fraction * 100);
  return (
    <div>
      <div className="btn-row" style={{ justifyContent: 'space-between' }}>
        <span>{label}</span>
        <span>{percent}%</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={label}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
