// Weekly replenishment of what the history sells, so busy items do not run dry.
//
// STAND-IN: until procure-to-pay has demo history of its own, these are plain stock receipts
// (receiveStock, kind "receipt": Dr Inventory, Cr GRNI) with no purchase order, purchase receipt
// or supplier invoice behind them. Procure-to-pay's demo replaces them with real POs later; until
// then the GRNI account carries their value with no purchase receipt lines to match it.
//
// Policy: on the first business day of a week, every assortment item whose free stock less what
// waits for it (backorders) is under three weeks of planned demand is received up to eight weeks'
// worth (at least two average lines, up to four, for slow movers), in whole cases; then the backorder queue of each such item is reallocated.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { receiveStock } from "../../inventory";
import { stockBalance } from "../../inventory/schema";
import { reallocateBackorders } from "../../sales";
import { assert } from "../../shared/assert";
import { formatQty, parseQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import { purchasingWeek } from "../history-purchasing/week";
import { DemoIds } from "../ids";
import { weekdayOf } from "./calendar";
import type { EntityRun } from "./context";
import type { AssortmentItem } from "./types";

const REORDER_WEEKS = 3;
const ORDER_UP_TO_WEEKS = 8;
/** Slow movers sell in lumps: keep at least two average lines on hand, receive up to four. */
const REORDER_LINES = 2;
const ORDER_UP_TO_LINES = 4;
/** Purchase costs creep up about 3% a year, with a little noise per receipt. */
const COST_INFLATION_PER_DAY = 0.03 / 365;
const COST_NOISE = 0.015;
export const RECEIPT_LINES_MAX = 1_000;
/** Items with backorders in one warehouse; the assortment is far smaller. */
export const WAITING_ITEMS_MAX = 5_000;

/** Monday, or the first business day after a weekend. */
export function isReceiptDay(date: string, previousBusinessDay: string | null): boolean {
  return previousBusinessDay === null || weekdayOf(date) === 1 || weekdayOf(date) <= weekdayOf(previousBusinessDay);
}

type Position = { onHand: QtyScaled; allocated: QtyScaled; waiting: QtyScaled };

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

function roundUp(qty: QtyScaled, pack: QtyScaled): QtyScaled {
  return ((qty + pack - 1n) / pack) * pack;
}

function receiptQty(item: AssortmentItem, position: Position, monthly: boolean): QtyScaled {
  const pack = BigInt(item.packBaseQty) * QTY_SCALE;
  if (item.specialOrder) return monthly && position.waiting > 0n ? roundUp(position.waiting, pack) : 0n;
  const free = position.onHand - position.allocated - position.waiting;
  const reorderPoint = BigInt(Math.ceil(Math.max(item.weeklyDemandBaseQty * REORDER_WEEKS, item.lineBaseQty * REORDER_LINES))) * QTY_SCALE;
  if (free >= reorderPoint && position.waiting === 0n) return 0n;
  const upTo = BigInt(Math.ceil(Math.max(item.weeklyDemandBaseQty * ORDER_UP_TO_WEEKS, item.lineBaseQty * ORDER_UP_TO_LINES))) * QTY_SCALE;
  return roundUp(upTo > free ? upTo - free : pack, pack);
}

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

/** One receipt document for a warehouse's items under their reorder point; returns the lines received. */
async function replenishWarehouse(tx: Tx, run: EntityRun, warehouseCode: string, date: string, monthly: boolean): Promise<number> {
  const items = run.entity.assortment.filter((a) => a.warehouseCode === warehouseCode);
  if (items.length === 0) return 0;
  const warehouseId = run.warehouseId(warehouseCode);
  const itemIds = items.map((a) => run.itemId(a.sku));
  const positions = await positionsOf(tx, warehouseId, itemIds);
  const lines = items.flatMap((item, index) => {
    const position = positions.get(itemIds[index] as number);
    assert(position !== undefined, "a position per assortment item");
    const qty = receiptQty(item, position, monthly);
    return qty > 0n ? [{ itemId: itemIds[index] as number, qty: formatQty(qty), unitCostMinor: unitCostOn(run, item, date), waiting: position.waiting }] : [];
  });
  if (lines.length === 0) return 0;
  assert(lines.length <= RECEIPT_LINES_MAX, "a weekly receipt stays within RECEIPT_LINES_MAX lines");
  const locationId = DemoIds.of(run.ids.locations, DemoIds.scoped(warehouseCode, "RECV"), "location");
  await receiveStock(tx, run.people.warehouse, {
    entityId: run.entityId, warehouseId, documentDate: date, kind: "receipt", reference: `DEMO-RCV-${warehouseCode}-${date.replaceAll("-", "")}`,
    idempotencyKey: `demo-history:receipt:${warehouseCode}:${date}`,
    lines: lines.map((l) => ({ itemId: l.itemId, locationId, qty: l.qty, unitCostMinor: l.unitCostMinor })),
  });
  for (const line of lines.filter((l) => l.waiting > 0n)) await reallocateBackorders(tx, run.people.warehouse, { itemId: line.itemId, warehouseId });
  return lines.length;
}

/**
 * The procure-to-pay history (core/demo/history-purchasing) replaces the stand-in receipts: purchase
 * orders, receipts, supplier invoices, landed cost, payment runs, transfers and counts.
 */
function purchasingHistory(): boolean {
  return process.env.KEEL_DEMO_P2P === "1";
}

/** The weekly receipts; `monthly` on the first receipt day of a month (special orders arrive then). */
export async function replenish(tx: Tx, run: EntityRun, date: string, monthly: boolean): Promise<void> {
  if (purchasingHistory()) return purchasingWeek(tx, run, date, monthly);
  const codes = [...new Set(run.entity.assortment.map((a) => a.warehouseCode))].sort();
  for (const code of codes) {
    const received = await replenishWarehouse(tx, run, code, date, monthly);
    if (received > 0) run.stats.receipts++;
  }
}
