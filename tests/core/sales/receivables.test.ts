// Proves the AR reports: aging buckets by days past due as of any date (applications after the
// date do not count), in document currency and at carrying value in base currency, with open
// credits and unapplied cash beside them; and the reconciliation of open AR with the AR control
// account, in total and per customer, which finds a posting the subledger does not explain.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { postJournal } from "../../../core/ledger";
import { applyRatePpm } from "../../../core/shared/money";
import { receiveCustomerPayment } from "../../../core/sales/payments";
import { arAging, arReconciliation, emptyAmounts } from "../../../core/sales/receivables";
import { invoiceShipment, type InvoiceDetail } from "../../../core/sales/invoicing";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { EUR_RATE_JAN_PPM, assertSubledgersReconcile, createDocumentsFixture, enterOrder, receive, shipAll } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "A1");
const [itemA] = fx.itemIds as [number];
const [warehouseA] = fx.warehouseIds;
const customer = fx.customers.gold;
await receive(db, fx, itemA, warehouseA, "500", 600n, "2026-01-02");

// Every order is entered on 5 January (later, overdue invoices would put new orders on credit hold).
const INVOICE_DATES = ["2026-01-05", "2026-02-15", "2026-03-20", "2026-04-25", "2026-05-28", "2026-06-20"];
const orders = [];
for (const [index] of INVOICE_DATES.entries()) orders.push(await enterOrder(db, fx, customer, [{ itemId: itemA, qty: String(index + 1) }], "2026-01-05"));
const euroOrder = await enterOrder(db, fx, fx.euroCustomerId, [{ itemId: itemA, qty: "3" }], "2026-01-05");
const invoices: InvoiceDetail[] = [];
for (const [index, date] of INVOICE_DATES.entries()) {
  const shipment = await shipAll(db, fx, orders[index]!.order.id, date);
  invoices.push(await inTransaction(db, (tx) => invoiceShipment(tx, fx.billing, { shipmentId: shipment.id, invoiceDate: date })));
}
const euroShipment = await shipAll(db, fx, euroOrder.order.id, "2026-02-10");
const euroInvoice = await inTransaction(db, (tx) => invoiceShipment(tx, fx.billing, { shipmentId: euroShipment.id, invoiceDate: "2026-02-10" }));
await inTransaction(db, (tx) => receiveCustomerPayment(tx, fx.billing, { entityId: fx.entityId, customerId: customer, receivedDate: "2026-06-10",
  amountMinor: 1_000n, currency: "USD", method: "check", applications: [{ invoiceId: invoices[2]!.id, amountMinor: 1_000n }] }));
await inTransaction(db, (tx) => receiveCustomerPayment(tx, fx.billing, { entityId: fx.entityId, customerId: customer, receivedDate: "2026-06-25",
  amountMinor: 500n, currency: "USD", method: "check" }));

test("aging puts each open invoice in its bucket by days past due, net of what was applied by then", async () => {
  const aging = await inTransaction(db, (tx) => arAging(tx, fx.users.clerk, { entityId: fx.entityId, asOf: "2026-06-30" }));
  const usd = aging.rows.find((r) => r.customerId === customer)!;
  const t = invoices.map((i) => i.totalMinor);
  // Due 30 days after the invoice: 146 and 105 days late, 72, 36, 3, and not yet due.
  assert.deepEqual(usd.document, { ...emptyAmounts(), over90: t[0]! + t[1]!, days61To90: t[2]! - 1_000n, days31To60: t[3]!, days1To30: t[4]!, current: t[5]!,
    total: t.reduce((x, y) => x + y, 0n) - 1_000n });
  assert.deepEqual(usd.base, usd.document, "a base-currency customer carries at par");
  assert.deepEqual([usd.unappliedCashMinor, usd.unappliedCashBaseMinor, usd.creditsMinor], [500n, 500n, 0n]);

  // On 5 June nothing had been paid yet, and every invoice was 30 days younger.
  const earlier = await inTransaction(db, (tx) => arAging(tx, fx.users.clerk, { entityId: fx.entityId, asOf: "2026-06-05", customerId: customer }));
  assert.equal(earlier.rows.length, 1);
  assert.deepEqual(earlier.rows[0]!.document, { ...emptyAmounts(), over90: t[0]!, days61To90: t[1]!, days31To60: t[2]!, days1To30: t[3]!, current: t[4]!,
    total: t[0]! + t[1]! + t[2]! + t[3]! + t[4]! });
  assert.equal(earlier.rows[0]!.unappliedCashMinor, 0n);
});

test("a foreign-currency customer ages in its currency and at the invoice's carrying rate in base", async () => {
  const aging = await inTransaction(db, (tx) => arAging(tx, fx.users.clerk, { entityId: fx.entityId, asOf: "2026-06-30", customerId: fx.euroCustomerId }));
  assert.equal(aging.rows.length, 1);
  const row = aging.rows[0]!;
  assert.equal(row.currency, "EUR");
  assert.equal(row.document.over90, euroInvoice.totalMinor);
  assert.equal(row.base.over90, applyRatePpm(euroInvoice.totalMinor, EUR_RATE_JAN_PPM, "halfEven"));
  assert.equal(row.base.over90, euroInvoice.totalBaseMinor);
  assert.equal(aging.baseCurrency, "USD");
});

test("open AR at carrying value equals the AR control account, and the aging totals agree", async () => {
  await assertSubledgersReconcile(db, fx.entityId);
  const rec = await inTransaction(db, (tx) => arReconciliation(tx, fx.entityId));
  assert.ok(rec.openArBaseMinor > 0n);
  assert.deepEqual(rec.arAccountIds, [fx.accounts.ar]);
  assert.equal(rec.unappliedCashBaseMinor, 500n);
  const aging = await inTransaction(db, (tx) => arAging(tx, fx.users.clerk, { entityId: fx.entityId, asOf: "2026-12-31" }));
  assert.equal(aging.totals.openArBaseMinor, rec.openArBaseMinor);
  assert.equal(aging.totals.unappliedCashBaseMinor, rec.unappliedCashBaseMinor);
});

test("the reconciliation finds AR postings the subledger does not explain, in total and per customer", async () => {
  await withRollback(db, async (tx) => {
    await postJournal(tx, SYSTEM_ACTOR, { entityId: fx.entityId, postingDate: "2026-06-30", eventType: "manual", sourceType: "test", sourceId: null,
      description: "AR adjusted by hand", lines: [
        { accountId: fx.accounts.ar, debitMinor: 700n, creditMinor: 0n, customerId: customer },
        { accountId: fx.accounts.ar, debitMinor: 50n, creditMinor: 0n },
        { accountId: fx.accounts.cash, debitMinor: 0n, creditMinor: 750n }] });
    const rec = await arReconciliation(tx, fx.entityId);
    assert.equal(rec.differenceMinor, -750n);
    assert.deepEqual(rec.customersOutOfBalance.map((c) => [c.customerId, c.glMinor - c.subledgerMinor]), [[null, 50n], [customer, 700n]]);
  });
});

test("aging is a read for holders of sales:read", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => arAging(tx, { userId: null, username: "nobody", roles: [] }, { entityId: fx.entityId, asOf: "2026-06-30" })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => arAging(tx, fx.users.clerk, { entityId: fx.entityId, asOf: "30/06/2026" })), "VALIDATION_FAILED");
});
