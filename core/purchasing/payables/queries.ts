import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { PAYMENT_RUN_INVOICES_MAX } from "../limits";
import { paymentRun, supplierPayment, supplierPaymentApplication } from "../schema";

export type SupplierPaymentRow = typeof supplierPayment.$inferSelect;
export type SupplierPaymentApplicationRow = typeof supplierPaymentApplication.$inferSelect;
export type SupplierPaymentDetail = SupplierPaymentRow & { applications: SupplierPaymentApplicationRow[] };
export type PaymentRunRow = typeof paymentRun.$inferSelect;
/** A run's payments are drafts (journalEntryId null) until the run is executed. */
export type PaymentRunDetail = PaymentRunRow & { payments: SupplierPaymentDetail[] };

async function applicationsOf(tx: Tx, paymentIds: number[]): Promise<SupplierPaymentApplicationRow[]> {
  if (paymentIds.length === 0) return [];
  return tx.select().from(supplierPaymentApplication).where(inArray(supplierPaymentApplication.paymentId, paymentIds))
    .orderBy(asc(supplierPaymentApplication.id)).limit(PAYMENT_RUN_INVOICES_MAX);
}

export async function loadSupplierPaymentDetail(tx: Tx, paymentId: number): Promise<SupplierPaymentDetail> {
  const [payment] = await tx.select().from(supplierPayment).where(eq(supplierPayment.id, paymentId)).limit(1);
  if (!payment) throw new DomainError(PurchasingError.PAYMENT_NOT_FOUND, "not_found", `Supplier payment ${paymentId} does not exist`, { paymentId });
  return { ...payment, applications: await applicationsOf(tx, [payment.id]) };
}

export async function loadPaymentRunDetail(tx: Tx, runId: number): Promise<PaymentRunDetail> {
  const [run] = await tx.select().from(paymentRun).where(eq(paymentRun.id, runId)).limit(1);
  if (!run) throw new DomainError(PurchasingError.PAYMENT_RUN_NOT_FOUND, "not_found", `Payment run ${runId} does not exist`, { runId });
  const payments = await tx.select().from(supplierPayment).where(eq(supplierPayment.paymentRunId, runId)).orderBy(asc(supplierPayment.id)).limit(PAYMENT_RUN_INVOICES_MAX);
  const applications = await applicationsOf(tx, payments.map((p) => p.id));
  return { ...run, payments: payments.map((p) => ({ ...p, applications: applications.filter((a) => a.paymentId === p.id) })) };
}

export async function getPaymentRunOrThrow(tx: Tx, actor: Actor, runId: number): Promise<PaymentRunDetail> {
  requirePermission(actor, "purchasing:read");
  return loadPaymentRunDetail(tx, runId);
}

export async function getSupplierPaymentOrThrow(tx: Tx, actor: Actor, paymentId: number): Promise<SupplierPaymentDetail> {
  requirePermission(actor, "purchasing:read");
  return loadSupplierPaymentDetail(tx, paymentId);
}
