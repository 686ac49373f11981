// Acceptance for landed cost on real PostgreSQL: a charge is split over a receipt's lines by
// value, weight and quantity to the minor unit with remainders assigned deterministically
// (largest remainder, ties to the earlier line); the share of goods still held raises their
// stock value (item cost rises), the share of goods already shipped goes to COGS, and stock
// value equals the GL inventory accounts afterwards, under moving average and FIFO. Invoiced
// charges become open supplier invoices so AP still equals open payables.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { inventoryReconciliation, issueStock } from "../../../core/inventory";
import { costLayer, stockBalance } from "../../../core/inventory/schema";
import { journalLine } from "../../../core/ledger/schema";
import {
  addLandedCost, apReconciliation, createPurchaseOrder, getSupplierInvoiceOrThrow, grniReconciliation, PurchasingError, receivePurchaseOrder, submitPurchaseOrder,
  type CreatePurchaseOrderInput,
} from "../../../core/purchasing";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { addRate, createPurchasingFixture, type PurchasingFixture } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
let fixtures = 0;
const fixture = (valuationMethod: "moving_average" | "fifo" = "moving_average") => createPurchasingFixture(db, { code: `L${++fixtures}`, valuationMethod });

async function received(fx: PurchasingFixture, supplierId: number, lines: CreatePurchaseOrderInput["lines"], receiptDate = "2026-04-06") {
  const created = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId, orderDate: "2026-04-01", lines }));
  const po = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: created.id }));
  return run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: lines[0]!.warehouseId, receiptDate,
    lines: po.lines.map((l) => ({ purchaseOrderLineId: l.id, itemId: l.itemId, qty: l.baseQtyOrdered, uom: "EA" })) }));
}

async function stockValue(fx: PurchasingFixture, itemId: number, warehouseId: number): Promise<{ qty: string; valueMinor: bigint }> {
  const [row] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, itemId), eq(stockBalance.warehouseId, warehouseId)));
  return { qty: row!.qtyOnHand, valueMinor: row!.valueMinor };
}

async function entryNet(journalEntryId: number): Promise<Map<number, bigint>> {
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, journalEntryId));
  const net = new Map<number, bigint>();
  for (const l of lines) net.set(l.accountId, (net.get(l.accountId) ?? 0n) + l.debitMinor - l.creditMinor);
  return net;
}

async function reconciled(fx: PurchasingFixture) {
  const [stock, grni, ap] = await run(async (tx) => [await inventoryReconciliation(tx, fx.entityId), await grniReconciliation(tx, fx.entityId), await apReconciliation(tx, fx.entityId)] as const);
  assert.equal(stock.differenceMinor, 0n, `stock ${stock.stockValueMinor} vs GL ${stock.glInventoryMinor}`);
  assert.equal(grni.differenceMinor, 0n, "GRNI equals received-not-invoiced");
  assert.equal(ap.differenceMinor, 0n, "AP equals open payables");
}

test("a charge splits by value, weight and quantity to the minor unit with deterministic remainders, all raising stock held", async () => {
  const fx = await fixture();
  const [item0, item1, , item3] = fx.itemIds as [number, number, number, number];
  const wh = fx.warehouseIds[0];
  // 24 EA at 5.00 (0.5 kg each), 10 EA at 2.50 (2 kg each), 7 EA at 1.00 (no weight): values 120.00, 25.00, 7.00.
  const receipt = await received(fx, fx.suppliers.usd, [
    { itemId: item0, warehouseId: wh, uom: "CS", qty: "2" }, { itemId: item1, warehouseId: wh, uom: "EA", qty: "10" },
    { itemId: item3, warehouseId: wh, uom: "EA", qty: "7", unitPriceMinor: 100 },
  ]);
  const before = await Promise.all([item0, item1, item3].map((id) => stockValue(fx, id, wh)));
  const cases = [
    // 1000 x 12000/15200 and 1000 x 2500/15200 leave the same remainder: the tie goes to the earlier line.
    { method: "value" as const, amountMinor: 1_000, expected: [790n, 164n, 46n] },
    // 1001 over weights 12 kg, 20 kg, 0 kg: 375.375 and 625.625, the larger remainder takes the last cent.
    { method: "weight" as const, amountMinor: 1_001, expected: [375n, 626n, 0n] },
    // 1000 over 24, 10, 7 units: 585.37, 243.90, 170.73; the two largest remainders take one each.
    { method: "quantity" as const, amountMinor: 1_000, expected: [585n, 244n, 171n] },
  ];
  const totals = [0n, 0n, 0n];
  for (const c of cases) {
    const charge = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "freight", method: c.method, currency: "USD", amountMinor: c.amountMinor, source: "estimate" }));
    assert.deepEqual(charge.allocations.map((x) => x.amountBaseMinor), c.expected, c.method);
    assert.deepEqual(charge.allocations.map((x) => x.toInventoryMinor), c.expected, "nothing has shipped: every share raises stock");
    assert.deepEqual(charge.allocations.map((x) => x.toCogsMinor), [0n, 0n, 0n]);
    const net = await entryNet(charge.journalEntryId!);
    assert.deepEqual([net.get(fx.accounts.inventory), net.get(fx.accounts.clearing), net.get(fx.accounts.cogs)], [BigInt(c.amountMinor), -BigInt(c.amountMinor), undefined]);
    c.expected.forEach((amount, index) => { totals[index]! += amount; });
  }
  const after = await Promise.all([item0, item1, item3].map((id) => stockValue(fx, id, wh)));
  assert.deepEqual(after.map((a, index) => a.valueMinor - before[index]!.valueMinor), totals);
  assert.deepEqual(after.map((a) => a.valueMinor), [12_000n + 1_750n, 2_500n + 1_034n, 700n + 217n]);
  await reconciled(fx);
});

test("the share for goods already shipped goes to COGS and the unit cost of what is left rises", async () => {
  const fx = await fixture();
  const item1 = fx.itemIds[1]!;
  const wh = fx.warehouseIds[1];
  const receipt = await received(fx, fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }]);
  await run((tx) => issueStock(tx, fx.users.warehouse, { entityId: fx.entityId, documentDate: "2026-04-08", warehouseId: wh, lines: [{ itemId: item1, qty: "4" }] }));
  assert.deepEqual(await stockValue(fx, item1, wh), { qty: "6.0000", valueMinor: 1_500n });
  const charge = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "duty", method: "quantity", currency: "USD", amountMinor: 1_000, source: "estimate", chargeDate: "2026-04-09" }));
  assert.deepEqual(charge.allocations.map((x) => [x.amountBaseMinor, x.toInventoryMinor, x.toCogsMinor]), [[1_000n, 600n, 400n]]);
  const net = await entryNet(charge.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.inventory), net.get(fx.accounts.cogs), net.get(fx.accounts.clearing)], [600n, 400n, -1_000n]);
  // 6 left at 2.50 + 1.00 landed: 3.50 each.
  assert.deepEqual(await stockValue(fx, item1, wh), { qty: "6.0000", valueMinor: 2_100n });
  await reconciled(fx);
});

test("when every unit has gone the whole charge goes to COGS", async () => {
  const fx = await fixture();
  const item1 = fx.itemIds[1]!;
  const wh = fx.warehouseIds[0];
  const receipt = await received(fx, fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }]);
  await run((tx) => issueStock(tx, fx.users.warehouse, { entityId: fx.entityId, documentDate: "2026-04-08", warehouseId: wh, lines: [{ itemId: item1, qty: "10" }] }));
  const charge = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "handling", method: "value", currency: "USD", amountMinor: 333, source: "estimate" }));
  assert.deepEqual(charge.allocations.map((x) => [x.toInventoryMinor, x.toCogsMinor]), [[0n, 333n]]);
  const net = await entryNet(charge.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.inventory), net.get(fx.accounts.cogs), net.get(fx.accounts.clearing)], [undefined, 333n, -333n]);
  assert.deepEqual(await stockValue(fx, item1, wh), { qty: "0.0000", valueMinor: 0n });
  await reconciled(fx);
});

test("an invoiced charge in a foreign currency becomes an open supplier invoice and credits AP", async () => {
  const fx = await fixture();
  const item2 = fx.itemIds[2]!;
  const wh = fx.warehouseIds[0];
  await addRate(db, "EUR", "USD", "2026-04-10", 1_090_000n);
  const receipt = await received(fx, fx.suppliers.eur, [{ itemId: item2, warehouseId: wh, uom: "EA", qty: "20" }]);
  const charge = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "freight", method: "weight", currency: "EUR", amountMinor: 5_000,
    source: "invoiced", supplierInvoiceRef: "FRT-88", chargeDate: "2026-04-10" }));
  assert.equal(charge.amountBaseMinor, 5_450n);
  const freightInvoice = await run((tx) => getSupplierInvoiceOrThrow(tx, fx.users.buyer, charge.supplierInvoiceId!));
  assert.deepEqual([freightInvoice.status, freightInvoice.currency, freightInvoice.totalMinor, freightInvoice.totalBaseMinor, freightInvoice.openBaseMinor, freightInvoice.dueDate],
    ["posted", "EUR", 5_000n, 5_450n, 5_450n, "2026-05-10"]);
  const net = await entryNet(charge.journalEntryId!);
  assert.deepEqual([net.get(fx.accounts.inventory), net.get(fx.accounts.ap)], [5_450n, -5_450n]);
  await reconciled(fx);
  await rejectsWithCode(() => run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "freight", method: "weight", currency: "EUR", amountMinor: 1, source: "invoiced" })),
    PurchasingError.LANDED_COST_INVOICE_REF_REQUIRED);
  await rejectsWithCode(() => run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: receipt.id, kind: "freight", method: "weight", currency: "USD", amountMinor: 1, source: "invoiced", supplierInvoiceRef: "FRT-89" })),
    PurchasingError.INVOICE_CURRENCY_MISMATCH);
});

test("under FIFO the charge raises the open cost layers so they still sum to the stock value", async () => {
  const fx = await fixture("fifo");
  const item1 = fx.itemIds[1]!;
  const wh = fx.warehouseIds[0];
  await received(fx, fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }], "2026-04-05");
  const second = await received(fx, fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }], "2026-04-06");
  await run((tx) => issueStock(tx, fx.users.warehouse, { entityId: fx.entityId, documentDate: "2026-04-08", warehouseId: wh, lines: [{ itemId: item1, qty: "5" }] }));
  const charge = await run((tx) => addLandedCost(tx, fx.users.buyer, { receiptId: second.id, kind: "freight", method: "quantity", currency: "USD", amountMinor: 701, source: "estimate" }));
  // 15 of the 20 are held; min(10 received on this receipt, 15 on hand) = all 10 of this receipt's goods.
  assert.deepEqual(charge.allocations.map((x) => [x.toInventoryMinor, x.toCogsMinor]), [[701n, 0n]]);
  const [layers] = await db.select({ value: sql<string>`sum(${costLayer.valueRemainingMinor})` }).from(costLayer)
    .where(and(eq(costLayer.itemId, item1), eq(costLayer.warehouseId, wh), gt(costLayer.qtyRemaining, "0")));
  const balance = await stockValue(fx, item1, wh);
  assert.equal(balance.valueMinor, 3_750n + 701n);
  assert.equal(BigInt(layers!.value), balance.valueMinor);
  await reconciled(fx);
});

test("a retried charge with the same key is added once; a receipt without weights cannot take a charge by weight", async () => {
  const fx = await fixture();
  const item3 = fx.itemIds[3]!;
  const wh = fx.warehouseIds[0];
  const receipt = await received(fx, fx.suppliers.usd, [{ itemId: item3, warehouseId: wh, uom: "EA", qty: "5", unitPriceMinor: 100 }]);
  const input = { receiptId: receipt.id, kind: "freight" as const, method: "value" as const, currency: "USD", amountMinor: 250, source: "estimate" as const, idempotencyKey: "lc-retry-1" };
  const first = await run((tx) => addLandedCost(tx, fx.users.buyer, input));
  const before = await ledgerSnapshot(db);
  const again = await run((tx) => addLandedCost(tx, fx.users.buyer, input));
  assert.equal(again.id, first.id);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => run((tx) => addLandedCost(tx, fx.users.buyer, { ...input, method: "weight", idempotencyKey: undefined })), PurchasingError.LANDED_COST_NO_BASIS);
  await reconciled(fx);
});
