// Rolling-origin backtest: at each origin the model (refitted on what came before, or a fixed
// registered graph) and both baselines forecast the next `horizon` periods of every series that has
// them; MASE (per series and origin, scaled by the in-sample seasonal naive error, then averaged),
// relative bias and MAE are computed on the same points for all three. The model's residuals give
// the prediction interval per step ahead.
import { assert } from "../../core/shared/assert";
import { meanAbsoluteError, relativeBias, seasonalNaiveScale } from "../metrics";
import { exponentialSmoothingForecast, seasonalNaiveForecast } from "./baselines";
import { scaleAt, type DemandSeries } from "./features";
import { forecastRecursive, lastPeriod, type ForecasterSettings, type Predictor } from "./forecaster";

export type MethodScores = { mase: number; bias: number; mae: number };
export type IntervalQuantiles = { level: number; lower: number[]; upper: number[] };

export type BacktestResult = {
  origins: number[];
  horizon: number;
  season: number;
  seriesCount: number;
  /** (series, origin) pairs forecast; MASE averages those with a non-zero seasonal naive scale. */
  evaluatedPairs: number;
  masePairs: number;
  /** The point forecast (the median output). */
  model: MethodScores;
  /** The expected-demand output (what planning uses as the demand rate). */
  modelMean: MethodScores;
  seasonalNaive: MethodScores;
  exponentialSmoothing: MethodScores;
  /** Forecasting zero everywhere: shows how much of a score on intermittent demand is just predicting no sales. */
  zero: MethodScores;
  interval: IntervalQuantiles;
};

type Accumulator = { actual: number[]; forecast: number[]; maseSum: number };

function quantile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return 0;
  const position = share * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function scores(accumulator: Accumulator, masePairs: number): MethodScores {
  return {
    mase: masePairs === 0 ? Number.NaN : accumulator.maseSum / masePairs,
    bias: relativeBias(accumulator.actual, accumulator.forecast),
    mae: meanAbsoluteError(accumulator.actual, accumulator.forecast),
  };
}

function add(accumulator: Accumulator, actual: number[], forecast: ArrayLike<number>, scale: number): void {
  for (let step = 0; step < actual.length; step += 1) {
    accumulator.actual.push(actual[step]!);
    accumulator.forecast.push(forecast[step]!);
  }
  if (scale > 0) accumulator.maseSum += meanAbsoluteError(actual, Array.from(forecast)) / scale;
}

/** Backtest origins: the last `folds` multiples of horizon before the end of the data, oldest first. */
export function backtestOrigins(series: readonly DemandSeries[], settings: ForecasterSettings): number[] {
  const end = lastPeriod(series);
  return Array.from({ length: settings.folds }, (_, fold) => end - (settings.folds - fold) * settings.horizon);
}

export async function backtest(series: readonly DemandSeries[], settings: ForecasterSettings, modelAt: (cutoff: number) => Promise<Predictor>): Promise<BacktestResult> {
  assert(settings.folds >= 1, "a backtest needs at least one origin");
  const methods = { model: newAccumulator(), modelMean: newAccumulator(), seasonalNaive: newAccumulator(), exponentialSmoothing: newAccumulator(), zero: newAccumulator() };
  const residuals = Array.from({ length: settings.horizon }, () => [] as number[]);
  const origins = backtestOrigins(series, settings);
  let evaluatedPairs = 0;
  let masePairs = 0;
  for (const cutoff of origins) {
    const eligible = series.filter((s) => cutoff - s.start >= settings.minHistory && s.start + s.values.length >= cutoff + settings.horizon);
    if (eligible.length === 0) continue;
    const predictor = await modelAt(cutoff);
    const forecasts = await forecastRecursive(eligible, cutoff, settings.horizon, settings, predictor).finally(() => predictor.release());
    eligible.forEach((s, index) => {
      const history = s.values.slice(0, cutoff - s.start);
      const actual = s.values.slice(cutoff - s.start, cutoff - s.start + settings.horizon);
      const scale = seasonalNaiveScale(history, settings.season);
      const forecast = forecasts[index]!;
      add(methods.model, actual, forecast.median, scale);
      add(methods.modelMean, actual, forecast.mean, scale);
      add(methods.seasonalNaive, actual, seasonalNaiveForecast(history, settings.horizon, settings.season), scale);
      add(methods.exponentialSmoothing, actual, exponentialSmoothingForecast(history, settings.horizon).forecast, scale);
      add(methods.zero, actual, new Array<number>(actual.length).fill(0), scale);
      evaluatedPairs += 1;
      if (scale > 0) masePairs += 1;
      const level = scaleAt(history, history.length);
      // Interval residuals are taken around the expected-demand path, whose width planning turns into an sd.
      if (level > 0) actual.forEach((value, step) => residuals[step]!.push((value - forecast.mean[step]!) / level));
    });
  }
  const tail = (1 - settings.intervalLevel) / 2;
  const sorted = residuals.map((values) => Float64Array.from(values).sort());
  return {
    origins, horizon: settings.horizon, season: settings.season, seriesCount: series.length, evaluatedPairs, masePairs,
    model: scores(methods.model, masePairs), modelMean: scores(methods.modelMean, masePairs), seasonalNaive: scores(methods.seasonalNaive, masePairs),
    exponentialSmoothing: scores(methods.exponentialSmoothing, masePairs), zero: scores(methods.zero, masePairs),
    interval: { level: settings.intervalLevel, lower: sorted.map((v) => quantile(v, tail)), upper: sorted.map((v) => quantile(v, 1 - tail)) },
  };
}

function newAccumulator(): Accumulator {
  return { actual: [], forecast: [], maseSum: 0 };
}

/** lo/hi around the expected-demand path: mean + residual quantile x the series' scale, never below zero. */
export function intervalFor(forecast: ArrayLike<number>, scale: number, interval: IntervalQuantiles): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let step = 0; step < forecast.length; step += 1) {
    const index = Math.min(step, interval.lower.length - 1);
    const lower = index >= 0 ? interval.lower[index]! : 0;
    const upper = index >= 0 ? interval.upper[index]! : 0;
    lo.push(Math.max(0, forecast[step]! + lower * scale));
    hi.push(Math.max(forecast[step]!, forecast[step]! + upper * scale));
  }
  return { lo, hi };
}
