// The global demand forecaster: one gradient-boosted model over every series, trained one period
// ahead on scaled demand and run recursively for the horizon; a rolling-origin backtest against
// seasonal naive and exponential smoothing in the same run (MASE, bias); prediction intervals from
// the backtest's residual quantiles per step ahead.
import { assert } from "../../core/shared/assert";
import { encodeModel, modelFromGraph, buildTreeEnsembleGraph, type TreeEnsemble } from "../onnx";
import { createSession, releaseSession, run } from "../runtime";
import { trainGbt, type GbtLoss, type GbtOptions } from "../train/gbt";
import { DEMAND_FEATURE_COUNT, DEMAND_FORECAST_CONTRACT, writeFeatures, type DemandSeries, type SeasonSettings } from "./features";

export type ForecasterSettings = SeasonSettings & {
  horizon: number;
  /** Rolling origins of the backtest, each `horizon` periods before the previous one. */
  folds: number;
  /** Periods of history a series needs before the model is trained or scored on it. */
  minHistory: number;
  gbt: Omit<GbtOptions, "validation">;
  /** Central share of residuals the interval covers (0.8: from the 10th to the 90th percentile). */
  intervalLevel: number;
};

export const DEFAULT_GBT: ForecasterSettings["gbt"] = {
  treeCount: 300, learningRate: 0.08, maxDepth: 5, minRowsLeaf: 40, binCount: 64, l2: 1, rowSampleRate: 0.8, seed: 17, earlyStoppingRounds: 25,
};

export function defaultSettings(season: number, horizon: number, phaseOffset = 0): ForecasterSettings {
  return { season, phaseOffset, horizon, folds: 3, minHistory: 4, gbt: DEFAULT_GBT, intervalLevel: 0.8 };
}

/** Scaled targets above this are clipped in training: one freak order must not steer a global model. */
const SCALED_TARGET_MAX = 40;

export type Predictor = { predict(features: Float32Array, rows: number): Promise<ArrayLike<number>>; release(): Promise<void> };

/** Length of a series' prefix before `cutoff` (a period index t). */
function prefixLength(series: DemandSeries, cutoff: number): number {
  return Math.max(0, Math.min(series.values.length, cutoff - series.start));
}

export function lastPeriod(series: readonly DemandSeries[]): number {
  return series.reduce((latest, s) => Math.max(latest, s.start + s.values.length), Number.NEGATIVE_INFINITY);
}

type TrainingSet = { features: Float32Array; targets: Float64Array; rows: number };

/** One row per (series, period) before cutoff with enough history and a non-zero scale. */
export function trainingRows(series: readonly DemandSeries[], cutoff: number, settings: ForecasterSettings, validationFrom: number): { train: TrainingSet; validation: TrainingSet } {
  const buffers = { train: [] as number[][], validation: [] as number[][] };
  const row = new Float32Array(DEMAND_FEATURE_COUNT);
  for (const s of series) {
    const length = prefixLength(s, cutoff);
    for (let end = settings.minHistory; end < length; end += 1) {
      const scale = writeFeatures(s, s.values, end, settings, row, 0);
      if (scale <= 0) continue;
      const target = Math.min(SCALED_TARGET_MAX, s.values[end]! / scale);
      (s.start + end >= validationFrom ? buffers.validation : buffers.train).push([...row, target]);
    }
  }
  const pack = (rows: number[][]): TrainingSet => {
    const features = new Float32Array(rows.length * DEMAND_FEATURE_COUNT);
    const targets = new Float64Array(rows.length);
    rows.forEach((values, index) => {
      features.set(values.slice(0, DEMAND_FEATURE_COUNT), index * DEMAND_FEATURE_COUNT);
      targets[index] = values[DEMAND_FEATURE_COUNT]!;
    });
    return { features, targets, rows: rows.length };
  };
  return { train: pack(buffers.train), validation: pack(buffers.validation) };
}

export type TrainedForecaster = { ensemble: TreeEnsemble; trainingRows: number; treeCount: number };
/** Tree counts of the two outputs: the median (quantile loss) and the mean (squared loss). */
export type TreeCounts = { median: number; mean: number };

const MEDIAN_LOSS = { kind: "quantile", alpha: 0.5 } as const;
const MEAN_LOSS = { kind: "squared" } as const;

/**
 * Tree counts for these settings, by early stopping with the last `horizon` periods before cutoff held
 * out. Found once per run (at the oldest backtest origin) and reused, so each later fit is one pass.
 */
export function probeTreeCounts(series: readonly DemandSeries[], cutoff: number, settings: ForecasterSettings): TreeCounts {
  const split = trainingRows(series, cutoff, settings, cutoff - settings.horizon);
  if (split.train.rows === 0 || split.validation.rows === 0) return { median: settings.gbt.treeCount, mean: settings.gbt.treeCount };
  const probe = (loss: GbtLoss) => Math.max(10, trainGbt(split.train.features, split.train.targets, split.train.rows, DEMAND_FEATURE_COUNT,
    { ...settings.gbt, loss, validation: split.validation }).bestTreeCount);
  return { median: probe(MEDIAN_LOSS), mean: probe(MEAN_LOSS) };
}

/**
 * Trains both outputs on every row before cutoff and joins them into one two-target ensemble:
 * target 0 the median (the point forecast), target 1 the mean (the demand rate planning uses).
 */
export function trainForecaster(series: readonly DemandSeries[], cutoff: number, settings: ForecasterSettings, counts: TreeCounts): TrainedForecaster {
  const all = trainingRows(series, cutoff, settings, Number.POSITIVE_INFINITY).train;
  assert(all.rows > 0, "no training rows: the series are too short or all zero");
  const fit = (loss: GbtLoss, treeCount: number) =>
    trainGbt(all.features, all.targets, all.rows, DEMAND_FEATURE_COUNT, { ...settings.gbt, loss, treeCount, earlyStoppingRounds: undefined }).ensemble;
  const median = fit(MEDIAN_LOSS, counts.median);
  const mean = fit(MEAN_LOSS, counts.mean);
  const ensemble: TreeEnsemble = {
    featureCount: DEMAND_FEATURE_COUNT, targetCount: 2, baseValues: [median.baseValues[0]!, mean.baseValues[0]!],
    trees: [...median.trees.map((tree) => ({ ...tree, targetIndex: 0 })), ...mean.trees.map((tree) => ({ ...tree, targetIndex: 1 }))],
  };
  return { ensemble, trainingRows: all.rows, treeCount: ensemble.trees.length };
}

export function encodeForecaster(ensemble: TreeEnsemble, metadata: Record<string, string> = {}): Uint8Array {
  const graph = buildTreeEnsembleGraph(ensemble, { inputName: DEMAND_FORECAST_CONTRACT.inputName, outputName: DEMAND_FORECAST_CONTRACT.outputName });
  return encodeModel(modelFromGraph(graph, metadata, "Keel demand forecaster: next-period median and mean demand / series scale"));
}

/** A predictor backed by onnxruntime on ONNX bytes (trained here or registered by a user). Returns rows x 2. */
export async function onnxPredictor(bytes: Uint8Array): Promise<Predictor> {
  const session = await createSession(bytes);
  return {
    predict: async (features, rows) => {
      const outputs = await run(session, { [DEMAND_FORECAST_CONTRACT.inputName]: { data: features, rows, columns: DEMAND_FEATURE_COUNT } });
      const output = outputs[DEMAND_FORECAST_CONTRACT.outputName];
      assert(output && output.columns === 2, "the forecaster must return two columns (median, mean)");
      return output.data;
    },
    release: () => releaseSession(session),
  };
}

export type SeriesForecast = { median: Float64Array; mean: Float64Array };

/**
 * Forecasts `horizon` periods after cutoff for every series (cutoff null: after each series' end). The
 * expected-demand path is fed back as history; one batched model call per step for all series.
 */
export async function forecastRecursive(series: readonly DemandSeries[], cutoff: number | null, horizon: number, settings: SeasonSettings, predictor: Predictor): Promise<SeriesForecast[]> {
  const histories = series.map((s) => {
    const length = cutoff === null ? s.values.length : prefixLength(s, cutoff);
    const history = new Float64Array(length + horizon);
    history.set(s.values.slice(0, length));
    return { length, history, median: new Float64Array(horizon) };
  });
  const features = new Float32Array(series.length * DEMAND_FEATURE_COUNT);
  const scales = new Float64Array(series.length);
  for (let step = 0; step < horizon; step += 1) {
    series.forEach((s, index) => {
      const { length, history } = histories[index]!;
      scales[index] = length === 0 ? 0 : writeFeatures(s, history, length + step, settings, features, index * DEMAND_FEATURE_COUNT);
    });
    const predicted = await predictor.predict(features, series.length);
    histories.forEach(({ length, history, median }, index) => {
      const scale = scales[index]!;
      history[length + step] = scale > 0 ? Math.max(0, predicted[index * 2 + 1]!) * scale : 0;
      median[step] = scale > 0 ? Math.max(0, predicted[index * 2]!) * scale : 0;
    });
  }
  return histories.map(({ length, history, median }) => ({ median, mean: history.slice(length, length + horizon) }));
}
