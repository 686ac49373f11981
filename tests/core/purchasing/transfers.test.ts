// Proves transfers with stock in transit: the entity's transit warehouse is created through master
// data with an inventory rule pointing at the in-transit account, shipping moves stock from the
// source into transit (Dr in-transit, Cr inventory), receiving (partial, then the rest) moves it
// on to the destination (Dr inventory, Cr in-transit) at the same value, and stock value equals the
// GL inventory and in-transit accounts after every step. Refusals (wrong state, over-receipt,
// short stock) are typed and change nothing; a retried ship with the same key changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { journalLine, stockBalance, warehouse } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { inventoryReconciliation, receiveStock } from "../../../core/inventory";
import { setAccountRule } from "../../../core/ledger";
import { createMaster } from "../../../core/masters";
import {
  cancelTransferOrder, createTransferOrder, ensureTransitWarehouse, getTransferOrderOrThrow, listTransferOrders, receiveTransferOrder,
  shipTransferOrder, TransferError,
} from "../../../core/purchasing/transfers";
import { useTestDatabase } from "../../support/database";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db, { code: "TR", items: 3 });
const bare = await createLedgerFixture(db, { code: "TN", items: 1 });
const [wa, wb] = fx.warehouseIds;
const [i1, i2] = fx.itemIds as [number, number];
const DATE = "2026-05-04";

async function makeUser(username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "transfer-test-password", roles }));
  return { userId: created.id, username: created.username, roles: created.roles };
}
const clerk = await makeUser("wes.warehouse", ["warehouse"]);
const planner = await makeUser("pat.planner", ["planner"]);

const transitAccountId = await inTransaction(db, async (tx) => {
  const transit = await createMaster(tx, SYSTEM_ACTOR, "account", {
    entityId: fx.entityId, code: "1210", name: "Inventory in transit", type: "asset", isControl: true, controlKind: "inventory",
  });
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "in_transit", accountId: transit.id });
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: "2026-05-01", kind: "receipt", lines: [
    { itemId: i1, qty: "10", unitCostMinor: 100n }, { itemId: i1, qty: "30", unitCostMinor: 300n }, { itemId: i2, qty: "8", unitCostMinor: 250n },
  ] });
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: bare.entityId, warehouseId: bare.warehouseIds[0], documentDate: "2026-05-01", kind: "receipt",
    lines: [{ itemId: bare.itemIds[0]!, qty: "5", unitCostMinor: 700n }] });
  return transit.id;
});

async function reconciled(entityId: number): Promise<void> {
  const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, entityId));
  assert.equal(rec.differenceMinor, 0n, `stock ${rec.stockValueMinor} vs GL ${rec.glInventoryMinor}`);
}

async function balanceOf(itemId: number, warehouseId: number) {
  const [row] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, itemId), eq(stockBalance.warehouseId, warehouseId)));
  return row ? [row.qtyOnHand, row.valueMinor] : ["0", 0n];
}

async function accountBalance(accountId: number): Promise<bigint> {
  const [row] = await db.execute<{ balance: string }>(sql`select coalesce(sum(debit_minor - credit_minor), 0)::text as balance from journal_line where account_id = ${accountId}`);
  return BigInt(row!.balance);
}

async function entryLines(journalEntryId: number) {
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, journalEntryId));
  return lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
}

let transitId = 0;

test("the transit warehouse is created once, flagged in transit, with its stock mapped to the in-transit account", async () => {
  const first = await inTransaction(db, (tx) => ensureTransitWarehouse(tx, SYSTEM_ACTOR, fx.entityId));
  assert.equal(first.created, true);
  assert.deepEqual([first.warehouse.code, first.warehouse.isTransit, first.warehouse.entityId], ["TR-TRANSIT", true, fx.entityId]);
  assert.deepEqual(first.accountRule, { status: "created", accountId: transitAccountId });
  const again = await inTransaction(db, (tx) => ensureTransitWarehouse(tx, clerk, fx.entityId));
  assert.equal(again.created, false);
  assert.equal(again.warehouse.id, first.warehouse.id);
  assert.deepEqual(again.accountRule, { status: "exists", accountId: transitAccountId });
  transitId = first.warehouse.id;
});

test("shipping moves the stock into transit at its average cost: Dr in-transit, Cr inventory", async () => {
  const order = await inTransaction(db, (tx) => createTransferOrder(tx, clerk, {
    entityId: fx.entityId, fromWarehouseId: wa, toWarehouseId: wb, expectedDate: "2026-05-08", lines: [{ itemId: i1, baseQty: "30" }, { itemId: i2, baseQty: "5" }],
  }));
  assert.match(order.transferNumber, /^TO-TR-\d{8}$/);
  assert.equal(order.status, "draft");
  const shipped = await inTransaction(db, (tx) => shipTransferOrder(tx, clerk, { transferOrderId: order.id, shipDate: DATE, idempotencyKey: "ship-1" }));
  assert.equal(shipped.transfer.status, "shipped");
  assert.equal(shipped.transitWarehouseId, transitId);
  // Item 1 averages 250 (10 at 100 + 30 at 300): 30 leave at 7,500; item 2 at 250: 5 leave at 1,250.
  assert.deepEqual(await balanceOf(i1, transitId), ["30.0000", 7_500n]);
  assert.deepEqual(await balanceOf(i2, transitId), ["5.0000", 1_250n]);
  assert.deepEqual(await balanceOf(i1, wa), ["10.0000", 2_500n]);
  const [doc] = await db.execute<{ journal_entry_id: string }>(sql`select journal_entry_id from inventory_document where id = ${shipped.transfer.shipDocumentId}`);
  assert.deepEqual(await entryLines(Number(doc!.journal_entry_id)),
    [[fx.accounts.inventory, 0n, 7_500n], [fx.accounts.inventory, 0n, 1_250n], [transitAccountId, 1_250n, 0n], [transitAccountId, 7_500n, 0n]]
      .sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1])));
  assert.equal(await accountBalance(transitAccountId), 8_750n);
  await reconciled(fx.entityId);

  const before = await ledgerSnapshot(db);
  const replay = await inTransaction(db, (tx) => shipTransferOrder(tx, clerk, { transferOrderId: order.id, shipDate: DATE, idempotencyKey: "ship-1" }));
  assert.equal(replay.replayed, true);
  assert.deepEqual(await ledgerSnapshot(db), before, "a retried ship changes nothing");
  await rejectsWithCode(() => inTransaction(db, (tx) => shipTransferOrder(tx, clerk, { transferOrderId: order.id, shipDate: DATE })), TransferError.STATE);
  await rejectsWithCode(() => inTransaction(db, (tx) => cancelTransferOrder(tx, clerk, { transferOrderId: order.id, reason: "too late" })), TransferError.STATE);
});

test("receiving part of a transfer leaves the rest in transit, then the rest completes it; value is kept and the GL reconciles", async () => {
  const [summary] = (await inTransaction(db, (tx) => listTransferOrders(tx, clerk, { entityId: fx.entityId, status: "shipped" }))).rows;
  assert.ok(summary);
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => receiveTransferOrder(tx, clerk, {
    transferOrderId: summary.id, receiptDate: "2026-05-06", lines: [{ itemId: i1, baseQty: "31" }],
  })), TransferError.RECEIVE_EXCEEDS_SHIPPED);
  assert.deepEqual(await ledgerSnapshot(db), before, "an over-receipt changes nothing");

  const partial = await inTransaction(db, (tx) => receiveTransferOrder(tx, clerk, {
    transferOrderId: summary.id, receiptDate: "2026-05-06", lines: [{ itemId: i1, baseQty: "20" }],
  }));
  assert.equal(partial.transfer.status, "shipped");
  assert.deepEqual(partial.transfer.lines.map((l) => [l.itemId, l.baseQtyReceived, l.baseQtyOpen]), [[i1, "20.0000", "10"], [i2, "0.0000", "5"]]);
  assert.deepEqual(await balanceOf(i1, wb), ["20.0000", 5_000n]);
  assert.deepEqual(await balanceOf(i1, transitId), ["10.0000", 2_500n]);
  const [doc] = await db.execute<{ journal_entry_id: string }>(sql`select journal_entry_id from inventory_document where id = ${partial.documentId}`);
  assert.deepEqual(await entryLines(Number(doc!.journal_entry_id)), [[fx.accounts.inventory, 5_000n, 0n], [transitAccountId, 0n, 5_000n]]);
  await reconciled(fx.entityId);

  const rest = await inTransaction(db, (tx) => receiveTransferOrder(tx, clerk, { transferOrderId: summary.id, receiptDate: "2026-05-07" }));
  assert.equal(rest.transfer.status, "received");
  assert.equal(rest.transfer.receivedDate, "2026-05-07");
  assert.deepEqual(await balanceOf(i1, wb), ["30.0000", 7_500n]);
  assert.deepEqual(await balanceOf(i2, wb), ["5.0000", 1_250n]);
  assert.deepEqual(await balanceOf(i1, transitId), ["0.0000", 0n]);
  assert.equal(await accountBalance(transitAccountId), 0n, "nothing left in transit");
  await reconciled(fx.entityId);
  await rejectsWithCode(() => inTransaction(db, (tx) => receiveTransferOrder(tx, clerk, { transferOrderId: summary.id, receiptDate: "2026-05-07" })), TransferError.STATE);
});

test("shipping more than is available is refused and the order stays a draft; a draft can be cancelled", async () => {
  const order = await inTransaction(db, (tx) => createTransferOrder(tx, clerk, {
    entityId: fx.entityId, fromWarehouseId: wa, toWarehouseId: wb, expectedDate: "2026-05-10", lines: [{ itemId: i1, baseQty: "11" }],
  }));
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => shipTransferOrder(tx, clerk, { transferOrderId: order.id, shipDate: DATE })), "INVENTORY_INSUFFICIENT_STOCK");
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.equal((await inTransaction(db, (tx) => getTransferOrderOrThrow(tx, clerk, order.id))).status, "draft");
  const cancelled = await inTransaction(db, (tx) => cancelTransferOrder(tx, clerk, { transferOrderId: order.id, reason: "counted short" }));
  assert.equal(cancelled.status, "cancelled");
});

test("transfers refuse the transit warehouse, other entities' warehouses and the same warehouse at both ends", async () => {
  const make = (fromWarehouseId: number, toWarehouseId: number) => inTransaction(db, (tx) => createTransferOrder(tx, clerk, {
    entityId: fx.entityId, fromWarehouseId, toWarehouseId, expectedDate: DATE, lines: [{ itemId: i1, baseQty: "1" }],
  }));
  await rejectsWithCode(() => make(wa, transitId), TransferError.WAREHOUSE_INVALID);
  await rejectsWithCode(() => make(wa, bare.warehouseIds[0]), TransferError.WAREHOUSE_INVALID);
  await rejectsWithCode(() => make(wa, wa), TransferError.WAREHOUSE_INVALID);
  await rejectsWithCode(() => inTransaction(db, (tx) => createTransferOrder(tx, planner, {
    entityId: fx.entityId, fromWarehouseId: wa, toWarehouseId: wb, expectedDate: DATE, lines: [{ itemId: i1, baseQty: "1" }],
  })), "AUTH_FORBIDDEN");
});

test("without an in-transit account the first shipment creates the transit warehouse, transit value stays on inventory, and the GL reconciles", async () => {
  const [from, to] = bare.warehouseIds;
  const order = await inTransaction(db, (tx) => createTransferOrder(tx, clerk, {
    entityId: bare.entityId, fromWarehouseId: from, toWarehouseId: to, expectedDate: DATE, lines: [{ itemId: bare.itemIds[0]!, baseQty: "2" }],
  }));
  const shipped = await inTransaction(db, (tx) => shipTransferOrder(tx, clerk, { transferOrderId: order.id, shipDate: DATE }));
  assert.equal(shipped.transitAccount?.status, "no_account");
  const [created] = await db.select().from(warehouse).where(eq(warehouse.id, shipped.transitWarehouseId));
  assert.deepEqual([created?.code, created?.isTransit], ["TN-TRANSIT", true]);
  assert.deepEqual(await balanceOf(bare.itemIds[0]!, shipped.transitWarehouseId), ["2.0000", 1_400n]);
  await reconciled(bare.entityId);
  await inTransaction(db, (tx) => receiveTransferOrder(tx, clerk, { transferOrderId: order.id, receiptDate: DATE }));
  assert.deepEqual(await balanceOf(bare.itemIds[0]!, to), ["2.0000", 1_400n]);
  await reconciled(bare.entityId);
});
