import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** CSS grid track, e.g. '2fr' or '140px'. */
  width: string;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right';
  /** Long text that may take two lines (give the table a taller rowHeight). */
  wrap?: boolean;
}

/**
 * A table that stays fast with 100,000 rows: only the visible rows are in the DOM. Rows are
 * focusable; Enter or a click opens one; more rows load when the end comes into view.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  onOpen,
  onEndReached,
  height = 560,
  rowHeight = 48,
  label,
  selected,
  onToggle,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  onEndReached?: () => void;
  height?: number;
  rowHeight?: number;
  label: string;
  /** With a selection, each row gets a checkbox (bulk actions). */
  selected?: ReadonlySet<string>;
  onToggle?: (key: string, all?: boolean) => void;
}) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (onEndReached && last && last.index >= rows.length - 20) onEndReached();
  }, [last, rows.length, onEndReached]);

  const template = [selected ? '44px' : null, ...columns.map((c) => c.width)].filter(Boolean).join(' ');
  const onKey = (event: KeyboardEvent<HTMLDivElement>, row: T, index: number) => {
    if (event.key === 'Enter' && onOpen) onOpen(row);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
      );
    }
    if (event.key === ' ' && onToggle) {
      event.preventDefault();
      onToggle(rowKey(row));
    }
  };

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rows.length}>
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: template }}>
        {selected ? (
          <div role="columnheader">
            <input
              type="checkbox"
              aria-label={t.common.selectAll}
              checked={rows.length > 0 && selected.size === rows.length}
              onChange={() => onToggle?.('', true)}
            />
          </div>
        ) : null}
        {columns.map((c) => (
          <div key={c.key} role="columnheader" style={{ textAlign: c.align ?? 'left' }}>
            {c.header}
          </div>
        ))}
      </div>
      <div className="vtable-body" ref={scroller} style={{ height }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const key = rowKey(row);
            return (
              <div
                key={key}
                role="row"
                tabIndex={0}
                data-index={item.index}
                className={`vtable-row${selected?.has(key) ? ' is-selected' : ''}`}
                aria-selected={selected ? selected.has(key) : undefined}
                style={{
                  gridTemplateColumns: template,
                  height: item.size,
                  transform: `translateY(${item.start}px)`,
                }}
                onClick={() => onOpen?.(row)}
                onKeyDown={(e) => onKey(e, row, item.index)}
              >
                {selected ? (
                  <div role="cell" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={t.common.selectRow}
                      checked={selected.has(key)}
                      onChange={() => onToggle?.(key)}
                    />
                  </div>
                ) : null}
                {columns.map((c) => (
                  <div
                    key={c.key}
                    role="cell"
                    className={c.wrap ? 'wrap' : undefined}
                    style={{ textAlign: c.align ?? 'left' }}
                  >
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
