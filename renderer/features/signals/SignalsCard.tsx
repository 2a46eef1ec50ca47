import { SIGNAL_KINDS } from '../../../common/api/methods/signals.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { signalStrings } from './strings.ts';
import { formatCount as count } from '../../../common/format.ts';

/** Beranda: the open signals with their counts; each opens its list (#/sinyal/KIND). */
export function SignalsCard() {
  const can = useCan();
  return can('reports.read') ? <Summary /> : null;
}

function Summary() {
  const s = useStrings(signalStrings);
  const call = useCall();
  const summary = useLoad(() => call('signals.summary', {}), [call]);
  const open = (summary.value ?? []).reduce((n, x) => n + x.open, 0);
  return (
    <section className="card signals-card" aria-labelledby="signals-card-title">
      <h3 id="signals-card-title" style={{ marginTop: 0 }}>
        {s.cardTitle}
      </h3>
      {summary.error ? <Notice tone="error">{summary.error.message}</Notice> : null}
      {summary.value ? (
        <>
          <p className="muted" style={{ marginTop: 0 }}>
            {open ? s.cardHint : s.allClear}
          </p>
          <ul className="signal-links">
            {SIGNAL_KINDS.map((kind) => {
              const row = summary.value!.find((x) => x.kind === kind);
              return (
                <li key={kind}>
                  <a href={`#/sinyal/${kind}`} className={row?.open ? 'has-open' : undefined}>
                    <span className="signal-count">{count(row?.open ?? 0)}</span>
                    <span>
                      {s.kindTitle(kind)}
                      {row?.checked ? (
                        <span className="muted"> · {s.checkedCount(count(row.checked))}</span>
                      ) : null}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p className="muted">{s.loading}</p>
      )}
    </section>
  );
}
