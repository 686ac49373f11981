// Proves invoicing from shipments: lines at the order line's price converted from the order
// unit to the base quantity shipped (partial invoices add up to the line exactly), tax per line
// half-even, due date from the payment term, foreign currency at the invoice date's rate with
// base amounts converted part by part; each invoice posts Dr AR, Cr Revenue per line, Cr Sales
// tax; batch invoicing, idempotency and refusals; and a customer statement that adds up.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { salesOrderLine } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { applyRatePpm } from "../../../core/shared/money";
import { createPickList, shipShipment } from "../../../core/sales/fulfilment";
import { customerStatement, invoiceShipment, invoiceUninvoicedShipments } from "../../../core/sales/invoicing";
import { receiveCustomerPayment } from "../../../core/sales/payments";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import {
  EUR_RATE_JUN_PPM, assertSubledgersReconcile, createDocumentsFixture, documentLinesOf, enterOrder, journalLinesOf, receive, sortDocumentLines, sortLines,
} from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "I1");
const [itemA, itemB, itemC] = fx.itemIds as [number, number, number];
const [warehouseA] = fx.warehouseIds;
const picker = fx.users.receiver;
const billing = fx.billing;
const a = fx.accounts;
await receive(db, fx, itemA, warehouseA, "100", 600n);
await receive(db, fx, itemB, warehouseA, "100", 600n);
await receive(db, fx, itemC, warehouseA, "100", 600n);

async function ship(orderId: number, lines: { orderLineId: number; baseQty: string }[] | undefined, shipDate = "2026-03-05") {
  const pick = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId, warehouseId: warehouseA, lines }));
  return inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: pick.id, shipDate }));
}

async function linesOf(orderId: number) {
  return db.select().from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId)).orderBy(salesOrderLine.lineNumber);
}

test("a partial shipment is invoiced at the case price converted to the units shipped, with tax per line", async () => {
  const entered = await enterOrder(db, fx, fx.taxedCustomerId, [{ itemId: itemA, uom: "CS", qty: "2" }, { itemId: itemB, qty: "5" }]);
  const [caseLine, eachLine] = await linesOf(entered.order.id);
  assert.equal(caseLine!.unitPriceMinor, 10_800n);
  assert.equal(eachLine!.unitPriceMinor, 1_000n);
  const first = await ship(entered.order.id, [{ orderLineId: caseLine!.id, baseQty: "10" }, { orderLineId: eachLine!.id, baseQty: "5" }]);
  const invoice = await inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: first.id, invoiceDate: "2026-03-06" }));
  // 10 of the 24 units of two cases at 108.00 = 90.00; 5 at 10.00 = 50.00; tax 5.625 -> 5.62 and 3.125 -> 3.12 (half-even).
  assert.deepEqual(invoice.lines.map((l) => [l.baseQty, l.unitPriceMinor, l.netMinor, l.taxMinor, l.taxCodeId]),
    [["10", 10_800n, 9_000n, 562n, fx.taxCodeId], ["5", 1_000n, 5_000n, 312n, fx.taxCodeId]]);
  assert.deepEqual([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor, invoice.totalBaseMinor], [14_000n, 874n, 14_874n, 14_874n]);
  assert.equal(invoice.dueDate, "2026-04-05");
  assert.equal(invoice.status, "open");
  assert.match(invoice.invoiceNumber, /^INV-I1-\d{8}$/);
  assert.deepEqual(await journalLinesOf(db, invoice.journalEntryId), sortLines([
    [a.ar, 14_874n, 0n], [a.revenue, 0n, 9_000n], [a.revenue, 0n, 5_000n], [a.taxPayable, 0n, 874n]]));
  await assertSubledgersReconcile(db, fx.entityId);

  // The remaining 14 units take exactly what is left of the line's 216.00.
  const second = await ship(entered.order.id, undefined, "2026-03-07");
  const rest = await inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: second.id, invoiceDate: "2026-03-07" }));
  assert.deepEqual(rest.lines.map((l) => [l.baseQty, l.netMinor, l.taxMinor]), [["14", 12_600n, 788n]]);
  assert.deepEqual(await journalLinesOf(db, rest.journalEntryId), sortLines([[a.ar, 13_388n, 0n], [a.revenue, 0n, 12_600n], [a.taxPayable, 0n, 788n]]));
  assert.equal(invoice.lines[0]!.netMinor + rest.lines[0]!.netMinor, 21_600n);
  await assertSubledgersReconcile(db, fx.entityId);
});

test("a shipment is invoiced once; a retried key returns the first invoice and changes nothing", async () => {
  const entered = await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemC, qty: "4" }]);
  const shipment = await ship(entered.order.id, undefined);
  const first = await inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: shipment.id, invoiceDate: "2026-03-06", idempotencyKey: "inv-1" }));
  const before = await ledgerSnapshot(db);
  const retry = await inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: shipment.id, invoiceDate: "2026-03-06", idempotencyKey: "inv-1" }));
  assert.equal(retry.id, first.id);
  assert.equal(retry.replayed, true);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: shipment.id, invoiceDate: "2026-03-06" })), "SALES_SHIPMENT_ALREADY_INVOICED");
  await rejectsWithCode(() => inTransaction(db, (tx) => invoiceShipment(tx, fx.users.clerk, { shipmentId: shipment.id, invoiceDate: "2026-03-06" })), "AUTH_FORBIDDEN");
  const unshipped = await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemC, qty: "1" }]);
  const pick = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: unshipped.order.id, warehouseId: warehouseA }));
  await rejectsWithCode(() => inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: pick.id, invoiceDate: "2026-03-06" })), "SALES_SHIPMENT_NOT_SHIPPED");
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("a EUR invoice is in the order currency at the invoice date's rate, base converted part by part", async () => {
  const entered = await enterOrder(db, fx, fx.euroCustomerId, [{ itemId: itemC, qty: "3" }, { itemId: itemB, qty: "7" }], "2026-06-10");
  assert.equal(entered.order.currency, "EUR");
  const [lineC, lineB] = await linesOf(entered.order.id);
  const shipment = await ship(entered.order.id, undefined, "2026-06-12");
  const invoice = await inTransaction(db, (tx) => invoiceShipment(tx, billing, { shipmentId: shipment.id, invoiceDate: "2026-06-15" }));
  const netC = lineC!.unitPriceMinor * 3n;
  const netB = lineB!.unitPriceMinor * 7n;
  const baseC = applyRatePpm(netC, EUR_RATE_JUN_PPM, "halfEven");
  const baseB = applyRatePpm(netB, EUR_RATE_JUN_PPM, "halfEven");
  assert.equal(invoice.currency, "EUR");
  assert.equal(invoice.exchangeRatePpm, EUR_RATE_JUN_PPM);
  assert.equal(invoice.taxMinor, 0n);
  assert.equal(invoice.totalMinor, netC + netB);
  assert.equal(invoice.totalBaseMinor, baseC + baseB);
  assert.deepEqual(await documentLinesOf(db, invoice.journalEntryId), sortDocumentLines([
    [a.ar, baseC + baseB, 0n, netC + netB, 0n], [a.revenue, 0n, baseB, 0n, netB], [a.revenue, 0n, baseC, 0n, netC]]));
  await assertSubledgersReconcile(db, fx.entityId);
});

test("batch invoicing invoices every shipped, uninvoiced shipment once", async () => {
  const one = await enterOrder(db, fx, fx.customers.silver, [{ itemId: itemC, qty: "2" }]);
  const two = await enterOrder(db, fx, fx.customers.platinum, [{ itemId: itemC, qty: "5" }]);
  const s1 = await ship(one.order.id, undefined, "2026-06-20");
  const s2 = await ship(two.order.id, undefined, "2026-06-21");
  const batch = await inTransaction(db, (tx) => invoiceUninvoicedShipments(tx, billing, { entityId: fx.entityId, invoiceDate: "2026-06-30" }));
  assert.deepEqual(batch.invoices.map((i) => i.shipmentId).sort(), [s1.id, s2.id].sort());
  assert.equal(batch.remaining, false);
  const again = await inTransaction(db, (tx) => invoiceUninvoicedShipments(tx, billing, { entityId: fx.entityId, invoiceDate: "2026-06-30" }));
  assert.deepEqual(again.invoices, []);
  await assertSubledgersReconcile(db, fx.entityId);
});

test("a customer statement shows the opening balance, the period's invoices and payments, and the closing balance", async () => {
  const c = fx.customers.standard;
  // Both orders first: once the March invoice is overdue, the credit check would hold a new order.
  const march = await enterOrder(db, fx, c, [{ itemId: itemC, qty: "3" }], "2026-03-10");
  const may = await enterOrder(db, fx, c, [{ itemId: itemC, qty: "2" }], "2026-03-10");
  const inv1 = await inTransaction(db, async (tx) => invoiceShipment(tx, billing, { shipmentId: (await ship(march.order.id, undefined, "2026-03-10")).id, invoiceDate: "2026-03-10" }));
  const inv2 = await inTransaction(db, async (tx) => invoiceShipment(tx, billing, { shipmentId: (await ship(may.order.id, undefined, "2026-05-04")).id, invoiceDate: "2026-05-05" }));
  const payment = await inTransaction(db, (tx) => receiveCustomerPayment(tx, billing, { entityId: fx.entityId, customerId: c, receivedDate: "2026-05-20",
    amountMinor: inv1.totalMinor, currency: "USD", method: "ach", reference: "remit 1", applications: [{ invoiceId: inv1.id, amountMinor: inv1.totalMinor }] }));
  const statement = await inTransaction(db, (tx) => customerStatement(tx, fx.users.clerk, { customerId: c, from: "2026-04-01", to: "2026-05-31" }));
  assert.equal(statement.sections.length, 1);
  const usd = statement.sections[0]!;
  assert.equal(usd.currency, "USD");
  assert.equal(usd.openingBalanceMinor, inv1.totalMinor);
  assert.equal(usd.invoicedMinor, inv2.totalMinor);
  assert.equal(usd.paidMinor, payment.amountMinor);
  assert.equal(usd.closingBalanceMinor, inv2.totalMinor);
  assert.deepEqual(usd.lines.map((l) => [l.date, l.kind, l.documentNumber, l.debitMinor, l.creditMinor, l.balanceMinor]), [
    ["2026-05-05", "invoice", inv2.invoiceNumber, inv2.totalMinor, 0n, inv1.totalMinor + inv2.totalMinor],
    ["2026-05-20", "payment", payment.paymentNumber, 0n, payment.amountMinor, inv2.totalMinor],
  ]);
  await rejectsWithCode(() => inTransaction(db, (tx) => customerStatement(tx, fx.users.clerk, { customerId: c, from: "2026-06-01", to: "2026-05-31" })), "VALIDATION_FAILED");
});
