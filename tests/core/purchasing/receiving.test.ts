// Proves receiving against purchase orders on real PostgreSQL: partial receipts post Inventory
// and GRNI at PO price x the receipt date's rate (exactly per line, whatever the unit cost);
// over-receipts pass within the tolerance and are refused beyond it with nothing changed; wrong
// items and warehouses are refused; lead time and lateness are recorded, a late receipt raises a
// delayed_receipt exception and, when customers wait on backorder, a cross-functional alert
// naming their orders, whose lines then get the arriving stock; and a retried receipt with the
// same key receives nothing twice.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { exceptionItem } from "../../../core/governance/schema";
import { inventoryReconciliation } from "../../../core/inventory";
import { stockBalance, stockMovement } from "../../../core/inventory/schema";
import { journalLine } from "../../../core/ledger/schema";
import {
  createPurchaseOrder, getPurchaseOrderOrThrow, grniReconciliation, OVER_RECEIPT_TOLERANCE_PPM, PurchasingError, receivePurchaseOrder, submitPurchaseOrder,
  type CreatePurchaseOrderInput, type ReceivePurchaseOrderInput,
} from "../../../core/purchasing";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { addRate, createPurchasingFixture, insertBackorderedLine } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const fx = await createPurchasingFixture(db);
const [item0, item1, item2] = fx.itemIds as [number, number, number];
const [wh, wh2] = fx.warehouseIds;
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);

async function approvedPo(supplierId: number, lines: CreatePurchaseOrderInput["lines"]) {
  const po = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId, orderDate: "2026-03-02", lines }));
  const submitted = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: po.id }));
  assert.equal(submitted.status, "approved");
  return submitted;
}
const receive = (input: Omit<ReceivePurchaseOrderInput, "warehouseId"> & { warehouseId?: number }) =>
  run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { warehouseId: wh, ...input }));

type Net = readonly [accountId: number, netMinor: bigint];
const byAccount = (lines: Net[]) => [...lines].sort((a, b) => a[0] - b[0]);

async function entryLines(journalEntryId: number): Promise<Net[]> {
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, journalEntryId));
  return byAccount(lines.map((l) => [l.accountId, l.debitMinor - l.creditMinor] as const));
}

async function reconciled() {
  const [grni, stock] = await run(async (tx) => [await grniReconciliation(tx, fx.entityId), await inventoryReconciliation(tx, fx.entityId)] as const);
  assert.equal(grni.differenceMinor, 0n, `GRNI ${grni.glMinor} vs received-not-invoiced ${grni.subledgerMinor}`);
  assert.equal(stock.differenceMinor, 0n, "stock value equals the GL inventory accounts");
}

test("a partial receipt posts Inventory and GRNI at PO price, records lead time, and the rest completes the order", async () => {
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item0, warehouseId: wh, uom: "CS", qty: "2" }]);
  const line = po.lines[0]!;
  const first = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-06", lines: [{ purchaseOrderLineId: line.id, itemId: item0, qty: "1" }] });
  assert.match(first.receiptNumber, new RegExp(`^GRN-${fx.code}-\\d{8}$`));
  assert.deepEqual(first.lines.map((l) => [l.baseQty, l.valueBaseMinor, l.valueDocumentMinor, l.leadTimeDays]), [["12.0000", 6_000n, 6_000n, 4]]);
  assert.equal(first.daysLate, -1);
  const [doc] = await db.select().from(stockMovement).where(eq(stockMovement.documentId, first.inventoryDocumentId!));
  assert.deepEqual(await entryLines(doc!.journalEntryId!), byAccount([[fx.accounts.inventory, 6_000n], [fx.accounts.grni, -6_000n]]));
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).status, "partially_received");
  // Counted in eaches this time: 5 EA at 60.00 per case of 12.
  const second = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-07", lines: [{ purchaseOrderLineId: line.id, itemId: item0, uom: "EA", qty: "12" }] });
  assert.deepEqual(second.lines.map((l) => [l.baseQty, l.valueBaseMinor]), [["12.0000", 6_000n]]);
  const done = await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id));
  assert.deepEqual([done.status, done.lines[0]!.baseQtyReceived, done.lines[0]!.openBaseQty], ["received", "24.0000", "0"]);
  await reconciled();
});

test("over-receipt within the tolerance is taken; beyond it is refused and nothing changes", async () => {
  assert.equal(OVER_RECEIPT_TOLERANCE_PPM, 50_000n);
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "100" }]);
  const line = po.lines[0]!;
  const before = await ledgerSnapshot(db);
  const error = await rejectsWithCode(() => receive({ purchaseOrderId: po.id, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: line.id, itemId: item1, qty: "105.0001" }] }), PurchasingError.OVER_RECEIPT);
  assert.equal(error.details.allowed, "105");
  assert.deepEqual(await ledgerSnapshot(db), before);
  const receipt = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: line.id, itemId: item1, qty: "105" }] });
  assert.deepEqual(receipt.lines.map((l) => [l.baseQty, l.valueBaseMinor]), [["105.0000", 26_250n]]);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).status, "received");
  await rejectsWithCode(() => receive({ purchaseOrderId: po.id, receiptDate: "2026-03-11", lines: [{ purchaseOrderLineId: line.id, itemId: item1, qty: "1" }] }), PurchasingError.PURCHASE_ORDER_STATE);
});

test("the wrong item or warehouse is refused", async () => {
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }]);
  const line = po.lines[0]!;
  await rejectsWithCode(() => receive({ purchaseOrderId: po.id, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: line.id, itemId: item0, qty: "1" }] }), PurchasingError.WRONG_ITEM);
  await rejectsWithCode(() => receive({ purchaseOrderId: po.id, warehouseId: wh2, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: line.id, itemId: item1, qty: "1" }] }), PurchasingError.WRONG_WAREHOUSE);
  await rejectsWithCode(() => receive({ purchaseOrderId: po.id, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: line.id, itemId: item1, qty: "1" }, { purchaseOrderLineId: line.id, itemId: item1, qty: "1" }] }), PurchasingError.DUPLICATE_LINE);
});

test("a foreign-currency receipt is valued at the receipt date's rate, exactly per line although the unit cost is not whole", async () => {
  await addRate(db, "EUR", "USD", "2026-03-10", 1_123_457n);
  const po = await approvedPo(fx.suppliers.eur, [{ itemId: item2, warehouseId: wh, uom: "EA", qty: "7" }]);
  const receipt = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-10", lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item2, qty: "7" }] });
  // EUR 63.00 x 1.123457 = USD 70.777791, half-even to 70.78; 7078 / 7 units is no whole unit cost.
  assert.equal(receipt.exchangeRatePpm, 1_123_457n);
  assert.deepEqual(receipt.lines.map((l) => [l.valueDocumentMinor, l.valueBaseMinor]), [[6_300n, 7_078n]]);
  const [movement] = await db.select().from(stockMovement).where(eq(stockMovement.documentId, receipt.inventoryDocumentId!));
  assert.equal(movement!.valueMinor, 7_078n);
  assert.deepEqual(await entryLines(movement!.journalEntryId!), byAccount([[fx.accounts.inventory, 7_078n], [fx.accounts.grni, -7_078n]]));
  const [balance] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, item2), eq(stockBalance.warehouseId, wh)));
  assert.equal(balance!.valueMinor, 7_078n);
  await reconciled();
});

test("a late receipt raises a delayed_receipt exception and one alert naming the backordered customer orders", async () => {
  const waiting = await insertBackorderedLine(db, fx, { itemId: item1, warehouseId: wh, qty: "8", tier: "gold", suffix: "LATE1" });
  await insertBackorderedLine(db, fx, { itemId: item1, warehouseId: wh2, qty: "3", suffix: "OTHERWH" });
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "20" }]);
  assert.equal(po.lines[0]!.expectedDate, "2026-03-12");
  const receipt = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-16", lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item1, qty: "20" }] });
  assert.equal(receipt.daysLate, 4);
  assert.ok(receipt.delayedReceiptExceptionId !== null && receipt.alertId !== null);
  const [exception] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, receipt.delayedReceiptExceptionId));
  assert.deepEqual([exception!.kind, exception!.severity, exception!.ownerRole], ["delayed_receipt", "high", "buyer"]);
  assert.match(exception!.explanation, /expected 2026-03-12, received 2026-03-16, 4 day\(s\) late/);
  const [alert] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, receipt.alertId));
  assert.equal(alert!.kind, "cross_functional_alert");
  assert.equal(alert!.severity, "high"); // a gold customer waits
  const links = alert!.links as { type: string; id: string }[];
  assert.deepEqual(links.map((l) => [l.type, l.id]), [["purchase_receipt", String(receipt.id)], ["sales_order", String(waiting.orderId)]]);
  // The arrivals then go to the waiting order through the order desk's reallocation.
  assert.deepEqual(receipt.reallocated.flatMap((r) => r.lines.map((l) => [r.itemId, l.orderId, l.allocatedBaseQty])), [[item1, waiting.orderId, "8"]]);
  const [balance] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, item1), eq(stockBalance.warehouseId, wh)));
  assert.equal(balance!.qtyAllocated, "8.0000");
});

test("an on-time receipt raises nothing", async () => {
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "5" }]);
  const receipt = await receive({ purchaseOrderId: po.id, receiptDate: "2026-03-12", lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item1, qty: "5" }] });
  assert.deepEqual([receipt.daysLate, receipt.delayedReceiptExceptionId, receipt.alertId], [0, null, null]);
});

test("a retried receipt with the same idempotency key returns the first and receives nothing more", async () => {
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "50" }]);
  const input = { purchaseOrderId: po.id, receiptDate: "2026-03-11", idempotencyKey: "grn-retry-1", lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item1, qty: "20" }] };
  const first = await receive(input);
  const before = await ledgerSnapshot(db);
  const second = await receive(input);
  assert.deepEqual([second.id, second.replayed, first.replayed], [first.id, true, false]);
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyReceived, "20.0000");
  await reconciled();
});

test("goods are received only against approved orders and only by those who move stock", async () => {
  const draft = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId: fx.suppliers.usd, orderDate: "2026-03-02",
    lines: [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "5" }] }));
  await rejectsWithCode(() => receive({ purchaseOrderId: draft.id, receiptDate: "2026-03-12", lines: [{ purchaseOrderLineId: draft.lines[0]!.id, itemId: item1, qty: "5" }] }), PurchasingError.PURCHASE_ORDER_STATE);
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "5" }]);
  await rejectsWithCode(() => run((tx) => receivePurchaseOrder(tx, fx.users.controller, { purchaseOrderId: po.id, warehouseId: wh, receiptDate: "2026-03-12",
    lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item1, qty: "5" }] })), "AUTH_FORBIDDEN");
});

test("two simultaneous receipts with the same idempotency key receive once", async () => {
  const po = await approvedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "30" }]);
  const input = { purchaseOrderId: po.id, receiptDate: "2026-03-11", idempotencyKey: "grn-race-1", lines: [{ purchaseOrderLineId: po.lines[0]!.id, itemId: item1, qty: "30" }] };
  const [a, b] = await Promise.all([receive(input), receive(input)]);
  assert.equal(a.id, b.id);
  assert.deepEqual([a.replayed, b.replayed].sort(), [false, true]);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyReceived, "30.0000");
  await reconciled();
});
