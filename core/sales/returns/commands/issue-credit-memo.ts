import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { postEvent } from "../../../ledger/posting/post-event";
import { assert } from "../../../shared/assert";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty } from "../../../shared/quantity";
import { returnAuthorization, returnLine, salesInvoice, salesInvoiceLine, shipment } from "../../schema";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../../fulfilment/document-number";
import { accrueRebatesForInvoice } from "../../rebates/accrue";
import { Id, IdempotencyKey, IsoDate } from "../../fulfilment/inputs";
import { documentTotals, type DocumentTotals } from "../../invoicing/amounts";
import { itemOf, loadBillingContext, type BillingContext } from "../../invoicing/billing-context";
import { loadInvoiceDetail, type InvoiceDetail } from "../../invoicing/queries/invoices";
import { settleWithCredit } from "../../payments/commands/apply-credit-memo";
import { lockInvoices, settlementsFor, type InvoiceRow } from "../../payments/settle";
import { creditLineAmounts, returnedValueMinor } from "../amounts";
import { ReturnsError } from "../errors";
import { returnNotFound, type ReturnRow } from "../queries/returns";
import { creditedByInvoiceLine } from "../returnable";

export const IssueCreditMemoInput = z.object({ rmaId: Id, creditDate: IsoDate, idempotencyKey: IdempotencyKey.optional() });

type CreditLine = { returned: typeof returnLine.$inferSelect; original: typeof salesInvoiceLine.$inferSelect; qty: bigint; netMinor: bigint; taxMinor: bigint };

async function replayed(tx: Tx, rma: ReturnRow, key: string): Promise<InvoiceDetail | null> {
  const [existing] = await tx.select({ id: salesInvoice.id, rmaId: salesInvoice.returnAuthorizationId }).from(salesInvoice)
    .where(and(eq(salesInvoice.entityId, rma.entityId), eq(salesInvoice.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.rmaId !== rma.id) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used for another credit memo`, { invoiceId: existing.id });
  }
  return loadInvoiceDetail(tx, existing.id, true);
}

/** Received lines at the original invoice's prices and tax, after what earlier credits took. */
async function creditLines(tx: Tx, rma: ReturnRow): Promise<CreditLine[]> {
  const rows = await tx.select({ returned: returnLine, original: salesInvoiceLine }).from(returnLine)
    .innerJoin(salesInvoiceLine, eq(salesInvoiceLine.id, returnLine.invoiceLineId))
    .where(eq(returnLine.returnAuthorizationId, rma.id)).orderBy(asc(returnLine.id));
  const received = rows.filter((r) => parseQty(r.returned.baseQtyReceived) > 0n);
  if (received.length === 0) {
    throw new DomainError(ReturnsError.NOTHING_RECEIVED, "conflict", `${rma.rmaNumber} has no received goods to credit`, { rmaId: rma.id });
  }
  const credited = await creditedByInvoiceLine(tx, received.map((r) => r.original.id));
  const running = new Map(credited);
  return received.map(({ returned, original }) => {
    const qty = parseQty(returned.baseQtyReceived);
    const before = running.get(original.id) ?? 0n;
    running.set(original.id, before + qty);
    return { returned, original, qty, ...creditLineAmounts(original, before, qty) };
  });
}

/**
 * Issues the credit memo for what an RMA received: net and tax reversed at the original
 * invoice's prices, tax and rate. Posts sales.credit_memo (Dr Sales returns, Dr Sales tax
 * payable, Cr AR) and applies the credit to the original invoice while it is open; what the
 * invoice cannot take stays open as a credit for the customer.
 */
export async function issueCreditMemo(tx: Tx, actor: Actor, raw: z.input<typeof IssueCreditMemoInput>): Promise<InvoiceDetail> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(IssueCreditMemoInput, raw);
  const [rma] = await tx.select().from(returnAuthorization).where(eq(returnAuthorization.id, input.rmaId)).limit(1).for("update");
  if (!rma) throw returnNotFound(input.rmaId);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, rma, input.idempotencyKey);
    if (previous) return previous;
  }
  if (rma.status === "credited") throw new DomainError(ReturnsError.ALREADY_CREDITED, "conflict", `${rma.rmaNumber} is already credited`, { rmaId: rma.id, creditMemoId: rma.creditMemoId });
  if (rma.status !== "received") throw new DomainError(ReturnsError.NOTHING_RECEIVED, "conflict", `${rma.rmaNumber} is ${rma.status}; credit follows the receipt of the goods`, { rmaId: rma.id });
  const original = (await lockInvoices(tx, [rma.invoiceId])).get(rma.invoiceId);
  assert(original !== undefined, "an RMA's invoice exists");
  const lines = await creditLines(tx, rma);
  const context = await loadBillingContext(tx, rma.entityId, rma.customerId, lines.map((l) => l.original.itemId), []);
  const totals = documentTotals(lines, original.exchangeRatePpm);
  const memo = await writeCreditMemo(tx, actor, { rma, original, lines, context, totals, creditDate: input.creditDate, idempotencyKey: input.idempotencyKey ?? null });
  await tx.update(returnAuthorization).set({ status: "credited", creditMemoId: memo.id, updatedAt: new Date() }).where(eq(returnAuthorization.id, rma.id));
  const invoiceOpen = original.totalMinor - original.appliedMinor;
  const applicable = invoiceOpen < memo.totalMinor ? invoiceOpen : memo.totalMinor;
  if (applicable > 0n) {
    const [settlement] = settlementsFor(memo, [{ invoiceId: original.id, amountMinor: applicable }], new Map([[original.id, original]]));
    assert(settlement !== undefined, "one settlement for the original invoice");
    await settleWithCredit(tx, actor, memo, settlement, input.creditDate);
  }
  return loadInvoiceDetail(tx, memo.id);
}

type WriteCreditMemo = { rma: ReturnRow; original: InvoiceRow; lines: CreditLine[]; context: BillingContext; totals: DocumentTotals; creditDate: string; idempotencyKey: string | null };

async function writeCreditMemo(tx: Tx, actor: Actor, w: WriteCreditMemo): Promise<InvoiceRow> {
  const entity = await entityInfoOrThrow(tx, w.rma.entityId);
  const id = await nextDocumentId(tx, "sales_invoice");
  const number = documentNumber("CM", entity.code, id);
  const [memo] = await tx.insert(salesInvoice).values({
    id, entityId: w.rma.entityId, invoiceNumber: number, kind: "credit_memo", customerId: w.rma.customerId, orderId: w.original.orderId,
    originalInvoiceId: w.original.id, returnAuthorizationId: w.rma.id, currency: w.original.currency, exchangeRatePpm: w.original.exchangeRatePpm,
    invoiceDate: w.creditDate, dueDate: w.creditDate, subtotalMinor: w.totals.subtotal.documentMinor, taxMinor: w.totals.tax.documentMinor,
    totalMinor: w.totals.total.documentMinor, totalBaseMinor: w.totals.total.baseMinor, status: w.totals.total.documentMinor === 0n ? "paid" : "open",
    idempotencyKey: w.idempotencyKey, createdByUserId: actor.userId,
  }).returning();
  assert(memo !== undefined, "credit memo inserted");
  await tx.insert(salesInvoiceLine).values(w.lines.map((l, index) => ({
    invoiceId: id, lineNumber: index + 1, orderLineId: l.original.orderLineId, shipmentLineId: l.original.shipmentLineId, itemId: l.original.itemId,
    description: `Return: ${l.original.description}`, baseQty: formatQty(l.qty), unitPriceMinor: l.original.unitPriceMinor, netMinor: l.netMinor,
    taxCodeId: l.original.taxCodeId, taxMinor: l.taxMinor, costValueMinor: returnedValueMinor(l.qty, l.returned.unitCostMinor),
  })));
  const warehouseId = await revenueWarehouseOf(tx, w.original, w.rma.warehouseId);
  const entry = await postEvent(tx, actor, {
    entityId: w.rma.entityId, postingDate: w.creditDate, description: `${number} ${w.rma.rmaNumber} ${w.context.customer.name}`, sourceType: "sales_invoice", sourceId: id,
    documentCurrency: w.original.currency === entity.baseCurrency ? null : w.original.currency,
  }, {
    type: "sales.credit_memo", customerId: w.rma.customerId, customerGroupId: w.context.customer.groupId, total: w.totals.total, tax: w.totals.tax,
    lines: w.lines.map((l, index) => ({ itemId: l.original.itemId, itemCategoryId: itemOf(w.context, l.original.itemId).categoryId, warehouseId, net: w.totals.lines[index]!.net })),
  });
  // A return reduces the qualifying sales of the customer's rebate agreements as it posts.
  await accrueRebatesForInvoice(tx, actor, id);
  if (!entry) return memo;
  const [linked] = await tx.update(salesInvoice).set({ journalEntryId: entry.id }).where(eq(salesInvoice.id, id)).returning();
  assert(linked !== undefined, "credit memo linked to its entry");
  return linked;
}

/** Sales returns carry the warehouse the revenue was booked under: the original shipment's. */
async function revenueWarehouseOf(tx: Tx, original: InvoiceRow, fallbackWarehouseId: number): Promise<number> {
  if (original.shipmentId === null) return fallbackWarehouseId;
  const [row] = await tx.select({ warehouseId: shipment.warehouseId }).from(shipment).where(inArray(shipment.id, [original.shipmentId])).limit(1);
  return row?.warehouseId ?? fallbackWarehouseId;
}
