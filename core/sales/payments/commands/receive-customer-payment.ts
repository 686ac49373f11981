import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { postEvent } from "../../../ledger/posting/post-event";
import { exchangeRateOn } from "../../../masters/queries/exchange-rate-on";
import { assert } from "../../../shared/assert";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { applyRatePpm } from "../../../shared/money";
import { customerPayment } from "../../schema";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../../fulfilment/document-number";
import { CurrencyCode, Id, IdempotencyKey, IsoDate, PositiveMinor } from "../../fulfilment/inputs";
import { customerOrThrow } from "../../invoicing/billing-context";
import { depositBaseMinor } from "../../receivables/carrying-value";
import { APPLICATIONS_MAX, PaymentsError } from "../errors";
import { loadPaymentDetail, type PaymentDetail } from "../queries/payments";
import { lockInvoices, settlementsFor, totalOf, writeApplications, type Settlement } from "../settle";

export const PAYMENT_METHODS = ["ach", "wire", "check", "card", "cash"] as const;

export const ReceiveCustomerPaymentInput = z.object({
  entityId: Id,
  customerId: Id,
  receivedDate: IsoDate,
  amountMinor: PositiveMinor,
  currency: CurrencyCode,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().trim().min(1).max(200).optional(),
  applications: z.array(z.object({ invoiceId: Id, amountMinor: PositiveMinor })).max(APPLICATIONS_MAX).default([]),
  idempotencyKey: IdempotencyKey.optional(),
});

/** Serializes retries of one key, then returns the first payment made with it. */
async function replayed(tx: Tx, entityId: number, customerId: number, key: string): Promise<PaymentDetail | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`customer_payment|${entityId}|${key}`}, 0))`);
  const [existing] = await tx.select({ id: customerPayment.id, customerId: customerPayment.customerId }).from(customerPayment)
    .where(and(eq(customerPayment.entityId, entityId), eq(customerPayment.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.customerId !== customerId) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used for another customer's payment`, { paymentId: existing.id });
  }
  return loadPaymentDetail(tx, existing.id, true);
}

/** Cash at the payment date's rate, converted part by part: each application and the remainder. */
function cashParts(settlements: readonly Settlement[], unappliedMinor: bigint, ratePpm: bigint) {
  const applied = totalOf(settlements);
  const cashBase = settlements.reduce((sum, s) => sum + applyRatePpm(s.amountMinor, ratePpm, "halfEven"), 0n) + depositBaseMinor(unappliedMinor, ratePpm);
  return {
    cash: { baseMinor: cashBase, documentMinor: applied.documentMinor + unappliedMinor },
    appliedToAr: { baseMinor: applied.baseMinor, documentMinor: applied.documentMinor },
    unapplied: { baseMinor: depositBaseMinor(unappliedMinor, ratePpm), documentMinor: unappliedMinor },
  };
}

/**
 * Records money received from a customer. Applications reduce invoices (in part or in full) at
 * each invoice's carrying value; what is not applied stays on the payment as unapplied cash in
 * customer deposits. Posts sales.payment_received: Dr Cash at today's rate; Cr AR; Cr Customer
 * deposits; the difference is realized FX.
 */
export async function receiveCustomerPayment(tx: Tx, actor: Actor, raw: z.input<typeof ReceiveCustomerPaymentInput>): Promise<PaymentDetail> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(ReceiveCustomerPaymentInput, raw);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, input.entityId, input.customerId, input.idempotencyKey);
    if (previous) return previous;
  }
  const payer = await customerOrThrow(tx, input.entityId, input.customerId);
  const entity = await entityInfoOrThrow(tx, input.entityId);
  const ratePpm = await exchangeRateOn(tx, input.currency, entity.baseCurrency, input.receivedDate);
  const invoices = input.applications.length > 0 ? await lockInvoices(tx, input.applications.map((a) => a.invoiceId)) : new Map();
  const settlements = settlementsFor({ entityId: input.entityId, customerId: payer.id, currency: input.currency }, input.applications, invoices);
  const applied = totalOf(settlements).documentMinor;
  if (applied > input.amountMinor) {
    throw new DomainError(PaymentsError.APPLICATIONS_EXCEED_PAYMENT, "unprocessable", `applications: ${applied} applied exceeds the ${input.amountMinor} received`,
      { appliedMinor: applied.toString(), amountMinor: input.amountMinor.toString() });
  }
  const unappliedMinor = input.amountMinor - applied;
  const id = await nextDocumentId(tx, "customer_payment");
  const paymentNumber = documentNumber("PAY", entity.code, id);
  await tx.insert(customerPayment).values({
    id, entityId: input.entityId, paymentNumber, customerId: payer.id, currency: input.currency, exchangeRatePpm: ratePpm, receivedDate: input.receivedDate,
    amountMinor: input.amountMinor, unappliedMinor, method: input.method, reference: input.reference ?? null,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  const entry = await postEvent(tx, actor, {
    entityId: input.entityId, postingDate: input.receivedDate, description: `${paymentNumber} ${payer.name}`, sourceType: "customer_payment", sourceId: id,
    documentCurrency: input.currency === entity.baseCurrency ? null : input.currency,
  }, { type: "sales.payment_received", customerId: payer.id, ...cashParts(settlements, unappliedMinor, ratePpm) });
  assert(entry !== null, "a payment of a positive amount posts an entry");
  await tx.update(customerPayment).set({ journalEntryId: entry.id }).where(eq(customerPayment.id, id));
  await writeApplications(tx, { paymentId: id }, input.receivedDate, entry.id, settlements);
  return loadPaymentDetail(tx, id);
}
