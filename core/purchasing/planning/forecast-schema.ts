// Demand forecasts as planning reads them: one run per entity and forecast job (which model version,
// from which period, its backtest figures) and per item, warehouse and period the forecast quantity
// with its interval. Written by models/ through recordDemandForecast; core never imports models/.
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, qtyColumn, refColumn } from "../../shared/columns";
import { item, legalEntity, warehouse } from "../../masters/schema";

export const demandForecastRun = pgTable("demand_forecast_run", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  /** The model and version that produced it, e.g. demand_forecast v3. */
  modelName: text("model_name").notNull(),
  modelVersion: integer("model_version").notNull(),
  /** First day of the first forecast period (the day after the history ends). */
  forecastFrom: date("forecast_from").notNull(),
  periodDays: integer("period_days").notNull(),
  horizonPeriods: integer("horizon_periods").notNull(),
  seriesCount: integer("series_count").notNull(),
  /** Backtest MASE and bias of the model and the baselines, interval level. */
  metrics: jsonb("metrics").notNull().default({}),
  idempotencyKey: text("idempotency_key"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  index("demand_forecast_run_entity_idx").on(t.entityId, t.forecastFrom),
  uniqueIndex("demand_forecast_run_idempotency_key").on(t.entityId, t.idempotencyKey),
  check("demand_forecast_run_period", sql`${t.periodDays} > 0 and ${t.horizonPeriods} > 0`),
]);

export const demandForecast = pgTable("demand_forecast", {
  id: idColumn(),
  runId: refColumn("run_id").notNull().references(() => demandForecastRun.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  periodStart: date("period_start").notNull(),
  /** Base units over the period; low/high bound the run's prediction interval. */
  qty: qtyColumn("qty").notNull(),
  qtyLow: qtyColumn("qty_low").notNull(),
  qtyHigh: qtyColumn("qty_high").notNull(),
  /**
   * Expected (mean) demand over the period. `qty` is the point forecast (the median, which MAE and MASE
   * reward); for intermittent demand the median is often zero, so planning's demand rate uses this mean.
   */
  qtyMean: qtyColumn("qty_mean"),
}, (t) => [
  uniqueIndex("demand_forecast_key").on(t.runId, t.itemId, t.warehouseId, t.periodStart),
  index("demand_forecast_pair_idx").on(t.entityId, t.itemId, t.warehouseId, t.periodStart),
  check("demand_forecast_qty", sql`${t.qty} >= 0 and ${t.qtyLow} >= 0 and ${t.qtyLow} <= ${t.qty} and ${t.qty} <= ${t.qtyHigh}`),
]);
