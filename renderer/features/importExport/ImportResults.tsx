import { useState } from 'react';
import type { ImportProblemView, ImportResultView } from '../../../common/api/methods/importExport.ts';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { importStrings } from './strings.ts';

/**
 * The counts a clerk decides on, once each: rows read, what would be (or was) saved, rows in
 * error (never saved: the same rows the engine also counts as "skipped"), warnings (saved).
 */
export function ImportCounts({ result }: { result: ImportResultView }) {
  const s = useStrings(importStrings);
  const keys = ['rows', 'new', 'updated', 'unchanged', 'errors', 'warnings', 'possibleDuplicates'] as const;
  return (
    <div className="stat-row">
      {keys.map((k) => (
        <div
          className={`stat${k === 'errors' && result.counts.errors > 0 ? ' stat-error' : ''}`}
          key={k}
          data-count={k}
        >
          <div className="value">{result.counts[k].toLocaleString('id-ID')}</div>
          <div className="label">{s.counts[k]}</div>
        </div>
      ))}
    </div>
  );
}

/** Errors first (rows that will not be saved), then warnings; each in row order. */
export function errorsFirst(problems: readonly ImportProblemView[]): ImportProblemView[] {
  const rank = (p: ImportProblemView) => (p.severity === 'error' ? 0 : 1);
  return [...problems].sort((a, b) => rank(a) - rank(b) || a.row - b.row);
}

/**
 * One very long cell (300 characters) made the table 3,394 px wide and pushed "Keterangan", what
 * to fix, off the screen for every row (outside UI probe). The value wraps in a column of its
 * own width, cut after a few lines; the whole value shows on hover.
 */
const VALUE_CELL = { maxWidth: '14rem', overflowWrap: 'anywhere', wordBreak: 'break-word' } as const;
const VALUE_SHOWN = 80;
const clipped = (value: string) => (value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}…` : value);

/** How many rows the list shows at first, and adds each time: a long page, never a box in a box. */
const PAGE = 100;

/**
 * One list of the problems, in the page's own scroll: errors first and marked as such, a filter
 * for errors only, and more rows on request.
 */
export function ProblemList({ result }: { result: ImportResultView }) {
  const s = useStrings(importStrings);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [shown, setShown] = useState(PAGE);
  if (result.problems.length === 0) return <Notice tone="success">{s.noProblems}</Notice>;
  const sorted = errorsFirst(result.problems);
  const errorCount = sorted.filter((p) => p.severity === 'error').length;
  const listed = onlyErrors ? sorted.filter((p) => p.severity === 'error') : sorted;
  return (
    <>
      <div className="section-title">
        <h3>{s.problems}</h3>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={onlyErrors}
            onChange={(e) => (setOnlyErrors(e.target.checked), setShown(PAGE))}
          />
          {s.onlyErrors(errorCount)}
        </label>
      </div>
      {result.problemCount > result.problems.length ? (
        <p className="muted">{s.problemsMore(result.problems.length, result.problemCount)}</p>
      ) : null}
      <div className="table-wrap">
        <table className="data problems" aria-label={s.problems}>
          <thead>
            <tr>
              <th className="amount">{s.row}</th>
              <th>{s.severity}</th>
              <th>{s.column}</th>
              <th>{s.value}</th>
              <th>{s.message}</th>
            </tr>
          </thead>
          <tbody>
            {listed.slice(0, shown).map((p, i) => (
              <tr key={i} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'}>
                <td className="amount">{p.row}</td>
                <td>
                  <span className={`badge ${p.severity === 'error' ? 'badge-bad' : 'badge-warn'}`}>
                    {p.severity === 'error' ? s.errorBadge : s.warningBadge}
                  </span>
                </td>
                <td style={{ overflowWrap: 'anywhere', maxWidth: '12rem' }}>{p.column ?? '—'}</td>
                <td className="mono" style={VALUE_CELL} title={p.value || undefined}>
                  {clipped(p.value) || '—'}
                </td>
                <td style={{ minWidth: '16rem' }}>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listed.length > shown ? (
        <div className="btn-row" style={{ marginTop: '0.75rem' }}>
          <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE)}>
            {s.showMore(Math.min(PAGE, listed.length - shown), listed.length - shown)}
          </button>
        </div>
      ) : null}
    </>
  );
}

/** What a kind of import says beyond the counts: matched and missing, totals against the file's. */
export function ImportSummary({ summary }: { summary: NonNullable<ImportResultView['summary']> }) {
  return (
    <section className="import-summary" aria-label={summary.title}>
      <h3>{summary.title}</h3>
      <dl className="facts">
        {summary.facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {summary.lists.map((l) =>
        l.total ? (
          <details key={l.label}>
            <summary>
              {l.label} ({l.total.toLocaleString('id-ID')})
            </summary>
            <ul>
              {l.rows.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </details>
        ) : null,
      )}
    </section>
  );
}

/** Rows under the header that are not people (signatures, notes, group rows): said, never silent. */
export function IgnoredRows({ result }: { result: ImportResultView }) {
  const s = useStrings(importStrings);
  // Rows hidden in Excel are people left out, not a signature or a note: shown open.
  const hidden = result.counts.hiddenRows ?? 0;
  return (
    <details className="ignored-rows" open={hidden > 0}>
      <summary>
        {hidden ? s.ignoredRowsHidden(result.ignoredCount, hidden) : s.ignoredRows(result.ignoredCount)}
      </summary>
      <ul>
        {result.ignored.map((r) => (
          <li key={r.row}>
            {s.row} {r.row}: <span className="mono">{r.text}</span> ({r.reason})
          </li>
        ))}
      </ul>
    </details>
  );
}
