// Planning's default demand source: the entity's newest demand forecast where it covers a pair,
// the shipment history (the previous basis) for every other pair, or for all of them when the
// entity has no recent forecast run. The run and each proposal record which basis was used.
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { historyDemandSource, type DemandQuery, type DemandSource, type ItemWarehouseDemand } from "./demand-source";
import { demandForecastRun } from "./forecast-schema";
import { inverseNormalCdf } from "./math";
import { addDays, idArray } from "./sql";

/** A forecast run older than this (its first period before asOf - 35 days) is stale: history is used. */
export const FORECAST_STALE_DAYS = 35;
const DEFAULT_INTERVAL_LEVEL = 0.8;

type ForecastRow = { item_id: string; warehouse_id: string; period_start: string; qty: string; qty_mean: string; qty_low: string; qty_high: string };
type Run = typeof demandForecastRun.$inferSelect;

function intervalLevelOf(run: Run): number {
  const level = (run.metrics as Record<string, unknown>).intervalLevel;
  return typeof level === "number" && level > 0 && level < 1 ? level : DEFAULT_INTERVAL_LEVEL;
}

/**
 * Mean and sd per day over the periods of one pair: the mean from the expected demand (qty_mean; the
 * point forecast qty is a median, often zero for slow movers), each period's sd from the interval width.
 */
function pairDemand(run: Run, rows: ForecastRow[]): ItemWarehouseDemand {
  const z = inverseNormalCdf(0.5 + intervalLevelOf(run) / 2);
  let total = 0;
  let low = 0;
  let high = 0;
  let sdSum = 0;
  for (const row of rows) {
    total += Number(row.qty_mean);
    low += Number(row.qty_low);
    high += Number(row.qty_high);
    sdSum += (Number(row.qty_high) - Number(row.qty_low)) / (2 * z);
  }
  const days = rows.length * run.periodDays;
  const meanPerDay = total / days;
  const sdPerDay = sdSum / rows.length / Math.sqrt(run.periodDays);
  assert(Number.isFinite(meanPerDay) && Number.isFinite(sdPerDay), "forecast figures must be finite");
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    itemId: Number(rows[0]!.item_id), warehouseId: Number(rows[0]!.warehouse_id), meanPerDay, sdPerDay,
    basis: {
      kind: "forecast", sentenceLabel: "forecast", forecastRunId: run.id, model: `${run.modelName} v${run.modelVersion}`,
      periodDays: run.periodDays, intervalLevel: intervalLevelOf(run), periods: rows.length, firstPeriod: rows[0]!.period_start,
      expectedQty: round(total), intervalLowQty: round(low), intervalHighQty: round(high),
      weekly: rows.map((row) => ({ periodStart: row.period_start, median: Number(row.qty), mean: Number(row.qty_mean), low: Number(row.qty_low), high: Number(row.qty_high) })),
    },
  };
}

async function forecastRows(tx: Tx, run: Run, query: DemandQuery): Promise<ForecastRow[]> {
  const itemFilter = query.itemIds === null ? sql`true` : sql`f.item_id = any(${idArray(query.itemIds)})`;
  const lastDay = addDays(query.asOf, query.horizonDays);
  return tx.execute<ForecastRow>(sql`
    select f.item_id, f.warehouse_id, f.period_start::text, f.qty::text, coalesce(f.qty_mean, f.qty)::text as qty_mean, f.qty_low::text, f.qty_high::text
      from demand_forecast f
     where f.run_id = ${run.id} and f.warehouse_id = any(${idArray(query.warehouseIds)}) and ${itemFilter}
       and f.period_start <= ${lastDay}::date and f.period_start + ${run.periodDays - 1}::int > ${query.asOf}::date
     order by f.item_id, f.warehouse_id, f.period_start`);
}

/**
 * A fresh source per planning run: its `name` reports what the run used ("forecast:<model> vN", or the
 * fallback's name when no recent forecast run exists), so the run row records it.
 */
export function createForecastDemandSource(options: { fallback?: DemandSource; staleDays?: number } = {}): DemandSource {
  const fallback = options.fallback ?? historyDemandSource;
  let used: { name: string; details: Record<string, unknown> } = { name: fallback.name, details: fallback.describe?.() ?? {} };
  return {
    get name() { return used.name; },
    describe: () => used.details,
    async demandFor(tx, query) {
      const fromHistory = await fallback.demandFor(tx, query);
      if (query.warehouseIds.length === 0) return fromHistory;
      const [run] = await tx.select().from(demandForecastRun)
        .where(and(eq(demandForecastRun.entityId, query.entityId), lte(demandForecastRun.forecastFrom, addDays(query.asOf, 1)),
          gte(demandForecastRun.forecastFrom, addDays(query.asOf, -(options.staleDays ?? FORECAST_STALE_DAYS)))))
        .orderBy(desc(demandForecastRun.forecastFrom), desc(demandForecastRun.id)).limit(1);
      if (!run) return fromHistory;
      const byPair = new Map<string, ForecastRow[]>();
      for (const row of await forecastRows(tx, run, query)) {
        const key = `${row.item_id}:${row.warehouse_id}`;
        byPair.set(key, [...(byPair.get(key) ?? []), row]);
      }
      used = {
        name: `forecast:${run.modelName} v${run.modelVersion}`,
        details: { forecastRunId: run.id, forecastFrom: run.forecastFrom, fallback: `${fallback.name} for pairs without a forecast`, ...(fallback.describe?.() ?? {}) },
      };
      const merged = new Map<string, ItemWarehouseDemand>();
      for (const row of fromHistory) merged.set(`${row.itemId}:${row.warehouseId}`, { ...row, basis: { kind: fallback.name } });
      for (const [key, rows] of byPair) merged.set(key, { ...pairDemand(run, rows), history: merged.get(key)?.history });
      return [...merged.values()];
    },
  };
}
