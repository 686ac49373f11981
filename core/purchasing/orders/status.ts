// What a purchase order line still expects and what status the order is in, as pure functions
// over its lines. Quantities are base units scaled by QTY_SCALE.
import { assertNever } from "../../shared/assert";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import type { purchaseOrder, purchaseOrderLine } from "../schema";
import { maxBigint } from "../shared/values";

export type PurchaseOrderRow = typeof purchaseOrder.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLine.$inferSelect;
export type PurchaseOrderStatus = "draft" | "pending_approval" | "approved" | "partially_received" | "received" | "closed" | "cancelled";

export type LineQuantities = { ordered: QtyScaled; effective: QtyScaled; received: QtyScaled; invoiced: QtyScaled; cancelled: QtyScaled; open: QtyScaled };

/** The supplier's confirmed quantity replaces the ordered one once given. */
export function lineQuantities(line: PurchaseOrderLineRow): LineQuantities {
  const ordered = parseQty(line.baseQtyOrdered);
  const effective = line.confirmedBaseQty === null ? ordered : parseQty(line.confirmedBaseQty);
  const received = parseQty(line.baseQtyReceived);
  const cancelled = parseQty(line.baseQtyCancelled);
  return { ordered, effective, received, invoiced: parseQty(line.baseQtyInvoiced), cancelled, open: maxBigint(0n, effective - received - cancelled) };
}

/** Statuses in which goods may still arrive against the order. */
export const RECEIVABLE_STATUSES: readonly PurchaseOrderStatus[] = ["approved", "partially_received"];

/** The status the lines imply; drafts and pending orders keep theirs unless every line was cancelled. */
export function statusFromLines(current: PurchaseOrderStatus, lines: readonly PurchaseOrderLineRow[]): PurchaseOrderStatus {
  const quantities = lines.map(lineQuantities);
  const complete = quantities.every((q) => q.received + q.cancelled >= q.effective);
  const anyReceived = quantities.some((q) => q.received > 0n);
  switch (current) {
    case "cancelled":
      return current;
    case "draft":
    case "pending_approval":
      return complete && !anyReceived ? "cancelled" : current;
    case "approved":
    case "partially_received":
    case "received":
    case "closed": {
      if (!complete) return anyReceived ? "partially_received" : "approved";
      if (!anyReceived) return "cancelled";
      return quantities.every((q) => q.invoiced >= q.received) ? "closed" : "received";
    }
    default:
      return assertNever(current, "unknown purchase order status");
  }
}
