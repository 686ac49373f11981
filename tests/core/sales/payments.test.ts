// Proves customer payments and their application: an under-payment leaves the invoice partially
// paid, an over-payment keeps the remainder as unapplied cash in customer deposits (and is
// applied later through sales.deposit_applied), a foreign-currency payment relieves AR at the
// invoice's carrying rate and realizes the FX difference, a retried key creates nothing new,
// and every refusal is typed and changes nothing. Each posting is checked line by line and
// open AR always equals the AR control account.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { applyRatePpm } from "../../../core/shared/money";
import { getInvoiceOrThrow } from "../../../core/sales/invoicing";
import { applyUnappliedCash, receiveCustomerPayment } from "../../../core/sales/payments";
import { openBaseMinor } from "../../../core/sales/receivables";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import {
  EUR_RATE_JAN_PPM, EUR_RATE_JUN_PPM, assertSubledgersReconcile, createDocumentsFixture, documentLinesOf, invoicedOrder, journalLinesOf, receive,
  sortDocumentLines, sortLines, type DocumentLine,
} from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "P1");
const [itemA, itemB] = fx.itemIds as [number, number];
const [warehouseA] = fx.warehouseIds;
const a = fx.accounts;
const billing = fx.billing;
await receive(db, fx, itemA, warehouseA, "200", 600n);
await receive(db, fx, itemB, warehouseA, "200", 600n);

/** Realized FX lines, base only: a gain is a credit, a loss a debit. */
function fxLines(differenceMinor: bigint): DocumentLine[] {
  if (differenceMinor === 0n) return [];
  return differenceMinor > 0n ? [[a.fxGain, 0n, differenceMinor, 0n, 0n]] : [[a.fxLoss, -differenceMinor, 0n, 0n, 0n]];
}

const pay = (input: Omit<Parameters<typeof receiveCustomerPayment>[2], "entityId" | "method" | "currency"> & { currency?: string }) =>
  inTransaction(db, (tx) => receiveCustomerPayment(tx, billing, { entityId: fx.entityId, method: "ach", currency: "USD", ...input }));
const invoiceStatus = async (invoiceId: number) => inTransaction(db, (tx) => getInvoiceOrThrow(tx, billing, invoiceId));

test("an under-payment leaves the invoice partially paid; the rest of the money pays it", async () => {
  const invoice = await invoicedOrder(db, fx, fx.taxedCustomerId, [{ itemId: itemA, qty: "5" }], { invoiceDate: "2026-03-02" });
  assert.equal(invoice.totalMinor, 5_312n); // 5 x 10.00 = 50.00, tax 6.25% = 3.125 -> 3.12 (half-even)
  const part = await pay({ customerId: fx.taxedCustomerId, receivedDate: "2026-03-20", amountMinor: 2_000n, applications: [{ invoiceId: invoice.id, amountMinor: 2_000n }] });
  assert.equal(part.unappliedMinor, 0n);
  assert.match(part.paymentNumber, /^PAY-P1-\d{8}$/);
  assert.deepEqual(await journalLinesOf(db, part.journalEntryId), sortLines([[a.cash, 2_000n, 0n], [a.ar, 0n, 2_000n]]));
  const after = await invoiceStatus(invoice.id);
  assert.deepEqual([after.status, after.appliedMinor, after.openMinor], ["partially_paid", 2_000n, 3_312n]);
  await assertSubledgersReconcile(db, fx.entityId);
  const rest = await pay({ customerId: fx.taxedCustomerId, receivedDate: "2026-03-25", amountMinor: 3_312n, applications: [{ invoiceId: invoice.id, amountMinor: 3_312n }] });
  assert.deepEqual(await journalLinesOf(db, rest.journalEntryId), sortLines([[a.cash, 3_312n, 0n], [a.ar, 0n, 3_312n]]));
  assert.equal((await invoiceStatus(invoice.id)).status, "paid");
  await assertSubledgersReconcile(db, fx.entityId);
});

test("an over-payment pays the invoice and keeps the remainder as unapplied cash in customer deposits", async () => {
  const invoice = await invoicedOrder(db, fx, fx.customers.gold, [{ itemId: itemA, qty: "12" }], { invoiceDate: "2026-03-03" });
  assert.equal(invoice.totalMinor, 10_800n); // 12 at the break price of 9.00, no tax
  const payment = await pay({ customerId: fx.customers.gold, receivedDate: "2026-03-25", amountMinor: 15_000n, reference: "chk 1001",
    applications: [{ invoiceId: invoice.id, amountMinor: 10_800n }] });
  assert.equal(payment.unappliedMinor, 4_200n);
  assert.equal(payment.unappliedBaseMinor, 4_200n);
  assert.deepEqual(await journalLinesOf(db, payment.journalEntryId), sortLines([[a.cash, 15_000n, 0n], [a.ar, 0n, 10_800n], [a.deposits, 0n, 4_200n]]));
  assert.equal((await invoiceStatus(invoice.id)).status, "paid");
  await assertSubledgersReconcile(db, fx.entityId);

  // Later the deposit pays part of the next invoice: Dr Customer deposits, Cr AR.
  const next = await invoicedOrder(db, fx, fx.customers.gold, [{ itemId: itemB, qty: "5" }], { invoiceDate: "2026-04-01" });
  const applied = await inTransaction(db, (tx) => applyUnappliedCash(tx, billing, { paymentId: payment.id, appliedDate: "2026-04-02",
    applications: [{ invoiceId: next.id, amountMinor: 4_200n }], idempotencyKey: "apply-1" }));
  assert.equal(applied.unappliedMinor, 0n);
  const application = applied.applications.find((x) => x.invoiceId === next.id)!;
  assert.deepEqual(await journalLinesOf(db, application.journalEntryId), sortLines([[a.deposits, 4_200n, 0n], [a.ar, 0n, 4_200n]]));
  assert.deepEqual([(await invoiceStatus(next.id)).status, (await invoiceStatus(next.id)).openMinor], ["partially_paid", 800n]);
  const before = await ledgerSnapshot(db);
  const retry = await inTransaction(db, (tx) => applyUnappliedCash(tx, billing, { paymentId: payment.id, appliedDate: "2026-04-02",
    applications: [{ invoiceId: next.id, amountMinor: 4_200n }], idempotencyKey: "apply-1" }));
  assert.equal(retry.replayed, true);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => inTransaction(db, (tx) => applyUnappliedCash(tx, billing, { paymentId: payment.id, appliedDate: "2026-04-02",
    applications: [{ invoiceId: next.id, amountMinor: 1n }] })), "SALES_APPLICATIONS_EXCEED_UNAPPLIED");
  await assertSubledgersReconcile(db, fx.entityId);
});

test("a retried payment with the same idempotency key returns the first payment and creates nothing", async () => {
  const invoice = await invoicedOrder(db, fx, fx.customers.silver, [{ itemId: itemA, qty: "2" }], { invoiceDate: "2026-03-04" });
  const input = { customerId: fx.customers.silver, receivedDate: "2026-03-26", amountMinor: invoice.totalMinor, applications: [{ invoiceId: invoice.id, amountMinor: invoice.totalMinor }], idempotencyKey: "remit-777" };
  const first = await pay(input);
  const before = await ledgerSnapshot(db);
  const payments = await db.execute(sql`select count(*)::text as n from customer_payment`);
  const retry = await pay(input);
  assert.equal(retry.id, first.id);
  assert.equal(retry.replayed, true);
  assert.equal(retry.journalEntryId, first.journalEntryId);
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.deepEqual(await db.execute(sql`select count(*)::text as n from customer_payment`), payments);
  assert.equal((await invoiceStatus(invoice.id)).appliedMinor, invoice.totalMinor);
  await rejectsWithCode(() => pay({ ...input, customerId: fx.customers.gold, applications: [] }), "IDEMPOTENCY_KEY_REUSED");
});

test("a EUR payment relieves AR at the invoice's rate and realizes the FX gain", async () => {
  const invoice = await invoicedOrder(db, fx, fx.euroCustomerId, [{ itemId: itemA, qty: "10" }], { invoiceDate: "2026-03-05" });
  assert.equal(invoice.exchangeRatePpm, EUR_RATE_JAN_PPM);
  const total = invoice.totalMinor;
  const half = total / 2n;
  // Half paid in March at the invoice's own rate (only rounding can differ), the rest in June at 1.20.
  const march = await pay({ customerId: fx.euroCustomerId, currency: "EUR", receivedDate: "2026-03-30", amountMinor: half, applications: [{ invoiceId: invoice.id, amountMinor: half }] });
  const marchCash = applyRatePpm(half, EUR_RATE_JAN_PPM, "halfEven");
  // AR carried for the half: the invoice's base value less what the open rest still carries.
  const carriedHalf = invoice.totalBaseMinor - openBaseMinor(invoice, total - half);
  assert.deepEqual(await documentLinesOf(db, march.journalEntryId), sortDocumentLines([
    [a.cash, marchCash, 0n, half, 0n], [a.ar, 0n, carriedHalf, 0n, half], ...fxLines(marchCash - carriedHalf)]));
  const rest = total - half;
  const june = await pay({ customerId: fx.euroCustomerId, currency: "EUR", receivedDate: "2026-06-15", amountMinor: rest, applications: [{ invoiceId: invoice.id, amountMinor: rest }] });
  const juneCash = applyRatePpm(rest, EUR_RATE_JUN_PPM, "halfEven");
  const carriedRest = invoice.totalBaseMinor - carriedHalf;
  assert.ok(juneCash - carriedRest > 100n, "the euro rose 9%: a real gain");
  assert.deepEqual(await documentLinesOf(db, june.journalEntryId), sortDocumentLines([
    [a.cash, juneCash, 0n, rest, 0n], [a.ar, 0n, carriedRest, 0n, rest], ...fxLines(juneCash - carriedRest)]));
  assert.equal((await invoiceStatus(invoice.id)).status, "paid");
  await assertSubledgersReconcile(db, fx.entityId);
});

test("refuses applications beyond the open amount, the payment, the currency or the customer, and changes nothing", async () => {
  const usd = await invoicedOrder(db, fx, fx.customers.platinum, [{ itemId: itemB, qty: "3" }], { invoiceDate: "2026-03-06" });
  const other = await invoicedOrder(db, fx, fx.customers.standard, [{ itemId: itemB, qty: "1" }], { invoiceDate: "2026-03-06" });
  const before = await ledgerSnapshot(db);
  const c = fx.customers.platinum;
  await rejectsWithCode(() => pay({ customerId: c, receivedDate: "2026-03-27", amountMinor: 10_000n, applications: [{ invoiceId: usd.id, amountMinor: usd.totalMinor + 1n }] }), "SALES_APPLICATION_EXCEEDS_OPEN");
  await rejectsWithCode(() => pay({ customerId: c, receivedDate: "2026-03-27", amountMinor: 100n, applications: [{ invoiceId: usd.id, amountMinor: 200n }] }), "SALES_APPLICATIONS_EXCEED_PAYMENT");
  await rejectsWithCode(() => pay({ customerId: c, currency: "EUR", receivedDate: "2026-03-27", amountMinor: 100n, applications: [{ invoiceId: usd.id, amountMinor: 100n }] }), "SALES_PAYMENT_CURRENCY_MISMATCH");
  await rejectsWithCode(() => pay({ customerId: c, receivedDate: "2026-03-27", amountMinor: 100n, applications: [{ invoiceId: other.id, amountMinor: 100n }] }), "SALES_INVOICE_NOT_APPLICABLE");
  await rejectsWithCode(() => pay({ customerId: c, receivedDate: "2026-03-27", amountMinor: 200n,
    applications: [{ invoiceId: usd.id, amountMinor: 100n }, { invoiceId: usd.id, amountMinor: 100n }] }), "SALES_DUPLICATE_APPLICATION");
  await rejectsWithCode(() => pay({ customerId: c, receivedDate: "2026-03-27", amountMinor: 0n }), "VALIDATION_FAILED");
  await rejectsWithCode(() => inTransaction(db, (tx) => receiveCustomerPayment(tx, fx.users.clerk, { entityId: fx.entityId, customerId: c, receivedDate: "2026-03-27",
    amountMinor: 100n, currency: "USD", method: "ach" })), "AUTH_FORBIDDEN");
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.equal((await invoiceStatus(usd.id)).status, "open");
});

test("concurrent payments never apply more than an invoice's open amount, and concurrent retries of one key make one payment", async () => {
  const c = fx.customers.standard;
  const invoice = await invoicedOrder(db, fx, c, [{ itemId: itemB, qty: "4" }], { invoiceDate: "2026-03-07" });
  const racers = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => pay({ customerId: c, receivedDate: "2026-03-28", amountMinor: invoice.totalMinor,
    reference: `racer ${i}`, applications: [{ invoiceId: invoice.id, amountMinor: invoice.totalMinor }] })));
  assert.equal(racers.filter((r) => r.status === "fulfilled").length, 1);
  for (const r of racers) if (r.status === "rejected") assert.equal((r.reason as { code?: string }).code, "SALES_APPLICATION_EXCEEDS_OPEN");
  assert.equal((await invoiceStatus(invoice.id)).appliedMinor, invoice.totalMinor);

  const retries = await Promise.all(Array.from({ length: 6 }, () => pay({ customerId: c, receivedDate: "2026-03-29", amountMinor: 1_234n, idempotencyKey: "same-remittance" })));
  assert.equal(new Set(retries.map((r) => r.id)).size, 1);
  assert.equal(retries.filter((r) => !r.replayed).length, 1);
  await assertSubledgersReconcile(db, fx.entityId);
});
