// `npm run keel -- forecast --input series.csv --horizon H --season S --output out.csv`: the demand
// forecaster on any series file, no database. Prints the backtest MASE of the model and the baselines.
import { readFileSync, writeFileSync } from "node:fs";
import { parseSeriesCsv, formatForecastCsv } from "./csv";
import { defaultSettings } from "./forecaster";
import { runForecaster } from "./pipeline";

export type ForecastFileOptions = { input: string; horizon: number; season: number; output: string; folds?: number };

const figure = (value: number) => (Number.isFinite(value) ? value.toFixed(4) : "n/a");

/** Runs the forecaster on a file and writes the forecasts; returns the lines to print. */
export async function forecastFile(options: ForecastFileOptions): Promise<string[]> {
  const series = parseSeriesCsv(readFileSync(options.input, "utf8"));
  const settings = { ...defaultSettings(options.season, options.horizon), folds: options.folds ?? 3 };
  const run = await runForecaster(series, settings);
  writeFileSync(options.output, formatForecastCsv(run.forecasts));
  const b = run.backtest;
  return [
    `series: ${series.length}; backtest origins t=${b.origins.join(", ")}; horizon ${b.horizon}; season ${b.season}; ${b.masePairs} series-origin pairs scored`,
    `MASE  model ${figure(b.model.mase)}  seasonal_naive ${figure(b.seasonalNaive.mase)}  exponential_smoothing ${figure(b.exponentialSmoothing.mase)}` +
      `  (model mean output ${figure(b.modelMean.mase)}, zero forecast ${figure(b.zero.mase)})`,
    `bias  model ${figure(b.model.bias)}  seasonal_naive ${figure(b.seasonalNaive.bias)}  exponential_smoothing ${figure(b.exponentialSmoothing.bias)}` +
      `  (model mean output ${figure(b.modelMean.bias)})`,
    `interval ${Math.round(b.interval.level * 100)}% from backtest residual quantiles; model: ${run.treeCount} trees on ${run.trainingRows} rows`,
    `time: backtest ${run.timings.backtestMs} ms, final training ${run.timings.trainMs} ms, forecasting ${run.timings.forecastMs} ms`,
    `wrote ${run.forecasts.length} forecast rows to ${options.output}`,
  ];
}
