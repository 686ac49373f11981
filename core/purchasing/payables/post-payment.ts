// Posting of a supplier payment: each application clears AP at the invoice's carrying value
// (cumulative share of its base total), cash and discount convert at the payment date's rate,
// and the posting engine books the difference as realized FX.
import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger";
import { exchangeRateOn } from "../../masters";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import type { SupplierInvoiceRow } from "../invoices/post-invoice";
import { PAYMENT_RUN_INVOICES_MAX } from "../limits";
import { purchaseOrder, supplierInvoice, supplierPayment } from "../schema";
import { loadPaymentTerm, loadSupplierOrThrow, type EntityInfo, type PaymentTermRow } from "../shared/context";
import { addDays } from "../shared/dates";
import { cumulativeShare } from "../shared/values";

export type PaymentApplication = { invoice: SupplierInvoiceRow; amountMinor: bigint; discountMinor: bigint };
export type PaymentToPost = { id: number; number: string; supplierId: number; currency: string; paymentDate: string };

export async function lockInvoices(tx: Tx, invoiceIds: readonly number[]): Promise<Map<number, SupplierInvoiceRow>> {
  assert(invoiceIds.length <= PAYMENT_RUN_INVOICES_MAX, "too many invoices to lock at once");
  if (invoiceIds.length === 0) return new Map();
  const rows = await tx.select().from(supplierInvoice).where(inArray(supplierInvoice.id, [...invoiceIds])).orderBy(asc(supplierInvoice.id)).for("update");
  return new Map(rows.map((r) => [r.id, r]));
}

/** The terms an invoice is paid on: its purchase order's, else the supplier's. */
export async function termOfInvoice(tx: Tx, invoice: SupplierInvoiceRow): Promise<PaymentTermRow> {
  if (invoice.purchaseOrderId !== null) {
    const [order] = await tx.select({ code: purchaseOrder.paymentTermCode }).from(purchaseOrder).where(eq(purchaseOrder.id, invoice.purchaseOrderId)).limit(1);
    if (order) return loadPaymentTerm(tx, order.code);
  }
  const vendor = await loadSupplierOrThrow(tx, invoice.entityId, invoice.supplierId, { allowInactive: true });
  return loadPaymentTerm(tx, vendor.paymentTermCode);
}

/** The early-payment discount the terms allow on an unpaid invoice paid by its discount date; else zero. */
export function eligibleDiscount(invoice: SupplierInvoiceRow, term: PaymentTermRow, paymentDate: string): bigint {
  if (term.discountPpm === 0n || invoice.paidMinor > 0n) return 0n;
  if (paymentDate > addDays(invoice.invoiceDate, term.discountDays)) return 0n;
  return applyRatePpm(invoice.totalMinor, term.discountPpm, "halfEven");
}

export function checkApplicable(application: PaymentApplication): void {
  const { invoice } = application;
  if (invoice.status !== "posted" && invoice.status !== "partially_paid") {
    throw new DomainError(PurchasingError.INVOICE_STATE, "conflict", `Supplier invoice ${invoice.invoiceNumber} is ${invoice.status}; only posted invoices are paid`, { invoiceId: invoice.id });
  }
  const open = invoice.totalMinor - invoice.paidMinor;
  if (application.amountMinor + application.discountMinor > open) {
    throw new DomainError(PurchasingError.PAYMENT_EXCEEDS_OPEN, "unprocessable", `Supplier invoice ${invoice.invoiceNumber} has only ${open} minor units open`, { invoiceId: invoice.id, openMinor: open.toString() });
  }
}

/** Posts purchase.payment for the applications (invoices locked by the caller) and settles the invoices. */
export async function postSupplierPayment(tx: Tx, actor: Actor, entity: EntityInfo, payment: PaymentToPost, applications: PaymentApplication[]): Promise<{ journalEntryId: number; ratePpm: bigint }> {
  assert(applications.length > 0, "a payment settles at least one invoice");
  const ratePpm = await exchangeRateOn(tx, payment.currency, entity.baseCurrency, payment.paymentDate);
  const sums = { apBase: 0n, apDocument: 0n, cashBase: 0n, cashDocument: 0n, discountBase: 0n, discountDocument: 0n };
  for (const application of applications) {
    checkApplicable(application);
    const { invoice, amountMinor, discountMinor } = application;
    assert(invoice.currency === payment.currency, "a payment is in its invoices' currency");
    const settled = amountMinor + discountMinor;
    sums.apBase += cumulativeShare(invoice.totalBaseMinor, invoice.totalMinor, invoice.paidMinor, settled);
    sums.apDocument += settled;
    sums.cashBase += applyRatePpm(amountMinor, ratePpm, "halfEven");
    sums.cashDocument += amountMinor;
    sums.discountBase += applyRatePpm(discountMinor, ratePpm, "halfEven");
    sums.discountDocument += discountMinor;
    const paidMinor = invoice.paidMinor + settled;
    await tx.update(supplierInvoice).set({ paidMinor, status: paidMinor === invoice.totalMinor ? "paid" : "partially_paid", updatedAt: new Date() })
      .where(eq(supplierInvoice.id, invoice.id));
    invoice.paidMinor = paidMinor; // Later applications to the same invoice see what this one settled.
  }
  const entry = await postEvent(tx, actor, {
    entityId: entity.id, postingDate: payment.paymentDate, description: `${payment.number} supplier payment`, sourceType: "supplier_payment", sourceId: payment.id,
    documentCurrency: payment.currency === entity.baseCurrency ? null : payment.currency,
  }, { type: "purchase.payment", supplierId: payment.supplierId, apCleared: { baseMinor: sums.apBase, documentMinor: sums.apDocument },
    cash: { baseMinor: sums.cashBase, documentMinor: sums.cashDocument }, discount: { baseMinor: sums.discountBase, documentMinor: sums.discountDocument } });
  assert(entry !== null, "a supplier payment posts an entry");
  await tx.update(supplierPayment).set({ journalEntryId: entry.id, exchangeRatePpm: ratePpm }).where(eq(supplierPayment.id, payment.id));
  return { journalEntryId: entry.id, ratePpm };
}
