import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { supplierPayment, supplierPaymentApplication } from "../schema";
import { loadEntityOrThrow, lockIdempotencyKey, nextDocumentNumber } from "../shared/context";
import { Id, IdempotencyKey, IsoDate, MinorAmount, PositiveMinorAmount } from "../shared/inputs";
import { checkApplicable, eligibleDiscount, lockInvoices, postSupplierPayment, termOfInvoice } from "./post-payment";
import { loadSupplierPaymentDetail, type SupplierPaymentDetail } from "./queries";

export const PaySupplierInvoiceInput = z.object({
  invoiceId: Id,
  paymentDate: IsoDate,
  /** Cash paid, invoice currency. */
  amountMinor: PositiveMinorAmount,
  /** Early-payment discount taken; at most what the terms allow on the payment date. */
  discountMinor: MinorAmount.default(0n),
  idempotencyKey: IdempotencyKey,
});

export type SupplierPaymentResult = SupplierPaymentDetail & { replayed: boolean };

/** One manual payment (full or partial) of one posted supplier invoice. */
export async function paySupplierInvoice(tx: Tx, actor: Actor, raw: z.input<typeof PaySupplierInvoiceInput>): Promise<SupplierPaymentResult> {
  requirePermission(actor, "payables:write");
  const input = parseInput(PaySupplierInvoiceInput, raw);
  const invoice = (await lockInvoices(tx, [input.invoiceId])).get(input.invoiceId);
  if (!invoice) throw new DomainError(PurchasingError.INVOICE_NOT_FOUND, "not_found", `invoiceId: supplier invoice ${input.invoiceId} does not exist`);
  const entity = await loadEntityOrThrow(tx, invoice.entityId);
  if (input.idempotencyKey) {
    await lockIdempotencyKey(tx, "supplier_payment", entity.id, input.idempotencyKey);
    const [existing] = await tx.select({ id: supplierPayment.id }).from(supplierPayment)
      .where(and(eq(supplierPayment.entityId, entity.id), eq(supplierPayment.idempotencyKey, input.idempotencyKey))).limit(1);
    if (existing) return { ...(await loadSupplierPaymentDetail(tx, existing.id)), replayed: true };
  }
  const application = { invoice, amountMinor: input.amountMinor, discountMinor: input.discountMinor };
  checkApplicable(application);
  if (input.discountMinor > eligibleDiscount(invoice, await termOfInvoice(tx, invoice), input.paymentDate)) {
    throw new DomainError(PurchasingError.DISCOUNT_NOT_ALLOWED, "unprocessable", "discountMinor: more than the payment terms allow on this date", { invoiceId: invoice.id });
  }
  const { id, number } = await nextDocumentNumber(tx, "supplier_payment", "SP", entity.code);
  await tx.insert(supplierPayment).values({ id, entityId: entity.id, paymentNumber: number, supplierId: invoice.supplierId, currency: invoice.currency,
    exchangeRatePpm: invoice.exchangeRatePpm, paymentDate: input.paymentDate, amountMinor: input.amountMinor, discountMinor: input.discountMinor,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId });
  await tx.insert(supplierPaymentApplication).values({ paymentId: id, invoiceId: invoice.id, amountMinor: input.amountMinor, discountMinor: input.discountMinor });
  await postSupplierPayment(tx, actor, entity, { id, number, supplierId: invoice.supplierId, currency: invoice.currency, paymentDate: input.paymentDate }, [application]);
  await recordAudit(tx, actor, { action: "post", objectKind: "supplier_payment", objectId: id, entityId: entity.id,
    after: { paymentNumber: number, invoiceId: invoice.id, amountMinor: input.amountMinor, discountMinor: input.discountMinor } });
  return { ...(await loadSupplierPaymentDetail(tx, id)), replayed: false };
}
