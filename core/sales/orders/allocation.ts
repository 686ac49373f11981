// Allocation of order lines. Lock order: the sales_order row first (when the command changes the
// order), then its sales_order_line rows, then stock_balance (inside allocateStock, in
// (warehouse, item) order). Reallocation locks only lines, skipping locked ones. Keeping that
// order means order entry, reallocation, cancellation and approval handlers never deadlock.
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { allocateStock, releaseAllocation } from "../../inventory";
import { assert } from "../../shared/assert";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { salesOrder, salesOrderLine } from "../schema";
import {
  ALLOCATABLE_LINE_STATUSES, isReleased, lineStatusOf, orderStatusOf, quantitiesOf, unallocatedQtyOf,
  type LineStatus, type OrderStatus, type SalesOrderLineRow,
} from "./status";

export const LINES_PER_ALLOCATION_MAX = 2_000;

export type LineState = { id: number; allocated: QtyScaled; cancelled: QtyScaled; status: LineStatus };

/** Writes allocated, cancelled and status of lines in one statement; every row must exist. */
export async function writeLineStates(tx: Tx, states: readonly LineState[]): Promise<void> {
  if (states.length === 0) return;
  const values = sql.join(states.map((s) => sql`(${s.id}::int8, ${formatQty(s.allocated)}::numeric, ${formatQty(s.cancelled)}::numeric, ${s.status}::text)`), sql`, `);
  const updated = await tx.execute(sql`update sales_order_line l set base_qty_allocated = v.allocated, base_qty_cancelled = v.cancelled,
      status = v.status, updated_at = now()
    from (values ${values}) as v(id, allocated, cancelled, status) where l.id = v.id`);
  assert(updated.count === states.length, "every line state was written");
}

/** Locks lines (by id order) with their order's status; the caller decides what to change. */
export async function lockLines(tx: Tx, lineIds: readonly number[]): Promise<{ line: SalesOrderLineRow; orderStatus: string; entityId: number }[]> {
  if (lineIds.length === 0) return [];
  assert(lineIds.length <= LINES_PER_ALLOCATION_MAX, "too many lines for one allocation");
  const rows = await tx.select({ line: salesOrderLine, orderStatus: salesOrder.status, entityId: salesOrder.entityId }).from(salesOrderLine)
    .innerJoin(salesOrder, eq(salesOrder.id, salesOrderLine.orderId))
    .where(inArray(salesOrderLine.id, [...lineIds])).orderBy(asc(salesOrderLine.id)).for("update", { of: salesOrderLine });
  return rows;
}

/**
 * Allocates free stock to the unallocated open quantity of the lines, in the order given (the
 * queue order). Lines that are held, or whose order is not released, are left alone. Returns the
 * quantity each line received. stockActor reserves the stock (see allocateStock).
 */
export async function allocateLines(tx: Tx, stockActor: Actor, lineIds: readonly number[]): Promise<Map<number, QtyScaled>> {
  const locked = new Map((await lockLines(tx, lineIds)).map((r) => [r.line.id, r]));
  const wanted = lineIds.flatMap((id) => {
    const row = locked.get(id);
    if (!row || !isReleased(row.orderStatus) || !(ALLOCATABLE_LINE_STATUSES as readonly string[]).includes(row.line.status)) return [];
    const quantities = quantitiesOf(row.line);
    const missing = unallocatedQtyOf(quantities);
    return missing > 0n ? [{ row, quantities, missing }] : [];
  });
  const received = new Map<number, QtyScaled>();
  if (wanted.length === 0) return received;
  const entityId = wanted[0]!.row.entityId;
  assert(wanted.every((w) => w.row.entityId === entityId), "one allocation serves one entity");
  const result = await allocateStock(tx, stockActor, {
    entityId, mode: "available",
    lines: wanted.map((w) => ({ itemId: w.row.line.itemId, warehouseId: w.row.line.warehouseId, baseQty: formatQty(w.missing) })),
  });
  const states = wanted.map((w, index) => {
    const got = parseQty(result.lines[index]!.allocatedBaseQty);
    assert(got <= w.missing, "a line never receives more than it misses");
    received.set(w.row.line.id, got);
    const quantities = { ...w.quantities, allocated: w.quantities.allocated + got };
    return { id: w.row.line.id, allocated: quantities.allocated, cancelled: quantities.cancelled, status: lineStatusOf(quantities, { pricingHold: false, released: true }) };
  });
  await writeLineStates(tx, states);
  return received;
}

/** Allocates every waiting line of a released order, in line-number order. */
export async function allocateOrder(tx: Tx, stockActor: Actor, orderId: number): Promise<Map<number, QtyScaled>> {
  const lines = await tx.select({ id: salesOrderLine.id }).from(salesOrderLine)
    .where(eq(salesOrderLine.orderId, orderId)).orderBy(asc(salesOrderLine.lineNumber)).limit(LINES_PER_ALLOCATION_MAX);
  return allocateLines(tx, stockActor, lines.map((l) => l.id));
}

/** Gives back what lines hold (they are locked by the caller); quantities are base units. */
export async function releaseLineStock(tx: Tx, stockActor: Actor, entityId: number, lines: readonly { itemId: number; warehouseId: number; baseQty: QtyScaled }[]): Promise<void> {
  const held = lines.filter((l) => l.baseQty > 0n);
  if (held.length === 0) return;
  await releaseAllocation(tx, stockActor, { entityId, lines: held.map((l) => ({ itemId: l.itemId, warehouseId: l.warehouseId, baseQty: formatQty(l.baseQty) })) });
}

/**
 * Re-derives the order's status from its lines and writes it when it changed. Exported for
 * fulfilment: call it after changing shipped quantities, having locked the order row before
 * its lines (see the lock order above).
 */
export async function refreshOrderStatus(tx: Tx, orderId: number): Promise<OrderStatus> {
  const [order] = await tx.select({ status: salesOrder.status }).from(salesOrder).where(eq(salesOrder.id, orderId)).for("update").limit(1);
  assert(order !== undefined, `order ${orderId} exists`);
  const lines = await tx.select().from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId)).limit(LINES_PER_ALLOCATION_MAX);
  const next = orderStatusOf(order.status as OrderStatus, lines.map((l) => quantitiesOf(l)));
  if (next !== order.status) {
    const updated = await tx.update(salesOrder).set({ status: next, updatedAt: new Date() }).where(eq(salesOrder.id, orderId)).returning({ id: salesOrder.id });
    assert(updated.length === 1, "order status written");
  }
  return next;
}
