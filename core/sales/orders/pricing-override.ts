// Pricing overrides: lines priced by hand, or below the tier's margin floor, wait in
// pricing_hold while ONE pricing_override request per order (or per substitution) goes through
// the approval engine. Approval releases the lines as priced; rejection reprices them at the
// resolved price (or cancels a line nothing can price) and both then allocate.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { submitApproval, type ApprovalRequestRow } from "../../governance/approvals";
import { SYSTEM_ACTOR, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError } from "../../shared/errors";
import { parseQty } from "../../shared/quantity";
import { SalesError } from "../errors";
import type { SalesCustomer } from "../pricing/context";
import { loadPricingBasis, marginOfBasis } from "../pricing/resolve-price";
import { marginFloorBps } from "../pricing/rules";
import { salesOrder, salesOrderLine } from "../schema";
import { lockLines, refreshOrderStatus, writeLineStates, type LineState } from "./allocation";
import { allocateAndPromise } from "./release";
import { isReleased, lineStatusOf, lineValueMinor, quantitiesOf, type SalesOrderLineRow, type SalesOrderRow } from "./status";

export type PricingOverridePayload = { orderId: number; lineIds: number[] };

function payloadOf(request: ApprovalRequestRow): PricingOverridePayload {
  const payload = request.payload as Partial<PricingOverridePayload> | null;
  if (!payload || typeof payload.orderId !== "number" || !Array.isArray(payload.lineIds)) {
    throw new DomainError(SalesError.APPROVAL_PAYLOAD_INVALID, "unprocessable", `Pricing override request ${request.id} names no order lines`, { requestId: request.id });
  }
  return { orderId: payload.orderId, lineIds: payload.lineIds.filter((id): id is number => typeof id === "number") };
}

/**
 * Submits one pricing_override for the held lines. Facts: the order's value in base currency,
 * the worst margin shortfall below the floor (floor - margin, at least 0), tier and customer.
 */
export async function requestPricingOverride(tx: Tx, actor: Actor, order: SalesOrderRow, customer: SalesCustomer, held: SalesOrderLineRow[], all: SalesOrderLineRow[]): Promise<number | null> {
  if (held.length === 0) return null;
  const rate = await exchangeRateOn(tx, order.currency, customer.baseCurrency, order.orderDate);
  const valueMinor = all.filter((l) => l.status !== "cancelled").reduce((sum, l) => sum + lineValueMinor(l.unitPriceMinor, parseQty(l.qty)), 0n);
  const floorBps = marginFloorBps(customer.tier);
  const marginImpactBps = held.reduce((worst, l) => Math.max(worst, floorBps - l.marginBps), 0);
  const submitted = await submitApproval(tx, actor, {
    kind: "pricing_override", entityId: order.entityId, subjectType: "sales_order", subjectId: order.id,
    title: `Price override on ${order.orderNumber} for ${customer.code} (${held.length} line${held.length === 1 ? "" : "s"})`,
    facts: { amountMinor: applyRatePpm(valueMinor, rate, "halfEven"), marginImpactBps, customerTier: customer.tier, customerId: customer.id },
    payload: { orderId: order.id, lineIds: held.map((l) => l.id) } satisfies PricingOverridePayload,
  });
  await tx.update(salesOrderLine).set({ pricingRequestId: submitted.request.id })
    .where(inArray(salesOrderLine.id, held.map((l) => l.id)));
  return submitted.request.id;
}

async function heldLinesOf(tx: Tx, request: ApprovalRequestRow): Promise<{ order: SalesOrderRow; lines: SalesOrderLineRow[] } | null> {
  const payload = payloadOf(request);
  // The order row first, then its lines: the lock order every order command keeps.
  const [order] = await tx.select().from(salesOrder).where(eq(salesOrder.id, payload.orderId)).for("update").limit(1);
  if (!order) return null;
  const locked = await lockLines(tx, payload.lineIds);
  const lines = locked.map((r) => r.line).filter((l) => l.orderId === order.id && l.status === "pricing_hold");
  return { order, lines };
}

function released(order: SalesOrderRow, line: SalesOrderLineRow): LineState {
  const q = quantitiesOf(line);
  return { id: line.id, allocated: q.allocated, cancelled: q.cancelled, status: lineStatusOf(q, { pricingHold: false, released: isReleased(order.status) }) };
}

async function onApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const held = await heldLinesOf(tx, request);
  if (!held || held.lines.length === 0) return; // Cancelled meanwhile: nothing left to release.
  await writeLineStates(tx, held.lines.map((l) => released(held.order, l)));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "sales_order", objectId: held.order.id, entityId: held.order.entityId,
    requestId: String(request.id), after: { pricingOverride: "approved", lineIds: held.lines.map((l) => l.id) } });
  // The approval authorizes the allocation; the approver may hold no sales permission.
  if (isReleased(held.order.status)) await allocateAndPromise(tx, SYSTEM_ACTOR, held.order.id);
}

async function repriceLine(tx: Tx, order: SalesOrderRow, line: SalesOrderLineRow): Promise<LineState> {
  const basis = await loadPricingBasis(tx, { entityId: order.entityId, customerId: order.customerId, itemId: line.itemId,
    uom: line.uom, qty: line.qty, date: order.orderDate, warehouseId: line.warehouseId });
  const q = quantitiesOf(line);
  if (!basis.decision) {
    // Nothing but the refused manual price could price it: the line cannot be sold.
    assert(q.allocated === 0n, "a held line holds no stock");
    return { id: line.id, allocated: 0n, cancelled: q.ordered - q.shipped, status: "cancelled" };
  }
  const decision = basis.decision;
  await tx.update(salesOrderLine).set({
    unitPriceMinor: decision.unitPriceMinor, listPriceMinor: decision.listPriceMinor, priceSource: decision.source, priceSourceRef: decision.sourceRef,
    unitCostMinor: basis.unitCostMinor, marginBps: marginOfBasis(basis, decision.unitPriceMinor), updatedAt: new Date(),
  }).where(and(eq(salesOrderLine.id, line.id), eq(salesOrderLine.status, "pricing_hold")));
  return released(order, line);
}

async function onRejected(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const held = await heldLinesOf(tx, request);
  if (!held || held.lines.length === 0) return;
  const states: LineState[] = [];
  for (const line of held.lines) states.push(await repriceLine(tx, held.order, line));
  await writeLineStates(tx, states);
  await refreshOrderStatus(tx, held.order.id);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "sales_order", objectId: held.order.id, entityId: held.order.entityId,
    requestId: String(request.id), after: { pricingOverride: "rejected", repricedLineIds: held.lines.map((l) => l.id), reason: request.decisionReason } });
  if (isReleased(held.order.status)) await allocateAndPromise(tx, SYSTEM_ACTOR, held.order.id);
}

export const pricingOverrideHandler = { onApproved, onRejected };
