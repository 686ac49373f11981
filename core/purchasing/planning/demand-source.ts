// Where planning gets demand from. The run only sees this interface, so the forecast model
// of the decision-models issue replaces the history source without touching the planner.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { parseQty, QTY_SCALE } from "../../shared/quantity";
import { dailyDemandStats } from "./math";
import { addDays, daysBetween, idArray } from "./sql";

export type DemandQuery = {
  entityId: number;
  /** Null: every item. */
  itemIds: readonly number[] | null;
  warehouseIds: readonly number[];
  /** The business date planning looks from. */
  asOf: string;
  /** How far ahead the plan looks, in days (a forecast uses it; history ignores it). */
  horizonDays: number;
};

/** Demand per day for one item in one warehouse, in base units. */
export type ItemWarehouseDemand = {
  itemId: number;
  warehouseId: number;
  meanPerDay: number;
  sdPerDay: number;
  /** The daily buckets behind the figures, oldest first, when the source has them. */
  history?: number[];
  /** Where this pair's figures came from (a forecast run and its periods), copied into the proposal's reason. */
  basis?: Record<string, unknown>;
};

export type DemandSource = {
  /** Stored on the run: "history", or a forecast model and version. */
  name: string;
  /** Extra figures for the proposal's reason (e.g. the history window). */
  describe?: () => Record<string, unknown>;
  demandFor(tx: Tx, query: DemandQuery): Promise<ItemWarehouseDemand[]>;
};

export const HISTORY_DAYS_DEFAULT = 90;
export const HISTORY_DAYS_MAX = 730;

type IssueRow = { item_id: string; warehouse_id: string; day: string; qty: string };

/** Daily buckets of one pair, zero days included, from (asOf - days, asOf]. */
function bucketsOf(rows: IssueRow[], firstDay: string, days: number): number[] {
  const buckets = new Array<number>(days).fill(0);
  for (const row of rows) {
    const index = daysBetween(firstDay, row.day);
    assert(index >= 0 && index < days, `issue dated ${row.day} lies outside the history window`);
    buckets[index] = Number(parseQty(row.qty)) / Number(QTY_SCALE);
  }
  return buckets;
}

/**
 * Demand from what was shipped: stock issues (movement type "issue") over the last
 * `historyDays` days up to asOf, in daily buckets that include the days nothing shipped.
 * Issues of scrapped stock share the movement type and count too (the stock ledger does not
 * tell them apart); they are rare next to shipments.
 */
export function createHistoryDemandSource(options: { historyDays?: number } = {}): DemandSource {
  const historyDays = options.historyDays ?? HISTORY_DAYS_DEFAULT;
  assert(Number.isInteger(historyDays) && historyDays > 0 && historyDays <= HISTORY_DAYS_MAX, `historyDays must be 1..${HISTORY_DAYS_MAX}`);
  return {
    name: "history",
    describe: () => ({ historyDays }),
    async demandFor(tx, query) {
      if (query.warehouseIds.length === 0) return [];
      const firstDay = addDays(query.asOf, -(historyDays - 1));
      const itemFilter = query.itemIds === null ? sql`true` : sql`m.item_id = any(${idArray(query.itemIds)})`;
      const rows = await tx.execute<IssueRow>(sql`
        select m.item_id, m.warehouse_id, m.posting_date::text as day, sum(-m.qty)::text as qty
          from stock_movement m
         where m.entity_id = ${query.entityId} and m.movement_type = 'issue' and m.qty < 0
           and m.warehouse_id = any(${idArray(query.warehouseIds)}) and ${itemFilter}
           and m.posting_date between ${firstDay}::date and ${query.asOf}::date
         group by m.item_id, m.warehouse_id, m.posting_date`);
      const byPair = new Map<string, IssueRow[]>();
      for (const row of rows) {
        const key = `${row.item_id}:${row.warehouse_id}`;
        const list = byPair.get(key);
        if (list) list.push(row);
        else byPair.set(key, [row]);
      }
      return [...byPair.values()].map((pairRows) => {
        const history = bucketsOf(pairRows, firstDay, historyDays);
        const stats = dailyDemandStats(history);
        return { itemId: Number(pairRows[0]!.item_id), warehouseId: Number(pairRows[0]!.warehouse_id), ...stats, history };
      });
    },
  };
}

/** The default source: 90 days of shipments. */
export const historyDemandSource: DemandSource = createHistoryDemandSource();
