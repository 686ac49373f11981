// One forecaster run end to end: rolling-origin backtest (model refitted at each origin, baselines
// alongside), the final model trained on all the history and exported to ONNX, and the forecasts
// with intervals for every series, produced by onnxruntime from those ONNX bytes.
import { assert } from "../../core/shared/assert";
import { backtest, intervalFor, type BacktestResult, type IntervalQuantiles } from "./backtest";
import { scaleAt, type DemandSeries, type SeasonSettings } from "./features";
import {
  encodeForecaster, forecastRecursive, lastPeriod, onnxPredictor, probeTreeCounts, trainForecaster, type ForecasterSettings, type Predictor, type TreeCounts,
} from "./forecaster";

/** forecast: the point (median) forecast; mean: expected demand; lo/hi: the interval, lo <= forecast <= hi. */
export type ForecastRow = { seriesId: string; t: number; forecast: number; mean: number; lo: number; hi: number };

export type ForecastRun = {
  backtest: BacktestResult;
  onnx: Uint8Array;
  treeCount: number;
  trainingRows: number;
  trainedThrough: number;
  forecasts: ForecastRow[];
  timings: { backtestMs: number; trainMs: number; forecastMs: number };
};

export const SERIES_MAX = 200_000;

/** Forecast rows for every series after its last period, with intervals from the backtest residuals. */
export async function forecastAll(series: readonly DemandSeries[], horizon: number, settings: SeasonSettings, predictor: Predictor, interval: IntervalQuantiles): Promise<ForecastRow[]> {
  const forecasts = await forecastRecursive(series, null, horizon, settings, predictor);
  const rows: ForecastRow[] = [];
  series.forEach((s, index) => {
    const { median, mean } = forecasts[index]!;
    const { lo, hi } = intervalFor(mean, scaleAt(s.values, s.values.length), interval);
    for (let step = 0; step < horizon; step += 1) {
      const forecast = median[step]!;
      rows.push({ seriesId: s.id, t: s.start + s.values.length + step, forecast, mean: mean[step]!,
        lo: Math.min(lo[step]!, forecast), hi: Math.max(hi[step]!, forecast, mean[step]!) });
    }
  });
  return rows;
}

export async function runForecaster(series: readonly DemandSeries[], settings: ForecasterSettings): Promise<ForecastRun> {
  assert(series.length > 0, "no series to forecast");
  assert(series.length <= SERIES_MAX, `at most ${SERIES_MAX} series per run`);
  const started = Date.now();
  let counts: TreeCounts | null = null;
  const result = await backtest(series, settings, async (cutoff) => {
    counts ??= probeTreeCounts(series, cutoff, settings);
    return onnxPredictor(encodeForecaster(trainForecaster(series, cutoff, settings, counts).ensemble));
  });
  const backtestDone = Date.now();
  const trainedThrough = lastPeriod(series);
  const trained = trainForecaster(series, trainedThrough, settings, counts ?? probeTreeCounts(series, trainedThrough, settings));
  const onnx = encodeForecaster(trained.ensemble, { season: String(settings.season), horizon: String(settings.horizon) });
  const trainDone = Date.now();
  const predictor = await onnxPredictor(onnx);
  try {
    const forecasts = await forecastAll(series, settings.horizon, settings, predictor, result.interval);
    return {
      backtest: result, onnx, treeCount: trained.treeCount, trainingRows: trained.trainingRows, trainedThrough, forecasts,
      timings: { backtestMs: backtestDone - started, trainMs: trainDone - backtestDone, forecastMs: Date.now() - trainDone },
    };
  } finally {
    await predictor.release();
  }
}
