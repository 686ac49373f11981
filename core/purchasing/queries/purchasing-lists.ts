// Read-only lists the procure-to-pay pages and API need beyond the documents' own readers:
// the receiving queue of a warehouse, what of an order can still be invoiced, the receipts and
// invoices of an order, receipts of an entity, and payment runs. Each checks purchasing:read.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item, supplier, warehouse } from "../../masters/schema";
import { divideRounded } from "../../shared/money";
import { formatQty, parseQty } from "../../shared/quantity";
import { LIST_ROWS_MAX, PO_LINES_MAX } from "../limits";
import { lineQuantities } from "../orders/status";
import { paymentRun, purchaseOrder, purchaseOrderLine, purchaseReceipt, supplierInvoice, supplierInvoiceLine } from "../schema";

function limitOf(requested: number | undefined): number {
  return Math.min(Math.max(1, requested ?? 100), LIST_ROWS_MAX);
}

export type OpenReceiptLine = {
  purchaseOrderId: number; poNumber: string; supplierCode: string; supplierName: string; purchaseOrderLineId: number; lineNumber: number;
  itemId: number; sku: string; description: string; uom: string; qty: string;
  /** Base units still expected (confirmed or ordered, less received and cancelled). */
  openBaseQty: string;
  /** Open quantity in the line's unit, rounded down to 4 decimals: what a full receipt types. */
  openQty: string;
  dueDate: string;
};

/**
 * The receiving queue of a warehouse: open lines of approved (or partly received) orders, by due
 * date, optionally narrowed to a PO number or SKU.
 */
export async function listOpenReceiptLines(tx: Tx, actor: Actor, options: { entityId: number; warehouseId: number; search?: string | null; limit?: number }): Promise<OpenReceiptLine[]> {
  requirePermission(actor, "purchasing:read");
  const open = sql`coalesce(${purchaseOrderLine.confirmedBaseQty}, ${purchaseOrderLine.baseQtyOrdered}) - ${purchaseOrderLine.baseQtyReceived} - ${purchaseOrderLine.baseQtyCancelled}`;
  const conditions: SQL[] = [eq(purchaseOrder.entityId, options.entityId), eq(purchaseOrderLine.warehouseId, options.warehouseId),
    inArray(purchaseOrder.status, ["approved", "partially_received"]), sql`${open} > 0`];
  const search = options.search?.trim();
  if (search) conditions.push(sql`(${purchaseOrder.poNumber} ilike ${`%${search}%`} or ${item.sku} ilike ${`%${search}%`})`);
  const rows = await tx.select({ line: purchaseOrderLine, poNumber: purchaseOrder.poNumber, supplierCode: supplier.code, supplierName: supplier.name, sku: item.sku, description: item.description })
    .from(purchaseOrderLine).innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
    .innerJoin(supplier, eq(supplier.id, purchaseOrder.supplierId)).innerJoin(item, eq(item.id, purchaseOrderLine.itemId))
    .where(and(...conditions))
    .orderBy(sql`coalesce(${purchaseOrderLine.confirmedDate}, ${purchaseOrderLine.expectedDate})`, asc(purchaseOrder.id), asc(purchaseOrderLine.lineNumber))
    .limit(limitOf(options.limit));
  return rows.map(({ line, ...r }) => {
    const q = lineQuantities(line);
    const qtyScaled = parseQty(line.qty);
    const ordered = parseQty(line.baseQtyOrdered);
    // Open base quantity expressed in the line's unit: open x qty / ordered, rounded down.
    const openInUnit = ordered === 0n ? 0n : (q.open * qtyScaled) / ordered;
    return {
      purchaseOrderId: line.purchaseOrderId, poNumber: r.poNumber, supplierCode: r.supplierCode, supplierName: r.supplierName, purchaseOrderLineId: line.id,
      lineNumber: line.lineNumber, itemId: line.itemId, sku: r.sku, description: r.description, uom: line.uom, qty: line.qty,
      openBaseQty: formatQty(q.open), openQty: formatQty(openInUnit), dueDate: line.confirmedDate ?? line.expectedDate,
    };
  });
}

export type InvoiceableLine = {
  purchaseOrderLineId: number; lineNumber: number; itemId: number; sku: string; uom: string;
  /** Received and not yet invoiced, base units. */
  receivedNotInvoicedBaseQty: string;
  /** The PO price per base unit (what an invoice line states), half-even to the minor unit. */
  poPricePerBaseMinor: bigint;
};

/** What of an order can still be invoiced, line by line, with the PO price per base unit. */
export async function listInvoiceableLines(tx: Tx, actor: Actor, purchaseOrderId: number): Promise<InvoiceableLine[]> {
  requirePermission(actor, "purchasing:read");
  const rows = await tx.select({ line: purchaseOrderLine, sku: item.sku }).from(purchaseOrderLine).innerJoin(item, eq(item.id, purchaseOrderLine.itemId))
    .where(eq(purchaseOrderLine.purchaseOrderId, purchaseOrderId)).orderBy(asc(purchaseOrderLine.lineNumber)).limit(PO_LINES_MAX);
  return rows.map(({ line, sku }) => {
    const q = lineQuantities(line);
    const ordered = parseQty(line.baseQtyOrdered);
    return {
      purchaseOrderLineId: line.id, lineNumber: line.lineNumber, itemId: line.itemId, sku, uom: line.uom,
      receivedNotInvoicedBaseQty: formatQty(q.received > q.invoiced ? q.received - q.invoiced : 0n),
      poPricePerBaseMinor: ordered === 0n ? 0n : divideRounded(line.unitPriceMinor * parseQty(line.qty), ordered, "halfEven"),
    };
  });
}

export type ReceiptSummary = {
  id: number; receiptNumber: string; purchaseOrderId: number; poNumber: string; supplierCode: string; warehouseCode: string; receiptDate: string;
  daysLate: number; currency: string; lineCount: number; valueBaseMinor: bigint;
};

/** Receipts of an entity (or of one order), newest first. */
export async function listPurchaseReceipts(tx: Tx, actor: Actor, options: { entityId: number; purchaseOrderId?: number; limit?: number }): Promise<ReceiptSummary[]> {
  requirePermission(actor, "purchasing:read");
  const conditions: SQL[] = [eq(purchaseReceipt.entityId, options.entityId)];
  if (options.purchaseOrderId !== undefined) conditions.push(eq(purchaseReceipt.purchaseOrderId, options.purchaseOrderId));
  const rows = await tx.select({
    receipt: purchaseReceipt, poNumber: purchaseOrder.poNumber, supplierCode: supplier.code, warehouseCode: warehouse.code,
    lineCount: sql<string>`(select count(*) from purchase_receipt_line l where l.receipt_id = ${purchaseReceipt.id})`,
    valueBaseMinor: sql<string>`(select coalesce(sum(l.value_base_minor), 0) from purchase_receipt_line l where l.receipt_id = ${purchaseReceipt.id})`,
  }).from(purchaseReceipt).innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseReceipt.purchaseOrderId))
    .innerJoin(supplier, eq(supplier.id, purchaseReceipt.supplierId)).innerJoin(warehouse, eq(warehouse.id, purchaseReceipt.warehouseId))
    .where(and(...conditions)).orderBy(desc(purchaseReceipt.receiptDate), desc(purchaseReceipt.id)).limit(limitOf(options.limit));
  return rows.map((r) => ({
    id: r.receipt.id, receiptNumber: r.receipt.receiptNumber, purchaseOrderId: r.receipt.purchaseOrderId, poNumber: r.poNumber, supplierCode: r.supplierCode,
    warehouseCode: r.warehouseCode, receiptDate: r.receipt.receiptDate, daysLate: r.receipt.daysLate, currency: r.receipt.currency,
    lineCount: Number(r.lineCount), valueBaseMinor: BigInt(r.valueBaseMinor),
  }));
}

export type OrderInvoiceSummary = {
  id: number; invoiceNumber: string; supplierInvoiceRef: string; invoiceDate: string; status: string; currency: string; totalMinor: bigint;
  /** Match status of each of its lines against this order, e.g. ["matched", "price_variance"]. */
  lineMatches: string[];
};

/** Supplier invoices with at least one line against the order, newest first. */
export async function listInvoicesOfPurchaseOrder(tx: Tx, actor: Actor, purchaseOrderId: number): Promise<OrderInvoiceSummary[]> {
  requirePermission(actor, "purchasing:read");
  const rows = await tx.select({ invoice: supplierInvoice, matchStatus: supplierInvoiceLine.matchStatus }).from(supplierInvoiceLine)
    .innerJoin(supplierInvoice, eq(supplierInvoice.id, supplierInvoiceLine.invoiceId))
    .innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, supplierInvoiceLine.purchaseOrderLineId))
    .where(eq(purchaseOrderLine.purchaseOrderId, purchaseOrderId))
    .orderBy(desc(supplierInvoice.id), asc(supplierInvoiceLine.lineNumber)).limit(LIST_ROWS_MAX);
  const byId = new Map<number, OrderInvoiceSummary>();
  for (const { invoice, matchStatus } of rows) {
    const summary = byId.get(invoice.id) ?? { id: invoice.id, invoiceNumber: invoice.invoiceNumber, supplierInvoiceRef: invoice.supplierInvoiceRef,
      invoiceDate: invoice.invoiceDate, status: invoice.status, currency: invoice.currency, totalMinor: invoice.totalMinor, lineMatches: [] };
    summary.lineMatches.push(matchStatus);
    byId.set(invoice.id, summary);
  }
  return [...byId.values()];
}

export type PaymentRunSummary = typeof paymentRun.$inferSelect & { paymentCount: number };

/** Payment runs of an entity, newest first, optionally by status. */
export async function listPaymentRuns(tx: Tx, actor: Actor, options: { entityId: number; statuses?: string[]; limit?: number }): Promise<PaymentRunSummary[]> {
  requirePermission(actor, "purchasing:read");
  const conditions: SQL[] = [eq(paymentRun.entityId, options.entityId)];
  if (options.statuses && options.statuses.length > 0) conditions.push(inArray(paymentRun.status, options.statuses));
  const rows = await tx.select({ run: paymentRun, paymentCount: sql<string>`(select count(*) from supplier_payment p where p.payment_run_id = ${paymentRun.id})` })
    .from(paymentRun).where(and(...conditions)).orderBy(desc(paymentRun.id)).limit(limitOf(options.limit));
  return rows.map((r) => ({ ...r.run, paymentCount: Number(r.paymentCount) }));
}
