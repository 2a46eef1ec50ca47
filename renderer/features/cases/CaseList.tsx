import { useCallback, useState } from 'react';
import { CASE_TYPE_LABELS, OPEN_CASE_STATUSES } from '../../../common/domain/registry.ts';
import { navigate } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { EmptyState } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { CaseStatusBadge, DueDate } from './badges.tsx';
import { FamilyPicker, type PickedFamily } from './FamilyPicker.tsx';
import { flashFor } from './flash.ts';
import { Checkbox } from './formBits.tsx';
import { NewCaseDialog } from './NewCaseDialog.tsx';
import { casesStrings } from './strings.ts';

const LIMIT = 200;

/** The filters survive opening a case and coming back (for this window only). */
let rememberedFilters = { mine: false, open: true, overdue: false };

export function CaseList() {
  const s = useStrings(casesStrings);
  const call = useCall();
  const can = useCan();
  const [filters, setFiltersState] = useState(rememberedFilters);
  const [creating, setCreating] = useState<'pick' | PickedFamily | null>(null);
  const setFilters = (next: typeof filters) => {
    rememberedFilters = next;
    setFiltersState(next);
  };
  const {
    value: cases,
    error,
    loading,
  } = useLoad(
    () =>
      call('cases.list', {
        ...(filters.mine ? { assignedToMe: true } : {}),
        ...(filters.open ? { open: true } : {}),
        ...(filters.overdue ? { overdue: true } : {}),
        limit: LIMIT,
      }),
    [call, filters],
  );
  const close = useCallback(() => setCreating(null), []);
  const filtered = filters.mine || filters.open || filters.overdue;
  // Overdue first, then by due date (the server sorts by due date only).
  const rows = [...(cases ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <fieldset
          style={{
            border: 0,
            padding: 0,
            margin: 0,
            display: 'flex',
            gap: '0.25rem 1.5rem',
            flexWrap: 'wrap',
          }}
        >
          <legend className="visually-hidden">{s.filtersLabel}</legend>
          <Checkbox
            label={s.filterMine}
            checked={filters.mine}
            onChange={(mine) => setFilters({ ...filters, mine })}
          />
          <Checkbox
            label={s.filterOpen}
            checked={filters.open}
            onChange={(open) => setFilters({ ...filters, open })}
          />
          <Checkbox
            label={s.filterOverdue}
            checked={filters.overdue}
            onChange={(overdue) => setFilters({ ...filters, overdue })}
          />
        </fieldset>
        {can('cases.write') ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating('pick')}>
            + {s.newCase}
          </button>
        ) : null}
      </div>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {cases && rows.length === 0 ? (
        <div className="card">
          <EmptyState title={s.noCasesTitle}>
            <p>{filtered ? s.noCasesFiltered : s.noCasesBody}</p>
          </EmptyState>
        </div>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="muted" aria-live="polite">
            {s.shown(rows.length)}
          </p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{s.colCase}</th>
                  <th>{s.colFamily}</th>
                  <th>{s.colOfficer}</th>
                  <th>{s.colDue}</th>
                  <th>{s.colStatus}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} style={c.overdue ? { background: 'var(--danger-soft)' } : undefined}>
                    <td>
                      <a href={`#/kasus/${c.id}`} style={{ fontWeight: 600 }}>
                        {c.title}
                      </a>
                      <br />
                      <span className="muted" style={{ fontSize: '0.92rem' }}>
                        {CASE_TYPE_LABELS[c.type]}
                      </span>
                    </td>
                    <td>
                      <a href={`#/keluarga/${c.householdId}`}>{c.headName ?? s.familyOf(null)}</a>
                      {c.personName && c.personName !== c.headName ? (
                        <div style={{ fontSize: '0.92rem' }}>{c.personName}</div>
                      ) : null}
                      <div className="muted" style={{ fontSize: '0.92rem' }}>
                        {c.desaName}
                      </div>
                    </td>
                    <td>{c.assignedName ?? <span className="muted">{s.unassigned}</span>}</td>
                    <td>
                      <DueDate
                        date={c.dueDate}
                        overdue={c.overdue}
                        open={OPEN_CASE_STATUSES.includes(c.status)}
                      />
                    </td>
                    <td>
                      <CaseStatusBadge status={c.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length >= LIMIT ? <Notice tone="info">{s.limitReached(LIMIT)}</Notice> : null}
        </>
      ) : null}
      {loading && !cases ? <p className="muted">{s.loading}</p> : null}
      {creating === 'pick' ? (
        <FamilyPicker onClose={close} onPicked={(family) => setCreating(family)} />
      ) : null}
      {creating && creating !== 'pick' ? (
        <NewCaseDialog
          householdId={creating.householdId}
          members={creating.members}
          defaultPersonId={creating.personId}
          onClose={close}
          onDone={(created) => {
            setCreating(null);
            flashFor(created.id, s.caseCreated);
            navigate(`/kasus/${created.id}`, { force: true });
          }}
        />
      ) : null}
    </>
  );
}
