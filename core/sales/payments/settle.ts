// Applying money to invoices, shared by cash receipts, deposits and credit memos: lock the
// invoices, check each application, compute the AR carrying value it relieves, and write the
// applications and the invoices' new applied amounts and statuses.
import { inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { paymentApplication, salesInvoice } from "../schema";
import { reliefBaseMinor, settlementStatus } from "../receivables/carrying-value";
import { PaymentsError } from "./errors";

export type InvoiceRow = typeof salesInvoice.$inferSelect;
export type ApplicationRequest = { invoiceId: number; amountMinor: bigint };
export type Settlement = { invoice: InvoiceRow; amountMinor: bigint; reliefBaseMinor: bigint; appliedAfterMinor: bigint };
export type Payer = { entityId: number; customerId: number; currency: string };

/** Locks the documents in id order, the one order every settling command uses. */
export async function lockInvoices(tx: Tx, invoiceIds: number[]): Promise<Map<number, InvoiceRow>> {
  const ids = [...new Set(invoiceIds)].sort((a, b) => a - b);
  const rows = await tx.select().from(salesInvoice).where(inArray(salesInvoice.id, ids)).orderBy(salesInvoice.id).for("update");
  return new Map(rows.map((r) => [r.id, r]));
}

function refuse(index: number, code: string, message: string, details: Record<string, unknown>): DomainError {
  return new DomainError(code, "unprocessable", `applications.${index}: ${message}`, details);
}

/** Checks every application against its locked invoice and computes what it relieves. */
export function settlementsFor(payer: Payer, requests: readonly ApplicationRequest[], invoices: Map<number, InvoiceRow>): Settlement[] {
  const seen = new Set<number>();
  return requests.map((request, index) => {
    const invoice = invoices.get(request.invoiceId);
    if (seen.has(request.invoiceId)) throw new DomainError(PaymentsError.DUPLICATE_APPLICATION, "invalid", `applications.${index}.invoiceId: invoice ${request.invoiceId} is listed twice`);
    seen.add(request.invoiceId);
    if (!invoice || invoice.entityId !== payer.entityId || invoice.customerId !== payer.customerId || invoice.kind !== "invoice" || invoice.status === "void") {
      throw refuse(index, PaymentsError.INVOICE_NOT_APPLICABLE, `invoice ${request.invoiceId} is not an invoice of this customer that can take a payment`, { invoiceId: request.invoiceId });
    }
    if (invoice.currency !== payer.currency) {
      throw refuse(index, PaymentsError.CURRENCY_MISMATCH, `invoice ${invoice.invoiceNumber} is in ${invoice.currency}, the money is in ${payer.currency}`, { invoiceId: invoice.id });
    }
    const openMinor = invoice.totalMinor - invoice.appliedMinor;
    if (request.amountMinor > openMinor) {
      throw refuse(index, PaymentsError.APPLICATION_EXCEEDS_OPEN, `${request.amountMinor} exceeds the ${openMinor} open on invoice ${invoice.invoiceNumber}`,
        { invoiceId: invoice.id, openMinor: openMinor.toString(), amountMinor: request.amountMinor.toString() });
    }
    return { invoice, amountMinor: request.amountMinor, reliefBaseMinor: reliefBaseMinor(invoice, openMinor, request.amountMinor), appliedAfterMinor: invoice.appliedMinor + request.amountMinor };
  });
}

export function totalOf(settlements: readonly Settlement[]): { documentMinor: bigint; baseMinor: bigint } {
  return settlements.reduce((acc, s) => ({ documentMinor: acc.documentMinor + s.amountMinor, baseMinor: acc.baseMinor + s.reliefBaseMinor }), { documentMinor: 0n, baseMinor: 0n });
}

export type ApplicationSource = { paymentId: number; creditMemoId?: never } | { creditMemoId: number; paymentId?: never };

/** Writes the application rows and raises each invoice's applied amount, in two statements. */
export async function writeApplications(tx: Tx, source: ApplicationSource, appliedDate: string, journalEntryId: number | null, settlements: readonly Settlement[]): Promise<void> {
  if (settlements.length === 0) return;
  await tx.insert(paymentApplication).values(settlements.map((s) => ({
    entityId: s.invoice.entityId, paymentId: source.paymentId ?? null, creditMemoId: source.creditMemoId ?? null, invoiceId: s.invoice.id,
    amountMinor: s.amountMinor, appliedDate, journalEntryId,
  })));
  const values = settlements.map((s) => sql`(${s.invoice.id}::int8, ${s.appliedAfterMinor.toString()}::int8, ${settlementStatus(s.invoice.totalMinor, s.appliedAfterMinor)})`);
  const updated = await tx.execute(sql`update sales_invoice i set applied_minor = v.applied, status = v.status, updated_at = now()
    from (values ${sql.join(values, sql`, `)}) as v(id, applied, status) where i.id = v.id`);
  assert(updated.count === settlements.length, "every settled invoice was updated");
}
