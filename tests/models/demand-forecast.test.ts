// Proves the demand forecaster on the demo distributor's 18 months of sales history, end to end on a
// real database: a training run registers a version whose backtest MASE (rolling origins, baselines
// computed in the same run) is below seasonal naive and no worse than exponential smoothing, and
// activates it; the active version forecasts every item and warehouse into planning's forecast table
// (intervals holding the forecast); a planning run then takes its demand from the forecast and says so
// in the proposals' reasons; a user's ONNX file is validated against the contract before it is
// registered; activation keeps one active version; and only holders of planning:write may do this.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR, type Actor } from "../../core/governance/permissions";
import { getPairForecast, runReplenishmentPlanning } from "../../core/purchasing/planning";
import { SharedError } from "../../core/shared/errors";
import { buildLinearGraph, encodeModel, modelFromGraph } from "../../models/onnx";
import { activateModelVersion, getActiveVersion, listModelVersions, RegistryError } from "../../models/registry";
import {
  DEMAND_FORECAST_MODEL, forecastDemand, registerUploadedForecaster, trainDemandForecaster, type DemandForecastResult, type DemandTrainingResult,
} from "../../models/forecast/demand-job";
import { useDemoDatabase, withRollback } from "../support/database";
import { rejectsWithCode } from "../support/assertions";

const { db } = await useDemoDatabase();

let asOf = "";
let trained: DemandTrainingResult;
let forecast: DemandForecastResult;
const planner: Actor = { userId: null, username: "test.planner", roles: ["planner"] };
const sales: Actor = { userId: null, username: "test.sales", roles: ["sales"] };

before(async () => {
  const [row] = await db.execute<{ last: string }>(sql`select max(order_date)::text as last from sales_order`);
  asOf = row!.last;
  const started = Date.now();
  trained = await trainDemandForecaster(db, planner, { asOf });
  forecast = await forecastDemand(db, planner, { asOf });
  // Printed for the report (a shared machine cannot time tests).
  console.log(`  [forecast] ${trained.seriesCount} series, training + backtest + forecast ${Date.now() - started} ms`, JSON.stringify(trained.version.metrics));
});

test("the active forecaster's backtest MASE is below seasonal naive and no worse than exponential smoothing", async () => {
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, DEMAND_FORECAST_MODEL.name));
  assert.ok(active, "a version is active");
  assert.equal(active.version, trained.version.version);
  assert.equal(active.source, "trained");
  const metrics = active.metrics as { mase: Record<string, number>; bias: Record<string, number>; origins: number[]; masePairs: number };
  assert.ok(metrics.masePairs > 100, `${metrics.masePairs} series-origin pairs scored`);
  assert.equal(metrics.origins.length, 3);
  assert.ok(metrics.mase.model! < metrics.mase.seasonalNaive!, `model ${metrics.mase.model} vs seasonal naive ${metrics.mase.seasonalNaive}`);
  assert.ok(metrics.mase.model! <= metrics.mase.exponentialSmoothing!, `model ${metrics.mase.model} vs exponential smoothing ${metrics.mase.exponentialSmoothing}`);
  for (const key of ["model", "modelMean", "seasonalNaive", "exponentialSmoothing"]) assert.ok(Number.isFinite(metrics.bias[key]), `bias of ${key}`);
  assert.ok(active.trainingFrom! < active.trainingTo!);
  assert.equal(active.trainingTo, asOf);
  assert.ok(active.onnx.length > 1_000);
});

test("the active version forecasts every series into planning, each interval holding its forecast", async () => {
  assert.ok(forecast.runs.length >= 1);
  const [totals] = await db.execute<{ rows: string; series: string; bad: string; mean_total: string }>(sql`
    select count(*)::text as rows, count(distinct (item_id, warehouse_id))::text as series,
           count(*) filter (where not (qty_low <= qty and qty <= qty_high and qty_mean <= qty_high and qty_mean >= 0))::text as bad,
           sum(qty_mean)::text as mean_total
      from demand_forecast`);
  assert.equal(Number(totals!.series), trained.seriesCount);
  assert.equal(Number(totals!.rows), trained.seriesCount * 13);
  assert.equal(Number(totals!.bad), 0);
  assert.ok(Number(totals!.mean_total) > 0, "the expected demand is not all zero");
  const again = await forecastDemand(db, planner, { asOf });
  assert.deepEqual(again.runs.map((r) => r.runId), forecast.runs.map((r) => r.runId), "a replay returns the recorded runs");
});

test("planning takes demand from the forecast and the workbench query shows history next to it", async () => {
  const [pair] = await db.execute<{ entity_id: string; item_id: string; warehouse_id: string }>(sql`
    select entity_id, item_id, warehouse_id from demand_forecast group by 1, 2, 3 order by sum(qty_mean) desc limit 1`);
  const entityId = Number(pair!.entity_id);
  const result = await withRollback(db, (tx) => runReplenishmentPlanning(tx, planner, { entityId, asOf }));
  assert.equal(result.run.demandSource, `forecast:${DEMAND_FORECAST_MODEL.name} v${trained.version.version}`);
  const forecastBased = result.proposals.filter((p) => (p.reason as { demandBasis?: { kind?: string } }).demandBasis?.kind === "forecast");
  if (result.proposals.length > 0) assert.ok(forecastBased.length > 0, "proposals for forecast pairs carry the forecast basis");
  for (const proposal of forecastBased) assert.match(String((proposal.reason as { sentence: string }).sentence), /forecast [\d.]+\/day/);
  const view = await inTransaction(db, (tx) => getPairForecast(tx, planner, { entityId, itemId: Number(pair!.item_id), warehouseId: Number(pair!.warehouse_id) }));
  assert.equal(view.forecast.length, 13);
  assert.equal(view.history.length, 52);
  assert.ok(view.history.some((period) => Number(period.qty) > 0), "the pair sold in the last year");
  assert.equal(view.run?.modelVersion, trained.version.version);
});

test("a user's ONNX file with the wrong inputs is refused naming the mismatch; one that fits is registered and can be activated", async () => {
  const wrong = encodeModel(modelFromGraph(buildLinearGraph({ weights: [1, 2, 3], bias: 0, sigmoid: false, inputName: "features", outputName: "demand_scaled" })));
  const refused = await rejectsWithCode(() => registerUploadedForecaster(db, planner, wrong, { asOf, folds: 1 }), RegistryError.CONTRACT_MISMATCH);
  assert.match(refused.userMessage, /3 columns, the contract needs 20/);
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, DEMAND_FORECAST_MODEL.name));
  const uploaded = await registerUploadedForecaster(db, planner, active!.onnx, { asOf, note: "re-registered copy" });
  assert.equal(uploaded.source, "uploaded");
  assert.equal(uploaded.isActive, false);
  assert.ok(Number.isFinite((uploaded.metrics as { mase: { model: number } }).mase.model));
  await inTransaction(db, (tx) => activateModelVersion(tx, planner, DEMAND_FORECAST_MODEL, uploaded.version));
  const versions = await inTransaction(db, (tx) => listModelVersions(tx, DEMAND_FORECAST_MODEL.name));
  assert.deepEqual(versions.filter((v) => v.isActive).map((v) => v.version), [uploaded.version]);
  await inTransaction(db, (tx) => activateModelVersion(tx, SYSTEM_ACTOR, DEMAND_FORECAST_MODEL, trained.version.version));
});

test("only holders of planning:write may register or activate a forecaster", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => activateModelVersion(tx, sales, DEMAND_FORECAST_MODEL, trained.version.version)), SharedError.FORBIDDEN);
  await rejectsWithCode(() => forecastDemand(db, sales, { asOf }), SharedError.FORBIDDEN);
});
