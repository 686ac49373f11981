// The two baselines every forecaster run is compared with: seasonal naive (same period last season)
// and simple exponential smoothing with its smoothing constant fitted per series by one-step error.
import { assert } from "../../core/shared/assert";

/** Forecast h = 1..horizon: the value one season before each target period (naive last value when too short). */
export function seasonalNaiveForecast(history: ArrayLike<number>, horizon: number, season: number): number[] {
  assert(horizon > 0, "horizon must be positive");
  const n = history.length;
  if (n === 0) return new Array<number>(horizon).fill(0);
  if (n < season) return new Array<number>(horizon).fill(history[n - 1]!);
  return Array.from({ length: horizon }, (_, step) => history[n - season + (step % season)]!);
}

const ALPHAS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1];

function smoothedLevel(history: ArrayLike<number>, alpha: number): { level: number; squaredError: number } {
  let level = history[0]!;
  let squaredError = 0;
  for (let t = 1; t < history.length; t += 1) {
    const error = history[t]! - level;
    squaredError += error * error;
    level += alpha * error;
  }
  return { level, squaredError };
}

/** Simple exponential smoothing: a flat forecast at the smoothed level, alpha chosen from a grid by in-sample SSE. */
export function exponentialSmoothingForecast(history: ArrayLike<number>, horizon: number): { forecast: number[]; alpha: number } {
  assert(horizon > 0, "horizon must be positive");
  if (history.length === 0) return { forecast: new Array<number>(horizon).fill(0), alpha: 0 };
  let best = { alpha: ALPHAS[0]!, level: 0, squaredError: Number.POSITIVE_INFINITY };
  for (const alpha of ALPHAS) {
    const fitted = smoothedLevel(history, alpha);
    if (fitted.squaredError < best.squaredError) best = { alpha, ...fitted };
  }
  return { forecast: new Array<number>(horizon).fill(best.level), alpha: best.alpha };
}
