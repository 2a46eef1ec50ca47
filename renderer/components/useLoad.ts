import { useCallback, useEffect, useState } from 'react';
import type { AppError, Result } from '../../common/result.ts';

/**
 * Loads something on mount (and when `deps` change); `reload` after a change.
 * The last good value stays on screen while reloading, so nothing flickers away.
 */
export function useLoad<T>(
  load: () => Promise<Result<T>>,
  deps: unknown[],
): { value: T | null; error: AppError | null; loading: boolean; reload: () => Promise<void> } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    const result = await run();
    setLoading(false);
    if (result.ok) {
      setValue(result.value);
      setError(null);
    } else setError(result.error);
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loading, reload };
}
