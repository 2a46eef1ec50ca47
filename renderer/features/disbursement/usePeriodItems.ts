import { useCallback, useEffect, useRef, useState } from 'react';
import type { PaymentView } from '../../../common/api/methods/casework.ts';
import type { PAYMENT_STATUSES } from '../../../common/domain/registry.ts';
import { useCall } from '../../app/session.tsx';

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type Filters = { status: PaymentStatus | ''; desaCode: string; query: string };
export const EMPTY_FILTERS: Filters = { status: '', desaCode: '', query: '' };

const PAGE = 200;

/**
 * A period's recipients under the filters, paged with the server's cursor. `generation` drops
 * answers to an older filter; `fetching` keeps the list's end from asking twice.
 */
export function usePeriodItems(periodId: string, filters: Filters) {
  const call = useCall();
  const [rows, setRows] = useState<PaymentView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetching = useRef(false);
  const input = useCallback(
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
    const result = await call('disbursement.items', input(null, PAGE));
    if (mine !== generation.current) return;
    fetching.current = false;
    setLoaded(true);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setRows(result.value.rows);
    setCursor(result.value.nextCursor);
  }, [call, input]);
  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(async () => {
    if (!cursor || fetching.current) return;
    const mine = generation.current;
    fetching.current = true;
    const result = await call('disbursement.items', input(cursor, PAGE));
    if (mine !== generation.current) return;
    fetching.current = false;
    if (!result.ok) return setError(result.error.message);
    setRows((prev) => [...prev, ...result.value.rows]);
    setCursor(result.value.nextCursor);
  }, [call, cursor, input]);

  /** Every row matching the filters, for "select all"; null when the filters changed meanwhile. */
  const loadAll = async (): Promise<PaymentView[] | null> => {
    const mine = generation.current;
    fetching.current = true;
    let all = rows;
    let from = cursor;
    while (from) {
      const result = await call('disbursement.items', input(from, 1000));
      if (mine !== generation.current) return null;
      if (!result.ok) {
        setError(result.error.message);
        break;
      }
      all = [...all, ...result.value.rows];
      from = result.value.nextCursor;
    }
    fetching.current = false;
    setRows(all);
    setCursor(from);
    return all;
  };

  return { rows, cursor, loaded, error, loadFirst, loadMore, loadAll };
}
