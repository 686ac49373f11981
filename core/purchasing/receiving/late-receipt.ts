// A receipt later than its PO lines expected: a delayed_receipt exception for purchasing and,
// when customer orders for those items in that warehouse sit on backorder, one cross-functional
// alert listing them for sales, purchasing and the warehouse together.
import type { Tx } from "../../db/client";
import { raiseCrossFunctionalAlert, raiseException } from "../../governance/exceptions";
import type { Actor } from "../../governance/permissions";
import { listBackorders } from "../../sales";
import { assert } from "../../shared/assert";
import { parseQty } from "../../shared/quantity";
import { BACKORDERS_LISTED_MAX } from "../limits";

export type LateLine = { itemId: number; sku: string; poLineNumber: number; expectedDate: string; daysLate: number; baseQty: string };
export type LateReceipt = { entityId: number; receiptId: number; receiptNumber: string; receiptDate: string; purchaseOrderId: number; poNumber: string; warehouseId: number; lines: LateLine[] };

export type Backorder = { orderId: number; orderNumber: string; customerName: string; customerTier: string; itemId: number; backorderedQty: string };

/** Customer order lines for these items in the warehouse still waiting for stock, through the order desk's query. */
export async function backordersFor(tx: Tx, actor: Actor, entityId: number, itemIds: readonly number[], warehouseId: number): Promise<Backorder[]> {
  const found: Backorder[] = [];
  for (const itemId of itemIds) {
    const rows = await listBackorders(tx, actor, { entityId, itemId, warehouseId, limit: BACKORDERS_LISTED_MAX });
    for (const row of rows) {
      if (parseQty(row.backorderedBaseQty) <= 0n) continue;
      found.push({ orderId: row.orderId, orderNumber: row.orderNumber, customerName: row.customerName, customerTier: row.customerTier, itemId: row.itemId, backorderedQty: row.backorderedBaseQty });
    }
  }
  return found;
}

function explain(late: LateReceipt): string {
  return late.lines.map((l) => `${l.sku} (PO line ${l.poLineNumber}): expected ${l.expectedDate}, received ${late.receiptDate}, ${l.daysLate} day(s) late, ${l.baseQty} base units`).join("\n");
}

/** Raises the exception (and the alert when customers wait); returns the affected orders. */
export async function reportLateReceipt(tx: Tx, actor: Actor, late: LateReceipt): Promise<{ exceptionId: number; alertId: number | null; affectedOrderIds: number[] }> {
  assert(late.lines.length > 0, "a late receipt has late lines");
  const backorders = await backordersFor(tx, actor, late.entityId, [...new Set(late.lines.map((l) => l.itemId))], late.warehouseId);
  const worst = Math.max(...late.lines.map((l) => l.daysLate));
  const receiptLink = { type: "purchase_receipt", id: late.receiptId, label: late.receiptNumber };
  const exception = await raiseException(tx, actor, {
    kind: "delayed_receipt", severity: backorders.length > 0 ? "high" : "medium", entityId: late.entityId,
    title: `Late receipt ${late.receiptNumber} against ${late.poNumber}: up to ${worst} day(s) late`,
    explanation: explain(late).slice(0, 4_000),
    links: [receiptLink, { type: "purchase_order", id: late.purchaseOrderId, label: late.poNumber }],
    details: { receiptId: late.receiptId, purchaseOrderId: late.purchaseOrderId, lines: late.lines, backorderedOrderIds: backorders.map((b) => b.orderId) },
    dedupeKey: `delayed_receipt:purchase_receipt:${late.receiptId}`, occurredOn: late.receiptDate,
  });
  const orders = new Map<number, Backorder[]>();
  for (const b of backorders) orders.set(b.orderId, [...(orders.get(b.orderId) ?? []), b]);
  if (orders.size === 0) return { exceptionId: exception.id, alertId: null, affectedOrderIds: [] };
  const affected = [...orders.values()].slice(0, BACKORDERS_LISTED_MAX).map((lines) => {
    const first = lines[0]!;
    const tier = ["platinum", "gold", "silver", "standard"].includes(first.customerTier) ? first.customerTier as "platinum" | "gold" | "silver" | "standard" : undefined;
    return { type: "sales_order", id: first.orderId, label: `${first.orderNumber} (${first.customerName})`.slice(0, 200), ...(tier ? { customerTier: tier } : {}) };
  });
  const alert = await raiseCrossFunctionalAlert(tx, actor, {
    entityId: late.entityId, cause: receiptLink,
    title: `Late receipt ${late.receiptNumber} held up ${affected.length} backordered customer order(s)`,
    explanation: `${explain(late)}\nBackordered orders waiting for these items: ${affected.map((a) => a.label).join(", ")}`.slice(0, 4_000),
    affected,
  });
  return { exceptionId: exception.id, alertId: alert.id, affectedOrderIds: affected.map((a) => a.id) };
}
