// Training data for the demand forecaster, read from the governed sales tables: per item and
// warehouse, ordered base quantity (less cancelled, orders not cancelled) in 7-day periods ending the
// day before the forecast starts, with the item's category and the discount depth as price feature.
// Read-only SQL over committed rows, like analytics; forecasts go back through core (recordDemandForecast).
import { sql } from "drizzle-orm";
import type { Tx } from "../../core/db/client";
import { assert } from "../../core/shared/assert";
import type { DemandSeries } from "./features";

export const PERIOD_DAYS = 7;
export const HISTORY_PERIODS_DEFAULT = 78;
export const HISTORY_PERIODS_MAX = 260;
export const WEEKLY_SEASON = 52;

export type DemandSeriesKey = { entityId: number; itemId: number; warehouseId: number };
export type DemandDataset = {
  series: DemandSeries[];
  keys: Map<string, DemandSeriesKey>;
  /** First day of period t = 0, the first forecast period. */
  forecastFrom: string;
  historyFrom: string;
  historyPeriods: number;
  phaseOffset: number;
};

const DAY_MS = 86_400_000;

export function addDaysIso(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Week of the year (0-51) of a date: the calendar phase of weekly seasonality. */
export function weekOfYear(isoDate: string): number {
  const date = Date.parse(`${isoDate}T00:00:00Z`);
  const yearStart = Date.parse(`${isoDate.slice(0, 4)}-01-01T00:00:00Z`);
  return Math.min(51, Math.floor((date - yearStart) / DAY_MS / 7));
}

type Row = { entity_id: string; item_id: string; warehouse_id: string; category_id: string; period: number; qty: string; price_ratio: number | null };

/**
 * Series for every item and warehouse with an order in the `historyPeriods` 7-day periods before
 * `forecastFrom` (the day after the last business date of history), optionally for some entities only.
 */
export async function loadDemandSeries(tx: Tx, options: { forecastFrom: string; historyPeriods?: number; entityIds?: number[] }): Promise<DemandDataset> {
  const periods = options.historyPeriods ?? HISTORY_PERIODS_DEFAULT;
  assert(Number.isInteger(periods) && periods > 0 && periods <= HISTORY_PERIODS_MAX, `historyPeriods must be 1..${HISTORY_PERIODS_MAX}`);
  const historyFrom = addDaysIso(options.forecastFrom, -periods * PERIOD_DAYS);
  const entityFilter = options.entityIds ? sql`l.entity_id = any(${`{${options.entityIds.join(",")}}`}::int8[])` : sql`true`;
  const rows = await tx.execute<Row>(sql`
    select l.entity_id, l.item_id, l.warehouse_id, i.category_id,
           floor((o.order_date - ${options.forecastFrom}::date) / ${PERIOD_DAYS}::numeric)::int as period,
           sum(l.base_qty_ordered - l.base_qty_cancelled)::text as qty,
           avg(l.unit_price_minor::float8 / nullif(l.list_price_minor, 0)::float8) as price_ratio
      from sales_order_line l
      join sales_order o on o.id = l.order_id
      join item i on i.id = l.item_id
     where o.status <> 'cancelled' and ${entityFilter}
       and o.order_date >= ${historyFrom}::date and o.order_date < ${options.forecastFrom}::date
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 5`);
  const series = new Map<string, DemandSeries>();
  const keys = new Map<string, DemandSeriesKey>();
  for (const row of rows) {
    const id = `${row.entity_id}:${row.item_id}:${row.warehouse_id}`;
    let entry = series.get(id);
    if (!entry) {
      entry = { id, start: -periods, values: new Array<number>(periods).fill(0), category: Number(row.category_id), priceRatio: new Array<number>(periods).fill(Number.NaN) };
      series.set(id, entry);
      keys.set(id, { entityId: Number(row.entity_id), itemId: Number(row.item_id), warehouseId: Number(row.warehouse_id) });
    }
    const index = row.period + periods;
    assert(index >= 0 && index < periods, `period ${row.period} lies outside the history`);
    entry.values[index] = Number(row.qty);
    entry.priceRatio![index] = row.price_ratio === null ? Number.NaN : Number(row.price_ratio);
  }
  // Phase of t: (t + phaseOffset) mod 52 is the week of the year of period t's first day.
  return { series: [...series.values()], keys, forecastFrom: options.forecastFrom, historyFrom, historyPeriods: periods, phaseOffset: weekOfYear(options.forecastFrom) };
}
