export interface Row {
  metric: string;
  value: number;
  unit: string;
  /** The target; lower is better. */
  target?: number;
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
