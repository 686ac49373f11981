// Changes to an order after it was placed: the supplier's confirmation of a line (another
// date or quantity), and cancellation of a line's open quantity or of the whole order.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { toBaseQty } from "../../masters";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { purchaseOrder, purchaseOrderLine } from "../schema";
import { Id, IsoDate, PositiveQty, QtyText, Reason } from "../shared/inputs";
import { lockOrdersOfLines, lockPurchaseOrderLines, lockPurchaseOrderOrThrow, refreshPurchaseOrderStatus } from "./lock";
import { loadPurchaseOrderDetail, type PurchaseOrderDetail } from "./queries";
import { lineQuantities, RECEIVABLE_STATUSES, type PurchaseOrderLineRow, type PurchaseOrderRow, type PurchaseOrderStatus } from "./status";

async function lockLineOrThrow(tx: Tx, purchaseOrderLineId: number): Promise<{ order: PurchaseOrderRow; line: PurchaseOrderLineRow }> {
  const { orders, lines } = await lockOrdersOfLines(tx, [purchaseOrderLineId]);
  const line = lines.get(purchaseOrderLineId);
  const order = line ? orders.get(line.purchaseOrderId) : undefined;
  if (!line || !order) {
    throw new DomainError(PurchasingError.PURCHASE_ORDER_LINE_NOT_FOUND, "not_found", `purchaseOrderLineId: line ${purchaseOrderLineId} does not exist`, { purchaseOrderLineId });
  }
  return { order, line };
}

function requireStatus(order: PurchaseOrderRow, allowed: readonly PurchaseOrderStatus[], action: string): void {
  if ((allowed as readonly string[]).includes(order.status)) return;
  throw new DomainError(PurchasingError.PURCHASE_ORDER_STATE, "conflict", `Purchase order ${order.poNumber} is ${order.status}; cannot ${action}`, { status: order.status });
}

export const ConfirmPurchaseOrderLineInput = z.object({
  purchaseOrderLineId: Id,
  confirmedDate: IsoDate.optional(),
  /** In the line's unit; at most what was ordered and at least what already arrived. */
  confirmedQty: QtyText.optional(),
}).refine((v) => v.confirmedDate !== undefined || v.confirmedQty !== undefined, { message: "give confirmedDate, confirmedQty or both", path: ["confirmedDate"] });

/** Records the supplier's confirmation; open supply then counts the confirmed date and quantity. */
export async function confirmPurchaseOrderLine(tx: Tx, actor: Actor, raw: z.input<typeof ConfirmPurchaseOrderLineInput>): Promise<PurchaseOrderDetail> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(ConfirmPurchaseOrderLineInput, raw);
  const { order, line } = await lockLineOrThrow(tx, input.purchaseOrderLineId);
  requireStatus(order, RECEIVABLE_STATUSES, "record a supplier confirmation");
  const quantities = lineQuantities(line);
  let confirmedBaseQty = line.confirmedBaseQty;
  if (input.confirmedQty !== undefined) {
    const baseQty = await toBaseQty(tx, line.itemId, line.uom, input.confirmedQty);
    if (baseQty > quantities.ordered - quantities.cancelled || baseQty < quantities.received) {
      throw new DomainError(PurchasingError.CONFIRMATION_INVALID, "unprocessable",
        `confirmedQty: must lie between what arrived (${formatQty(quantities.received)}) and what is still ordered (${formatQty(quantities.ordered - quantities.cancelled)}) in base units; a larger quantity needs a new order line`,
        { received: formatQty(quantities.received), ordered: formatQty(quantities.ordered) });
    }
    confirmedBaseQty = formatQty(baseQty);
  }
  const confirmedDate = input.confirmedDate ?? line.confirmedDate;
  await tx.update(purchaseOrderLine).set({ confirmedDate, confirmedBaseQty }).where(eq(purchaseOrderLine.id, line.id));
  await refreshPurchaseOrderStatus(tx, order);
  await recordAudit(tx, actor, { action: "update", objectKind: "purchase_order_line", objectId: line.id, entityId: order.entityId,
    before: { confirmedDate: line.confirmedDate, confirmedBaseQty: line.confirmedBaseQty }, after: { confirmedDate, confirmedBaseQty } });
  return loadPurchaseOrderDetail(tx, order.id);
}

const CANCELLABLE: readonly PurchaseOrderStatus[] = ["draft", "approved", "partially_received"];

export const CancelPurchaseOrderLineInput = z.object({
  purchaseOrderLineId: Id,
  /** Base units to cancel; the whole open quantity when omitted. */
  baseQty: PositiveQty.optional(),
  reason: Reason,
});

/** Cancels open quantity of one line; what has arrived can never be cancelled. */
export async function cancelPurchaseOrderLine(tx: Tx, actor: Actor, raw: z.input<typeof CancelPurchaseOrderLineInput>): Promise<PurchaseOrderDetail> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(CancelPurchaseOrderLineInput, raw);
  const { order, line } = await lockLineOrThrow(tx, input.purchaseOrderLineId);
  requireStatus(order, CANCELLABLE, "cancel a line");
  const { open, cancelled } = lineQuantities(line);
  const qty = input.baseQty ?? open;
  if (qty === 0n || qty > open) {
    throw new DomainError(PurchasingError.CANCEL_EXCEEDS_OPEN, "unprocessable", `baseQty: only ${formatQty(open)} base units of line ${line.lineNumber} are still open`, { open: formatQty(open) });
  }
  await tx.update(purchaseOrderLine).set({ baseQtyCancelled: formatQty(cancelled + qty) }).where(eq(purchaseOrderLine.id, line.id));
  const status = await refreshPurchaseOrderStatus(tx, order);
  if (status === "cancelled") await tx.update(purchaseOrder).set({ cancelReason: input.reason }).where(eq(purchaseOrder.id, order.id));
  await recordAudit(tx, actor, { action: "update", objectKind: "purchase_order_line", objectId: line.id, entityId: order.entityId,
    before: { baseQtyCancelled: line.baseQtyCancelled }, after: { baseQtyCancelled: formatQty(cancelled + qty), reason: input.reason } });
  return loadPurchaseOrderDetail(tx, order.id);
}

export const CancelPurchaseOrderInput = z.object({ purchaseOrderId: Id, reason: Reason });

/**
 * Cancels every line's open quantity. An order nothing arrived against becomes cancelled; one
 * partly received keeps what arrived and ends as received (or closed once invoiced).
 */
export async function cancelPurchaseOrder(tx: Tx, actor: Actor, raw: z.input<typeof CancelPurchaseOrderInput>): Promise<PurchaseOrderDetail> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(CancelPurchaseOrderInput, raw);
  const order = await lockPurchaseOrderOrThrow(tx, input.purchaseOrderId);
  requireStatus(order, CANCELLABLE, "cancel it (withdraw a pending approval request first)");
  const lines = await lockPurchaseOrderLines(tx, order.id);
  for (const line of lines) {
    const { open, cancelled } = lineQuantities(line);
    if (open > 0n) await tx.update(purchaseOrderLine).set({ baseQtyCancelled: formatQty(cancelled + open) }).where(eq(purchaseOrderLine.id, line.id));
  }
  const status = await refreshPurchaseOrderStatus(tx, order);
  await tx.update(purchaseOrder).set({ cancelReason: input.reason }).where(eq(purchaseOrder.id, order.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "purchase_order", objectId: order.id, entityId: order.entityId,
    before: { status: order.status }, after: { status, reason: input.reason } });
  return loadPurchaseOrderDetail(tx, order.id);
}

