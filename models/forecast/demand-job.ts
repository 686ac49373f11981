// Training and forecasting of the demand forecaster over the governed sales history: a run trains the
// global model, backtests it against seasonal naive and exponential smoothing, registers the version
// with those figures and activates it only when it beats both; then the ACTIVE version (trained here or
// uploaded by a user) forecasts every item and warehouse, written to planning through core.
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import type { Actor } from "../../core/governance/permissions";
import { recordDemandForecast } from "../../core/purchasing/planning";
import { assert } from "../../core/shared/assert";
import { DomainError } from "../../core/shared/errors";
import {
  activateModelVersion, getActiveVersion, registerTrainedVersion, registerUploadedVersion, RegistryError, validateAgainstContract,
  type ModelDefinition, type ModelVersionRow,
} from "../registry";
import { backtest, type BacktestResult, type IntervalQuantiles } from "./backtest";
import { addDaysIso, loadDemandSeries, PERIOD_DAYS, WEEKLY_SEASON, type DemandDataset } from "./demand-data";
import { DEMAND_FORECAST_CONTRACT } from "./features";
import { defaultSettings, onnxPredictor, type ForecasterSettings } from "./forecaster";
import { forecastAll, runForecaster, type ForecastRow } from "./pipeline";

export const DEMAND_FORECAST_MODEL: ModelDefinition = {
  name: "demand_forecast",
  task: "regression",
  description: "Global gradient-boosted demand forecaster over item-warehouse weekly series (next-period demand / series scale)",
  contract: DEMAND_FORECAST_CONTRACT,
  permission: "planning:write",
};

export const DEFAULT_HORIZON_PERIODS = 13;

export type DemandJobOptions = {
  /** Last business date of history; forecasts start the day after. */
  asOf: string;
  horizonPeriods?: number;
  historyPeriods?: number;
  folds?: number;
  entityIds?: number[];
  /** if_better: activate the new version when its backtest MASE beats both baselines. */
  activation?: "if_better" | "never";
};

export type DemandTrainingResult = {
  version: ModelVersionRow;
  activated: boolean;
  backtest: BacktestResult;
  seriesCount: number;
  timings: { backtestMs: number; trainMs: number; forecastMs: number };
};

/** The registry's metrics document for a backtest: model and baselines side by side. */
export function backtestMetrics(result: BacktestResult): Record<string, unknown> {
  return {
    evaluation: "rolling-origin backtest", origins: result.origins, horizon: result.horizon, season: result.season,
    seriesCount: result.seriesCount, evaluatedPairs: result.evaluatedPairs, masePairs: result.masePairs,
    mase: { model: result.model.mase, modelMean: result.modelMean.mase, seasonalNaive: result.seasonalNaive.mase, exponentialSmoothing: result.exponentialSmoothing.mase, zeroForecast: result.zero.mase },
    bias: { model: result.model.bias, modelMean: result.modelMean.bias, seasonalNaive: result.seasonalNaive.bias, exponentialSmoothing: result.exponentialSmoothing.bias, zeroForecast: result.zero.bias },
    mae: { model: result.model.mae, modelMean: result.modelMean.mae, seasonalNaive: result.seasonalNaive.mae, exponentialSmoothing: result.exponentialSmoothing.mae, zeroForecast: result.zero.mae },
    intervalLevel: result.interval.level,
  };
}

/** Beats seasonal naive and is no worse than exponential smoothing, by backtest MASE. */
export function beatsBaselines(result: BacktestResult): boolean {
  return result.model.mase < result.seasonalNaive.mase && result.model.mase <= result.exponentialSmoothing.mase;
}

function settingsFor(dataset: DemandDataset, options: DemandJobOptions): ForecasterSettings {
  const settings = defaultSettings(WEEKLY_SEASON, options.horizonPeriods ?? DEFAULT_HORIZON_PERIODS, dataset.phaseOffset);
  return { ...settings, folds: options.folds ?? settings.folds };
}

function versionParams(settings: ForecasterSettings, interval: IntervalQuantiles): Record<string, unknown> {
  return { season: settings.season, periodDays: PERIOD_DAYS, horizon: settings.horizon, phase: "week of year of the period's first day",
    interval, gbt: settings.gbt, contractVersion: DEMAND_FORECAST_CONTRACT.version };
}

async function loadDataset(db: Db, options: DemandJobOptions): Promise<DemandDataset> {
  const dataset = await inTransaction(db, (tx) => loadDemandSeries(tx, { forecastFrom: addDaysIso(options.asOf, 1), historyPeriods: options.historyPeriods, entityIds: options.entityIds }));
  if (dataset.series.length === 0) throw new DomainError("FORECAST_NO_HISTORY", "unprocessable", `No sales history in the ${dataset.historyPeriods} weeks before ${options.asOf}`);
  return dataset;
}

/** Trains, backtests and registers a new version; activates it when it beats both baselines. */
export async function trainDemandForecaster(db: Db, actor: Actor, options: DemandJobOptions): Promise<DemandTrainingResult> {
  const dataset = await loadDataset(db, options);
  const settings = settingsFor(dataset, options);
  const run = await runForecaster(dataset.series, settings);
  const activate = (options.activation ?? "if_better") === "if_better" && beatsBaselines(run.backtest);
  const version = await inTransaction(db, async (tx) => {
    const created = await registerTrainedVersion(tx, actor, DEMAND_FORECAST_MODEL, {
      trainer: "gbt-hist", trainingFrom: dataset.historyFrom, trainingTo: options.asOf, trainingRows: run.trainingRows,
      params: { ...versionParams(settings, run.backtest.interval), treeCount: run.treeCount }, metrics: backtestMetrics(run.backtest), onnx: run.onnx,
      note: activate ? "beats both baselines on the backtest" : "not activated: does not beat both baselines on the backtest",
    });
    return activate ? activateModelVersion(tx, actor, DEMAND_FORECAST_MODEL, created.version) : created;
  });
  return { version, activated: activate, backtest: run.backtest, seriesCount: dataset.series.length, timings: run.timings };
}

/**
 * Registers a user's ONNX forecaster: checked against the contract, then backtested as it is (no refit)
 * on the same origins against the baselines, so its registry figures compare with trained versions.
 */
export async function registerUploadedForecaster(db: Db, actor: Actor, bytes: Uint8Array, options: DemandJobOptions & { note?: string }): Promise<ModelVersionRow> {
  // The contract first (registerUploadedVersion checks again when storing): a graph that does not fit is
  // refused with what is wrong before any backtest runs it.
  const problems = await validateAgainstContract(bytes, DEMAND_FORECAST_CONTRACT);
  if (problems.length > 0) {
    throw new DomainError(RegistryError.CONTRACT_MISMATCH, "unprocessable", `The model does not match the ${DEMAND_FORECAST_MODEL.name} contract: ${problems.join("; ")}`, { problems });
  }
  const dataset = await loadDataset(db, options);
  const settings = settingsFor(dataset, options);
  const result = await backtest(dataset.series, settings, () => onnxPredictor(bytes));
  return inTransaction(db, (tx) => registerUploadedVersion(tx, actor, DEMAND_FORECAST_MODEL, {
    trainingFrom: null, trainingTo: null, trainingRows: null, params: versionParams(settings, result.interval),
    metrics: backtestMetrics(result), onnx: bytes, note: options.note ?? null,
  }));
}

export type DemandForecastResult = { modelVersion: number; forecastFrom: string; runs: { entityId: number; runId: number; series: number }[]; forecastMs: number };

function intervalOf(params: Record<string, unknown>): IntervalQuantiles {
  const interval = params.interval as IntervalQuantiles | undefined;
  assert(interval && Array.isArray(interval.lower) && Array.isArray(interval.upper), "the active version has no interval quantiles");
  return interval;
}

async function writeForecasts(tx: Tx, actor: Actor, dataset: DemandDataset, rows: ForecastRow[], version: { version: number; metrics: unknown }, horizon: number) {
  const byEntity = new Map<number, { itemId: number; warehouseId: number; periodStart: string; qty: string; qtyMean: string; qtyLow: string; qtyHigh: string }[]>();
  for (const row of rows) {
    const key = dataset.keys.get(row.seriesId);
    assert(key, `unknown series ${row.seriesId}`);
    const qty = row.forecast.toFixed(4);
    const qtyMean = row.mean.toFixed(4);
    const list = byEntity.get(key.entityId) ?? [];
    list.push({ itemId: key.itemId, warehouseId: key.warehouseId, periodStart: addDaysIso(dataset.forecastFrom, row.t * PERIOD_DAYS),
      qty, qtyMean, qtyLow: Math.min(row.lo, Number(qty)).toFixed(4), qtyHigh: Math.max(row.hi, Number(qty), Number(qtyMean)).toFixed(4) });
    byEntity.set(key.entityId, list);
  }
  const runs: DemandForecastResult["runs"] = [];
  for (const [entityId, entityRows] of byEntity) {
    const run = await recordDemandForecast(tx, actor, {
      entityId, modelName: DEMAND_FORECAST_MODEL.name, modelVersion: version.version, forecastFrom: dataset.forecastFrom, periodDays: PERIOD_DAYS,
      horizonPeriods: horizon, metrics: version.metrics as Record<string, unknown>, rows: entityRows,
      idempotencyKey: `${DEMAND_FORECAST_MODEL.name}:v${version.version}:${dataset.forecastFrom}:${horizon}`,
    });
    runs.push({ entityId, runId: run.id, series: run.seriesCount });
  }
  return runs;
}

/** Forecasts every series with the ACTIVE version and records one forecast run per entity. */
export async function forecastDemand(db: Db, actor: Actor, options: DemandJobOptions): Promise<DemandForecastResult> {
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, DEMAND_FORECAST_MODEL.name));
  if (!active) throw new DomainError("FORECAST_NO_ACTIVE_MODEL", "conflict", "No demand forecaster version is active: train one or activate one in the registry");
  const dataset = await loadDataset(db, options);
  const horizon = options.horizonPeriods ?? DEFAULT_HORIZON_PERIODS;
  const started = Date.now();
  const predictor = await onnxPredictor(active.onnx);
  const rows = await forecastAll(dataset.series, horizon, { season: WEEKLY_SEASON, phaseOffset: dataset.phaseOffset }, predictor, intervalOf(active.params as Record<string, unknown>))
    .finally(() => predictor.release());
  const forecastMs = Date.now() - started;
  const metrics = { ...(active.metrics as Record<string, unknown>), intervalLevel: intervalOf(active.params as Record<string, unknown>).level };
  const runs = await inTransaction(db, (tx) => writeForecasts(tx, actor, dataset, rows, { version: active.version, metrics }, horizon));
  return { modelVersion: active.version, forecastFrom: dataset.forecastFrom, runs, forecastMs };
}
