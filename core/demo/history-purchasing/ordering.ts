// The buyer's weekly review: per warehouse and supplier, when any item's position (free stock
// plus what is on order or in transit, less what customers wait for) is under its reorder point
// (demand over lead time, the review week and safety weeks), one purchase order brings every item
// of that supplier under its can-order level up to its target. Special-order items are bought once
// a month for what waits. Orders go through the purchase_order approval policy: routine ones are
// approved by policy; larger ones are submitted by the admin (purchasing manager) and approved by
// the buyer, the controller and, above 100,000, the executive: never by the requester.
import type { Tx } from "../../db/client";
import { createPurchaseOrder, submitPurchaseOrder } from "../../purchasing";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { formatQty, QTY_SCALE } from "../../shared/quantity";
import { decideThrough } from "../history-sales/approvals";
import { onOrAfterWeekday } from "../history-sales/calendar";
import { positionsOf, unitCostOn } from "../history-sales/replenish";
import type { AssortmentItem } from "../history-sales/types";
import { addDays } from "../dates";
import type { Arrival, OpenOrder, PurchasingRun, SupplierInfo } from "./context";
import { importPriceMinor, rateOrParity } from "./pricing";

const SAFETY_WEEKS = 2;
/** An order covers this many weeks of demand beyond the reorder point. */
const ORDER_COVER_WEEKS = 12;
/** Items of a supplier already ordered get topped up when within this many weeks of their reorder point. */
const CAN_ORDER_WEEKS = 3;
/** Below this base value the buyer submits and the policy approves; from here the admin submits (margin under 2,500). */
const ROUTINE_ORDER_BASE_MINOR = 200_000n;
const MONDAY = 1;

type Need = { item: AssortmentItem; itemId: number; qty: bigint; packQty: bigint };
type Position = { onHand: bigint; allocated: bigint; waiting: bigint };

function roundUp(qty: bigint, pack: bigint): bigint {
  return ((qty + pack - 1n) / pack) * pack;
}

function weeksQty(weekly: number, weeks: number, line: number, lines: number): bigint {
  return BigInt(Math.ceil(Math.max(weekly * weeks, line * lines))) * QTY_SCALE;
}

/** Which supplier the item is bought from on `date`: the importer once its currency has rates. */
export function sourceOf(run: PurchasingRun, item: AssortmentItem, date: string): SupplierInfo {
  const sources = run.supplierOf.get(`${item.warehouseCode}|${item.sku}`);
  assert(sources !== undefined, `${item.sku} in ${item.warehouseCode} has a supplier`);
  if (sources.importer === null) return sources.domestic;
  const from = run.importFrom.get(sources.importer.id) ?? null;
  return from !== null && date >= from ? sources.importer : sources.domestic;
}

/** Reorder point and target of an item bought with a lead time in days. */
export function levelsOf(item: AssortmentItem, leadTimeDays: number): { reorderPoint: bigint; canOrder: bigint; target: bigint } {
  const leadWeeks = Math.ceil(leadTimeDays / 7) + 1;
  const reorderPoint = weeksQty(item.weeklyDemandBaseQty, leadWeeks + SAFETY_WEEKS, item.lineBaseQty, 2);
  return {
    reorderPoint,
    canOrder: reorderPoint + weeksQty(item.weeklyDemandBaseQty, CAN_ORDER_WEEKS, item.lineBaseQty, 1),
    target: reorderPoint + weeksQty(item.weeklyDemandBaseQty, ORDER_COVER_WEEKS, item.lineBaseQty, 2),
  };
}

function needsOf(run: PurchasingRun, items: AssortmentItem[], positions: Map<number, Position>, warehouseId: number, date: string, monthly: boolean): Map<number, Need[]> {
  const bySupplier = new Map<number, { urgent: boolean; needs: Need[] }>();
  for (const item of items) {
    const itemId = run.sales.itemId(item.sku);
    const position = positions.get(itemId);
    assert(position !== undefined, "a position per assortment item");
    const supplier = sourceOf(run, item, date);
    const packQty = BigInt(item.packBaseQty) * QTY_SCALE;
    const net = position.onHand - position.allocated - position.waiting + run.onOrder(warehouseId, itemId);
    const entry = bySupplier.get(supplier.id) ?? { urgent: false, needs: [] };
    if (item.specialOrder) {
      if (monthly && net < 0n) entry.needs.push({ item, itemId, qty: roundUp(-net, packQty), packQty });
      entry.urgent ||= monthly && net < 0n;
    } else {
      const levels = levelsOf(item, supplier.leadTimeDays);
      if (net < levels.reorderPoint) entry.urgent = true;
      if (net < levels.canOrder) entry.needs.push({ item, itemId, qty: roundUp(levels.target - net, packQty), packQty });
    }
    bySupplier.set(supplier.id, entry);
  }
  return new Map([...bySupplier].filter(([, e]) => e.urgent && e.needs.length > 0).map(([id, e]) => [id, e.needs]));
}

function arrivalsOf(run: PurchasingRun, key: string, expectedDate: string): Arrival[] {
  const random = run.random.fork(`arrival:${key}`);
  const draw = random.next();
  if (draw < 0.78) return [{ date: expectedDate, share: "all" }];
  if (draw < 0.9) return [{ date: addDays(expectedDate, 7 * random.int(1, 2)), share: "all" }];
  return [{ date: expectedDate, share: "part" }, { date: addDays(expectedDate, 7 * random.int(1, 3)), share: "all" }];
}

async function priceOf(tx: Tx, run: PurchasingRun, supplier: SupplierInfo, item: AssortmentItem, date: string): Promise<bigint> {
  const cost = unitCostOn(run.sales, item, date);
  return supplier.currency === run.baseCurrency ? cost : importPriceMinor(cost, await rateOrParity(tx, supplier.currency, run));
}

/** Approval as the policy routes it, by people other than the requester. */
async function approve(tx: Tx, run: PurchasingRun, poId: number, requester: "buyer" | "admin", key: string): Promise<void> {
  const submitted = await submitPurchaseOrder(tx, run.people[requester], { purchaseOrderId: poId, idempotencyKey: `demo-p2p:submit:${key}` });
  if (submitted.status === "approved") return;
  assert(submitted.status === "pending_approval" && submitted.approval !== null, `${submitted.poNumber} waits for approval`);
  assert(requester === "admin", `${submitted.poNumber}: a routine order the policy did not approve (value ${submitted.valueMinor})`);
  const { buyer, controller, exec } = run.people;
  const decided = await decideThrough(tx, submitted.approval.requestId, [buyer, controller, exec], "approve", "Replenishment within plan");
  assert(decided.status === "approved", `${submitted.poNumber} was approved`);
  run.stats.approvals++;
}

async function placeOrder(tx: Tx, run: PurchasingRun, supplier: SupplierInfo, warehouseCode: string, needs: Need[], date: string): Promise<void> {
  const warehouseId = run.sales.warehouseId(warehouseCode);
  const key = `${run.entityCode}:${warehouseCode}:${supplier.code}:${date}`;
  const expectedDate = onOrAfterWeekday(addDays(date, supplier.leadTimeDays), MONDAY);
  const prices = await Promise.all(needs.map((n) => priceOf(tx, run, supplier, n.item, date)));
  const valueMinor = needs.reduce((sum, n, index) => sum + (n.qty * (prices[index] as bigint)) / QTY_SCALE, 0n);
  const baseValueMinor = applyRatePpm(valueMinor, await rateOrParity(tx, supplier.currency, run), "halfEven");
  const requester = baseValueMinor < ROUTINE_ORDER_BASE_MINOR ? "buyer" : "admin";
  const order = await createPurchaseOrder(tx, run.people[requester], {
    entityId: run.sales.entityId, supplierId: supplier.id, orderDate: date, expectedDate, idempotencyKey: `demo-p2p:po:${key}`,
    lines: needs.map((n, index) => ({ itemId: n.itemId, warehouseId, uom: run.sales.item(n.itemId).baseUom, qty: formatQty(n.qty), unitPriceMinor: prices[index] as bigint })),
  });
  await approve(tx, run, order.id, requester, key);
  run.openOrders.push({
    key, poId: order.id, supplier, warehouseCode, warehouseId, receipts: 0, landedCost: supplier.currency !== run.baseCurrency,
    arrivals: arrivalsOf(run, key, expectedDate),
    lines: order.lines.map((line) => {
      const need = needs.find((n) => n.itemId === line.itemId);
      assert(need !== undefined, `${order.poNumber} line ${line.lineNumber} is a planned need`);
      return { poLineId: line.id, itemId: line.itemId, orderedQty: need.qty, receivedQty: 0n, unitPriceMinor: line.unitPriceMinor, packQty: need.packQty };
    }),
  });
  run.stats.orders++;
}

/** The weekly review of one warehouse; returns how many orders were placed. */
export async function reviewWarehouse(tx: Tx, run: PurchasingRun, warehouseCode: string, date: string, monthly: boolean): Promise<number> {
  const items = run.sales.entity.assortment.filter((a) => a.warehouseCode === warehouseCode);
  if (items.length === 0) return 0;
  const warehouseId = run.sales.warehouseId(warehouseCode);
  const positions = await positionsOf(tx, warehouseId, items.map((a) => run.sales.itemId(a.sku)));
  const needs = needsOf(run, items, positions, warehouseId, date, monthly);
  const suppliers = run.suppliers.filter((s) => needs.has(s.id));
  for (const supplier of suppliers) await placeOrder(tx, run, supplier, warehouseCode, needs.get(supplier.id) as Need[], date);
  return suppliers.length;
}

export type { OpenOrder };
