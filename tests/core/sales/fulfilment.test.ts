// Proves pick, pack and ship against orders entered through the order desk: a partial shipment
// issues allocated stock at cost (Dr COGS, Cr Inventory), keeps the cost per shipment line and
// moves quantities from allocated to shipped; several shipments complete an order; cancelling
// releases nothing; refusals are typed and change nothing; stock value always equals the GL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { salesOrder, salesOrderLine } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { cancelShipment, createPickList, packShipment, shipShipment } from "../../../core/sales/fulfilment";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { balanceOf } from "../../support/sales-fixture";
import { assertSubledgersReconcile, createDocumentsFixture, enterOrder, journalLinesOf, receive, sortLines } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "F1");
const [itemA, itemB, itemC] = fx.itemIds as [number, number, number];
const [warehouseA] = fx.warehouseIds;
const picker = fx.users.receiver;
await receive(db, fx, itemA, warehouseA, "20", 600n);
await receive(db, fx, itemB, warehouseA, "10", 450n);
await receive(db, fx, itemC, warehouseA, "30", 200n);

async function orderLines(orderId: number) {
  return db.select().from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId)).orderBy(salesOrderLine.lineNumber);
}

async function orderStatus(orderId: number): Promise<string> {
  const [row] = await db.select({ status: salesOrder.status }).from(salesOrder).where(eq(salesOrder.id, orderId));
  return row!.status;
}

test("a partial shipment issues allocated stock at cost, posts COGS against inventory and leaves the rest allocated", async () => {
  const entered = await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemA, qty: "15" }, { itemId: itemB, qty: "4" }]);
  const [lineA, lineB] = await orderLines(entered.order.id);
  assert.equal(lineA!.baseQtyAllocated, "15.0000");
  const picked = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA, lines: [{ orderLineId: lineA!.id, baseQty: "10" }] }));
  assert.equal(picked.status, "picking");
  assert.match(picked.shipmentNumber, /^SH-F1-\d{8}$/);
  const packed = await inTransaction(db, (tx) => packShipment(tx, picker, { shipmentId: picked.id, packageCount: 2, carrier: "UPS" }));
  assert.equal(packed.status, "packed");
  const shipped = await inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: picked.id, shipDate: "2026-03-03", trackingNumber: "1Z999" }));
  assert.equal(shipped.status, "shipped");
  assert.equal(shipped.trackingNumber, "1Z999");
  assert.equal(shipped.lines[0]!.costValueMinor, 6_000n);
  // Ten units at 6.00 each: Dr COGS 60.00, Cr Inventory 60.00.
  assert.deepEqual(await journalLinesOf(db, shipped.journalEntryId), sortLines([[fx.accounts.cogs, 6_000n, 0n], [fx.accounts.inventory, 0n, 6_000n]]));
  const [afterA, afterB] = await orderLines(entered.order.id);
  assert.equal(afterA!.baseQtyShipped, "10.0000");
  assert.equal(afterA!.baseQtyAllocated, "5.0000");
  assert.equal(afterA!.status, "allocated");
  assert.equal(afterB!.baseQtyShipped, "0.0000");
  assert.equal(afterB!.baseQtyAllocated, lineB!.baseQtyAllocated);
  assert.equal(await orderStatus(entered.order.id), "partially_shipped");
  assert.deepEqual(await balanceOf(db, itemA, warehouseA), { onHand: 10, allocated: 5 });
  await assertSubledgersReconcile(db, fx.entityId);

  // The second pick list takes everything still allocated, on both lines, and completes the order.
  const rest = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA }));
  assert.deepEqual(rest.lines.map((l) => [l.orderLineId, l.baseQty]), [[lineA!.id, "5"], [lineB!.id, "4"]]);
  const second = await inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: rest.id, shipDate: "2026-03-04" }));
  assert.deepEqual(await journalLinesOf(db, second.journalEntryId), sortLines([
    [fx.accounts.cogs, 3_000n, 0n], [fx.accounts.inventory, 0n, 3_000n], [fx.accounts.cogs, 1_800n, 0n], [fx.accounts.inventory, 0n, 1_800n]]));
  assert.deepEqual(second.lines.map((l) => l.costValueMinor), [3_000n, 1_800n]);
  assert.deepEqual((await orderLines(entered.order.id)).map((l) => [l.baseQtyShipped, l.baseQtyAllocated, l.status]),
    [["15.0000", "0.0000", "shipped"], ["4.0000", "0.0000", "shipped"]]);
  assert.equal(await orderStatus(entered.order.id), "shipped");
  assert.deepEqual(await balanceOf(db, itemA, warehouseA), { onHand: 5, allocated: 0 });
  await assertSubledgersReconcile(db, fx.entityId);
});

test("a pick list cannot take more than is allocated and not already on an open pick list", async () => {
  const entered = await enterOrder(db, fx, fx.customers.silver, [{ itemId: itemC, qty: "6" }]);
  const [line] = await orderLines(entered.order.id);
  await rejectsWithCode(() => inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA,
    lines: [{ orderLineId: line!.id, baseQty: "7" }] })), "SALES_PICK_EXCEEDS_ALLOCATION");
  const first = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA, lines: [{ orderLineId: line!.id, baseQty: "4" }] }));
  await rejectsWithCode(() => inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA,
    lines: [{ orderLineId: line!.id, baseQty: "3" }] })), "SALES_PICK_EXCEEDS_ALLOCATION");
  const second = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA }));
  assert.deepEqual(second.lines.map((l) => l.baseQty), ["2"]);
  await rejectsWithCode(() => inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA })), "SALES_NOTHING_TO_PICK");

  // Cancelling a pick list moves no stock: the quantity is allocated still and can be picked again.
  const before = await ledgerSnapshot(db);
  const cancelled = await inTransaction(db, (tx) => cancelShipment(tx, picker, { shipmentId: first.id }));
  assert.equal(cancelled.status, "cancelled");
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.equal((await orderLines(entered.order.id))[0]!.baseQtyAllocated, "6.0000");
  const again = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA }));
  assert.deepEqual(again.lines.map((l) => l.baseQty), ["4"]);
  await rejectsWithCode(() => inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: first.id, shipDate: "2026-03-05" })), "SALES_SHIPMENT_NOT_OPEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => packShipment(tx, picker, { shipmentId: first.id, packageCount: 1, carrier: "UPS" })), "SALES_SHIPMENT_NOT_OPEN");
});

test("shipping is idempotent by key and refuses a shipment that already shipped", async () => {
  const entered = await enterOrder(db, fx, fx.customers.platinum, [{ itemId: itemC, qty: "3" }]);
  const pick = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA, idempotencyKey: "pick-1" }));
  const pickAgain = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA, idempotencyKey: "pick-1" }));
  assert.equal(pickAgain.id, pick.id);
  assert.equal(pickAgain.replayed, true);
  const first = await inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: pick.id, shipDate: "2026-03-05", idempotencyKey: "ship-1" }));
  const before = await ledgerSnapshot(db);
  const retry = await inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: pick.id, shipDate: "2026-03-05", idempotencyKey: "ship-1" }));
  assert.equal(retry.replayed, true);
  assert.equal(retry.journalEntryId, first.journalEntryId);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: pick.id, shipDate: "2026-03-05" })), "SALES_SHIPMENT_NOT_OPEN");
  await assertSubledgersReconcile(db, fx.entityId);
});

test("only holders of inventory:write pick and ship, and a refusal changes nothing", async () => {
  const entered = await enterOrder(db, fx, fx.customers.standard, [{ itemId: itemC, qty: "2" }]);
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => createPickList(tx, fx.users.clerk, { orderId: entered.order.id, warehouseId: warehouseA })), "AUTH_FORBIDDEN");
  const pick = await inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA }));
  await rejectsWithCode(() => inTransaction(db, (tx) => shipShipment(tx, fx.users.controller, { shipmentId: pick.id, shipDate: "2026-03-05" })), "AUTH_FORBIDDEN");
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => inTransaction(db, (tx) => createPickList(tx, picker, { orderId: 999_999, warehouseId: warehouseA })), "SALES_ORDER_NOT_FOUND");
});

test("concurrent pick lists never pick more than is allocated, and a shipment ships once under concurrent requests", async () => {
  const entered = await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemC, qty: "5" }]);
  const picks = await Promise.allSettled(Array.from({ length: 5 }, () => inTransaction(db, (tx) => createPickList(tx, picker, { orderId: entered.order.id, warehouseId: warehouseA }))));
  const made = picks.flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
  assert.equal(made.length, 1);
  assert.deepEqual(made[0]!.lines.map((l) => l.baseQty), ["5"]);
  for (const p of picks) if (p.status === "rejected") assert.equal((p.reason as { code?: string }).code, "SALES_NOTHING_TO_PICK");
  const ships = await Promise.allSettled(Array.from({ length: 4 }, () => inTransaction(db, (tx) => shipShipment(tx, picker, { shipmentId: made[0]!.id, shipDate: "2026-03-06" }))));
  assert.equal(ships.filter((s) => s.status === "fulfilled").length, 1);
  for (const s of ships) if (s.status === "rejected") assert.equal((s.reason as { code?: string }).code, "SALES_SHIPMENT_NOT_OPEN");
  assert.equal((await orderLines(entered.order.id))[0]!.baseQtyShipped, "5.0000");
  await assertSubledgersReconcile(db, fx.entityId);
});
