// Finance anomalies and the normal background they stand out from.
// - Duplicated supplier payments: an invoice paid by hand, then keyed again under a slightly
//   different reference (held by the three-way match as already invoiced, accepted anyway by
//   accounts payable) and paid a second time: the second payment's journal entry is the anomaly.
// - Manual journal entries: the monthly rent, payroll, utilities and bank-charge entries, with
//   everyday amounts on business days; and a few round-amount entries to odd accounts posted on a
//   weekend (the ledger records no time of day apart from when the demo loaded, so the weekend
//   posting date is what marks the odd hour).
// Manual journals are posted through postJournal as the system (see README: the close helper's
// manual-journal command was not there yet).
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { SYSTEM_ACTOR } from "../../governance";
import { postJournal } from "../../ledger";
import { enterSupplierInvoice, paySupplierInvoice, resolveMatchException } from "../../purchasing";
import { supplierInvoice, supplierInvoiceLine } from "../../purchasing/schema";
import { supplier } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { monthsBefore } from "../history-sales/calendar";
import { addDays } from "../dates";
import type { GroundTruthRun } from "./context";

const DUPLICATE_PAYMENTS = 2;
const CANDIDATE_INVOICES_MAX = 200;
/** Everyday monthly entries: account debited, account credited, typical amount (major units), spread. */
const MONTHLY_ENTRIES = [
  { name: "Warehouse rent", debit: "6200", credit: "2600", amount: 38_450, spread: 0.02 },
  { name: "Payroll accrual", debit: "6100", credit: "2600", amount: 142_300, spread: 0.06 },
  { name: "Utilities accrual", debit: "6300", credit: "2600", amount: 5_870, spread: 0.18 },
  { name: "Bank charges", debit: "6400", credit: "1000", amount: 412, spread: 0.3 },
  { name: "Prepaid insurance release", debit: "6200", credit: "1500", amount: 2_215, spread: 0.01 },
] as const;
const ODD_ENTRIES = [
  { description: "Adjustment", debit: "6400", credit: "1000", amountMajor: 50_000 },
  { description: "Reclass per management", debit: "3100", credit: "1000", amountMajor: 100_000 },
  { description: "Misc", debit: "6100", credit: "2600", amountMajor: 25_000 },
  { description: "Correction", debit: "1500", credit: "1000", amountMajor: 9_900 },
] as const;

async function candidateInvoices(tx: Tx, run: GroundTruthRun) {
  return tx.select({ id: supplierInvoice.id, ref: supplierInvoice.supplierInvoiceRef, supplierId: supplierInvoice.supplierId, supplierCode: supplier.code,
    invoiceDate: supplierInvoice.invoiceDate, totalMinor: supplierInvoice.totalMinor, currency: supplierInvoice.currency })
    .from(supplierInvoice).innerJoin(supplier, eq(supplier.id, supplierInvoice.supplierId))
    .where(and(eq(supplierInvoice.entityId, run.entityId), eq(supplierInvoice.status, "posted"), eq(supplierInvoice.currency, run.entity.baseCurrency), eq(supplierInvoice.paidMinor, 0n), isNotNull(supplierInvoice.purchaseOrderId)))
    // Business keys, never ids: ids interleave between the entities loaded side by side.
    // The newest: the overdue ones are what AP aging shows in its older buckets.
    .orderBy(desc(supplierInvoice.invoiceDate), asc(supplier.code), asc(supplierInvoice.supplierInvoiceRef)).limit(CANDIDATE_INVOICES_MAX);
}

async function payTwice(tx: Tx, run: GroundTruthRun, invoice: Awaited<ReturnType<typeof candidateInvoices>>[number], paymentDate: string): Promise<void> {
  const { controller } = run.people;
  await paySupplierInvoice(tx, controller, { invoiceId: invoice.id, paymentDate, amountMinor: invoice.totalMinor, idempotencyKey: `demo-truth:pay:${invoice.supplierCode}:${invoice.ref}` });
  const lines = await tx.select().from(supplierInvoiceLine).where(eq(supplierInvoiceLine.invoiceId, invoice.id)).orderBy(asc(supplierInvoiceLine.lineNumber)).limit(500);
  const again = await enterSupplierInvoice(tx, controller, {
    entityId: run.entityId, supplierId: invoice.supplierId, supplierInvoiceRef: `${invoice.ref}A`, invoiceDate: invoice.invoiceDate, currency: invoice.currency,
    idempotencyKey: `demo-truth:invoice:${invoice.supplierCode}:${invoice.ref}A`,
    lines: lines.map((l) => ({ purchaseOrderLineId: l.purchaseOrderLineId as number, baseQty: l.baseQty, unitPriceMinor: l.unitPriceMinor })),
  });
  if (again.status === "match_exception") {
    await resolveMatchException(tx, controller, { invoiceId: again.id, decision: "accept", reason: "Supplier statement shows it open; approved for payment" });
  }
  const second = await paySupplierInvoice(tx, controller, { invoiceId: again.id, paymentDate: addDays(paymentDate, 1), amountMinor: invoice.totalMinor, idempotencyKey: `demo-truth:pay:${invoice.supplierCode}:${invoice.ref}A` });
  assert(second.journalEntryId !== null, `${second.paymentNumber} posted`);
  run.note({ kind: "anomaly", subjectType: "journal_entry", subjectId: second.journalEntryId, description:
    `duplicated supplier payment: ${second.paymentNumber} pays ${invoice.supplierCode} invoice ${invoice.ref} a second time (keyed again as ${invoice.ref}A), ${invoice.totalMinor} minor` });
}

export async function injectDuplicatePayments(tx: Tx, run: GroundTruthRun): Promise<void> {
  const candidates = await candidateInvoices(tx, run);
  const chosen = run.random.fork("duplicate-payments").shuffle(candidates.filter((c) => c.totalMinor > 0n)).slice(0, DUPLICATE_PAYMENTS);
  assert(chosen.length === DUPLICATE_PAYMENTS, `${run.entity.code} has open supplier invoices to pay twice`);
  for (const [index, invoice] of chosen.entries()) await payTwice(tx, run, invoice, run.businessDayBack(8 - 3 * index));
}

async function post(tx: Tx, run: GroundTruthRun, date: string, description: string, debit: string, credit: string, amountMinor: bigint, key: string): Promise<number> {
  const entry = await postJournal(tx, SYSTEM_ACTOR, {
    entityId: run.entityId, postingDate: date, eventType: "ledger.manual_journal", sourceType: "demo_manual_journal", sourceId: null, description,
    idempotencyKey: `demo-truth:journal:${run.entity.code}:${key}`,
    lines: [{ accountId: run.accountId(debit), debitMinor: amountMinor, creditMinor: 0n }, { accountId: run.accountId(credit), debitMinor: 0n, creditMinor: amountMinor }],
  });
  return entry.id;
}

/** Month-end dates of the history, oldest first (the last business day on or before each month's 28th). */
function monthEnds(run: GroundTruthRun, months: number): string[] {
  const dates: string[] = [];
  for (let back = months; back >= 1; back--) {
    let day = `${monthsBefore(run.endDate, back).slice(0, 7)}-28`;
    while ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) day = addDays(day, -1);
    dates.push(day);
  }
  return dates;
}

export async function injectManualJournals(tx: Tx, run: GroundTruthRun, months: number): Promise<void> {
  const random = run.random.fork("manual-journals");
  const scale = run.entity.code === "US01" ? 1 : 0.45;
  for (const date of monthEnds(run, months)) {
    for (const entry of MONTHLY_ENTRIES) {
      const amount = entry.amount * scale * (1 + (random.next() * 2 - 1) * entry.spread);
      await post(tx, run, date, `${entry.name} ${date.slice(0, 7)}`, entry.debit, entry.credit, BigInt(Math.round(amount * 100)), `${entry.name}:${date}`);
    }
  }
  for (const [index, odd] of ODD_ENTRIES.entries()) {
    const date = run.weekendDay(2 + 3 * index, index % 2 === 1);
    const id = await post(tx, run, date, odd.description, odd.debit, odd.credit, BigInt(odd.amountMajor) * 100n, `odd:${index}`);
    run.note({ kind: "anomaly", subjectType: "journal_entry", subjectId: id, description:
      `round-amount manual entry at an odd time: ${odd.amountMajor.toLocaleString("en-US")}.00 Dr ${odd.debit} Cr ${odd.credit} posted on ${date} (a weekend), "${odd.description}"` });
  }
}
