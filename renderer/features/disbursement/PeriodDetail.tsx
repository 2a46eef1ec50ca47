import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { PaymentView, PeriodView } from '../../../common/api/methods/casework.ts';
import { PAYMENT_STATUSES } from '../../../common/domain/registry.ts';
import { formatDateId, formatRupiah } from '../../../common/format.ts';
import { navigate } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { programStrings } from '../programs/strings.ts';
import { BulkStatusDialog, ClosePeriodDialog, CorrectDialog } from './dialogs.tsx';
import { PaymentBadge, PeriodStats } from './parts.tsx';
import { disbursementStrings } from './strings.ts';

type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
type Filters = { status: PaymentStatus | ''; desaCode: string; query: string };
type LastChange =
  | { kind: 'changed'; operationId: string; changed: number; status: PaymentStatus }
  | { kind: 'undone'; restored: number };

const PAGE = 200;
const EMPTY_FILTERS: Filters = { status: '', desaCode: '', query: '' };

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

  // Rows, paged with the server's cursor. `generation` drops answers to an older filter.
  const [rows, setRows] = useState<PaymentView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [rowsLoaded, setRowsLoaded] = useState(false);
  const [rowsError, setRowsError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetching = useRef(false);
  const itemsInput = useCallback(
    (from: string | null, limit: number) => ({
      periodId,
      limit,
      cursor: from,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.desaCode ? { desaCode: filters.desaCode } : {}),
      ...(filters.query ? { query: filters.query } : {}),
    }),
    [periodId, filters],
  );
  const loadFirst = useCallback(async () => {
    const mine = ++generation.current;
    fetching.current = true;
    const result = await call('disbursement.items', itemsInput(null, PAGE));
    if (mine !== generation.current) return;
    fetching.current = false;
    setRowsLoaded(true);
    if (!result.ok) return setRowsError(result.error.message);
    setRowsError(null);
    setRows(result.value.rows);
    setCursor(result.value.nextCursor);
  }, [call, itemsInput]);
  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);
  const loadMore = useCallback(async () => {
    if (!cursor || fetching.current) return;
    const mine = generation.current;
    fetching.current = true;
    const result = await call('disbursement.items', itemsInput(cursor, PAGE));
    if (mine !== generation.current) return;
    fetching.current = false;
    if (!result.ok) return setRowsError(result.error.message);
    setRows((prev) => [...prev, ...result.value.rows]);
    setCursor(result.value.nextCursor);
  }, [call, cursor, itemsInput]);

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
    const mine = generation.current;
    fetching.current = true;
    let all = rows;
    let from = cursor;
    while (from) {
      const result = await call('disbursement.items', itemsInput(from, 1000));
      if (mine !== generation.current) return setSelectingAll(false);
      if (!result.ok) {
        setRowsError(result.error.message);
        break;
      }
      all = [...all, ...result.value.rows];
      from = result.value.nextCursor;
    }
    fetching.current = false;
    setRows(all);
    setCursor(from);
    setSelected(new Set(all.map((r) => r.id)));
    setSelectingAll(false);
  };
  const selectedAmount = useMemo(
    () => rows.reduce((sum, r) => (selected.has(r.id) ? sum + r.amount : sum), 0),
    [rows, selected],
  );

  // Dialogs and the notice after a change.
  const [bulk, setBulk] = useState<PaymentStatus | null>(null);
  const [closing, setClosing] = useState(false);
  const [correcting, setCorrecting] = useState<PaymentView | null>(null);
  const [last, setLast] = useState<LastChange | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [undoing, setUndoing] = useState(false);
  // Feedback appears just above the list, where the person is working; keep it in view.
  const feedbackRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (last || message || actionError) feedbackRef.current?.scrollIntoView({ block: 'nearest' });
  }, [last, message, actionError]);
  const closeDialogs = useCallback(() => {
    setBulk(null);
    setClosing(false);
    setCorrecting(null);
  }, []);
  const reloadPeriods = periods.reload;
  const refresh = useCallback(async () => {
    await Promise.all([reloadPeriods(), loadFirst()]);
  }, [reloadPeriods, loadFirst]);

  const afterBulk = useCallback(
    (status: PaymentStatus, result: { operationId: string; changed: number }) => {
      setBulk(null);
      setSelected(new Set());
      setMessage(null);
      setActionError(null);
      setLast({ kind: 'changed', operationId: result.operationId, changed: result.changed, status });
      void refresh();
    },
    [refresh],
  );
  const undo = async () => {
    if (last?.kind !== 'changed') return;
    setUndoing(true);
    const result = await call('disbursement.undo', { operationId: last.operationId });
    setUndoing(false);
    if (!result.ok) return setActionError(result.error.message);
    setActionError(null);
    setLast({ kind: 'undone', restored: result.value.restored });
    void refresh();
  };
  const afterClose = useCallback(
    (closed: PeriodView) => {
      setClosing(false);
      setLast(null);
      setSelected(new Set());
      setMessage(s.closedDone(closed.label));
      void refresh();
    },
    [refresh, s],
  );
  const afterCorrect = useCallback(
    (item: PaymentView) => {
      setCorrecting(null);
      setMessage(s.corrected(item.recipientName));
      void refresh();
    },
    [refresh, s],
  );

  const stop = (e: MouseEvent | KeyboardEvent) => e.stopPropagation();
  const detail = (r: PaymentView) =>
    r.status === 'tersalurkan'
      ? [r.paidDate ? s.paidOn(formatDateId(r.paidDate)) : null, r.reference].filter(Boolean).join(' · ')
      : (r.notPaidReason ?? '');
  const columns: Column<PaymentView>[] = [
    {
      key: 'recipient',
      header: s.recipient,
      width: 'minmax(0, 2fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.3, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          <a
            href={`#/keluarga/${r.householdId}`}
            onClick={stop}
            onKeyDown={stop}
            title={s.openHousehold(r.recipientName)}
            style={{ fontWeight: 600 }}
          >
            {r.recipientName}
          </a>
          <div className="muted mono" style={{ fontSize: '0.85rem' }}>
            {r.recipientNik ?? r.kkNumber ?? '—'}
          </div>
        </div>
      ),
    },
    {
      key: 'desa',
      header: s.desa,
      width: 'minmax(0, 1fr)',
      render: (r) => <span title={r.desaName}>{r.desaName}</span>,
    },
    { key: 'channel', header: s.channel, width: '105px', render: (r) => ps.channels[r.channel] },
    {
      key: 'amount',
      header: s.amount,
      width: '125px',
      align: 'right',
      render: (r) => <span className="amount">{formatRupiah(r.amount)}</span>,
    },
    {
      key: 'status',
      header: s.status,
      width: 'minmax(0, 1.4fr)',
      // The date and receipt number wrap under the badge; the whole text is in the tooltip too.
      wrap: true,
      render: (r) => (
        <div style={{ lineHeight: 1.3 }}>
          <PaymentBadge status={r.status} />
          {detail(r) ? (
            <div className="muted" style={{ fontSize: '0.85rem' }} title={detail(r)}>
              {detail(r)}
            </div>
          ) : null}
        </div>
      ),
    },
    ...(canCorrect
      ? [
          {
            key: 'correct',
            header: '',
            width: '110px',
            render: (r: PaymentView) => (
              <button
                type="button"
                className="btn btn-sm"
                onClick={(e) => {
                  e.stopPropagation();
                  setCorrecting(r);
                }}
                onKeyDown={stop}
                aria-label={`${s.correct}: ${r.recipientName}`}
              >
                {s.correct}
              </button>
            ),
          },
        ]
      : []),
  ];

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
              <button type="button" className="btn btn-danger" onClick={() => setClosing(true)}>
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
        <div className="toolbar">
          <SelectField
            label={s.filterStatus}
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: e.target.value as PaymentStatus | '' })}
          >
            <option value="">{s.allStatuses}</option>
            {PAYMENT_STATUSES.map((st) => (
              <option key={st} value={st}>
                {s.paymentStatus[st]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={s.filterDesa}
            value={filters.desaCode}
            onChange={(e) => setFilters({ ...filters, desaCode: e.target.value })}
          >
            <option value="">{s.allDesa}</option>
            {desaList.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={s.search}
            type="search"
            placeholder={s.searchHint}
            maxLength={60}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ minWidth: 300 }}
          />
          {filtered ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setSearch('');
                setFilters(EMPTY_FILTERS);
              }}
            >
              {s.clearFilters}
            </button>
          ) : null}
        </div>
      ) : null}

      <div ref={feedbackRef} style={{ scrollMarginTop: '1rem' }}>
        {last?.kind === 'changed' ? (
          <div className="notice notice-success" role="status">
            <div className="btn-row" style={{ justifyContent: 'space-between' }}>
              <span>
                <strong style={{ display: 'inline' }}>
                  {last.changed
                    ? s.changedNotice(last.changed, s.paymentStatus[last.status])
                    : s.nothingChanged}
                </strong>{' '}
                {last.changed && open ? <span className="muted">{s.undoHint}</span> : null}
              </span>
              {last.changed && canWrite ? (
                <button type="button" className="btn" onClick={undo} disabled={undoing}>
                  {undoing ? s.undoing : s.undo}
                </button>
              ) : null}
            </div>
          </div>
        ) : null}
        {last?.kind === 'undone' ? <Notice tone="success">{s.undone(last.restored)}</Notice> : null}
        {message ? <Notice tone="success">{message}</Notice> : null}
        {actionError ? <Notice tone="error">{actionError}</Notice> : null}
      </div>
      {canWrite && period.totals.recipients > 0 ? (
        <div className="card" style={{ padding: '0.75rem 1rem', marginBottom: '0.75rem' }}>
          <div className="btn-row" style={{ marginBottom: '0.6rem' }}>
            <span aria-live="polite">
              {selected.size ? (
                <strong>{s.selected(selected.size, formatRupiah(selectedAmount))}</strong>
              ) : (
                <span className="muted">{s.selectHint}</span>
              )}
            </span>
            {cursor ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={selectAllMatching}
                disabled={selectingAll}
              >
                {selectingAll ? s.selectingAll : s.selectAllMatching}
              </button>
            ) : null}
            {selected.size ? (
              <button type="button" className="btn btn-sm" onClick={() => setSelected(new Set())}>
                {s.clearSelection}
              </button>
            ) : null}
          </div>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!selected.size}
              onClick={() => setBulk('tersalurkan')}
            >
              {s.markPaid}
            </button>
            <button type="button" className="btn" disabled={!selected.size} onClick={() => setBulk('belum')}>
              {s.markUnpaid}
            </button>
            <button
              type="button"
              className="btn"
              disabled={!selected.size}
              onClick={() => setBulk('dikembalikan')}
            >
              {s.markReturned}
            </button>
          </div>
        </div>
      ) : null}

      {rowsError ? <Notice tone="error">{rowsError}</Notice> : null}
      {rowsLoaded && rows.length === 0 ? (
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
          onEndReached={cursor ? loadMore : undefined}
          {...(canWrite
            ? { selected, onToggle: toggle, onOpen: (r: PaymentView) => toggle(r.id) }
            : canCorrect
              ? { onOpen: (r: PaymentView) => setCorrecting(r) }
              : { onOpen: (r: PaymentView) => navigate(`/keluarga/${r.householdId}`) })}
        />
      )}
      {rows.length ? (
        <p className="muted" style={{ marginTop: '0.5rem' }}>
          {s.shown(rows.length, Boolean(cursor))}
        </p>
      ) : null}

      {bulk ? (
        <BulkStatusDialog
          status={bulk}
          itemIds={[...selected]}
          amount={selectedAmount}
          reasons={reasons.value ?? []}
          onClose={closeDialogs}
          onDone={afterBulk}
        />
      ) : null}
      {closing ? <ClosePeriodDialog period={period} onClose={closeDialogs} onClosed={afterClose} /> : null}
      {correcting ? (
        <CorrectDialog
          item={correcting}
          reasons={reasons.value ?? []}
          onClose={closeDialogs}
          onDone={afterCorrect}
        />
      ) : null}
    </>
  );
}
