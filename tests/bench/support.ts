import { performance } from 'node:perf_hooks';

/** p50/p95/max of a list of millisecond timings. */
export function percentiles(samples: number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0, n: sorted.length };
}

export function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;

export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}
