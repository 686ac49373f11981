import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { postEvent } from "../../../ledger/posting/post-event";
import { exchangeRateOn } from "../../../masters/queries/exchange-rate-on";
import { assert } from "../../../shared/assert";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { salesInvoice, salesInvoiceLine, shipmentLine } from "../../schema";
import { lockShipmentOrThrow, type ShipmentRow } from "../../fulfilment/commands/pack-shipment";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../../fulfilment/document-number";
import { Id, IdempotencyKey, IsoDate } from "../../fulfilment/inputs";
import { lockOrderLines, lockOrderOrThrow, type OrderLineRow, type OrderRow } from "../../fulfilment/order-lines";
import { addDays } from "../../receivables/dates";
import { settlementStatus } from "../../receivables/carrying-value";
import { documentTotals, invoiceLineNetMinor, taxMinorOf } from "../amounts";
import { itemOf, loadBillingContext, taxRateFor, type BillingContext } from "../billing-context";
import { InvoicingError } from "../errors";
import { loadInvoiceDetail, type InvoiceDetail } from "../queries/invoices";
import { accrueRebatesForInvoice } from "../../rebates/accrue";

export const InvoiceShipmentInput = z.object({ shipmentId: Id, invoiceDate: IsoDate, idempotencyKey: IdempotencyKey.optional() });

type ShipmentLineRow = typeof shipmentLine.$inferSelect;
type DraftLine = { shipmentLine: ShipmentLineRow; orderLine: OrderLineRow; qty: QtyScaled; netMinor: bigint; taxMinor: bigint; taxCodeId: number | null };

async function replayed(tx: Tx, row: ShipmentRow, key: string): Promise<InvoiceDetail | null> {
  const [existing] = await tx.select({ id: salesInvoice.id, shipmentId: salesInvoice.shipmentId }).from(salesInvoice)
    .where(and(eq(salesInvoice.entityId, row.entityId), eq(salesInvoice.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.shipmentId !== row.id) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used for another invoice`, { invoiceId: existing.id });
  }
  return loadInvoiceDetail(tx, existing.id, true);
}

/** Base units invoiced so far per order line, over all of its shipments (the lines are locked). */
async function invoicedBefore(tx: Tx, orderLineIds: number[]): Promise<Map<number, QtyScaled>> {
  const rows = await tx.select({ orderLineId: shipmentLine.orderLineId, qty: sql<string>`sum(${shipmentLine.baseQtyInvoiced})::text` })
    .from(shipmentLine).where(inArray(shipmentLine.orderLineId, orderLineIds)).groupBy(shipmentLine.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, parseQty(r.qty)]));
}

/** Prices each uninvoiced shipment line at its order line's price, tax per line. */
function draftLines(pending: ShipmentLineRow[], orderLines: OrderLineRow[], before: Map<number, QtyScaled>, context: BillingContext): DraftLine[] {
  const running = new Map(before);
  return pending.map((s) => {
    const orderLine = orderLines.find((o) => o.id === s.orderLineId);
    assert(orderLine !== undefined, "a shipment line belongs to its order");
    const qty = parseQty(s.baseQty) - parseQty(s.baseQtyInvoiced);
    const prior = running.get(orderLine.id) ?? 0n;
    running.set(orderLine.id, prior + qty);
    const netMinor = invoiceLineNetMinor({ unitPriceMinor: orderLine.unitPriceMinor, qty: parseQty(orderLine.qty), baseQtyOrdered: parseQty(orderLine.baseQtyOrdered) }, prior, qty);
    const tax = taxRateFor(context, orderLine.taxCodeId);
    return { shipmentLine: s, orderLine, qty, netMinor, taxMinor: taxMinorOf(netMinor, tax.ratePpm), taxCodeId: tax.taxCodeId };
  });
}

function describe(context: BillingContext, line: OrderLineRow): string {
  const info = itemOf(context, line.itemId);
  return line.uom === info.baseUom ? `${info.sku} ${info.description}` : `${info.sku} ${info.description} (priced per ${line.uom})`;
}

/**
 * Invoices what a shipped shipment has not yet invoiced, at the order lines' prices converted
 * from the order unit to the base quantities shipped, in the order's currency at the invoice
 * date's rate. Posts sales.invoiced: Dr AR; Cr Revenue per line; Cr Sales tax payable.
 */
export async function invoiceShipment(tx: Tx, actor: Actor, raw: z.input<typeof InvoiceShipmentInput>): Promise<InvoiceDetail> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(InvoiceShipmentInput, raw);
  const row = await lockShipmentOrThrow(tx, input.shipmentId);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, row, input.idempotencyKey);
    if (previous) return previous;
  }
  if (row.status !== "shipped") {
    throw new DomainError(InvoicingError.SHIPMENT_NOT_SHIPPED, "conflict", `Shipment ${row.shipmentNumber} is ${row.status}; only shipped goods are invoiced`, { shipmentId: row.id });
  }
  const lines = await tx.select().from(shipmentLine).where(eq(shipmentLine.shipmentId, row.id)).orderBy(shipmentLine.id);
  const pending = lines.filter((l) => parseQty(l.baseQtyInvoiced) < parseQty(l.baseQty));
  if (pending.length === 0) {
    throw new DomainError(InvoicingError.SHIPMENT_ALREADY_INVOICED, "conflict", `Shipment ${row.shipmentNumber} is already invoiced`, { shipmentId: row.id });
  }
  const order = await lockOrderOrThrow(tx, row.orderId);
  const orderLines = await lockOrderLines(tx, order.id);
  const context = await loadBillingContext(tx, order.entityId, order.customerId, pending.map((l) => l.itemId),
    orderLines.flatMap((l) => (l.taxCodeId ? [l.taxCodeId] : [])));
  const drafts = draftLines(pending, orderLines, await invoicedBefore(tx, pending.map((l) => l.orderLineId)), context);
  const invoiceId = await writeInvoice(tx, actor, { row, order, context, drafts, invoiceDate: input.invoiceDate, idempotencyKey: input.idempotencyKey ?? null });
  const marked = await tx.execute(sql`update shipment_line set base_qty_invoiced = base_qty where id in (${sql.join(pending.map((l) => sql`${l.id}`), sql`, `)})`);
  assert(marked.count === pending.length, "every invoiced shipment line was marked");
  return loadInvoiceDetail(tx, invoiceId);
}

type WriteInvoice = { row: ShipmentRow; order: OrderRow; context: BillingContext; drafts: DraftLine[]; invoiceDate: string; idempotencyKey: string | null };

async function writeInvoice(tx: Tx, actor: Actor, w: WriteInvoice): Promise<number> {
  const entity = await entityInfoOrThrow(tx, w.order.entityId);
  const ratePpm = await exchangeRateOn(tx, w.order.currency, entity.baseCurrency, w.invoiceDate);
  const totals = documentTotals(w.drafts, ratePpm);
  const id = await nextDocumentId(tx, "sales_invoice");
  const invoiceNumber = documentNumber("INV", entity.code, id);
  await tx.insert(salesInvoice).values({
    id, entityId: w.order.entityId, invoiceNumber, kind: "invoice", customerId: w.order.customerId, orderId: w.order.id, shipmentId: w.row.id,
    currency: w.order.currency, exchangeRatePpm: ratePpm, invoiceDate: w.invoiceDate, dueDate: addDays(w.invoiceDate, w.context.dueDays),
    subtotalMinor: totals.subtotal.documentMinor, taxMinor: totals.tax.documentMinor, totalMinor: totals.total.documentMinor, totalBaseMinor: totals.total.baseMinor,
    status: settlementStatus(totals.total.documentMinor, 0n) === "paid" ? "paid" : "open", idempotencyKey: w.idempotencyKey, createdByUserId: actor.userId,
  });
  await tx.insert(salesInvoiceLine).values(w.drafts.map((d, index) => ({
    invoiceId: id, lineNumber: index + 1, orderLineId: d.orderLine.id, shipmentLineId: d.shipmentLine.id, itemId: d.orderLine.itemId,
    description: describe(w.context, d.orderLine), baseQty: formatQty(d.qty), unitPriceMinor: d.orderLine.unitPriceMinor,
    netMinor: d.netMinor, taxCodeId: d.taxCodeId, taxMinor: d.taxMinor,
  })));
  const entry = await postEvent(tx, actor, {
    entityId: w.order.entityId, postingDate: w.invoiceDate, description: `${invoiceNumber} ${w.context.customer.name}`, sourceType: "sales_invoice", sourceId: id,
    documentCurrency: w.order.currency === entity.baseCurrency ? null : w.order.currency,
  }, {
    type: "sales.invoiced", customerId: w.order.customerId, customerGroupId: w.context.customer.groupId, total: totals.total, tax: totals.tax,
    lines: w.drafts.map((d, index) => ({ itemId: d.orderLine.itemId, itemCategoryId: itemOf(w.context, d.orderLine.itemId).categoryId, warehouseId: w.row.warehouseId, net: totals.lines[index]!.net })),
  });
  if (entry) await tx.update(salesInvoice).set({ journalEntryId: entry.id }).where(eq(salesInvoice.id, id));
  // Customer rebates accrue as the invoice posts, in the same transaction (DOMAIN.md, R2R).
  await accrueRebatesForInvoice(tx, actor, id);
  return id;
}
