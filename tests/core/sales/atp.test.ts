// Proves available-to-promise over real rows: free stock now, firm purchase order lines (at the
// confirmed date when there is one, net of received and cancelled) and shipped transfers by
// expected date give a promise date per warehouse and the best one; draft POs do not count;
// backorders ahead in the queue (by customer priority) take supply first.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Tx } from "../../../core/db/client";
import { warehouse } from "../../../core/masters/schema";
import { purchaseOrder, purchaseOrderLine, transferOrder, transferOrderLine } from "../../../core/purchasing/schema";
import { availableToPromise, enterSalesOrder, listScheduledReceipts } from "../../../core/sales";
import { useTestDatabase, withRollback } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";
import { createSalesFixture, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "AT" });
const [itemA] = fx.itemIds as [number];
const [whA, whB] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "10");

async function schedule(tx: Tx): Promise<void> {
  const po = (number: string, status: string) => ({ entityId: fx.entityId, poNumber: number, supplierId: fx.supplierId, currency: "USD", orderDate: "2026-04-01",
    expectedDate: "2026-05-10", paymentTermCode: "NET30", status });
  const [firm, draft] = await tx.insert(purchaseOrder).values([po("PO-AT-1", "approved"), po("PO-AT-2", "draft")]).returning();
  const line = (poId: number, lineNumber: number, warehouseId: number, ordered: string, expectedDate: string, extra: Partial<typeof purchaseOrderLine.$inferInsert> = {}) =>
    ({ purchaseOrderId: poId, lineNumber, itemId: itemA, warehouseId, uom: "EA", qty: ordered, baseQtyOrdered: ordered, unitPriceMinor: 500n, expectedDate, ...extra });
  await tx.insert(purchaseOrderLine).values([
    line(firm!.id, 1, whB, "20", "2026-05-10", { confirmedDate: "2026-05-05" }),
    line(firm!.id, 2, whA, "10", "2026-05-20", { baseQtyReceived: "4", baseQtyCancelled: "1" }),
    line(draft!.id, 1, whA, "100", "2026-04-20"),
  ]);
  const [transfer] = await tx.insert(transferOrder).values({ entityId: fx.entityId, transferNumber: "TO-AT-1", fromWarehouseId: whB, toWarehouseId: whA,
    status: "shipped", expectedDate: "2026-05-15", shippedDate: "2026-05-01" }).returning();
  await tx.insert(transferOrderLine).values({ transferOrderId: transfer!.id, lineNumber: 1, itemId: itemA, baseQty: "10" });
}

const atp = (tx: Tx, baseQty: string, extra: { warehouseId?: number; customerId?: number } = {}) =>
  availableToPromise(tx, fx.users.clerk, { entityId: fx.entityId, itemId: itemA, baseQty, requestDate: "2026-04-10", ...extra });

test("lists firm scheduled receipts by date: confirmed date first, open quantity only, transfers in transit", async () => {
  await withRollback(db, async (tx) => {
    await schedule(tx);
    const receipts = await listScheduledReceipts(tx, { itemIds: [itemA] });
    assert.deepEqual(receipts.map((r) => [r.warehouseId, r.date, String(r.baseQty / 10_000n), r.source, r.documentNumber]), [
      [whB, "2026-05-05", "20", "purchase_order", "PO-AT-1"],
      [whA, "2026-05-15", "10", "transfer_order", "TO-AT-1"],
      [whA, "2026-05-20", "5", "purchase_order", "PO-AT-1"],
    ]);
    assert.equal((await listScheduledReceipts(tx, { itemIds: [itemA], warehouseIds: [whB] })).length, 1);
  });
});

test("promises from stock today, else from the receipt that covers the quantity, per warehouse and best overall", async () => {
  await withRollback(db, async (tx) => {
    await schedule(tx);
    const five = await atp(tx, "5");
    assert.deepEqual(five.warehouses.map((w) => [w.warehouseId, w.promiseDate, w.canShipTodayBaseQty]), [[whA, "2026-04-10", "5"], [whB, "2026-05-05", "0"]]);
    assert.deepEqual(five.best, { warehouseId: whA, warehouseCode: "AT-A", promiseDate: "2026-04-10" });
    assert.equal(five.canShipTodayBaseQty, "5");
    const twelve = await atp(tx, "12");
    assert.deepEqual(twelve.warehouses.map((w) => w.promiseDate), ["2026-05-15", "2026-05-05"]);
    assert.equal(twelve.best?.warehouseId, whB, "the earliest promise wins");
    assert.equal(twelve.canShipTodayBaseQty, "10");
    const thirty = await atp(tx, "30", { warehouseId: whA });
    assert.equal(thirty.warehouses.length, 1);
    assert.equal(thirty.warehouses[0]!.promiseDate, null, "10 + 10 + 5 never reaches 30");
    assert.equal(thirty.best, null);
  });
});

test("backorders ahead in the queue take supply before a new promise; a higher tier jumps them", async () => {
  await withRollback(db, async (tx) => {
    await schedule(tx);
    const line = { itemId: itemA, warehouseId: whA, uom: "EA" };
    await enterSalesOrder(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.standard, channel: "phone", orderDate: "2026-04-02", lines: [{ ...line, qty: "8" }] });
    const gold = await enterSalesOrder(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.gold, channel: "web", orderDate: "2026-04-03", lines: [{ ...line, qty: "6" }] });
    assert.equal(gold.order.lines[0]!.backorderedBaseQty, "4");
    assert.equal(gold.order.lines[0]!.promisedDate, "2026-05-15", "the transfer covers the gold backorder");
    const forStandard = await atp(tx, "8", { warehouseId: whA, customerId: fx.customers.standard });
    assert.equal(forStandard.warehouses[0]!.backorderedAheadBaseQty, "4");
    assert.equal(forStandard.warehouses[0]!.availableNowBaseQty, "0");
    assert.equal(forStandard.warehouses[0]!.promiseDate, "2026-05-20", "-4 + 10 + 5 = 11 covers 8 only with the May 20 receipt");
    const forPlatinum = await atp(tx, "8", { warehouseId: whA, customerId: fx.customers.platinum });
    assert.equal(forPlatinum.warehouses[0]!.backorderedAheadBaseQty, "0");
    assert.equal(forPlatinum.warehouses[0]!.promiseDate, "2026-05-15");
    const anyone = await atp(tx, "8", { warehouseId: whA });
    assert.equal(anyone.warehouses[0]!.backorderedAheadBaseQty, "4", "without a customer every backorder is ahead");
  });
});

test("refuses a transit or foreign warehouse and readers without sales:read", async () => {
  await withRollback(db, async (tx) => {
    await rejectsWithCode(() => atp(tx, "1", { warehouseId: 999_999 }), "SALES_WAREHOUSE_INVALID");
    const [transit] = await tx.insert(warehouse).values({ entityId: fx.entityId, code: "AT-TRANSIT", name: "In transit", isTransit: true }).returning();
    await rejectsWithCode(() => atp(tx, "1", { warehouseId: transit!.id }), "SALES_WAREHOUSE_INVALID");
    const all = await atp(tx, "1");
    assert.deepEqual(all.warehouses.map((w) => w.warehouseId), [whA, whB], "transit warehouses never promise to customers");
    await rejectsWithCode(() => availableToPromise(tx, { userId: null, username: "nobody", roles: [] },
      { entityId: fx.entityId, itemId: itemA, baseQty: "1", requestDate: "2026-04-10" }), "AUTH_FORBIDDEN");
  });
});


