// Proves demand forecasts drive replenishment planning: recordDemandForecast stores a run's periods
// (validated: interval around the forecast, periods inside the horizon, warehouses of the entity; a
// replay with the same key writes nothing), a planning run with no source named takes the expected
// demand of the entity's newest recent forecast for the pairs it covers and says so in the run and the
// proposal's reason and sentence, keeps shipment history for other pairs, and falls back to history
// entirely when the forecast is stale. Also runs the permission rows of the forecast functions.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance/permissions";
import { getPairForecast, PlanningError, recordDemandForecast, runReplenishmentPlanning } from "../../../core/purchasing/planning";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";
import { createPurchasingFixture, type PurchasingFixture } from "../../support/purchasing-fixture";
import { runMatrix } from "../permissions/matrix";
import { PLANNING_FORECAST_MATRIX, type ForecastMatrixFixture } from "./planning-forecast-matrix";

const { db } = await useTestDatabase();

const AS_OF = "2026-03-02";
const FORECAST_FROM = "2026-03-03";
const planner: Actor = { userId: null, username: "forecast.planner", roles: ["planner"] };
let fx: PurchasingFixture;
let itemForecast: number;
let itemHistory: number;
let warehouseId: number;

before(async () => {
  fx = await createPurchasingFixture(db, { code: "PF" });
  [, itemForecast, itemHistory] = fx.itemIds as [number, number, number];
  warehouseId = fx.warehouseIds[0];
});

function forecastRows(itemId: number, qtyMean: string) {
  return [0, 1, 2, 3].map((week) => ({
    itemId, warehouseId, periodStart: new Date(Date.parse(`${FORECAST_FROM}T00:00:00Z`) + week * 7 * 86_400_000).toISOString().slice(0, 10),
    qty: "10", qtyMean, qtyLow: "7", qtyHigh: "21",
  }));
}

test("planning takes the forecast's expected demand for covered pairs and history for the rest, and says which", async () => {
  await withRollback(db, async (tx) => {
    await recordDemandForecast(tx, planner, {
      entityId: fx.entityId, modelName: "demand_forecast", modelVersion: 7, forecastFrom: FORECAST_FROM, periodDays: 7, horizonPeriods: 4,
      metrics: { intervalLevel: 0.8 }, rows: forecastRows(itemForecast, "14"),
    });
    const result = await runReplenishmentPlanning(tx, planner, { entityId: fx.entityId, asOf: AS_OF, itemIds: [itemForecast, itemHistory] });
    assert.equal(result.run.demandSource, "forecast:demand_forecast v7");
    const forecastProposal = result.proposals.find((p) => p.itemId === itemForecast);
    assert.ok(forecastProposal, "a buy is proposed for the forecast item (no stock on hand)");
    const reason = forecastProposal.reason as { demand: { meanPerDay: number; sdPerDay: number }; demandBasis: Record<string, unknown>; sentence: string };
    // 4 weeks x 14 expected = 56 over 28 days: 2 a day; sd per week (21 - 7) / (2 x 1.2816) spread over 7 days.
    assert.equal(reason.demand.meanPerDay, 2);
    assert.ok(Math.abs(reason.demand.sdPerDay - 14 / (2 * 1.2816) / Math.sqrt(7)) < 0.001, String(reason.demand.sdPerDay));
    assert.equal(reason.demandBasis.kind, "forecast");
    assert.equal(reason.demandBasis.model, "demand_forecast v7");
    assert.equal(reason.demandBasis.expectedQty, 56);
    assert.match(reason.sentence, /forecast 2\.00\/day/);
    const historyProposal = result.proposals.find((p) => p.itemId === itemHistory);
    if (historyProposal) assert.equal((historyProposal.reason as { demandBasis: { kind: string } }).demandBasis.kind, "history");
  });
});

test("a forecast older than the staleness window is ignored and the run says history", async () => {
  await withRollback(db, async (tx) => {
    await recordDemandForecast(tx, planner, {
      entityId: fx.entityId, modelName: "demand_forecast", modelVersion: 1, forecastFrom: "2026-01-05", periodDays: 7, horizonPeriods: 4,
      rows: forecastRows(itemForecast, "14").map((row, week) => ({ ...row, periodStart: new Date(Date.parse("2026-01-05T00:00:00Z") + week * 7 * 86_400_000).toISOString().slice(0, 10) })),
    });
    const result = await runReplenishmentPlanning(tx, planner, { entityId: fx.entityId, asOf: AS_OF, itemIds: [itemForecast] });
    assert.equal(result.run.demandSource, "history");
  });
});

test("a replay with the same key returns the first run and writes no rows; the workbench query reads it", async () => {
  await withRollback(db, async (tx) => {
    const input = { entityId: fx.entityId, modelName: "demand_forecast", modelVersion: 2, forecastFrom: FORECAST_FROM, periodDays: 7, horizonPeriods: 4,
      idempotencyKey: "fc-1", rows: forecastRows(itemForecast, "12") };
    const first = await recordDemandForecast(tx, planner, input);
    const second = await recordDemandForecast(tx, planner, input);
    assert.equal(second.id, first.id);
    const [count] = await tx.execute<{ n: string }>(sql`select count(*)::text as n from demand_forecast where run_id = ${first.id}`);
    assert.equal(count!.n, "4");
    const view = await getPairForecast(tx, planner, { entityId: fx.entityId, itemId: itemForecast, warehouseId, historyPeriods: 8 });
    assert.equal(view.forecast.length, 4);
    assert.deepEqual(view.forecast[0], { periodStart: FORECAST_FROM, qty: "10.0000", qtyMean: "12.0000", qtyLow: "7.0000", qtyHigh: "21.0000" });
    assert.equal(view.history.length, 8);
  });
});

test("an interval not holding its forecast, a period outside the horizon or another entity's warehouse is refused", async () => {
  const base = { entityId: fx.entityId, modelName: "demand_forecast", modelVersion: 3, forecastFrom: FORECAST_FROM, periodDays: 7, horizonPeriods: 4 };
  await rejectsWithCode(() => withRollback(db, (tx) => recordDemandForecast(tx, planner, { ...base, rows: [{ ...forecastRows(itemForecast, "12")[0]!, qtyLow: "11" }] })), PlanningError.FORECAST_INVALID);
  await rejectsWithCode(() => withRollback(db, (tx) => recordDemandForecast(tx, planner, { ...base, rows: [{ ...forecastRows(itemForecast, "12")[0]!, periodStart: "2026-06-01" }] })), PlanningError.FORECAST_INVALID);
  const other = await createLedgerFixture(db, { code: "PF2" });
  await rejectsWithCode(() => withRollback(db, (tx) => recordDemandForecast(tx, planner, { ...base, rows: [{ ...forecastRows(itemForecast, "12")[0]!, warehouseId: other.warehouseIds[0] }] })), PlanningError.FORECAST_INVALID);
  const [count] = await db.execute<{ n: string }>(sql`select count(*)::text as n from demand_forecast_run`);
  assert.equal(count!.n, "0");
});

const matrixActors = Object.fromEntries(ROLES.map((role): [Role, Actor] => [role, { userId: null, username: `matrix.${role}`, roles: [role] }])) as Record<Role, Actor>;
runMatrix(db, (): ForecastMatrixFixture => ({ entityId: fx.entityId, itemId: itemForecast, warehouseId, forecastFrom: FORECAST_FROM, actors: matrixActors }),
  (role) => matrixActors[role], PLANNING_FORECAST_MATRIX);
