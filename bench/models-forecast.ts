// Benchmark: forecast 10,000 item-warehouse weekly series with the ONNX demand model (target under
// 10 s), with its quality on held-out weeks against seasonal naive and exponential smoothing computed
// in the same run, and its time against the two baselines' time on the same series.
import { exponentialSmoothingForecast, seasonalNaiveForecast } from "../models/forecast/baselines";
import { scaleAt, type DemandSeries } from "../models/forecast/features";
import { defaultSettings, encodeForecaster, forecastRecursive, onnxPredictor, trainForecaster } from "../models/forecast/forecaster";
import { forecastAll } from "../models/forecast/pipeline";
import { meanAbsoluteError, relativeBias, seasonalNaiveScale } from "../models/metrics";
import { seededRandom } from "../models/train/random";

const SERIES = Number(process.env.BENCH_FORECAST_SERIES ?? 10_000);
const TRAIN_SERIES = Number(process.env.BENCH_FORECAST_TRAIN_SERIES ?? 1_500);
const PERIODS = 104;
const HORIZON = 13;
const SEASON = 52;

function poisson(random: () => number, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * (random() + random() + random() - 1.5) * 2));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= random();
  } while (p > limit);
  return k - 1;
}

/** A catalogue: long-tailed levels, a third intermittent, yearly seasonality by category, slow trends. */
function catalogue(count: number): DemandSeries[] {
  const random = seededRandom(2026);
  return Array.from({ length: count }, (_, index) => {
    const category = index % 12;
    const level = Math.exp(random() * 5 - 2.5);
    const amplitude = 0.2 + (category % 4) * 0.15;
    const peak = (category * 4) % SEASON;
    const trend = (random() - 0.5) * 0.01;
    const values = Array.from({ length: PERIODS }, (_, t) =>
      poisson(random, level * (1 + trend * t) * (1 + amplitude * Math.cos((2 * Math.PI * (t - peak)) / SEASON))));
    return { id: `S${index}`, start: 0, values, category };
  });
}

function score(actual: number[][], forecasts: ArrayLike<number>[], histories: number[][]) {
  let maseSum = 0;
  let masePairs = 0;
  const flatActual: number[] = [];
  const flatForecast: number[] = [];
  actual.forEach((values, index) => {
    const scale = seasonalNaiveScale(histories[index]!, SEASON);
    const forecast = Array.from(forecasts[index]!);
    if (scale > 0) {
      maseSum += meanAbsoluteError(values, forecast) / scale;
      masePairs += 1;
    }
    flatActual.push(...values);
    flatForecast.push(...forecast);
  });
  return { mase: maseSum / masePairs, bias: relativeBias(flatActual, flatForecast) };
}

export async function benchForecast(): Promise<void> {
  const series = catalogue(SERIES);
  const cutoff = PERIODS - HORIZON;
  const settings = { ...defaultSettings(SEASON, HORIZON), gbt: { ...defaultSettings(SEASON, HORIZON).gbt, treeCount: 80 } };
  const trainStarted = Date.now();
  const trained = trainForecaster(series.slice(0, TRAIN_SERIES), cutoff, settings, { median: 80, mean: 80 });
  const trainMs = Date.now() - trainStarted;
  const bytes = encodeForecaster(trained.ensemble);
  const predictor = await onnxPredictor(bytes);
  try {
    // Quality: every series forecast from the cutoff, scored on the 13 held-out weeks.
    const histories = series.map((s) => s.values.slice(0, cutoff));
    const actual = series.map((s) => s.values.slice(cutoff));
    const holdoutStarted = Date.now();
    const model = await forecastRecursive(series, cutoff, HORIZON, settings, predictor);
    const holdoutMs = Date.now() - holdoutStarted;
    const baselineStarted = Date.now();
    const naive = histories.map((h) => seasonalNaiveForecast(h, HORIZON, SEASON));
    const smoothing = histories.map((h) => exponentialSmoothingForecast(h, HORIZON).forecast);
    const baselineMs = Date.now() - baselineStarted;
    // The production path: all series forecast after their last week, with intervals, through onnxruntime.
    const interval = { level: 0.8, lower: new Array<number>(HORIZON).fill(-1), upper: new Array<number>(HORIZON).fill(1) };
    const started = Date.now();
    const rows = await forecastAll(series, HORIZON, settings, predictor, interval);
    const forecastMs = Date.now() - started;
    const m = score(actual, model.map((f) => f.median), histories);
    const mm = score(actual, model.map((f) => f.mean), histories);
    const sn = score(actual, naive, histories);
    const es = score(actual, smoothing, histories);
    console.log(`forecast: ${SERIES} series x ${HORIZON} weeks (${rows.length} rows) in ${forecastMs} ms with ONNX (target < 10000 ms)` +
      `; held-out pass ${holdoutMs} ms; seasonal naive + exponential smoothing on the same series ${baselineMs} ms (ratio ${(forecastMs / Math.max(1, baselineMs)).toFixed(2)})`);
    console.log(`forecast quality on the last ${HORIZON} weeks: MASE model ${m.mase.toFixed(4)} (bias ${m.bias.toFixed(3)}), expected-demand output ${mm.mase.toFixed(4)} (bias ${mm.bias.toFixed(3)}),` +
      ` seasonal naive ${sn.mase.toFixed(4)} (bias ${sn.bias.toFixed(3)}), exponential smoothing ${es.mase.toFixed(4)} (bias ${es.bias.toFixed(3)})`);
    console.log(`forecast training: ${trained.trainingRows} rows from ${TRAIN_SERIES} series, ${trained.treeCount} trees, ${trainMs} ms; model ${bytes.length} bytes` +
      `; mean level ${(series.reduce((s, x) => s + scaleAt(x.values, x.values.length), 0) / SERIES).toFixed(2)} per week`);
  } finally {
    await predictor.release();
  }
}
