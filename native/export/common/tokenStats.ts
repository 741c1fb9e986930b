import type { TokenStats } from "../../api/exportApi.js";

/** Bins in the histogram the Export page draws. */
const BINS = 20;

/** Count, total, min/max/mean, median and 90th percentile of token lengths, and an equal-width histogram. */
export function tokenStats(lengths: readonly number[]): TokenStats {
  if (lengths.length === 0) return { rows: 0, total: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, histogram: { edges: [], counts: [] } };
  const sorted = [...lengths].sort((a, b) => a - b);
  const total = sorted.reduce((sum, n) => sum + n, 0);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const width = Math.max(1, Math.ceil((max - min + 1) / BINS));
  const bins = Math.max(1, Math.ceil((max - min + 1) / width));
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const n of sorted) counts[Math.min(bins - 1, Math.floor((n - min) / width))] += 1;
  return { rows: sorted.length, total, min, max, mean: Math.round((total / sorted.length) * 10) / 10, p50: at(0.5), p90: at(0.9), histogram: { edges, counts } };
}
