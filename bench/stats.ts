// Percentiles for the benchmarks' latency tables.

/** The p-th percentile of sorted values (nearest rank); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summary(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
  };
}
