import type { KeyboardEvent, MouseEvent, Ref } from 'react';
import type { PaymentView } from '../../../common/api/methods/casework.ts';
import type { RegionView } from '../../../common/api/methods/admin.ts';
import { PAYMENT_STATUSES } from '../../../common/domain/registry.ts';
import { formatDateId, formatRupiah } from '../../../common/format.ts';
import type { Column } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import type { programStrings } from '../programs/strings.ts';
import type { PeriodActions } from './periodActions.ts';
import { PaymentBadge } from './parts.tsx';
import { disbursementStrings } from './strings.ts';
import type { Filters, PaymentStatus } from './usePeriodItems.ts';

/** The sections of a period's page; PeriodDetail holds the data and wires them. */

type Strings = (typeof disbursementStrings)['id'];

export function PeriodFilterBar({
  filters,
  onFilters,
  search,
  onSearch,
  desaList,
  onClear,
}: {
  filters: Filters;
  onFilters: (next: Filters) => void;
  search: string;
  onSearch: (text: string) => void;
  desaList: RegionView[];
  onClear: (() => void) | null;
}) {
  const s = useStrings(disbursementStrings);
  return (
    <div className="toolbar">
      <SelectField
        label={s.filterStatus}
        value={filters.status}
        onChange={(e) => onFilters({ ...filters, status: e.target.value as PaymentStatus | '' })}
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
        onChange={(e) => onFilters({ ...filters, desaCode: e.target.value })}
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
        onChange={(e) => onSearch(e.target.value)}
        style={{ minWidth: 300 }}
      />
      {onClear ? (
        <button type="button" className="btn" onClick={onClear}>
          {s.clearFilters}
        </button>
      ) : null}
    </div>
  );
}

/** What the last action did, just above the list where the person is working. */
export function ChangeFeedback({
  actions,
  open,
  onUndo,
  feedbackRef,
}: {
  actions: PeriodActions;
  open: boolean;
  onUndo: (() => void) | null;
  feedbackRef: Ref<HTMLDivElement>;
}) {
  const s = useStrings(disbursementStrings);
  const { last, message, error, undoing } = actions;
  return (
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
            {last.changed && onUndo ? (
              <button type="button" className="btn" onClick={onUndo} disabled={undoing}>
                {undoing ? s.undoing : s.undo}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {last?.kind === 'undone' ? <Notice tone="success">{s.undone(last.restored)}</Notice> : null}
      {message ? <Notice tone="success">{message}</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}

/** The selection and the bulk status buttons (an open period, for officers). */
export function SelectionBar({
  count,
  amount,
  canSelectAll,
  selectingAll,
  onSelectAll,
  onClear,
  onBulk,
}: {
  count: number;
  amount: number;
  canSelectAll: boolean;
  selectingAll: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onBulk: (status: PaymentStatus) => void;
}) {
  const s = useStrings(disbursementStrings);
  return (
    <div className="card" style={{ padding: '0.75rem 1rem', marginBottom: '0.75rem' }}>
      <div className="btn-row" style={{ marginBottom: '0.6rem' }}>
        <span aria-live="polite">
          {count ? (
            <strong>{s.selected(count, formatRupiah(amount))}</strong>
          ) : (
            <span className="muted">{s.selectHint}</span>
          )}
        </span>
        {canSelectAll ? (
          <button type="button" className="btn btn-sm" onClick={onSelectAll} disabled={selectingAll}>
            {selectingAll ? s.selectingAll : s.selectAllMatching}
          </button>
        ) : null}
        {count ? (
          <button type="button" className="btn btn-sm" onClick={onClear}>
            {s.clearSelection}
          </button>
        ) : null}
      </div>
      <div className="btn-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!count}
          onClick={() => onBulk('tersalurkan')}
        >
          {s.markPaid}
        </button>
        <button type="button" className="btn" disabled={!count} onClick={() => onBulk('belum')}>
          {s.markUnpaid}
        </button>
        <button type="button" className="btn" disabled={!count} onClick={() => onBulk('dikembalikan')}>
          {s.markReturned}
        </button>
      </div>
    </div>
  );
}

const stop = (e: MouseEvent | KeyboardEvent) => e.stopPropagation();

/** The recipients table's columns; a closed period adds "Koreksi" for those who may correct. */
export function paymentColumns(
  s: Strings,
  channels: (typeof programStrings)['id']['channels'],
  onCorrect: ((item: PaymentView) => void) | null,
): Column<PaymentView>[] {
  const detail = (r: PaymentView) =>
    r.status === 'tersalurkan'
      ? [r.paidDate ? s.paidOn(formatDateId(r.paidDate)) : null, r.reference].filter(Boolean).join(' · ')
      : (r.notPaidReason ?? '');
  return [
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
    { key: 'channel', header: s.channel, width: '105px', render: (r) => channels[r.channel] },
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
    ...(onCorrect
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
                  onCorrect(r);
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
}
