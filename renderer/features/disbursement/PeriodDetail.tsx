import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { PaymentView, PeriodView } from '../../../common/api/methods/casework.ts';
import { formatDateId } from '../../../common/format.ts';
import { navigate } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { programStrings } from '../programs/strings.ts';
import { BulkStatusDialog, ClosePeriodDialog, CorrectDialog } from './dialogs.tsx';
import { PeriodStats } from './parts.tsx';
import { NO_ACTIONS, reducePeriodActions } from './periodActions.ts';
import { ChangeFeedback, paymentColumns, PeriodFilterBar, SelectionBar } from './periodSections.tsx';
import { disbursementStrings } from './strings.ts';
import { EMPTY_FILTERS, usePeriodItems, type Filters } from './usePeriodItems.ts';

/** One period: its figures, its recipients (virtualised, paged), bulk status changes with undo. */
export function PeriodDetail({ periodId }: { periodId: string }) {
  const s = useStrings(disbursementStrings);
  const ps = useStrings(programStrings);
  const call = useCall();
  const can = useCan();

  const periods = useLoad(() => call('disbursement.periods', {}), [call]);
  const period = periods.value?.find((p) => p.id === periodId) ?? null;
  const regions = useLoad(() => call('regions.list', {}), [call]);
  const reasons = useLoad(() => call('reference.values', { kinds: ['not_paid_reason'] }), [call]);
  const desaList = useMemo(
    () =>
      (regions.value ?? [])
        .filter((r) => r.level === 'desa' || r.level === 'kelurahan')
        .sort((a, b) => a.name.localeCompare(b.name, 'id')),
    [regions.value],
  );

  // Filters: the search box applies a moment after typing stops.
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(
      () => setFilters((f) => (f.query === search.trim() ? f : { ...f, query: search.trim() })),
      350,
    );
    return () => clearTimeout(timer);
  }, [search]);
  const items = usePeriodItems(periodId, filters);
  const { rows } = items;

  // Selection (open periods, officers only).
  const open = period?.status === 'dibuka';
  const canWrite = open && can('disbursement.write');
  const canCorrect = !open && can('disbursement.close');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [selectingAll, setSelectingAll] = useState(false);
  useEffect(() => setSelected(new Set()), [filters]);
  const toggle = useCallback(
    (key: string, all?: boolean) =>
      setSelected((prev) => {
        if (all) return prev.size === rows.length ? new Set() : new Set(rows.map((r) => r.id));
        const next = new Set(prev);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [rows],
  );
  const selectAllMatching = async () => {
    setSelectingAll(true);
    const all = await items.loadAll();
    if (all) setSelected(new Set(all.map((r) => r.id)));
    setSelectingAll(false);
  };
  const selectedAmount = useMemo(
    () => rows.reduce((sum, r) => (selected.has(r.id) ? sum + r.amount : sum), 0),
    [rows, selected],
  );

  // The open dialog and what the last action did.
  const [actions, dispatch] = useReducer(reducePeriodActions, NO_ACTIONS);
  const { dialog, last } = actions;
  // Feedback appears just above the list, where the person is working; keep it in view.
  const feedbackRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (last || actions.message || actions.error) feedbackRef.current?.scrollIntoView({ block: 'nearest' });
  }, [last, actions.message, actions.error]);
  const cancel = useCallback(() => dispatch({ type: 'cancel' }), []);
  const reloadPeriods = periods.reload;
  const reloadItems = items.loadFirst;
  const refresh = useCallback(async () => {
    await Promise.all([reloadPeriods(), reloadItems()]);
  }, [reloadPeriods, reloadItems]);

  const afterBulk = useCallback(
    (status: PaymentView['status'], result: { operationId: string; changed: number }) => {
      setSelected(new Set());
      dispatch({ type: 'changed', status, operationId: result.operationId, changed: result.changed });
      void refresh();
    },
    [refresh],
  );
  const undo = async () => {
    if (last?.kind !== 'changed') return;
    dispatch({ type: 'undoing' });
    const result = await call('disbursement.undo', { operationId: last.operationId });
    if (!result.ok) return dispatch({ type: 'failed', error: result.error.message });
    dispatch({ type: 'undone', restored: result.value.restored });
    void refresh();
  };
  const afterClose = useCallback(
    (closed: PeriodView) => {
      setSelected(new Set());
      dispatch({ type: 'done', message: s.closedDone(closed.label), forgetLast: true });
      void refresh();
    },
    [refresh, s],
  );
  const afterCorrect = useCallback(
    (item: PaymentView) => {
      dispatch({ type: 'done', message: s.corrected(item.recipientName), forgetLast: false });
      void refresh();
    },
    [refresh, s],
  );
  const correct = (item: PaymentView) => dispatch({ type: 'open', dialog: { kind: 'correct', item } });
  const columns = paymentColumns(s, ps.channels, canCorrect ? correct : null);

  if (periods.value && !period) {
    return (
      <>
        <p>
          <a href="#/penyaluran">{s.back}</a>
        </p>
        <Notice tone="error">{s.notFound}</Notice>
      </>
    );
  }
  if (!period) {
    return periods.error ? (
      <Notice tone="error" title={s.loadFailed}>
        {periods.error.message}
      </Notice>
    ) : null;
  }

  const filtered = filters.status || filters.desaCode || filters.query || search;
  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <a href="#/penyaluran">{s.back}</a>
      </p>
      <PageHeader
        title={period.label}
        intro={
          <>
            {period.programName} · {s.months(period.months)} ·{' '}
            <span className={`badge ${open ? 'badge-ok' : ''}`}>{s.periodStatus[period.status]}</span>
          </>
        }
        actions={
          <>
            <button type="button" className="btn" onClick={() => void refresh()}>
              {s.refresh}
            </button>
            {open && can('disbursement.close') ? (
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => dispatch({ type: 'open', dialog: { kind: 'close' } })}
              >
                {s.closePeriod}
              </button>
            ) : null}
          </>
        }
      />
      {!open && period.closedAt ? (
        <Notice tone="info">{s.closedNotice(formatDateId(period.closedAt))}</Notice>
      ) : null}
      <PeriodStats period={period} />

      {period.totals.recipients > 0 ? (
        <PeriodFilterBar
          filters={filters}
          onFilters={setFilters}
          search={search}
          onSearch={setSearch}
          desaList={desaList}
          onClear={
            filtered
              ? () => {
                  setSearch('');
                  setFilters(EMPTY_FILTERS);
                }
              : null
          }
        />
      ) : null}

      <ChangeFeedback
        actions={actions}
        open={open}
        onUndo={canWrite ? () => void undo() : null}
        feedbackRef={feedbackRef}
      />
      {canWrite && period.totals.recipients > 0 ? (
        <SelectionBar
          count={selected.size}
          amount={selectedAmount}
          canSelectAll={!!items.cursor}
          selectingAll={selectingAll}
          onSelectAll={() => void selectAllMatching()}
          onClear={() => setSelected(new Set())}
          onBulk={(status) => dispatch({ type: 'open', dialog: { kind: 'bulk', status } })}
        />
      ) : null}

      {items.error ? <Notice tone="error">{items.error}</Notice> : null}
      {items.loaded && rows.length === 0 ? (
        <div className="card">
          <EmptyState title={filtered ? s.noRows : s.noRowsAtAll} />
        </div>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(r) => r.id}
          label={s.tableLabel}
          rowHeight={60}
          height={Math.min(560, Math.max(180, rows.length * 60 + 4))}
          onEndReached={items.cursor ? items.loadMore : undefined}
          {...(canWrite
            ? { selected, onToggle: toggle, onOpen: (r: PaymentView) => toggle(r.id) }
            : canCorrect
              ? { onOpen: correct }
              : { onOpen: (r: PaymentView) => navigate(`/keluarga/${r.householdId}`) })}
        />
      )}
      {rows.length ? (
        <p className="muted" style={{ marginTop: '0.5rem' }}>
          {s.shown(rows.length, Boolean(items.cursor))}
        </p>
      ) : null}

      {dialog?.kind === 'bulk' ? (
        <BulkStatusDialog
          status={dialog.status}
          itemIds={[...selected]}
          amount={selectedAmount}
          reasons={reasons.value ?? []}
          onClose={cancel}
          onDone={afterBulk}
        />
      ) : null}
      {dialog?.kind === 'close' ? (
        <ClosePeriodDialog period={period} onClose={cancel} onClosed={afterClose} />
      ) : null}
      {dialog?.kind === 'correct' ? (
        <CorrectDialog
          item={dialog.item}
          reasons={reasons.value ?? []}
          onClose={cancel}
          onDone={afterCorrect}
        />
      ) : null}
    </>
  );
}
