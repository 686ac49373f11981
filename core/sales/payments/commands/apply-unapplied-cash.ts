import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { postEvent } from "../../../ledger/posting/post-event";
import { journalEntry } from "../../../ledger/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { customerPayment } from "../../schema";
import { entityInfoOrThrow } from "../../fulfilment/document-number";
import { Id, IdempotencyKey, IsoDate, PositiveMinor } from "../../fulfilment/inputs";
import { depositBaseMinor } from "../../receivables/carrying-value";
import { APPLICATIONS_MAX, PaymentsError } from "../errors";
import { loadPaymentDetail, paymentNotFound, type PaymentDetail } from "../queries/payments";
import { lockInvoices, settlementsFor, totalOf, writeApplications } from "../settle";

export const ApplyUnappliedCashInput = z.object({
  paymentId: Id,
  /** The business date the deposit is applied (the posting date); required because it posts. */
  appliedDate: IsoDate,
  applications: z.array(z.object({ invoiceId: Id, amountMinor: PositiveMinor })).min(1).max(APPLICATIONS_MAX),
  idempotencyKey: IdempotencyKey.optional(),
});

const entryKeyOf = (paymentId: number, key: string) => `sales.deposit_applied:${paymentId}:${key}`;

/**
 * Applies a payment's unapplied cash to invoices. Posts sales.deposit_applied: Dr Customer
 * deposits at the payment's rate; Cr AR at each invoice's carrying value; the difference is
 * realized FX. A retry with the same key returns the payment and applies nothing again.
 */
export async function applyUnappliedCash(tx: Tx, actor: Actor, raw: z.input<typeof ApplyUnappliedCashInput>): Promise<PaymentDetail> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(ApplyUnappliedCashInput, raw);
  const [payment] = await tx.select().from(customerPayment).where(eq(customerPayment.id, input.paymentId)).limit(1).for("update");
  if (!payment) throw paymentNotFound(input.paymentId);
  const entryKey = input.idempotencyKey ? entryKeyOf(payment.id, input.idempotencyKey) : null;
  if (entryKey) {
    const [done] = await tx.select({ id: journalEntry.id }).from(journalEntry)
      .where(and(eq(journalEntry.entityId, payment.entityId), eq(journalEntry.idempotencyKey, entryKey))).limit(1);
    if (done) return loadPaymentDetail(tx, payment.id, true);
  }
  const invoices = await lockInvoices(tx, input.applications.map((a) => a.invoiceId));
  const settlements = settlementsFor(payment, input.applications, invoices);
  const applied = totalOf(settlements);
  if (applied.documentMinor > payment.unappliedMinor) {
    throw new DomainError(PaymentsError.APPLICATIONS_EXCEED_UNAPPLIED, "unprocessable",
      `applications: ${applied.documentMinor} exceeds the ${payment.unappliedMinor} unapplied on payment ${payment.paymentNumber}`,
      { paymentId: payment.id, unappliedMinor: payment.unappliedMinor.toString() });
  }
  const remaining = payment.unappliedMinor - applied.documentMinor;
  const fromDepositsBase = depositBaseMinor(payment.unappliedMinor, payment.exchangeRatePpm) - depositBaseMinor(remaining, payment.exchangeRatePpm);
  const entity = await entityInfoOrThrow(tx, payment.entityId);
  const entry = await postEvent(tx, actor, {
    entityId: payment.entityId, postingDate: input.appliedDate, description: `${payment.paymentNumber} applied`, sourceType: "customer_payment", sourceId: payment.id,
    idempotencyKey: entryKey, documentCurrency: payment.currency === entity.baseCurrency ? null : payment.currency,
  }, {
    type: "sales.deposit_applied", customerId: payment.customerId,
    fromDeposits: { baseMinor: fromDepositsBase, documentMinor: applied.documentMinor }, toAr: applied,
  });
  assert(entry !== null, "applying a positive amount posts an entry");
  const updated = await tx.update(customerPayment).set({ unappliedMinor: remaining }).where(eq(customerPayment.id, payment.id)).returning({ id: customerPayment.id });
  assert(updated.length === 1, "the locked payment was updated");
  await writeApplications(tx, { paymentId: payment.id }, input.appliedDate, entry.id, settlements);
  return loadPaymentDetail(tx, payment.id);
}
