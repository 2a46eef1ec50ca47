import { useCallback, useState } from 'react';
import type { PeriodView } from '../../../common/api/methods/casework.ts';
import { formatDateId, formatRupiah } from '../../../common/format.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { SelectField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { OpenPeriodDialog } from './OpenPeriodDialog.tsx';
import { PeriodDetail } from './PeriodDetail.tsx';
import { formatPercent, realisation } from './parts.tsx';
import { disbursementStrings } from './strings.ts';

/** `table.data td` sets left alignment; numbers read better right-aligned. */
const RIGHT = { textAlign: 'right', whiteSpace: 'nowrap' } as const;
const PROGRAM_FILTER_KEY = 'bansos.penyaluran.program';

/** `#/penyaluran`: the periods; `#/penyaluran/<periodId>`: one period's recipients. */
export function DisbursementPage() {
  const path = useRoute();
  const periodId = /^\/penyaluran\/([^/?#]+)/.exec(path)?.[1];
  return periodId ? <PeriodDetail key={periodId} periodId={decodeURIComponent(periodId)} /> : <PeriodList />;
}

function PeriodList() {
  const s = useStrings(disbursementStrings);
  const call = useCall();
  const can = useCan();
  // The filter survives a visit to a period and back (within this window).
  const [programId, setProgramIdState] = useState(() => sessionStorage.getItem(PROGRAM_FILTER_KEY) ?? '');
  const setProgramId = (id: string) => {
    sessionStorage.setItem(PROGRAM_FILTER_KEY, id);
    setProgramIdState(id);
  };
  const [opening, setOpening] = useState(false);
  const programs = useLoad(() => call('reference.programs', {}), [call]);
  const periods = useLoad(
    () => call('disbursement.periods', programId ? { programId } : {}),
    [call, programId],
  );
  const cashPrograms = (programs.value ?? []).filter((p) => p.benefit === 'cash');
  const closeDialog = useCallback(() => setOpening(false), []);
  const opened = useCallback((period: PeriodView) => navigate(`/penyaluran/${period.id}`), []);

  const error = periods.error ?? programs.error;
  return (
    <>
      <PageHeader
        title={s.title}
        intro={s.intro}
        actions={
          can('disbursement.write') ? (
            <button type="button" className="btn btn-primary" onClick={() => setOpening(true)}>
              {s.openPeriod}
            </button>
          ) : null
        }
      />
      {error ? (
        <Notice tone="error" title={s.loadFailed}>
          {error.message}
        </Notice>
      ) : null}
      <div className="toolbar">
        <SelectField label={s.programFilter} value={programId} onChange={(e) => setProgramId(e.target.value)}>
          <option value="">{s.allPrograms}</option>
          {cashPrograms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      </div>
      {periods.value && periods.value.length === 0 ? (
        <div className="card">
          <EmptyState title={programId ? s.emptyFiltered : s.empty}>
            <p>{s.emptyHint}</p>
            {can('disbursement.write') ? (
              <button type="button" className="btn btn-primary" onClick={() => setOpening(true)}>
                {s.openPeriod}
              </button>
            ) : null}
          </EmptyState>
        </div>
      ) : null}
      {periods.value && periods.value.length > 0 ? <PeriodTable periods={periods.value} /> : null}
      {periods.value && periods.value.length > 0 ? (
        <p className="muted" style={{ marginTop: '0.75rem' }}>
          {s.totalsScope}
        </p>
      ) : null}
      {opening ? (
        <OpenPeriodDialog
          programs={cashPrograms.filter((p) => p.active)}
          initialProgramId={programId}
          onClose={closeDialog}
          onOpened={opened}
        />
      ) : null}
    </>
  );
}

function PeriodTable({ periods }: { periods: PeriodView[] }) {
  const s = useStrings(disbursementStrings);
  const count = (n: number) => n.toLocaleString('id-ID');
  return (
    <div className="table-wrap">
      <table className="data" style={{ fontSize: '0.95rem' }}>
        <thead>
          <tr>
            <th>{s.period}</th>
            <th style={RIGHT} title={s.recipientsLong}>
              {s.recipients}
            </th>
            <th style={RIGHT}>{s.paid}</th>
            <th style={RIGHT} title={s.unpaidLong}>
              {s.unpaid}
            </th>
            <th style={RIGHT} title={s.returned}>
              {s.returnedShort}
            </th>
            <th style={RIGHT}>
              {s.allocated}
              <br />
              <span className="muted">{s.amountPaid}</span>
            </th>
            <th style={RIGHT}>{s.realisation}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => {
            const fraction = realisation(p);
            return (
              <tr key={p.id}>
                <td style={{ minWidth: 210 }}>
                  <a
                    href={`#/penyaluran/${p.id}`}
                    aria-label={s.openLabel(p.label)}
                    style={{ fontWeight: 700 }}
                  >
                    {p.label}
                  </a>
                  <div className="muted" style={{ fontSize: '0.9rem' }}>
                    {p.programName} · {s.months(p.months)}
                  </div>
                  <div className="muted" style={{ fontSize: '0.9rem', marginTop: '0.2rem' }}>
                    <span className={`badge ${p.status === 'dibuka' ? 'badge-ok' : ''}`}>
                      {s.periodStatus[p.status]}
                    </span>{' '}
                    {formatDateId(p.closedAt ?? p.openedAt)}
                  </div>
                </td>
                <td className="amount" style={RIGHT}>
                  {count(p.totals.recipients)}
                </td>
                <td className="amount" style={RIGHT}>
                  {count(p.totals.paid)}
                </td>
                <td className="amount" style={RIGHT}>
                  {count(p.totals.unpaid)}
                </td>
                <td className="amount" style={RIGHT}>
                  {count(p.totals.returned)}
                </td>
                <td className="amount" style={RIGHT}>
                  {formatRupiah(p.totals.amountAllocated)}
                  <br />
                  <span className="muted">{formatRupiah(p.totals.amountPaid)}</span>
                </td>
                <td className="amount" style={RIGHT}>
                  <strong>{fraction === null ? '—' : formatPercent(fraction)}</strong>
                  {fraction === null ? null : (
                    <div
                      className="progress"
                      aria-hidden="true"
                      style={{ marginTop: '0.35rem', minWidth: 70 }}
                    >
                      <div style={{ width: `${Math.round(fraction * 100)}%` }} />
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
