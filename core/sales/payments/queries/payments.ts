import { and, asc, desc, eq, gt, gte, lte, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { customer } from "../../../masters/schema";
import { DomainError, parseInput } from "../../../shared/errors";
import { customerPayment, paymentApplication, salesInvoice } from "../../schema";
import { Id, IsoDate } from "../../fulfilment/inputs";
import { depositBaseMinor } from "../../receivables/carrying-value";
import { APPLICATIONS_MAX, PAYMENTS_PAGE_MAX, PaymentsError } from "../errors";

export type PaymentRow = typeof customerPayment.$inferSelect;
export type ApplicationDetail = typeof paymentApplication.$inferSelect & { invoiceNumber: string };
export type PaymentDetail = Omit<PaymentRow, "idempotencyKey"> & {
  customerCode: string;
  customerName: string;
  /** Unapplied cash at the payment's rate: what customer deposits carries for it, base currency. */
  unappliedBaseMinor: bigint;
  applications: ApplicationDetail[];
  replayed: boolean;
};

export function paymentNotFound(paymentId: number): DomainError {
  return new DomainError(PaymentsError.PAYMENT_NOT_FOUND, "not_found", `paymentId: payment ${paymentId} does not exist`, { paymentId });
}

/** Internal reader (commands call it after their own permission check). */
export async function loadPaymentDetail(tx: Tx, paymentId: number, replayed = false): Promise<PaymentDetail> {
  const [row] = await tx.select({ p: customerPayment, code: customer.code, name: customer.name }).from(customerPayment)
    .innerJoin(customer, eq(customer.id, customerPayment.customerId)).where(eq(customerPayment.id, paymentId)).limit(1);
  if (!row) throw paymentNotFound(paymentId);
  const applications = await tx.select({ a: paymentApplication, invoiceNumber: salesInvoice.invoiceNumber }).from(paymentApplication)
    .innerJoin(salesInvoice, eq(salesInvoice.id, paymentApplication.invoiceId)).where(eq(paymentApplication.paymentId, paymentId))
    .orderBy(asc(paymentApplication.id)).limit(APPLICATIONS_MAX);
  const { idempotencyKey: _key, ...header } = row.p;
  return {
    ...header, customerCode: row.code, customerName: row.name, unappliedBaseMinor: depositBaseMinor(header.unappliedMinor, header.exchangeRatePpm), replayed,
    applications: applications.map(({ a, invoiceNumber }) => ({ ...a, invoiceNumber })),
  };
}

export async function getPaymentOrThrow(tx: Tx, actor: Actor, paymentId: number): Promise<PaymentDetail> {
  requirePermission(actor, "sales:read");
  return loadPaymentDetail(tx, paymentId);
}

export const ListPaymentsInput = z.object({
  entityId: Id,
  customerId: Id.optional(),
  unappliedOnly: z.boolean().default(false),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.number().int().min(1).max(PAYMENTS_PAGE_MAX).default(50),
  offset: z.number().int().min(0).default(0),
});

export type PaymentListRow = Omit<PaymentRow, "idempotencyKey"> & { customerCode: string; customerName: string };

export async function listPayments(tx: Tx, actor: Actor, raw: z.input<typeof ListPaymentsInput>): Promise<PaymentListRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListPaymentsInput, raw);
  const filters: SQL[] = [eq(customerPayment.entityId, input.entityId)];
  if (input.customerId) filters.push(eq(customerPayment.customerId, input.customerId));
  if (input.unappliedOnly) filters.push(gt(customerPayment.unappliedMinor, 0n));
  if (input.from) filters.push(gte(customerPayment.receivedDate, input.from));
  if (input.to) filters.push(lte(customerPayment.receivedDate, input.to));
  const rows = await tx.select({ p: customerPayment, code: customer.code, name: customer.name }).from(customerPayment)
    .innerJoin(customer, eq(customer.id, customerPayment.customerId)).where(and(...filters))
    .orderBy(desc(customerPayment.receivedDate), desc(customerPayment.id)).limit(input.limit).offset(input.offset);
  return rows.map(({ p, code, name }) => {
    const { idempotencyKey: _key, ...header } = p;
    return { ...header, customerCode: code, customerName: name };
  });
}

/** Applications made to one invoice (payments and credit memos), oldest first. */
export async function listInvoiceApplications(tx: Tx, actor: Actor, invoiceId: number): Promise<(typeof paymentApplication.$inferSelect & { sourceNumber: string })[]> {
  requirePermission(actor, "sales:read");
  const creditMemo = alias(salesInvoice, "credit_memo");
  const rows = await tx.select({ a: paymentApplication, paymentNumber: customerPayment.paymentNumber, creditMemoNumber: creditMemo.invoiceNumber })
    .from(paymentApplication).leftJoin(customerPayment, eq(customerPayment.id, paymentApplication.paymentId))
    .leftJoin(creditMemo, eq(creditMemo.id, paymentApplication.creditMemoId))
    .where(eq(paymentApplication.invoiceId, invoiceId)).orderBy(asc(paymentApplication.id)).limit(APPLICATIONS_MAX);
  return rows.map(({ a, paymentNumber, creditMemoNumber }) => ({ ...a, sourceNumber: paymentNumber ?? creditMemoNumber ?? "" }));
}
