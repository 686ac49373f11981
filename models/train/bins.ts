// Histogram binning for tree training: each feature's values are cut at up to BIN_COUNT_MAX - 1
// thresholds taken from the data itself (quantiles of its distinct values), so a split "code <= b"
// is exactly "value <= thresholds[b]" in float32, the comparison onnxruntime makes. NaN takes the last
// code, which is on the right of every threshold, as NaN <= t is false in both places.
import { assert } from "../../core/shared/assert";

export const BIN_COUNT_MAX = 255;
const SAMPLE_ROWS_MAX = 100_000;

export type BinnedFeatures = {
  rows: number;
  featureCount: number;
  /** Per feature, ascending float32 thresholds; code b means thresholds[b-1] < value <= thresholds[b]. */
  thresholds: Float32Array[];
  /** Row-major codes: codes[row * featureCount + feature] (a row's codes are read together). */
  codes: Uint8Array;
};

function sampledColumn(features: ArrayLike<number>, rows: number, featureCount: number, feature: number): number[] {
  const step = Math.max(1, Math.floor(rows / SAMPLE_ROWS_MAX));
  const values: number[] = [];
  for (let row = 0; row < rows; row += step) {
    const value = Math.fround(features[row * featureCount + feature]!);
    if (!Number.isNaN(value)) values.push(value);
  }
  return values;
}

/** Thresholds for one feature: every distinct value but the largest, or quantiles of them when too many. */
export function thresholdsOf(values: number[], binCount: number): Float32Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (const value of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== value) distinct.push(value);
  if (distinct.length <= 1) return new Float32Array(0);
  const cuts = binCount - 1;
  if (distinct.length - 1 <= cuts) return Float32Array.from(distinct.slice(0, -1));
  // Quantile positions over the sample (not over distinct values), so dense regions get more cuts.
  const chosen: number[] = [];
  for (let cut = 1; cut <= cuts; cut += 1) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor((cut * sorted.length) / (cuts + 1)))]!;
    if (value < distinct[distinct.length - 1]! && (chosen.length === 0 || value > chosen[chosen.length - 1]!)) chosen.push(value);
  }
  return Float32Array.from(chosen);
}

/** The code of one value: the first threshold it is <= to, else thresholds.length (NaN included). */
export function codeOf(thresholds: Float32Array, value: number): number {
  const v = Math.fround(value);
  let low = 0;
  let high = thresholds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (v <= thresholds[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function binFeatures(features: ArrayLike<number>, rows: number, featureCount: number, binCount: number): BinnedFeatures {
  assert(binCount >= 2 && binCount <= BIN_COUNT_MAX, `binCount must be 2..${BIN_COUNT_MAX}`);
  assert(features.length === rows * featureCount, "feature matrix has the wrong size");
  const thresholds: Float32Array[] = [];
  const codes = new Uint8Array(rows * featureCount);
  for (let feature = 0; feature < featureCount; feature += 1) {
    const cut = thresholdsOf(sampledColumn(features, rows, featureCount, feature), binCount);
    thresholds.push(cut);
    for (let row = 0; row < rows; row += 1) codes[row * featureCount + feature] = codeOf(cut, features[row * featureCount + feature]!);
  }
  return { rows, featureCount, thresholds, codes };
}
