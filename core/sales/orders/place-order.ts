// The order entry flow shared by enterSalesOrder and convertQuoteToOrder: price the lines, write
// the order, check credit, route pricing holds, then allocate and promise.
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { customerShipTo } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { formatQty } from "../../shared/quantity";
import { SalesError, SalesWarning, type SalesWarningItem } from "../errors";
import { checkCreditForOrder } from "../credit/credit-hold";
import type { CreditPosition } from "../credit/exposure";
import { loadSalesCustomer, type SalesCustomer } from "../pricing/context";
import { salesOrder, salesOrderLine } from "../schema";
import { lockKey, nextDocumentNumber } from "./documents";
import { draftLine, type AgreedPrice, type LineDraft } from "./draft-lines";
import type { EnterSalesOrderRequest } from "./inputs";
import { requestPricingOverride } from "./pricing-override";
import { priorityOfTier } from "./priority";
import { proposalsForLine, type LineProposals } from "./proposals";
import { loadSalesOrderDetail, type SalesOrderDetail } from "./queries/get-sales-order";
import { allocateAndPromise } from "./release";
import { setPromisedDates } from "./promise";
import type { SalesOrderLineRow, SalesOrderRow } from "./status";

export const DUPLICATE_PO_ORDERS_MAX = 20;

export type EnteredSalesOrder = {
  order: SalesOrderDetail;
  warnings: SalesWarningItem[];
  /** For every line that could not be filled: substitutes, other warehouses, supplier lead time. */
  proposals: LineProposals[];
  credit: CreditPosition | null;
  creditRequestId: number | null;
  pricingRequestId: number | null;
  /** True when the idempotency key had been seen: this is the first order, unchanged. */
  replayed: boolean;
};

export type PlaceOrderOrigin = { quoteId?: number | null; agreed?: readonly (AgreedPrice | null)[] };

export async function checkShipTo(tx: Tx, customer: SalesCustomer, shipToId: number | null | undefined): Promise<void> {
  if (!shipToId) return;
  const [row] = await tx.select().from(customerShipTo).where(eq(customerShipTo.id, shipToId)).limit(1);
  if (!row || row.customerId !== customer.id || !row.active) {
    throw new DomainError(SalesError.SHIP_TO_INVALID, "unprocessable", `shipToId: ship-to ${shipToId} is not an active address of customer ${customer.code}`, { shipToId });
  }
}

async function duplicatePoWarnings(tx: Tx, customer: SalesCustomer, poNumber: string | null | undefined): Promise<SalesWarningItem[]> {
  if (!poNumber) return [];
  const rows = await tx.select({ orderNumber: salesOrder.orderNumber }).from(salesOrder)
    .where(and(eq(salesOrder.customerId, customer.id), eq(salesOrder.customerPoNumber, poNumber), ne(salesOrder.status, "cancelled")))
    .orderBy(salesOrder.id).limit(DUPLICATE_PO_ORDERS_MAX);
  if (rows.length === 0) return [];
  const numbers = rows.map((r) => r.orderNumber);
  return [{ code: SalesWarning.DUPLICATE_PO_NUMBER, message: `customerPoNumber: ${poNumber} was already used on ${numbers.join(", ")}`,
    details: { customerPoNumber: poNumber, orderNumbers: numbers } }];
}

async function insertOrder(tx: Tx, actor: Actor, input: EnterSalesOrderRequest, customer: SalesCustomer, origin: PlaceOrderOrigin): Promise<SalesOrderRow> {
  const { id, number } = await nextDocumentNumber(tx, "sales_order", "SO", customer.entityCode);
  const [order] = await tx.insert(salesOrder).values({
    id, entityId: input.entityId, orderNumber: number, customerId: customer.id, shipToId: input.shipToId ?? null, currency: customer.currency,
    orderDate: input.orderDate, requestedDate: input.requestedDate ?? null, channel: input.channel, customerPoNumber: input.customerPoNumber ?? null,
    quoteId: origin.quoteId ?? null, status: "entered", priority: priorityOfTier(customer.tier), idempotencyKey: input.idempotencyKey ?? null,
    createdByUserId: actor.userId,
  }).returning();
  assert(order !== undefined, "order insert returned its row");
  return order;
}

async function insertLines(tx: Tx, order: SalesOrderRow, drafts: LineDraft[], taxCodeId: number | null): Promise<SalesOrderLineRow[]> {
  const rows = await tx.insert(salesOrderLine).values(drafts.map((d, index) => ({
    orderId: order.id, entityId: order.entityId, lineNumber: index + 1, itemId: d.itemId, warehouseId: d.warehouseId, uom: d.uom,
    qty: formatQty(d.qty), baseQtyOrdered: formatQty(d.baseQty), unitPriceMinor: d.unitPriceMinor, listPriceMinor: d.listPriceMinor,
    priceSource: d.priceSource, priceSourceRef: d.priceSourceRef, unitCostMinor: d.unitCostMinor, marginBps: d.marginBps, taxCodeId,
    requestedDate: d.requestedDate, substituteForItemId: d.substituteForItemId, status: d.holdReason ? "pricing_hold" : "open",
  }))).returning();
  assert(rows.length === drafts.length, "every line was written");
  return rows.sort((a, b) => a.lineNumber - b.lineNumber);
}

/** The order as entered, with proposals for what it is missing. */
export async function enteredResult(tx: Tx, orderId: number, extras: Omit<EnteredSalesOrder, "order" | "proposals">): Promise<EnteredSalesOrder> {
  const order = await loadSalesOrderDetail(tx, orderId);
  assert(order !== null, `order ${orderId} was just written`);
  const proposals: LineProposals[] = [];
  for (const line of order.lines) {
    const proposal = await proposalsForLine(tx, order, line);
    if (proposal) proposals.push(proposal);
  }
  return { ...extras, order, proposals };
}

export async function replayOf(tx: Tx, entityId: number, key: string): Promise<EnteredSalesOrder | null> {
  await lockKey(tx, `sales_order|${entityId}|${key}`);
  const [existing] = await tx.select({ id: salesOrder.id, creditRequestId: salesOrder.creditRequestId }).from(salesOrder)
    .where(and(eq(salesOrder.entityId, entityId), eq(salesOrder.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  return enteredResult(tx, existing.id, { warnings: [], credit: null, creditRequestId: existing.creditRequestId, pricingRequestId: null, replayed: true });
}

/** Enters an order for a parsed request; the caller has checked sales:write. */
export async function placeSalesOrder(tx: Tx, actor: Actor, input: EnterSalesOrderRequest, origin: PlaceOrderOrigin = {}): Promise<EnteredSalesOrder> {
  if (input.idempotencyKey) {
    const replay = await replayOf(tx, input.entityId, input.idempotencyKey);
    if (replay) return replay;
  }
  const customer = await loadSalesCustomer(tx, input.entityId, input.customerId);
  await checkShipTo(tx, customer, input.shipToId);
  // One order at a time per customer, so two orders cannot both pass the credit check on the same headroom.
  await lockKey(tx, `sales_credit|${customer.id}`);
  const warnings = await duplicatePoWarnings(tx, customer, input.customerPoNumber);
  const drafts: LineDraft[] = [];
  for (const [index, line] of input.lines.entries()) drafts.push(await draftLine(tx, customer, input.orderDate, line, index, origin.agreed?.[index] ?? null));
  const order = await insertOrder(tx, actor, input, customer, origin);
  const lines = await insertLines(tx, order, drafts, customer.taxCodeId);
  const credit = await checkCreditForOrder(tx, actor, order, customer);
  const pricingRequestId = await requestPricingOverride(tx, actor, order, customer, lines.filter((l) => l.status === "pricing_hold"), lines);
  const released = await tx.update(salesOrder).set({ status: "released", updatedAt: new Date() })
    .where(and(eq(salesOrder.id, order.id), eq(salesOrder.status, "entered"))).returning({ id: salesOrder.id });
  // A held order allocates nothing; one whose release was auto-approved was allocated by the handler.
  if (released.length === 1) await allocateAndPromise(tx, actor, order.id);
  else await setPromisedDates(tx, order.id);
  return enteredResult(tx, order.id, { warnings, credit: credit.position, creditRequestId: credit.requestId, pricingRequestId, replayed: false });
}
