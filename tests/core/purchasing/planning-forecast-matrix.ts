// Permission rows of the demand forecast commands and queries of planning (recordDemandForecast,
// getPairForecast), run by tests/core/purchasing/planning-forecast.test.ts and named in the coverage test.
import { recordDemandForecast, getPairForecast, listUncoveredForecastPairs } from "../../../core/purchasing/planning";
import type { Actor, Role } from "../../../core/governance/permissions";
import type { PermissionCase } from "../permissions/matrix";

export type ForecastMatrixFixture = {
  entityId: number;
  itemId: number;
  warehouseId: number;
  forecastFrom: string;
  actors: Record<Role, Actor>;
};

type Row = PermissionCase<ForecastMatrixFixture>;

export const PLANNING_FORECAST_MATRIX: readonly Row[] = [
  { name: "recordDemandForecast", permission: "planning:write",
    run: (tx, actor, f) => recordDemandForecast(tx, actor, {
      entityId: f.entityId, modelName: "matrix", modelVersion: 1, forecastFrom: f.forecastFrom, periodDays: 7, horizonPeriods: 1,
      rows: [{ itemId: f.itemId, warehouseId: f.warehouseId, periodStart: f.forecastFrom, qty: "1", qtyLow: "0", qtyHigh: "2" }],
    }) },
  { name: "getPairForecast", permission: "purchasing:read",
    run: (tx, actor, f) => getPairForecast(tx, actor, { entityId: f.entityId, itemId: f.itemId, warehouseId: f.warehouseId }) },
  { name: "listUncoveredForecastPairs", permission: "purchasing:read",
    run: (tx, actor, f) => listUncoveredForecastPairs(tx, actor, { entityId: f.entityId }) },
];
