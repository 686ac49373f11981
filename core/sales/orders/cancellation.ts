// Cancelling open quantities: the unshipped rest of each line is cancelled, its allocation given
// back, the order's status re-derived, and the freed stock offered to the backorder queue.
import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import type { Actor } from "../../governance/permissions";
import { formatQty } from "../../shared/quantity";
import { salesOrder, salesOrderLine } from "../schema";
import { lockLines, LINES_PER_ALLOCATION_MAX, refreshOrderStatus, releaseLineStock, writeLineStates, type LineState } from "./allocation";
import { reallocate } from "./reallocation";
import { isReleased, lineStatusOf, openQtyOf, quantitiesOf, type OrderStatus, type SalesOrderLineRow, type SalesOrderRow } from "./status";

export const CANCEL_REASON_LENGTH_MAX = 500;

export type CancelledLine = { orderLineId: number; cancelledBaseQty: string; releasedBaseQty: string };
export type CancellationResult = { orderId: number; orderStatus: OrderStatus; lines: CancelledLine[] };

/**
 * Cancels the open quantity of locked lines of a locked order. stockActor gives the stock back;
 * actor is named in the audit row with the reason.
 */
export async function cancelOpenQuantities(tx: Tx, actor: Actor, stockActor: Actor, order: SalesOrderRow, lines: SalesOrderLineRow[], reason: string): Promise<CancellationResult> {
  const states: LineState[] = [];
  const cancelled: CancelledLine[] = [];
  const toRelease: { itemId: number; warehouseId: number; baseQty: bigint }[] = [];
  for (const line of lines) {
    const q = quantitiesOf(line);
    const open = openQtyOf(q);
    if (open === 0n) continue;
    const next = { ...q, cancelled: q.cancelled + open, allocated: 0n };
    states.push({ id: line.id, allocated: 0n, cancelled: next.cancelled, status: lineStatusOf(next, { pricingHold: false, released: isReleased(order.status) }) });
    toRelease.push({ itemId: line.itemId, warehouseId: line.warehouseId, baseQty: q.allocated });
    cancelled.push({ orderLineId: line.id, cancelledBaseQty: formatQty(open), releasedBaseQty: formatQty(q.allocated) });
  }
  await writeLineStates(tx, states);
  await releaseLineStock(tx, stockActor, order.entityId, toRelease);
  const orderStatus = await refreshOrderStatus(tx, order.id);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "sales_order", objectId: order.id, entityId: order.entityId,
    before: { status: order.status }, after: { status: orderStatus, cancelledLines: cancelled, reason: reason.slice(0, CANCEL_REASON_LENGTH_MAX) } });
  // Freed stock goes to whoever waits for it, in queue order.
  for (const position of uniquePositions(toRelease.filter((r) => r.baseQty > 0n))) {
    await reallocate(tx, stockActor, position.itemId, position.warehouseId);
  }
  return { orderId: order.id, orderStatus, lines: cancelled };
}

function uniquePositions(rows: { itemId: number; warehouseId: number }[]): { itemId: number; warehouseId: number }[] {
  const seen = new Map(rows.map((r) => [`${r.itemId}:${r.warehouseId}`, { itemId: r.itemId, warehouseId: r.warehouseId }]));
  return [...seen.values()];
}

/** Locks the order, then all its lines, in the order every order command keeps. */
export async function lockOrderWithLines(tx: Tx, orderId: number): Promise<{ order: SalesOrderRow; lines: SalesOrderLineRow[] } | null> {
  const [order] = await tx.select().from(salesOrder).where(eq(salesOrder.id, orderId)).for("update").limit(1);
  if (!order) return null;
  const ids = await tx.select({ id: salesOrderLine.id }).from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId))
    .orderBy(asc(salesOrderLine.id)).limit(LINES_PER_ALLOCATION_MAX);
  const lines = (await lockLines(tx, ids.map((r) => r.id))).map((r) => r.line);
  return { order, lines };
}
