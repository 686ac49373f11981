import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, type QtyScaled } from "../../../shared/quantity";
import { SalesError } from "../../errors";
import { fromBaseQty, loadSalesCustomer, loadSalesItem, loadUnitFactors } from "../../pricing/context";
import { Id } from "../../pricing/inputs";
import { salesOrderLine, itemSubstitute } from "../../schema";
import { allocateLines, writeLineStates } from "../allocation";
import { draftLine, type LineDraft } from "../draft-lines";
import { lockOrderOfLine } from "../line-lock";
import { requestPricingOverride } from "../pricing-override";
import { setPromisedDates } from "../promise";
import { loadSalesOrderDetail, type SalesOrderDetail } from "../queries/get-sales-order";
import { lineStatusOf, quantitiesOf, unallocatedQtyOf, type SalesOrderLineRow, type SalesOrderRow } from "../status";

export const AcceptSubstituteInput = z.object({
  orderLineId: Id,
  substituteItemId: Id,
  /** Ship the substitute from another warehouse than the original line's. */
  warehouseId: Id.nullish(),
});

export type AcceptedSubstitute = { order: SalesOrderDetail; originalLineId: number; substituteLineId: number; pricingRequestId: number | null };

function refuseUnlessOpen(order: SalesOrderRow, line: SalesOrderLineRow): QtyScaled {
  if (order.status === "credit_hold") {
    throw new DomainError(SalesError.ORDER_ON_CREDIT_HOLD, "conflict", `Sales order ${order.orderNumber} is on credit hold`, { orderId: order.id });
  }
  if (order.status !== "released" && order.status !== "partially_shipped") {
    throw new DomainError(SalesError.ORDER_NOT_OPEN, "conflict", `Sales order ${order.orderNumber} is ${order.status}`, { orderId: order.id, status: order.status });
  }
  if (line.status === "pricing_hold") {
    throw new DomainError(SalesError.ORDER_LINE_ON_PRICING_HOLD, "conflict", `Line ${line.lineNumber} waits for a price approval`, { orderLineId: line.id });
  }
  const missing = unallocatedQtyOf(quantitiesOf(line));
  if (missing === 0n) {
    throw new DomainError(SalesError.NOTHING_TO_SUBSTITUTE, "conflict", `Line ${line.lineNumber} of ${order.orderNumber} has nothing left to fill`, { orderLineId: line.id });
  }
  return missing;
}

async function requireConfigured(tx: Tx, line: SalesOrderLineRow, substituteItemId: number): Promise<void> {
  const [row] = await tx.select({ id: itemSubstitute.id }).from(itemSubstitute)
    .where(and(eq(itemSubstitute.itemId, line.itemId), eq(itemSubstitute.substituteItemId, substituteItemId), eq(itemSubstitute.active, true))).limit(1);
  if (!row) {
    throw new DomainError(SalesError.SUBSTITUTE_NOT_CONFIGURED, "unprocessable",
      `substituteItemId: item ${substituteItemId} is not a configured substitute of item ${line.itemId}`, { itemId: line.itemId, substituteItemId });
  }
}

/** The missing quantity in the line's unit when the substitute converts it exactly, else in the substitute's base unit. */
async function substituteUnit(tx: Tx, line: SalesOrderLineRow, substituteItemId: number, missing: QtyScaled): Promise<{ uom: string; qty: string }> {
  const sub = await loadSalesItem(tx, substituteItemId, { field: "substituteItemId" });
  const perUnit = (await loadUnitFactors(tx, sub.id, sub.baseUom)).get(line.uom);
  const inLineUnit = perUnit === undefined ? null : fromBaseQty(missing, perUnit);
  return inLineUnit !== null && inLineUnit > 0n ? { uom: line.uom, qty: formatQty(inLineUnit) } : { uom: sub.baseUom, qty: formatQty(missing) };
}

async function insertSubstituteLine(tx: Tx, order: SalesOrderRow, draft: LineDraft, taxCodeId: number | null): Promise<SalesOrderLineRow> {
  const [next] = await tx.execute<{ n: number }>(sql`select coalesce(max(line_number), 0)::int + 1 as n from sales_order_line where order_id = ${order.id}`);
  const [row] = await tx.insert(salesOrderLine).values({
    orderId: order.id, entityId: order.entityId, lineNumber: Number(next?.n ?? 1), itemId: draft.itemId, warehouseId: draft.warehouseId, uom: draft.uom,
    qty: formatQty(draft.qty), baseQtyOrdered: formatQty(draft.baseQty), unitPriceMinor: draft.unitPriceMinor, listPriceMinor: draft.listPriceMinor,
    priceSource: draft.priceSource, priceSourceRef: draft.priceSourceRef, unitCostMinor: draft.unitCostMinor, marginBps: draft.marginBps, taxCodeId,
    requestedDate: draft.requestedDate, substituteForItemId: draft.substituteForItemId, status: draft.holdReason ? "pricing_hold" : "open",
  }).returning();
  assert(row !== undefined, "substitute line insert returned its row");
  return row;
}

/**
 * Replaces the unfilled quantity of a line with a new line for a configured substitute
 * (substituteForItemId set), priced for the customer (pricing hold below the margin floor) and
 * allocated. The original line keeps what it has allocated; the rest of it is cancelled.
 */
export async function acceptSubstitute(tx: Tx, actor: Actor, raw: z.input<typeof AcceptSubstituteInput>): Promise<AcceptedSubstitute> {
  requirePermission(actor, "sales:write");
  const input = parseInput(AcceptSubstituteInput, raw);
  const { order, line } = await lockOrderOfLine(tx, input.orderLineId);
  const missing = refuseUnlessOpen(order, line);
  await requireConfigured(tx, line, input.substituteItemId);
  const customer = await loadSalesCustomer(tx, order.entityId, order.customerId, { requireActive: false });
  const unit = await substituteUnit(tx, line, input.substituteItemId, missing);
  const draft = await draftLine(tx, customer, order.orderDate, { itemId: input.substituteItemId, warehouseId: input.warehouseId ?? line.warehouseId,
    uom: unit.uom, qty: unit.qty, substituteForItemId: line.itemId, requestedDate: line.requestedDate }, 0);
  const q = quantitiesOf(line);
  const shrunk = { ...q, cancelled: q.cancelled + missing };
  await writeLineStates(tx, [{ id: line.id, allocated: q.allocated, cancelled: shrunk.cancelled, status: lineStatusOf(shrunk, { pricingHold: false, released: true }) }]);
  const added = await insertSubstituteLine(tx, order, draft, customer.taxCodeId);
  const pricingRequestId = await requestPricingOverride(tx, actor, order, customer, added.status === "pricing_hold" ? [added] : [], [added]);
  await allocateLines(tx, actor, [added.id]);
  await setPromisedDates(tx, order.id);
  await recordAudit(tx, actor, { action: "update", objectKind: "sales_order", objectId: order.id, entityId: order.entityId,
    after: { substitution: { originalLineId: line.id, substituteLineId: added.id, substituteItemId: input.substituteItemId, baseQty: formatQty(missing) } } });
  const detail = await loadSalesOrderDetail(tx, order.id);
  assert(detail !== null, "the order exists");
  return { order: detail, originalLineId: line.id, substituteLineId: added.id, pricingRequestId };
}
