// Demand forecasts in planning: the forecast job (models/) records each run's per-period forecasts
// here; the planner workbench reads a pair's weekly history next to its forecast and interval.
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { legalEntity } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty } from "../../shared/quantity";
import { PlanningError } from "./errors";
import { demandForecast, demandForecastRun } from "./forecast-schema";
import { addDays } from "./sql";

export const FORECAST_ROWS_MAX = 2_000_000;
export const FORECAST_HISTORY_PERIODS_MAX = 156;
const INSERT_CHUNK = 2_000;

const Id = z.number().int().positive();
const Qty = z.string().regex(/^\d{1,14}(\.\d{1,4})?$/, "a non-negative decimal with at most 4 places");

export const RecordDemandForecastInput = z.object({
  entityId: Id,
  modelName: z.string().min(1).max(100),
  modelVersion: z.number().int().positive(),
  forecastFrom: z.iso.date(),
  periodDays: z.number().int().min(1).max(31),
  horizonPeriods: z.number().int().min(1).max(104),
  metrics: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().min(1).max(200).optional(),
  rows: z.array(z.object({
    itemId: Id, warehouseId: Id, periodStart: z.iso.date(), qty: Qty, qtyLow: Qty, qtyHigh: Qty,
    /** Expected demand when the point forecast is a median (planning's demand rate); qty when left out. */
    qtyMean: Qty.optional(),
  })).max(FORECAST_ROWS_MAX),
});

export type DemandForecastRunRow = typeof demandForecastRun.$inferSelect;

function checkRows(input: z.output<typeof RecordDemandForecastInput>): void {
  const last = addDays(input.forecastFrom, input.periodDays * input.horizonPeriods);
  for (const row of input.rows) {
    const low = parseQty(row.qtyLow);
    const mid = parseQty(row.qty);
    const high = parseQty(row.qtyHigh);
    if (low > mid || mid > high) {
      throw new DomainError(PlanningError.FORECAST_INVALID, "invalid", `rows: item ${row.itemId} at ${row.periodStart} needs qtyLow <= qty <= qtyHigh`, { itemId: row.itemId });
    }
    if (row.periodStart < input.forecastFrom || row.periodStart >= last) {
      throw new DomainError(PlanningError.FORECAST_INVALID, "invalid", `rows: period ${row.periodStart} lies outside the run's horizon`, { periodStart: row.periodStart });
    }
  }
}

/**
 * Records one forecast run for an entity: the model version, the backtest figures and, per item,
 * warehouse and period, the forecast with its interval. Planning uses the newest run of the entity.
 * A replay with the same idempotency key returns the first run and writes nothing.
 */
export async function recordDemandForecast(tx: Tx, actor: Actor, raw: z.input<typeof RecordDemandForecastInput>): Promise<DemandForecastRunRow> {
  requirePermission(actor, "planning:write");
  const input = parseInput(RecordDemandForecastInput, raw);
  if (input.idempotencyKey) {
    const [existing] = await tx.select().from(demandForecastRun)
      .where(and(eq(demandForecastRun.entityId, input.entityId), eq(demandForecastRun.idempotencyKey, input.idempotencyKey))).limit(1);
    if (existing) return existing;
  }
  const [entity] = await tx.select({ id: legalEntity.id }).from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  if (!entity) throw new DomainError(PlanningError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${input.entityId} does not exist`);
  checkRows(input);
  const pairs = new Set(input.rows.map((row) => `${row.itemId}:${row.warehouseId}`));
  const [run] = await tx.insert(demandForecastRun).values({
    entityId: input.entityId, modelName: input.modelName, modelVersion: input.modelVersion, forecastFrom: input.forecastFrom,
    periodDays: input.periodDays, horizonPeriods: input.horizonPeriods, seriesCount: pairs.size, metrics: input.metrics,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  }).returning();
  assert(run, "forecast run insert returned no row");
  await insertForecastRows(tx, run, input.rows);
  await recordAudit(tx, actor, { action: "create", objectKind: "demand_forecast_run", objectId: run.id, entityId: input.entityId,
    after: { model: `${input.modelName} v${input.modelVersion}`, forecastFrom: input.forecastFrom, series: pairs.size, rows: input.rows.length } });
  return run;
}

async function insertForecastRows(tx: Tx, run: DemandForecastRunRow, rows: z.output<typeof RecordDemandForecastInput>["rows"]): Promise<void> {
  // The warehouse must belong to the run's entity: checked in one statement per chunk by the join.
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const inserted = await tx.execute<{ n: string }>(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          as r("itemId" int8, "warehouseId" int8, "periodStart" date, qty numeric, "qtyLow" numeric, "qtyHigh" numeric, "qtyMean" numeric)
      ), written as (
        insert into demand_forecast (run_id, entity_id, item_id, warehouse_id, period_start, qty, qty_low, qty_high, qty_mean)
        select ${run.id}, ${run.entityId}, r."itemId", r."warehouseId", r."periodStart", r.qty, r."qtyLow", r."qtyHigh", coalesce(r."qtyMean", r.qty)
          from input r join warehouse w on w.id = r."warehouseId" and w.entity_id = ${run.entityId}
          join item i on i.id = r."itemId"
        returning 1
      ) select count(*)::text as n from written`);
    if (Number(inserted[0]?.n ?? 0) !== chunk.length) {
      throw new DomainError(PlanningError.FORECAST_INVALID, "invalid", "rows: an item or warehouse does not exist or the warehouse belongs to another entity");
    }
  }
}

export type ForecastPeriod = { periodStart: string; qty: string; qtyMean: string; qtyLow: string; qtyHigh: string };
export type DemandHistoryPeriod = { periodStart: string; qty: string };

export type PairForecast = {
  run: { id: number; modelName: string; modelVersion: number; forecastFrom: string; periodDays: number; metrics: Record<string, unknown>; createdAt: Date } | null;
  history: DemandHistoryPeriod[];
  forecast: ForecastPeriod[];
};

/** The newest forecast run of an entity, or null. */
export async function latestForecastRun(tx: Tx, entityId: number): Promise<DemandForecastRunRow | null> {
  const [run] = await tx.select().from(demandForecastRun).where(eq(demandForecastRun.entityId, entityId))
    .orderBy(desc(demandForecastRun.id)).limit(1);
  return run ?? null;
}

/**
 * For the workbench: one item and warehouse's ordered demand in the run's periods before the forecast
 * (up to `historyPeriods`), and the newest run's forecast with its interval.
 */
export async function getPairForecast(tx: Tx, actor: Actor, query: { entityId: number; itemId: number; warehouseId: number; historyPeriods?: number }): Promise<PairForecast> {
  requirePermission(actor, "purchasing:read");
  const run = await latestForecastRun(tx, query.entityId);
  if (!run) return { run: null, history: [], forecast: [] };
  const periods = Math.min(Math.max(1, query.historyPeriods ?? 52), FORECAST_HISTORY_PERIODS_MAX);
  const rows = await tx.select().from(demandForecast)
    .where(and(eq(demandForecast.runId, run.id), eq(demandForecast.itemId, query.itemId), eq(demandForecast.warehouseId, query.warehouseId)))
    .orderBy(demandForecast.periodStart).limit(run.horizonPeriods);
  const firstDay = addDays(run.forecastFrom, -periods * run.periodDays);
  const history = await tx.execute<{ bucket: string; qty: string }>(sql`
    select floor((o.order_date - ${firstDay}::date) / ${run.periodDays})::int::text as bucket, sum(l.base_qty_ordered - l.base_qty_cancelled)::text as qty
      from sales_order_line l join sales_order o on o.id = l.order_id
     where l.entity_id = ${query.entityId} and l.item_id = ${query.itemId} and l.warehouse_id = ${query.warehouseId} and o.status <> 'cancelled'
       and o.order_date >= ${firstDay}::date and o.order_date < ${run.forecastFrom}::date
     group by 1`);
  const byBucket = new Map(history.map((row) => [Number(row.bucket), row.qty]));
  return {
    run: { id: run.id, modelName: run.modelName, modelVersion: run.modelVersion, forecastFrom: run.forecastFrom, periodDays: run.periodDays,
      metrics: run.metrics as Record<string, unknown>, createdAt: run.createdAt },
    history: Array.from({ length: periods }, (_, bucket) => ({
      periodStart: addDays(firstDay, bucket * run.periodDays), qty: formatQty(parseQty(byBucket.get(bucket) ?? "0")),
    })),
    forecast: rows.map((row) => ({ periodStart: row.periodStart, qty: row.qty, qtyMean: row.qtyMean ?? row.qty, qtyLow: row.qtyLow, qtyHigh: row.qtyHigh })),
  };
}

export const UNCOVERED_PAIRS_MAX = 200;

export type UncoveredForecastPair = {
  itemId: number; sku: string; description: string; baseUom: string; warehouseId: number; warehouseCode: string;
  expectedQty: string; availableQty: string; weeksOfCover: number | null;
};

type UncoveredRow = {
  item_id: string; sku: string; description: string; base_uom: string; warehouse_id: string; warehouse_code: string;
  expected: string; available: string; weeks: number | null;
};

/**
 * Items the newest forecast expects to sell that no supplier of the entity offers, so planning cannot
 * propose a buy for them: fewest weeks of cover (available / expected weekly demand) first.
 */
export async function listUncoveredForecastPairs(tx: Tx, actor: Actor, query: { entityId: number; limit?: number }): Promise<UncoveredForecastPair[]> {
  requirePermission(actor, "purchasing:read");
  const run = await latestForecastRun(tx, query.entityId);
  if (!run) return [];
  const limit = Math.min(Math.max(1, query.limit ?? 20), UNCOVERED_PAIRS_MAX);
  const rows = await tx.execute<UncoveredRow>(sql`
    with f as (
      select item_id, warehouse_id, sum(coalesce(qty_mean, qty)) as expected from demand_forecast where run_id = ${run.id} group by 1, 2
    )
    select f.item_id, i.sku, i.description, i.base_uom, f.warehouse_id, w.code as warehouse_code, f.expected::text as expected,
           coalesce(b.qty_on_hand - b.qty_allocated, 0)::text as available,
           (coalesce(b.qty_on_hand - b.qty_allocated, 0) / (f.expected / ${run.horizonPeriods}::numeric))::float8 as weeks
      from f join item i on i.id = f.item_id join warehouse w on w.id = f.warehouse_id
      left join stock_balance b on b.item_id = f.item_id and b.warehouse_id = f.warehouse_id
     where f.expected > 0 and i.active
       and not exists (select 1 from supplier_item si join supplier s on s.id = si.supplier_id
                        where si.item_id = f.item_id and si.active and s.entity_id = ${query.entityId})
     order by weeks nulls first, f.expected desc, f.item_id
     limit ${limit}`);
  return rows.map((r) => ({
    itemId: Number(r.item_id), sku: r.sku, description: r.description, baseUom: r.base_uom, warehouseId: Number(r.warehouse_id),
    warehouseCode: r.warehouse_code, expectedQty: formatQty(parseQty(r.expected)), availableQty: formatQty(parseQty(r.available)),
    weeksOfCover: r.weeks === null ? null : Math.round(r.weeks * 10) / 10,
  }));
}
