import { Fragment, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Small hand-made SVG charts: no library, no script in the markup, every bar a button that
 * opens the list behind it (keyboard too), every chart labelled for screen readers.
 */

export const percent = (fraction: number | null): string =>
  fraction === null ? '—' : `${(fraction * 100).toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`;
export const count = (n: number): string => n.toLocaleString('id-ID');

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
/** "Jan 26" for tooltips and lists. */
export const shortMonth = (period: string): string => {
  const [y, m] = period.split('-');
  return `${MONTHS_SHORT[Number(m) - 1]} ${y!.slice(2)}`;
};
/** Under a column: the month alone, with the year where a year starts. */
export const axisMonth = (period: string): string => {
  const [y, m] = period.split('-');
  return m === '01' ? `Jan ’${y!.slice(2)}` : MONTHS_SHORT[Number(m) - 1]!;
};

/** "96%": whole percent, for labels above narrow columns (tooltips keep the decimal). */
export const roundPercent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/**
 * A clickable part of a chart: its shapes, named by the tooltip sentence ("Temas: 6 dari 8 …",
 * which starts with the bar's label). The text drawn beside it stays outside the button, hidden
 * from screen readers (the name says it all) and transparent to the mouse (dashboard.css), so
 * the button holds no visible text its name could disagree with (WCAG 2.5.3, axe
 * label-content-name-mismatch).
 */
function Hit({
  label,
  onSelect,
  children,
}: {
  label: string;
  onSelect?: (() => void) | undefined;
  children: ReactNode;
}) {
  if (!onSelect)
    return (
      <g>
        <title>{label}</title>
        {children}
      </g>
    );
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect();
    }
  };
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={label}
      className="chart-hit"
      onClick={onSelect}
      onKeyDown={onKey}
    >
      <title>{label}</title>
      {children}
    </g>
  );
}

export interface HBar {
  key: string;
  label: string;
  group?: string;
  value: number | null;
  right: string;
  tooltip: string;
}

/** Horizontal bars of a fraction (0..1), grouped under headings, with a note at the right. */
export function HBarChart({
  title,
  bars,
  onSelect,
}: {
  title: string;
  bars: HBar[];
  onSelect?: (key: string) => void;
}) {
  const rowH = 22;
  const labelW = 150;
  const barW = 380;
  const width = 720;
  let y = 4;
  const items: ReactNode[] = [];
  let group: string | undefined;
  for (const bar of bars) {
    if (bar.group !== group) {
      group = bar.group;
      if (group) {
        items.push(
          <text key={`g-${group}`} x={0} y={y + 15} className="chart-group">
            {group}
          </text>,
        );
        y += rowH;
      }
    }
    const w = bar.value === null ? 0 : Math.max(1, bar.value * barW);
    const top = y;
    items.push(
      <Fragment key={bar.key}>
        <Hit label={bar.tooltip} onSelect={onSelect ? () => onSelect(bar.key) : undefined}>
          <rect x={0} y={top} width={width} height={rowH} className="chart-row" />
          <rect x={labelW} y={top + 4} width={barW} height={rowH - 8} className="chart-track" />
          <rect x={labelW} y={top + 4} width={w} height={rowH - 8} className={barClass(bar.value)} />
        </Hit>
        <g aria-hidden="true">
          <text x={8} y={top + 15} className="chart-label">
            {bar.label}
          </text>
          <text x={labelW + barW + 8} y={top + 15} className="chart-value">
            {percent(bar.value)}
          </text>
          <text x={width - 4} y={top + 15} className="chart-note" textAnchor="end">
            {bar.right}
          </text>
        </g>
      </Fragment>,
    );
    y += rowH;
  }
  return (
    <svg viewBox={`0 0 ${width} ${y + 4}`} className="chart" role="group" aria-label={title}>
      {items}
    </svg>
  );
}

const barClass = (v: number | null) =>
  v === null ? 'chart-bar' : v >= 0.8 ? 'chart-bar good' : v >= 0.5 ? 'chart-bar warn' : 'chart-bar bad';

export interface Column {
  key: string;
  label: string;
  values: number[];
  top: string;
  tooltip: string;
}

/**
 * Vertical columns per month. With one value per column the height is a fraction (0..1);
 * with several, counts side by side (scaled to the largest).
 */
export function ColumnChart({
  title,
  columns,
  fractions,
  series,
  onSelect,
  width = 480,
}: {
  title: string;
  columns: Column[];
  fractions: boolean;
  series: string[];
  onSelect?: (key: string) => void;
  /** User units; the chart scales to its box, so a smaller width means larger text. */
  width?: number;
}) {
  const height = 200;
  const plotTop = 22;
  const plotH = 140;
  const n = Math.max(columns.length, 1);
  const slot = width / n;
  const max = fractions ? 1 : Math.max(1, ...columns.flatMap((c) => c.values));
  const barW = Math.min(36, (slot - 8) / series.length);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart" role="group" aria-label={title}>
      <line x1={0} x2={width} y1={plotTop + plotH} y2={plotTop + plotH} className="chart-axis" />
      {fractions ? <line x1={0} x2={width} y1={plotTop} y2={plotTop} className="chart-grid" /> : null}
      {columns.map((c, i) => {
        const x0 = i * slot + (slot - barW * series.length) / 2;
        return (
          <Fragment key={c.key}>
            <Hit label={c.tooltip} onSelect={onSelect ? () => onSelect(c.key) : undefined}>
              <rect x={i * slot} y={0} width={slot} height={height} className="chart-row" />
              {c.values.map((v, j) => {
                const h = (v / max) * plotH;
                return (
                  <rect
                    key={j}
                    x={x0 + j * barW}
                    y={plotTop + plotH - h}
                    width={barW - 2}
                    height={Math.max(h, v > 0 ? 1 : 0)}
                    className={fractions ? barClass(v) : `chart-bar s${j}`}
                  />
                );
              })}
            </Hit>
            <g aria-hidden="true">
              <text x={i * slot + slot / 2} y={plotTop - 6} textAnchor="middle" className="chart-value">
                {c.top}
              </text>
              <text
                x={i * slot + slot / 2}
                y={plotTop + plotH + 18}
                textAnchor="middle"
                className="chart-label"
              >
                {c.label}
              </text>
            </g>
          </Fragment>
        );
      })}
    </svg>
  );
}

export interface Stack {
  key: string;
  label: string;
  segments: { key: string; value: number; tooltip: string }[];
  total: string;
}

/** 100% stacked horizontal bars (a distribution per row), each segment clickable. */
export function StackChart({
  title,
  stacks,
  onSelect,
  palette = 'd',
}: {
  title: string;
  stacks: Stack[];
  onSelect?: (key: string) => void;
  /** d: desil ramp (green for 1-4, warm for 5-10), c: channels. */
  palette?: 'd' | 'c';
}) {
  const width = 480;
  const rowH = 28;
  const labelW = 110;
  const barW = 300;
  return (
    <svg
      viewBox={`0 0 ${width} ${stacks.length * rowH + 8}`}
      className="chart"
      role="group"
      aria-label={title}
    >
      {stacks.map((s, i) => {
        const sum = s.segments.reduce((n, x) => n + x.value, 0) || 1;
        let x = labelW;
        const y = 4 + i * rowH;
        return (
          <g key={s.key}>
            <text x={0} y={y + 17} className="chart-label">
              {s.label}
            </text>
            {s.segments.map((seg, j) => {
              const w = (seg.value / sum) * barW;
              const at = x;
              x += w;
              return w > 0 ? (
                <Hit
                  key={seg.key}
                  label={seg.tooltip}
                  onSelect={onSelect ? () => onSelect(seg.key) : undefined}
                >
                  <rect x={at} y={y + 3} width={w} height={rowH - 8} className={`chart-seg ${palette}${j}`} />
                </Hit>
              ) : null;
            })}
            <text x={width - 4} y={y + 17} className="chart-value" textAnchor="end">
              {s.total}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function Legend({ items }: { items: { label: string; className: string }[] }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.label}>
          <svg width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" className={i.className} />
          </svg>
          {i.label}
        </li>
      ))}
    </ul>
  );
}
