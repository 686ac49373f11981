// Weekly replenishment of what the history sells, so busy items do not run dry: on the first
// business day of a week the procure-to-pay history (core/demo/history-purchasing) receives what
// arrives, invoices and pays suppliers, and orders what runs low through the real purchasing
// commands. This file keeps what both histories need: stock positions and the cost curve.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { stockBalance } from "../../inventory/schema";
import { assert } from "../../shared/assert";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import { purchasingWeek } from "../history-purchasing/week";
import { weekdayOf } from "./calendar";
import type { EntityRun } from "./context";
import type { AssortmentItem } from "./types";

/** Purchase costs creep up about 3% a year, with a little noise per order. */
const COST_INFLATION_PER_DAY = 0.03 / 365;
const COST_NOISE = 0.015;
/** Items with backorders in one warehouse; the assortment is far smaller. */
export const WAITING_ITEMS_MAX = 5_000;

/** Monday, or the first business day after a weekend. */
export function isReceiptDay(date: string, previousBusinessDay: string | null): boolean {
  return previousBusinessDay === null || weekdayOf(date) === 1 || weekdayOf(date) <= weekdayOf(previousBusinessDay);
}

export type Position = { onHand: QtyScaled; allocated: QtyScaled; waiting: QtyScaled };

/** On hand, allocated and backordered (waiting) per item of a warehouse, in two queries. */
export async function positionsOf(tx: Tx, warehouseId: number, itemIds: number[]): Promise<Map<number, Position>> {
  const balances = await tx.select({ itemId: stockBalance.itemId, onHand: stockBalance.qtyOnHand, allocated: stockBalance.qtyAllocated }).from(stockBalance)
    .where(and(eq(stockBalance.warehouseId, warehouseId), inArray(stockBalance.itemId, itemIds))).limit(itemIds.length);
  const waiting = await tx.execute<{ item_id: string; waiting: string }>(sql`
    select l.item_id, sum(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated)::text as waiting
      from sales_order_line l join sales_order o on o.id = l.order_id
     where l.warehouse_id = ${warehouseId} and o.status in ('released', 'partially_shipped') and l.status in ('open', 'backordered', 'partially_allocated')
     group by l.item_id order by l.item_id limit ${WAITING_ITEMS_MAX}`);
  const positions = new Map<number, Position>(itemIds.map((id) => [id, { onHand: 0n, allocated: 0n, waiting: 0n }]));
  for (const b of balances) positions.set(b.itemId, { onHand: parseQty(b.onHand), allocated: parseQty(b.allocated), waiting: 0n });
  for (const w of waiting) {
    const position = positions.get(Number(w.item_id));
    if (position) position.waiting = parseQty(w.waiting);
  }
  return positions;
}

/** What one base unit costs on a date: the standard cost with inflation and a little noise per item, warehouse and date. */
export function unitCostOn(run: EntityRun, item: AssortmentItem, date: string): bigint {
  const demoItem = run.item(run.itemId(item.sku));
  const standard = demoItem.unitCostMinorByEntity[run.entity.entityCode];
  assert(standard !== undefined && standard > 0n, `${item.sku} has a cost in ${run.entity.entityCode}`);
  const days = (Date.parse(date) - Date.parse(run.plan.startDate)) / 86_400_000;
  const noise = run.random.fork(`cost:${item.warehouseCode}:${item.sku}:${date}`).normal() * COST_NOISE;
  const factor = (1 + COST_INFLATION_PER_DAY * days) * (1 + Math.max(-2 * COST_NOISE, Math.min(2 * COST_NOISE, noise)));
  const cost = BigInt(Math.round(Number(standard) * factor));
  return cost > 0n ? cost : 1n;
}

/** The week's procure-to-pay; `monthly` on the first receipt day of a month (special orders, counts, transfers). */
export async function replenish(tx: Tx, run: EntityRun, date: string, monthly: boolean): Promise<void> {
  await purchasingWeek(tx, run, date, monthly);
}
