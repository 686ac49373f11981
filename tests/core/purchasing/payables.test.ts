// Proves payables on real PostgreSQL: payment runs by due date with early-payment discounts,
// routed through approval and executed as one posted payment per supplier; manual payments
// (partial, foreign currency with realized FX at carrying value, idempotent); a run refused when
// its invoices changed; AP aging by days past due as of a date; supplier rebates accrued on
// receipts by tier and trued up at settlement; AP control equal to open payables throughout.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { journalLine } from "../../../core/ledger/schema";
import {
  accrueSupplierRebates, apAging, apReconciliation, createPurchaseOrder, createRebateAgreement, enterSupplierInvoice, executePaymentRun, getSupplierInvoiceOrThrow,
  paySupplierInvoice, proposePaymentRun, PurchasingError, receivePurchaseOrder, settleRebateAgreement, submitPaymentRun, submitPurchaseOrder,
} from "../../../core/purchasing";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { addRate, createPurchasingFixture, type PurchasingFixture } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
let fixtures = 0;
const fixture = () => createPurchasingFixture(db, { code: `Y${++fixtures}` });
let refs = 0;

/** An approved PO for one line, received in full (or in the parts given) on the dates given. */
async function receivedLine(fx: PurchasingFixture, supplierId: number, itemId: number, qty: string, receipts: { date: string; qty: string }[]) {
  const created = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId, orderDate: "2026-01-05",
    lines: [{ itemId, warehouseId: fx.warehouseIds[0], uom: "EA", qty }] }));
  const po = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: created.id }));
  if (po.status === "pending_approval") {
    await run((tx) => decideApprovalStep(tx, fx.users.buyer2, { requestId: po.approvalRequestId!, decision: "approve" }));
    await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: po.approvalRequestId!, decision: "approve" }));
  }
  const receiptIds = [];
  for (const r of receipts) {
    receiptIds.push((await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: fx.warehouseIds[0], receiptDate: r.date,
      lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId, qty: r.qty }] }))).id);
  }
  return { poLineId: po.lines[0]!.id, receiptIds };
}

/** A posted invoice for a received line, at the PO price. */
async function postedInvoice(fx: PurchasingFixture, options: { eur?: boolean; qty: string; invoiceDate: string; receiptDate?: string }) {
  const supplierId = options.eur ? fx.suppliers.eur : fx.suppliers.usd;
  const itemId = options.eur ? fx.itemIds[2]! : fx.itemIds[1]!;
  const { poLineId } = await receivedLine(fx, supplierId, itemId, options.qty, [{ date: options.receiptDate ?? "2026-01-10", qty: options.qty }]);
  const invoice = await run((tx) => enterSupplierInvoice(tx, fx.users.buyer, { entityId: fx.entityId, supplierId, supplierInvoiceRef: `PAY-${++refs}`,
    invoiceDate: options.invoiceDate, currency: options.eur ? "EUR" : "USD", lines: [{ purchaseOrderLineId: poLineId, baseQty: options.qty, unitPriceMinor: options.eur ? 900 : 250 }] }));
  assert.equal(invoice.status, "posted");
  return invoice;
}

async function entryNet(journalEntryId: number) {
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, journalEntryId));
  const net = new Map<number, [bigint, bigint]>();
  for (const l of lines) {
    const [base, doc] = net.get(l.accountId) ?? [0n, 0n];
    net.set(l.accountId, [base + l.debitMinor - l.creditMinor, doc + l.documentDebitMinor - l.documentCreditMinor]);
  }
  return net;
}

async function apReconciled(fx: PurchasingFixture) {
  const ap = await run((tx) => apReconciliation(tx, fx.entityId));
  assert.equal(ap.differenceMinor, 0n, `AP ${ap.glMinor} vs open payables ${ap.subledgerMinor}`);
  return ap.subledgerMinor;
}

test("a payment run pays what is due, takes discounts within the discount days, and is executed only after approval", async () => {
  const fx = await fixture();
  const due = await postedInvoice(fx, { qty: "40", invoiceDate: "2026-03-01" }); // net 30: due 2026-03-31
  const later = await postedInvoice(fx, { qty: "8", invoiceDate: "2026-03-20" }); // due 2026-04-19
  const usdRun = await run((tx) => proposePaymentRun(tx, fx.users.buyer, { entityId: fx.entityId, paymentDate: "2026-04-01", dueThrough: "2026-04-05" }));
  assert.match(usdRun.runNumber, new RegExp(`^PR-${fx.code}-\\d{8}$`));
  assert.deepEqual(usdRun.payments.flatMap((p) => p.applications.map((x) => [x.invoiceId, x.amountMinor, x.discountMinor])), [[due.id, 10_000n, 0n]]);
  assert.equal(later.status, "posted");

  await addRate(db, "EUR", "USD", "2026-03-25", 1_200_000n);
  const eurInvoice = await postedInvoice(fx, { eur: true, qty: "10", invoiceDate: "2026-03-25", receiptDate: "2026-03-25" }); // 2% 10: discount until 2026-04-04
  const eurRun = await run((tx) => proposePaymentRun(tx, fx.users.buyer, { entityId: fx.entityId, paymentDate: "2026-04-02", dueThrough: "2026-04-30", currency: "EUR" }));
  assert.deepEqual(eurRun.payments.flatMap((p) => p.applications.map((x) => [x.invoiceId, x.amountMinor, x.discountMinor])), [[eurInvoice.id, 8_820n, 180n]]);

  await rejectsWithCode(() => run((tx) => executePaymentRun(tx, fx.users.buyer, { runId: eurRun.id })), PurchasingError.PAYMENT_RUN_STATE);
  const pending = await run((tx) => submitPaymentRun(tx, fx.users.buyer, { runId: eurRun.id }));
  assert.equal(pending.status, "pending_approval");
  await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: pending.approvalRequestId!, decision: "approve" }));
  await addRate(db, "EUR", "USD", "2026-04-02", 1_250_000n);
  const paid = await run((tx) => executePaymentRun(tx, fx.users.buyer, { runId: eurRun.id }));
  assert.equal(paid.status, "paid");
  const payment = paid.payments[0]!;
  assert.deepEqual([payment.amountMinor, payment.discountMinor, payment.exchangeRatePpm], [8_820n, 180n, 1_250_000n]);
  // AP carried EUR 90.00 at 1.20 = 108.00; cash EUR 88.20 and discount EUR 1.80 at 1.25 = 110.25 and 2.25: a 4.50 loss.
  const net = await entryNet(payment.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.ap), net.get(fx.accounts.cash), net.get(fx.accounts.discounts), net.get(fx.accounts.fxLoss)],
    [[10_800n, 9_000n], [-11_025n, -8_820n], [-225n, -180n], [450n, 0n]]);
  assert.equal((await run((tx) => getSupplierInvoiceOrThrow(tx, fx.users.buyer, eurInvoice.id))).status, "paid");
  await apReconciled(fx);
});

test("a rejected run is cancelled and its invoices can go into the next one; a run whose invoice was paid by hand is refused", async () => {
  const fx = await fixture();
  const invoice = await postedInvoice(fx, { qty: "20", invoiceDate: "2026-03-01" });
  const first = await run((tx) => proposePaymentRun(tx, fx.users.buyer, { entityId: fx.entityId, paymentDate: "2026-04-01", dueThrough: "2026-04-01" }));
  await rejectsWithCode(() => run((tx) => proposePaymentRun(tx, fx.users.buyer, { entityId: fx.entityId, paymentDate: "2026-04-01", dueThrough: "2026-04-01" })), PurchasingError.PAYMENT_RUN_EMPTY);
  const pending = await run((tx) => submitPaymentRun(tx, fx.users.buyer, { runId: first.id }));
  await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: pending.approvalRequestId!, decision: "reject", comment: "Hold until the dispute is settled" }));
  const second = await run((tx) => proposePaymentRun(tx, fx.users.buyer, { entityId: fx.entityId, paymentDate: "2026-04-02", dueThrough: "2026-04-02" }));
  assert.deepEqual(second.payments.flatMap((p) => p.applications.map((a) => a.invoiceId)), [invoice.id]);
  const submitted = await run((tx) => submitPaymentRun(tx, fx.users.buyer, { runId: second.id }));
  await run((tx) => decideApprovalStep(tx, fx.users.controller, { requestId: submitted.approvalRequestId!, decision: "approve" }));
  await run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: invoice.id, paymentDate: "2026-04-01", amountMinor: 1_000 }));
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => run((tx) => executePaymentRun(tx, fx.users.buyer, { runId: second.id })), PurchasingError.PAYMENT_RUN_STALE);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await apReconciled(fx);
});

test("partial foreign-currency payments clear AP at carrying value and realize the FX difference; a retried payment pays once", async () => {
  const fx = await fixture();
  await addRate(db, "EUR", "USD", "2026-05-04", 1_200_000n);
  await addRate(db, "EUR", "USD", "2026-05-20", 1_250_000n);
  const invoice = await postedInvoice(fx, { eur: true, qty: "10", invoiceDate: "2026-05-04", receiptDate: "2026-05-04" });
  assert.equal(invoice.totalBaseMinor, 10_800n);
  const open = await apReconciled(fx);
  const pay = (amountMinor: number, idempotencyKey?: string) => run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: invoice.id, paymentDate: "2026-05-20", amountMinor, idempotencyKey }));
  const first = await pay(4_000, "pay-retry-1");
  // EUR 40.00 carried at 48.00 (4/9 of 108.00), paid 50.00: a 2.00 loss.
  let net = await entryNet(first.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.ap), net.get(fx.accounts.cash), net.get(fx.accounts.fxLoss)], [[4_800n, 4_000n], [-5_000n, -4_000n], [200n, 0n]]);
  assert.equal((await run((tx) => getSupplierInvoiceOrThrow(tx, fx.users.buyer, invoice.id))).status, "partially_paid");
  assert.equal(await apReconciled(fx), open - 4_800n);
  const before = await ledgerSnapshot(db);
  const replay = await pay(4_000, "pay-retry-1");
  assert.deepEqual([replay.id, replay.replayed], [first.id, true]);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => pay(5_001), PurchasingError.PAYMENT_EXCEEDS_OPEN);
  await rejectsWithCode(() => run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: invoice.id, paymentDate: "2026-05-20", amountMinor: 4_900, discountMinor: 100 })), PurchasingError.DISCOUNT_NOT_ALLOWED);
  const last = await pay(5_000);
  net = await entryNet(last.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.ap), net.get(fx.accounts.cash), net.get(fx.accounts.fxLoss)], [[6_000n, 5_000n], [-6_250n, -5_000n], [250n, 0n]]);
  const settled = await run((tx) => getSupplierInvoiceOrThrow(tx, fx.users.buyer, invoice.id));
  assert.deepEqual([settled.status, settled.openMinor, settled.openBaseMinor], ["paid", 0n, 0n]);
  assert.equal(await apReconciled(fx), open - 10_800n);
  await rejectsWithCode(() => pay(1), PurchasingError.INVOICE_STATE);
});

test("AP aging buckets what was open on a date by days past due, counting only payments made by then", async () => {
  const fx = await fixture();
  const invoiceDates = ["2026-09-05", "2026-08-21", "2026-07-17", "2026-06-17", "2026-05-23"]; // due 30 days later
  const invoices: { id: number }[] = [];
  for (const invoiceDate of invoiceDates) invoices.push(await postedInvoice(fx, { qty: "4", invoiceDate })); // 10.00 each
  await run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: invoices[1]!.id, paymentDate: "2026-09-25", amountMinor: 300 }));
  await run((tx) => paySupplierInvoice(tx, fx.users.controller, { invoiceId: invoices[2]!.id, paymentDate: "2026-10-15", amountMinor: 1_000 }));
  const aging = await run((tx) => apAging(tx, fx.users.buyer, { entityId: fx.entityId, asOf: "2026-09-30" }));
  assert.deepEqual(aging.totals, { current: 1_000n, days1To30: 700n, days31To60: 1_000n, days61To90: 1_000n, over90: 1_000n });
  assert.equal(aging.totalMinor, 4_700n);
  assert.deepEqual(aging.rows.map((r) => [r.supplierId, r.totalMinor]), [[fx.suppliers.usd, 4_700n]]);
  const later = await run((tx) => apAging(tx, fx.users.buyer, { entityId: fx.entityId, asOf: "2026-10-31" }));
  assert.equal(later.totalMinor, 3_700n);
  assert.equal(await apReconciled(fx), 3_700n);
});

test("supplier rebates accrue on receipts at the tier reached, and settlement trues up to the claim", async () => {
  const fx = await fixture();
  const agreement = await run((tx) => createRebateAgreement(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.usd, name: "2026 May volume",
    periodStart: "2026-05-01", periodEnd: "2026-05-31", tiers: [{ fromMinor: 0, ratePpm: 10_000 }, { fromMinor: 1_000_000, ratePpm: 20_000 }] }));
  // 2,400 then 2,000 at 2.50: purchases 6,000.00 (1% tier) then 11,000.00 cumulative (2% tier).
  const { receiptIds } = await receivedLine(fx, fx.suppliers.usd, fx.itemIds[1]!, "4400", [{ date: "2026-05-05", qty: "2400" }, { date: "2026-05-20", qty: "2000" }]);
  const accrued = await run((tx) => accrueSupplierRebates(tx, fx.users.controller, { receiptId: receiptIds[0]! }));
  assert.deepEqual(accrued.map((x) => [x.agreementId, x.purchasesBaseMinor, x.amountMinor]), [[agreement.id, 600_000n, 6_000n]]);
  const second = await run((tx) => accrueSupplierRebates(tx, fx.users.controller, { receiptId: receiptIds[1]! }));
  assert.deepEqual(second.map((x) => x.amountMinor), [10_000n]);
  const receivable = async () => {
    const [row] = await db.select({ balance: sql<string>`coalesce(sum(${journalLine.debitMinor} - ${journalLine.creditMinor}), 0)` }).from(journalLine)
      .where(eq(journalLine.accountId, fx.accounts.rebateReceivable));
    return BigInt(row!.balance);
  };
  assert.equal(await receivable(), 16_000n); // accrued once each, although accrued again by hand
  await rejectsWithCode(() => run((tx) => settleRebateAgreement(tx, fx.users.controller, { agreementId: agreement.id, settlementDate: "2026-05-31" })), PurchasingError.REBATE_PERIOD_OPEN);
  const settlement = await run((tx) => settleRebateAgreement(tx, fx.users.controller, { agreementId: agreement.id, settlementDate: "2026-06-05" }));
  assert.deepEqual([settlement.purchasesMinor, settlement.ratePpm, settlement.claimMinor, settlement.accruedMinor, settlement.trueUpMinor], [1_100_000n, 20_000n, 22_000n, 16_000n, 6_000n]);
  const net = await entryNet(settlement.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.rebateReceivable), net.get(fx.accounts.cogs)], [[6_000n, 6_000n], [-6_000n, -6_000n]]);
  assert.equal(await receivable(), 22_000n);
  await rejectsWithCode(() => run((tx) => settleRebateAgreement(tx, fx.users.controller, { agreementId: agreement.id, settlementDate: "2026-06-06" })), PurchasingError.REBATE_AGREEMENT_STATE);
});
