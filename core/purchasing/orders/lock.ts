// Row locks of a purchase order, always header first and then its lines in id order, so that
// receiving, invoicing, confirmations and cancellations queue behind one another without deadlock.
import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { purchaseOrder, purchaseOrderLine } from "../schema";
import { LIST_ROWS_MAX, PO_LINES_MAX } from "../limits";
import { statusFromLines, type PurchaseOrderLineRow, type PurchaseOrderRow, type PurchaseOrderStatus } from "./status";

export async function lockPurchaseOrderOrThrow(tx: Tx, purchaseOrderId: number): Promise<PurchaseOrderRow> {
  const [row] = await tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, purchaseOrderId)).for("update").limit(1);
  if (!row) throw new DomainError(PurchasingError.PURCHASE_ORDER_NOT_FOUND, "not_found", `purchaseOrderId: purchase order ${purchaseOrderId} does not exist`, { purchaseOrderId });
  return row;
}

export async function lockPurchaseOrderLines(tx: Tx, purchaseOrderId: number): Promise<PurchaseOrderLineRow[]> {
  const lines = await tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, purchaseOrderId))
    .orderBy(asc(purchaseOrderLine.id)).for("update").limit(PO_LINES_MAX + 1);
  assert(lines.length > 0, `purchase order ${purchaseOrderId} has lines`);
  assert(lines.length <= PO_LINES_MAX, `purchase order ${purchaseOrderId} exceeds PO_LINES_MAX`);
  return lines;
}

/** Locks the orders that own these lines (in id order), then the lines themselves. */
export async function lockOrdersOfLines(tx: Tx, lineIds: readonly number[]): Promise<{ orders: Map<number, PurchaseOrderRow>; lines: Map<number, PurchaseOrderLineRow> }> {
  assert(lineIds.length <= LIST_ROWS_MAX, "too many purchase order lines to lock at once");
  const owners = await tx.selectDistinct({ id: purchaseOrderLine.purchaseOrderId }).from(purchaseOrderLine)
    .where(inArray(purchaseOrderLine.id, [...lineIds])).limit(LIST_ROWS_MAX);
  const orderIds = owners.map((o) => o.id).sort((a, b) => a - b);
  const orders = new Map<number, PurchaseOrderRow>();
  const lines = new Map<number, PurchaseOrderLineRow>();
  if (orderIds.length === 0) return { orders, lines };
  const orderRows = await tx.select().from(purchaseOrder).where(inArray(purchaseOrder.id, orderIds)).orderBy(asc(purchaseOrder.id)).for("update");
  for (const row of orderRows) orders.set(row.id, row);
  const lineRows = await tx.select().from(purchaseOrderLine).where(inArray(purchaseOrderLine.id, [...lineIds]))
    .orderBy(asc(purchaseOrderLine.id)).for("update");
  for (const row of lineRows) lines.set(row.id, row);
  return { orders, lines };
}

/** Re-reads the (locked) lines and moves the order to the status they imply. */
export async function refreshPurchaseOrderStatus(tx: Tx, order: PurchaseOrderRow): Promise<PurchaseOrderStatus> {
  const lines = await tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, order.id)).limit(PO_LINES_MAX);
  const next = statusFromLines(order.status as PurchaseOrderStatus, lines);
  if (next !== order.status) {
    const updated = await tx.update(purchaseOrder).set({ status: next, updatedAt: new Date() }).where(eq(purchaseOrder.id, order.id)).returning({ id: purchaseOrder.id });
    assert(updated.length === 1, "the locked purchase order was updated");
  }
  return next;
}
