// Posting of a matched (or accepted) supplier invoice: the matched quantity clears GRNI at the
// receipt value, receipt by receipt in arrival order (FIFO); what the invoice says beyond that
// is purchase price variance; AP takes the invoice total. All base parts are converted one by
// one and summed, so the entry balances exactly in base and in the invoice's currency.
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { postEvent, type PurchaseMatchLine } from "../../ledger";
import { item } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { RECEIPTS_PER_PO_LINE_MAX } from "../limits";
import { lockOrdersOfLines, refreshPurchaseOrderStatus } from "../orders/lock";
import { lineQuantities } from "../orders/status";
import { purchaseOrderLine, purchaseReceiptLine, supplierInvoice, supplierInvoiceLine } from "../schema";
import type { EntityInfo } from "../shared/context";
import { cumulativeShare, minBigint } from "../shared/values";

export type SupplierInvoiceRow = typeof supplierInvoice.$inferSelect;
export type SupplierInvoiceLineRow = typeof supplierInvoiceLine.$inferSelect;
type ReceiptLineState = { id: number; baseQty: QtyScaled; invoiced: QtyScaled; valueBaseMinor: bigint; valueDocumentMinor: bigint; invoicedBaseMinor: bigint; touched: boolean };

/** Takes qty from the receipt lines oldest first and returns the GRNI value it clears. */
function clearFifo(receipts: ReceiptLineState[], qty: QtyScaled): { baseMinor: bigint; documentMinor: bigint } {
  let remaining = qty;
  let baseMinor = 0n;
  let documentMinor = 0n;
  for (const r of receipts) {
    if (remaining === 0n) break;
    const take = minBigint(r.baseQty - r.invoiced, remaining);
    if (take <= 0n) continue;
    const base = cumulativeShare(r.valueBaseMinor, r.baseQty, r.invoiced, take);
    documentMinor += cumulativeShare(r.valueDocumentMinor, r.baseQty, r.invoiced, take);
    r.invoiced += take;
    r.invoicedBaseMinor += base;
    r.touched = true;
    baseMinor += base;
    remaining -= take;
  }
  assert(remaining === 0n, "receipt lines hold the matched quantity");
  return { baseMinor, documentMinor };
}

async function lockReceiptLines(tx: Tx, poLineIds: number[]): Promise<Map<number, ReceiptLineState[]>> {
  const rows = await tx.select().from(purchaseReceiptLine)
    .where(and(inArray(purchaseReceiptLine.purchaseOrderLineId, poLineIds), gt(purchaseReceiptLine.baseQty, purchaseReceiptLine.baseQtyInvoiced)))
    .orderBy(asc(purchaseReceiptLine.id)).for("update").limit(RECEIPTS_PER_PO_LINE_MAX * poLineIds.length);
  const byPoLine = new Map<number, ReceiptLineState[]>();
  for (const r of rows) {
    const state = { id: r.id, baseQty: parseQty(r.baseQty), invoiced: parseQty(r.baseQtyInvoiced), valueBaseMinor: r.valueBaseMinor,
      valueDocumentMinor: r.valueDocumentMinor, invoicedBaseMinor: r.valueInvoicedBaseMinor, touched: false };
    byPoLine.set(r.purchaseOrderLineId, [...(byPoLine.get(r.purchaseOrderLineId) ?? []), state]);
  }
  return byPoLine;
}

async function writeClearing(tx: Tx, receipts: Map<number, ReceiptLineState[]>, invoicedByPoLine: Map<number, QtyScaled>): Promise<void> {
  const touched = [...receipts.values()].flat().filter((r) => r.touched);
  if (touched.length > 0) {
    const values = sql.join(touched.map((r) => sql`(${r.id}::int8, ${formatQty(r.invoiced)}::numeric, ${r.invoicedBaseMinor.toString()}::int8)`), sql`, `);
    const updated = await tx.execute(sql`update purchase_receipt_line r set base_qty_invoiced = v.qty, value_invoiced_base_minor = v.value
      from (values ${values}) as v(id, qty, value) where r.id = v.id`);
    assert(updated.count === touched.length, "every cleared receipt line was updated");
  }
  for (const [poLineId, qty] of invoicedByPoLine) {
    if (qty === 0n) continue;
    await tx.update(purchaseOrderLine).set({ baseQtyInvoiced: sql`${purchaseOrderLine.baseQtyInvoiced} + ${formatQty(qty)}::numeric` }).where(eq(purchaseOrderLine.id, poLineId));
  }
}

/**
 * Posts purchase.invoiced for an invoice whose lines all point at PO lines, clears GRNI and
 * marks the invoice posted. Quantities invoiced beyond what was received (accepted exceptions)
 * clear nothing and go to PPV with the price difference.
 */
export async function postMatchedInvoice(tx: Tx, actor: Actor, entity: EntityInfo, invoice: SupplierInvoiceRow, lines: SupplierInvoiceLineRow[]): Promise<number | null> {
  const poLineIds = [...new Set(lines.map((l) => l.purchaseOrderLineId).filter((id): id is number => id !== null))];
  assert(poLineIds.length > 0 && poLineIds.length === new Set(lines.map((l) => l.purchaseOrderLineId)).size, "every matched invoice line names a PO line");
  const { orders, lines: poLines } = await lockOrdersOfLines(tx, poLineIds);
  const receipts = await lockReceiptLines(tx, poLineIds);
  const categories = await tx.select({ id: item.id, categoryId: item.categoryId }).from(item).where(inArray(item.id, [...new Set([...poLines.values()].map((l) => l.itemId))]));
  const available = new Map([...poLines.values()].map((l) => [l.id, lineQuantities(l).received - lineQuantities(l).invoiced]));
  const invoicedByPoLine = new Map<number, QtyScaled>();
  const eventLines: PurchaseMatchLine[] = [];
  for (const line of lines) {
    const poLine = poLines.get(line.purchaseOrderLineId!);
    assert(poLine !== undefined, "the PO line was locked");
    const matched = minBigint(parseQty(line.baseQty), available.get(poLine.id) ?? 0n);
    available.set(poLine.id, (available.get(poLine.id) ?? 0n) - matched);
    invoicedByPoLine.set(poLine.id, (invoicedByPoLine.get(poLine.id) ?? 0n) + matched);
    const cleared = matched > 0n ? clearFifo(receipts.get(poLine.id) ?? [], matched) : { baseMinor: 0n, documentMinor: 0n };
    const lineBase = applyRatePpm(line.amountMinor, invoice.exchangeRatePpm, "halfEven");
    const variance = { baseMinor: lineBase - cleared.baseMinor, documentMinor: line.amountMinor - cleared.documentMinor };
    await tx.update(supplierInvoiceLine).set({ priceVarianceBaseMinor: variance.baseMinor }).where(eq(supplierInvoiceLine.id, line.id));
    eventLines.push({ itemId: poLine.itemId, itemCategoryId: categories.find((c) => c.id === poLine.itemId)!.categoryId, warehouseId: poLine.warehouseId,
      grniCleared: cleared, variance, varianceTo: "ppv" });
  }
  const taxBase = applyRatePpm(invoice.taxMinor, invoice.exchangeRatePpm, "halfEven");
  const totalBase = eventLines.reduce((sum, l) => sum + l.grniCleared.baseMinor + l.variance.baseMinor, 0n) + taxBase;
  assert(totalBase === invoice.totalBaseMinor, "the invoice's base total is the sum of its converted parts");
  const entry = await postEvent(tx, actor, {
    entityId: invoice.entityId, postingDate: invoice.invoiceDate, description: `${invoice.invoiceNumber} supplier invoice ${invoice.supplierInvoiceRef}`,
    sourceType: "supplier_invoice", sourceId: invoice.id, documentCurrency: invoice.currency === entity.baseCurrency ? null : invoice.currency,
  }, { type: "purchase.invoiced", supplierId: invoice.supplierId, total: { baseMinor: totalBase, documentMinor: invoice.totalMinor },
    tax: { baseMinor: taxBase, documentMinor: invoice.taxMinor }, lines: eventLines });
  // Null only when every amount is zero (free goods invoiced at zero): nothing to post.
  assert(entry !== null || totalBase === 0n, "a supplier invoice with an amount posts an entry");
  await writeClearing(tx, receipts, invoicedByPoLine);
  for (const order of orders.values()) await refreshPurchaseOrderStatus(tx, order);
  await tx.update(supplierInvoice).set({ status: "posted", journalEntryId: entry?.id ?? null, updatedAt: new Date() }).where(eq(supplierInvoice.id, invoice.id));
  return entry?.id ?? null;
}
