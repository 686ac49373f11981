// Evaluation figures shared by the models: forecast accuracy (MAE, MASE, bias) and classifier
// quality (ROC AUC, calibration by bins, Brier score). Pure functions over plain arrays.
import { assert } from "../core/shared/assert";

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assert(actual.length === predicted.length, "actual and predicted differ in length");
  if (actual.length === 0) return 0;
  let total = 0;
  for (let index = 0; index < actual.length; index += 1) total += Math.abs(actual[index]! - predicted[index]!);
  return total / actual.length;
}

/**
 * In-sample MAE of the seasonal naive forecast (y[t] vs y[t - season]) over a series' history: the
 * MASE denominator (DOMAIN.md). Falls back to lag 1 when the history is not longer than a season.
 */
export function seasonalNaiveScale(history: ArrayLike<number>, season: number): number {
  const lag = history.length > season ? season : 1;
  if (history.length <= lag) return 0;
  let total = 0;
  for (let t = lag; t < history.length; t += 1) total += Math.abs(history[t]! - history[t - lag]!);
  return total / (history.length - lag);
}

/** Bias as a share of actual volume: sum(forecast - actual) / sum(actual); positive over-forecasts. */
export function relativeBias(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let error = 0;
  let volume = 0;
  for (let index = 0; index < actual.length; index += 1) {
    error += predicted[index]! - actual[index]!;
    volume += Math.abs(actual[index]!);
  }
  return volume === 0 ? 0 : error / volume;
}

/** Area under the ROC curve by the rank statistic (ties count one half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  assert(scores.length === labels.length, "scores and labels differ in length");
  const order = Array.from({ length: scores.length }, (_, index) => index).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) {
      if (labels[order[position]!] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export type CalibrationBin = { from: number; to: number; count: number; meanPredicted: number; observedRate: number };
export type Calibration = { bins: CalibrationBin[]; expectedCalibrationError: number; brierScore: number };

/** Reliability by equal-width probability bins, the count-weighted calibration error and the Brier score. */
export function calibrationOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>, binCount = 10): Calibration {
  assert(probabilities.length === labels.length, "probabilities and labels differ in length");
  const sums = Array.from({ length: binCount }, () => ({ count: 0, predicted: 0, observed: 0 }));
  let brier = 0;
  for (let index = 0; index < probabilities.length; index += 1) {
    const p = probabilities[index]!;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor(p * binCount)));
    sums[bin]!.count += 1;
    sums[bin]!.predicted += p;
    sums[bin]!.observed += labels[index]!;
    brier += (p - labels[index]!) ** 2;
  }
  const total = probabilities.length;
  const bins = sums.map((sum, bin) => ({
    from: bin / binCount, to: (bin + 1) / binCount, count: sum.count,
    meanPredicted: sum.count ? sum.predicted / sum.count : 0, observedRate: sum.count ? sum.observed / sum.count : 0,
  }));
  const expectedCalibrationError = total === 0 ? 0 : bins.reduce((acc, bin) => acc + (bin.count / total) * Math.abs(bin.meanPredicted - bin.observedRate), 0);
  return { bins, expectedCalibrationError, brierScore: total === 0 ? 0 : brier / total };
}
