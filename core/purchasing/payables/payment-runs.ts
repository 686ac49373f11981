// Payment runs: propose (every posted invoice due by a date, with the early-payment discounts
// the terms allow, one draft payment per supplier), approve through the approval engine, then
// execute (post each payment). Draft payments have no journal entry until the run executes.
import { and, asc, eq, inArray, lte, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { submitApproval, type ApprovalRequestRow } from "../../governance/approvals";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters";
import { assert } from "../../shared/assert";
import { applyRatePpm, formatMinor } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import type { SupplierInvoiceRow } from "../invoices/post-invoice";
import { PAYMENT_RUN_INVOICES_MAX } from "../limits";
import { paymentRun, supplierInvoice, supplierPayment, supplierPaymentApplication } from "../schema";
import { loadEntityOrThrow, nextDocumentNumber, type EntityInfo } from "../shared/context";
import { CurrencyCode, Id, IsoDate } from "../shared/inputs";
import { eligibleDiscount, lockInvoices, postSupplierPayment, termOfInvoice, type PaymentApplication } from "./post-payment";
import { loadPaymentRunDetail, type PaymentRunDetail, type PaymentRunRow } from "./queries";

const ACTIVE_RUN_STATUSES = ["proposed", "pending_approval", "approved"];

export const ProposePaymentRunInput = z.object({
  entityId: Id,
  paymentDate: IsoDate,
  dueThrough: IsoDate,
  /** One run pays in one currency; the entity's base currency when omitted. */
  currency: CurrencyCode.optional(),
});

async function dueInvoices(tx: Tx, entityId: number, currency: string, dueThrough: string): Promise<SupplierInvoiceRow[]> {
  // Invoices already in an active run are left to that run.
  const inActiveRun = tx.select({ one: sql`1` }).from(supplierPaymentApplication)
    .innerJoin(supplierPayment, eq(supplierPayment.id, supplierPaymentApplication.paymentId)).innerJoin(paymentRun, eq(paymentRun.id, supplierPayment.paymentRunId))
    .where(and(eq(supplierPaymentApplication.invoiceId, supplierInvoice.id), inArray(paymentRun.status, ACTIVE_RUN_STATUSES)));
  const ids = await tx.select({ id: supplierInvoice.id }).from(supplierInvoice)
    .where(and(eq(supplierInvoice.entityId, entityId), eq(supplierInvoice.currency, currency), inArray(supplierInvoice.status, ["posted", "partially_paid"]),
      lte(supplierInvoice.dueDate, dueThrough), notExists(inActiveRun)))
    .orderBy(asc(supplierInvoice.id)).limit(PAYMENT_RUN_INVOICES_MAX);
  const locked = await lockInvoices(tx, ids.map((r) => r.id));
  return [...locked.values()].sort((a, b) => a.supplierId - b.supplierId || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id));
}

async function insertDraftPayments(tx: Tx, actor: Actor, entity: EntityInfo, run: { id: number; paymentDate: string; currency: string; ratePpm: bigint }, applications: PaymentApplication[]): Promise<void> {
  const bySupplier = new Map<number, PaymentApplication[]>();
  for (const a of applications) bySupplier.set(a.invoice.supplierId, [...(bySupplier.get(a.invoice.supplierId) ?? []), a]);
  for (const [supplierId, list] of bySupplier) {
    const amountMinor = list.reduce((s, a) => s + a.amountMinor, 0n);
    const discountMinor = list.reduce((s, a) => s + a.discountMinor, 0n);
    assert(amountMinor > 0n, "only applications with cash to pay are proposed");
    const { id, number } = await nextDocumentNumber(tx, "supplier_payment", "SP", entity.code);
    await tx.insert(supplierPayment).values({ id, entityId: entity.id, paymentNumber: number, paymentRunId: run.id, supplierId, currency: run.currency,
      exchangeRatePpm: run.ratePpm, paymentDate: run.paymentDate, amountMinor, discountMinor, createdByUserId: actor.userId });
    await tx.insert(supplierPaymentApplication).values(list.map((a) => ({ paymentId: id, invoiceId: a.invoice.id, amountMinor: a.amountMinor, discountMinor: a.discountMinor })));
  }
}

/** Proposes a run: what is due by `dueThrough`, less the discounts still available on `paymentDate`. */
export async function proposePaymentRun(tx: Tx, actor: Actor, raw: z.input<typeof ProposePaymentRunInput>): Promise<PaymentRunDetail> {
  requirePermission(actor, "payables:write");
  const input = parseInput(ProposePaymentRunInput, raw);
  const entity = await loadEntityOrThrow(tx, input.entityId);
  const currency = input.currency ?? entity.baseCurrency;
  const invoices = await dueInvoices(tx, entity.id, currency, input.dueThrough);
  const applications: PaymentApplication[] = [];
  for (const invoice of invoices) {
    const discountMinor = eligibleDiscount(invoice, await termOfInvoice(tx, invoice), input.paymentDate);
    applications.push({ invoice, amountMinor: invoice.totalMinor - invoice.paidMinor - discountMinor, discountMinor });
  }
  const payable = applications.filter((a) => a.amountMinor > 0n);
  if (payable.length === 0) throw new DomainError(PurchasingError.PAYMENT_RUN_EMPTY, "unprocessable", `No ${currency} supplier invoices are due by ${input.dueThrough}`, { currency });
  const ratePpm = await exchangeRateOn(tx, currency, entity.baseCurrency, input.paymentDate);
  const { id, number } = await nextDocumentNumber(tx, "payment_run", "PR", entity.code);
  await tx.insert(paymentRun).values({ id, entityId: entity.id, runNumber: number, paymentDate: input.paymentDate, dueThrough: input.dueThrough, currency,
    status: "proposed", totalMinor: payable.reduce((s, a) => s + a.amountMinor, 0n), createdByUserId: actor.userId });
  await insertDraftPayments(tx, actor, entity, { id, paymentDate: input.paymentDate, currency, ratePpm }, payable);
  await recordAudit(tx, actor, { action: "create", objectKind: "payment_run", objectId: id, entityId: entity.id, after: { runNumber: number, invoices: payable.length } });
  return loadPaymentRunDetail(tx, id);
}

async function lockRunOrThrow(tx: Tx, runId: number): Promise<PaymentRunRow> {
  const [run] = await tx.select().from(paymentRun).where(eq(paymentRun.id, runId)).for("update").limit(1);
  if (!run) throw new DomainError(PurchasingError.PAYMENT_RUN_NOT_FOUND, "not_found", `runId: payment run ${runId} does not exist`, { runId });
  return run;
}

function requireRunStatus(run: PaymentRunRow, status: string, action: string): void {
  if (run.status === status) return;
  throw new DomainError(PurchasingError.PAYMENT_RUN_STATE, "conflict", `Payment run ${run.runNumber} is ${run.status}; ${action} needs it ${status}`, { status: run.status });
}

export const PaymentRunIdInput = z.object({ runId: Id });

/** Sends a proposed run to approval (facts: its total in base currency at the payment date's rate). */
export async function submitPaymentRun(tx: Tx, actor: Actor, raw: z.input<typeof PaymentRunIdInput>): Promise<PaymentRunDetail> {
  requirePermission(actor, "payables:write");
  const input = parseInput(PaymentRunIdInput, raw);
  const run = await lockRunOrThrow(tx, input.runId);
  requireRunStatus(run, "proposed", "submitting");
  const entity = await loadEntityOrThrow(tx, run.entityId);
  const ratePpm = await exchangeRateOn(tx, run.currency, entity.baseCurrency, run.paymentDate);
  const detail = await loadPaymentRunDetail(tx, run.id);
  const amountMinor = detail.payments.reduce((s, p) => s + applyRatePpm(p.amountMinor, ratePpm, "halfEven"), 0n);
  await tx.update(paymentRun).set({ status: "pending_approval", updatedAt: new Date() }).where(eq(paymentRun.id, run.id));
  const submitted = await submitApproval(tx, actor, {
    kind: "payment_run", entityId: run.entityId, subjectType: "payment_run", subjectId: run.id,
    title: `${run.runNumber}: ${detail.payments.length} payment(s), ${run.currency} ${formatMinor(run.totalMinor, entity.minorUnitDigits)} on ${run.paymentDate}`,
    facts: { amountMinor }, payload: { runId: run.id },
  });
  await tx.update(paymentRun).set({ approvalRequestId: submitted.request.id }).where(eq(paymentRun.id, run.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "payment_run", objectId: run.id, entityId: run.entityId,
    before: { status: "proposed" }, after: { status: submitted.autoApproved ? "approved" : "pending_approval", approvalRequestId: submitted.request.id } });
  return loadPaymentRunDetail(tx, run.id);
}

/** Pays an approved run: one posted supplier payment per supplier; refused whole if an invoice changed since. */
export async function executePaymentRun(tx: Tx, actor: Actor, raw: z.input<typeof PaymentRunIdInput>): Promise<PaymentRunDetail> {
  requirePermission(actor, "payables:write");
  const input = parseInput(PaymentRunIdInput, raw);
  const run = await lockRunOrThrow(tx, input.runId);
  requireRunStatus(run, "approved", "executing");
  const entity = await loadEntityOrThrow(tx, run.entityId);
  const detail = await loadPaymentRunDetail(tx, run.id);
  const invoices = await lockInvoices(tx, [...new Set(detail.payments.flatMap((p) => p.applications.map((a) => a.invoiceId)))]);
  for (const payment of detail.payments) {
    const applications = payment.applications.map((a) => ({ invoice: invoices.get(a.invoiceId)!, amountMinor: a.amountMinor, discountMinor: a.discountMinor }));
    const stale = applications.find((a) => a.invoice.totalMinor - a.invoice.paidMinor < a.amountMinor + a.discountMinor || !["posted", "partially_paid"].includes(a.invoice.status));
    if (stale) {
      throw new DomainError(PurchasingError.PAYMENT_RUN_STALE, "conflict", `Supplier invoice ${stale.invoice.invoiceNumber} changed after the run was proposed; cancel and propose again`, { invoiceId: stale.invoice.id });
    }
    await postSupplierPayment(tx, actor, entity, { id: payment.id, number: payment.paymentNumber, supplierId: payment.supplierId, currency: payment.currency, paymentDate: run.paymentDate }, applications);
  }
  await tx.update(paymentRun).set({ status: "paid", updatedAt: new Date() }).where(eq(paymentRun.id, run.id));
  await recordAudit(tx, actor, { action: "post", objectKind: "payment_run", objectId: run.id, entityId: run.entityId, before: { status: "approved" }, after: { status: "paid" } });
  return loadPaymentRunDetail(tx, run.id);
}

export const CancelPaymentRunInput = z.object({ runId: Id, reason: z.string().trim().min(3).max(2_000) });

/** Drops a run that was proposed (or approved and not paid); its invoices become free for another run. */
export async function cancelPaymentRun(tx: Tx, actor: Actor, raw: z.input<typeof CancelPaymentRunInput>): Promise<PaymentRunDetail> {
  requirePermission(actor, "payables:write");
  const input = parseInput(CancelPaymentRunInput, raw);
  const run = await lockRunOrThrow(tx, input.runId);
  if (run.status !== "proposed" && run.status !== "approved") requireRunStatus(run, "proposed", "cancelling");
  await tx.update(paymentRun).set({ status: "cancelled", updatedAt: new Date() }).where(eq(paymentRun.id, run.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "payment_run", objectId: run.id, entityId: run.entityId, before: { status: run.status }, after: { status: "cancelled", reason: input.reason } });
  return loadPaymentRunDetail(tx, run.id);
}

function runIdOf(request: ApprovalRequestRow): number {
  const id = (request.payload as { runId?: unknown } | null)?.runId;
  assert(typeof id === "number" && Number.isSafeInteger(id), `approval request ${request.id} names its payment run`);
  return id;
}

async function movePendingRun(tx: Tx, request: ApprovalRequestRow, status: "approved" | "cancelled" | "proposed"): Promise<void> {
  const updated = await tx.update(paymentRun).set({ status, updatedAt: new Date() })
    .where(and(eq(paymentRun.id, runIdOf(request)), eq(paymentRun.status, "pending_approval"))).returning({ id: paymentRun.id });
  assert(updated.length === 1, `payment run of approval request ${request.id} was pending approval`);
}

/** Approved → approved (ready to execute); rejected → cancelled; withdrawn → proposed again. */
export const paymentRunApprovalHandler = {
  onApproved: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePendingRun(tx, request, "approved"),
  onRejected: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePendingRun(tx, request, "cancelled"),
  onCancelled: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePendingRun(tx, request, "proposed"),
};
