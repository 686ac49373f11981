// Collections in the history: on a payment date the customer pays what is still open on the
// invoices due to be paid that day (after using any open credit memo), mostly exactly; a few pay
// too much or send money without a remittance, and that unapplied cash is applied days later.
import { and, asc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { applyCreditMemoToInvoice, applyUnappliedCash, receiveCustomerPayment } from "../../sales";
import { customerPayment, salesInvoice } from "../../sales/schema";
import { assert } from "../../shared/assert";
import type { Action, EntityRun } from "./context";

export const OPEN_DOCUMENTS_MAX = 50;
const OVERPAYMENT_SHARE = 0.03;
const NO_REMITTANCE_SHARE = 0.02;
const UNAPPLIED_ATTEMPTS_MAX = 4;

type Open = { id: number; openMinor: bigint };

const openMinor = sql<string>`(${salesInvoice.totalMinor} - ${salesInvoice.appliedMinor})::text`;

async function openOf(tx: Tx, invoiceIds: number[]): Promise<Open[]> {
  const rows = await tx.select({ id: salesInvoice.id, open: openMinor }).from(salesInvoice)
    .where(and(inArray(salesInvoice.id, invoiceIds), eq(salesInvoice.kind, "invoice"), ne(salesInvoice.status, "void"), lt(salesInvoice.appliedMinor, salesInvoice.totalMinor)))
    .orderBy(asc(salesInvoice.dueDate), asc(salesInvoice.id)).limit(OPEN_DOCUMENTS_MAX);
  return rows.map((r) => ({ id: r.id, openMinor: BigInt(r.open) }));
}

async function openDocumentsOf(tx: Tx, customerId: number, kind: "invoice" | "credit_memo"): Promise<Open[]> {
  const rows = await tx.select({ id: salesInvoice.id, open: openMinor }).from(salesInvoice)
    .where(and(eq(salesInvoice.customerId, customerId), eq(salesInvoice.kind, kind), ne(salesInvoice.status, "void"), gt(sql`${salesInvoice.totalMinor} - ${salesInvoice.appliedMinor}`, 0)))
    .orderBy(asc(salesInvoice.dueDate), asc(salesInvoice.id)).limit(OPEN_DOCUMENTS_MAX);
  return rows.map((r) => ({ id: r.id, openMinor: BigInt(r.open) }));
}

/** Greedy applications of `amount` to open documents, oldest due first. */
function applicationsOf(open: readonly Open[], amountMinor: bigint): { invoiceId: number; amountMinor: bigint }[] {
  const applications: { invoiceId: number; amountMinor: bigint }[] = [];
  let left = amountMinor;
  for (const document of open) {
    if (left === 0n) break;
    const take = document.openMinor < left ? document.openMinor : left;
    if (take > 0n) applications.push({ invoiceId: document.id, amountMinor: take });
    left -= take;
  }
  return applications;
}

/** A customer deducts its open credit memos from what it pays. */
async function useOpenCredits(tx: Tx, run: EntityRun, customerId: number, invoiceIds: number[], date: string): Promise<void> {
  const credits = await openDocumentsOf(tx, customerId, "credit_memo");
  for (const credit of credits) {
    const [target] = await openOf(tx, invoiceIds);
    if (!target) return;
    await applyCreditMemoToInvoice(tx, run.people.controller, { creditMemoId: credit.id, invoiceId: target.id, appliedDate: date });
  }
}

async function payCustomer(tx: Tx, run: EntityRun, date: string, customerId: number, invoiceIds: number[]): Promise<void> {
  await useOpenCredits(tx, run, customerId, invoiceIds, date);
  const open = await openOf(tx, invoiceIds);
  const dueMinor = open.reduce((sum, o) => sum + o.openMinor, 0n);
  if (dueMinor === 0n) return;
  const party = run.partyById(customerId);
  const random = run.random.fork(`pay:${date}:${party.customer.code}`);
  const roll = random.next();
  const extraMinor = roll < OVERPAYMENT_SHARE ? BigInt(random.int(5, 40)) * 1_000n : 0n;
  const unremitted = roll >= OVERPAYMENT_SHARE && roll < OVERPAYMENT_SHARE + NO_REMITTANCE_SHARE;
  const payment = await receiveCustomerPayment(tx, run.people.controller, {
    entityId: run.entityId, customerId, receivedDate: date, amountMinor: dueMinor + extraMinor, currency: party.customer.currency,
    method: party.plan.method, reference: `${party.plan.method.toUpperCase()} ${party.customer.code}-${date.replaceAll("-", "")}`,
    applications: unremitted ? [] : open.map((o) => ({ invoiceId: o.id, amountMinor: o.openMinor })),
    idempotencyKey: `demo-history:pay:${run.entity.entityCode}:${party.customer.code}:${date}`,
  });
  run.stats.payments++;
  if (payment.unappliedMinor > 0n) run.later(date, random.int(2, 12), { kind: "apply_unapplied", paymentId: payment.id, customerId, attempt: 1 });
}

/** Pays, per customer, the invoices scheduled for the day (one payment each). */
export async function runPayments(tx: Tx, run: EntityRun, date: string, actions: Extract<Action, { kind: "pay" }>[]): Promise<void> {
  const byCustomer = new Map<number, number[]>();
  for (const action of actions) byCustomer.set(action.customerId, [...(byCustomer.get(action.customerId) ?? []), action.invoiceId]);
  for (const [customerId, invoiceIds] of byCustomer) await payCustomer(tx, run, date, customerId, invoiceIds);
}

/** Applies a payment's unapplied cash to the customer's oldest open invoices, or tries again later. */
export async function applyUnapplied(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "apply_unapplied" }>): Promise<void> {
  const [payment] = await tx.select({ unapplied: customerPayment.unappliedMinor }).from(customerPayment).where(eq(customerPayment.id, action.paymentId)).limit(1);
  assert(payment !== undefined, `payment ${action.paymentId} exists`);
  if (payment.unapplied === 0n) return;
  const applications = applicationsOf(await openDocumentsOf(tx, action.customerId, "invoice"), payment.unapplied);
  if (applications.length === 0) {
    if (action.attempt < UNAPPLIED_ATTEMPTS_MAX) run.later(date, 10, { ...action, attempt: action.attempt + 1 });
    return;
  }
  await applyUnappliedCash(tx, run.people.controller, { paymentId: action.paymentId, appliedDate: date, applications });
}
