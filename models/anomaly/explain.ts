// Why a row was flagged: each feature's value against the normal range of the training data
// (its 1st to 99th percentile), and how far outside that range it lies in robust units (IQR),
// shared out as contributions. Pure, so it is tested directly.
import { assert } from "../../core/shared/assert";

export type FeatureStats = { p01: number; p25: number; median: number; p75: number; p99: number };
export type FeatureExplanation = { name: string; value: number; normalLow: number; normalHigh: number; contribution: number };

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function featureStats(features: ArrayLike<number>, rows: number, width: number): FeatureStats[] {
  assert(features.length === rows * width, "feature matrix is rows x width");
  const stats: FeatureStats[] = [];
  for (let f = 0; f < width; f += 1) {
    const column = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) column[r] = features[r * width + f]!;
    column.sort();
    stats.push({ p01: quantile(column, 0.01), p25: quantile(column, 0.25), median: quantile(column, 0.5), p75: quantile(column, 0.75), p99: quantile(column, 0.99) });
  }
  return stats;
}

/** Distance outside the normal range, in IQRs (0 inside it). */
function outsideBy(value: number, s: FeatureStats): number {
  const scale = Math.max(s.p75 - s.p25, (s.p99 - s.p01) / 10, 1e-6);
  if (value > s.p99) return (value - s.p99) / scale + 0.5;
  if (value < s.p01) return (s.p01 - value) / scale + 0.5;
  return Math.abs(value - s.median) / scale / 10;
}

export function explainRow(names: readonly string[], stats: readonly FeatureStats[], row: ArrayLike<number>, top = 4): FeatureExplanation[] {
  assert(names.length === stats.length && row.length === names.length, "one name and one stat per feature");
  const distances = names.map((_, f) => outsideBy(row[f]!, stats[f]!));
  const total = distances.reduce((sum, d) => sum + d, 0) || 1;
  return names.map((name, f) => ({
    name, value: round(row[f]!), normalLow: round(stats[f]!.p01), normalHigh: round(stats[f]!.p99), contribution: round(distances[f]! / total),
  })).sort((a, b) => b.contribution - a.contribution).slice(0, top);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
