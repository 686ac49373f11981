// Proves the inventory context's allocation commands that order entry reserves stock through:
// "all" mode refuses more than is free and changes nothing; "available" mode serves lines in the
// order given (a queue); releases give stock back; foreign warehouses and callers without
// sales:write or inventory:write are refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allocateStock, releaseAllocation } from "../../../core/inventory";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";
import { balanceOf, createSalesFixture, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "AL" });
const other = await createLedgerFixture(db, { code: "AX" });
const [itemA, itemB] = fx.itemIds as [number, number];
const [whA, whB] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "10");
await receive(db, fx, itemB, whB, "3");

test("all mode allocates every line in full or refuses and changes nothing", async () => {
  await withRollback(db, async (tx) => {
    const done = await allocateStock(tx, fx.users.clerk, { entityId: fx.entityId, lines: [{ itemId: itemA, warehouseId: whA, baseQty: "4" }, { itemId: itemB, warehouseId: whB, baseQty: "3" }] });
    assert.deepEqual(done.lines.map((l) => l.allocatedBaseQty), ["4", "3"]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 4 });
    const refused = await rejectsWithCode(() => allocateStock(tx, fx.users.clerk, { entityId: fx.entityId,
      lines: [{ itemId: itemA, warehouseId: whA, baseQty: "1" }, { itemId: itemB, warehouseId: whB, baseQty: "1" }] }), "INVENTORY_ALLOCATION_EXCEEDED");
    assert.equal(refused.details.available, "0");
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 4 }, "the refused call changed nothing");
    await rejectsWithCode(() => allocateStock(tx, fx.users.clerk, { entityId: fx.entityId, lines: [{ itemId: fx.itemIds[2]!, warehouseId: whA, baseQty: "1" }] }),
      "INVENTORY_ALLOCATION_EXCEEDED");
  });
});

test("available mode serves lines in the order given and releases give stock back", async () => {
  await withRollback(db, async (tx) => {
    const queue = await allocateStock(tx, fx.users.receiver, { entityId: fx.entityId, mode: "available",
      lines: [6, 3, 5].map((qty) => ({ itemId: itemA, warehouseId: whA, baseQty: String(qty) })) });
    assert.deepEqual(queue.lines.map((l) => l.allocatedBaseQty), ["6", "3", "1"]);
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 10 });
    await releaseAllocation(tx, fx.users.clerk, { entityId: fx.entityId, lines: [{ itemId: itemA, warehouseId: whA, baseQty: "7.5" }] });
    assert.deepEqual(await balanceOf(tx, itemA, whA), { onHand: 10, allocated: 2.5 });
    await assert.rejects(() => releaseAllocation(tx, fx.users.clerk, { entityId: fx.entityId, lines: [{ itemId: itemA, warehouseId: whA, baseQty: "3" }] }),
      /exceeds the 2.5 allocated/);
  });
});

test("refuses another entity's warehouse and callers who may not reserve stock", async () => {
  await withRollback(db, async (tx) => {
    await rejectsWithCode(() => allocateStock(tx, fx.users.clerk, { entityId: fx.entityId, lines: [{ itemId: itemA, warehouseId: other.warehouseIds[0], baseQty: "1" }] }),
      "INVENTORY_WAREHOUSE_ENTITY_MISMATCH");
    await rejectsWithCode(() => allocateStock(tx, fx.users.controller, { entityId: fx.entityId, lines: [{ itemId: itemA, warehouseId: whA, baseQty: "1" }] }), "AUTH_FORBIDDEN");
    await rejectsWithCode(() => releaseAllocation(tx, { userId: null, username: "eve", roles: ["executive"] }, { entityId: fx.entityId,
      lines: [{ itemId: itemA, warehouseId: whA, baseQty: "1" }] }), "AUTH_FORBIDDEN");
    await rejectsWithCode(() => allocateStock(tx, fx.users.clerk, { entityId: fx.entityId, lines: [] }), "VALIDATION_FAILED");
  });
});
