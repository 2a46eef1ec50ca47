import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Accessible tabs: arrow keys move between them, the panel follows. */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  children,
}: {
  tabs: { key: K; label: ReactNode }[];
  active: K;
  onChange: (key: K) => void;
  children: ReactNode;
}) {
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.key === active);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    onChange(next.key);
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLElement>(`[data-key="${next.key}"]`)?.focus(),
    );
  };
  return (
    <div>
      <div className="tabs" role="tablist" ref={list} onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.key}
            data-key={t.key}
            role="tab"
            type="button"
            id={`${id}-${t.key}`}
            aria-selected={t.key === active}
            aria-controls={`${id}-panel`}
            tabIndex={t.key === active ? 0 : -1}
            className="tab"
            onClick={() => onChange(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${active}`} className="tab-panel">
        {children}
      </div>
    </div>
  );
}
