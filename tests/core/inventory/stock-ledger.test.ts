// Proves the stock ledger values movements by moving average and FIFO, posts the same
// value to the GL in the same transaction, and refuses what would break its rules
// (over-issue, bad input, missing cost) with typed errors that change nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import { journalLine, stockBalance } from "../../../core/db/schema";
import { adjustStock, getInventoryDocumentOrThrow, inventoryReconciliation, issueStock, listStockOnHand, receiveStock, transferStock } from "../../../core/inventory";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const avg = await createLedgerFixture(db, { code: "MA", valuationMethod: "moving_average" });
const fifo = await createLedgerFixture(db, { code: "FI", valuationMethod: "fifo" });
const date = "2026-03-15";

async function balance(itemId: number, warehouseId: number) {
  const [row] = await db.select().from(stockBalance).where(sql`${stockBalance.itemId} = ${itemId} and ${stockBalance.warehouseId} = ${warehouseId}`);
  return row;
}

async function reconciled(entityId: number) {
  const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, entityId));
  assert.equal(rec.differenceMinor, 0n, `stock ${rec.stockValueMinor} vs GL ${rec.glInventoryMinor}`);
  return rec;
}

test("moving average: receipts at two costs, an issue at the average, COGS posted", async () => {
  const [itemId] = avg.itemIds; const [wh] = avg.warehouseIds;
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, kind: "receipt",
    lines: [{ itemId: itemId!, qty: "10", unitCostMinor: 100n }, { itemId: itemId!, qty: "10", unitCostMinor: 200n }] }));
  const issued = await inTransaction(db, (tx) => issueStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, lines: [{ itemId: itemId!, qty: "5" }] }));
  assert.equal(issued.movements[0]?.valueMinor, -750n);
  const after = await balance(itemId!, wh);
  assert.equal(after?.qtyOnHand, "15.0000");
  assert.equal(after?.valueMinor, 2_250n);
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, issued.journalEntryId!));
  assert.deepEqual(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]).sort(), [[avg.accounts.cogs, 750n, 0n], [avg.accounts.inventory, 0n, 750n]].sort());
  await reconciled(avg.entityId);
});

test("moving average: the last unit out takes exactly the remaining value", async () => {
  const itemId = avg.itemIds[1]!; const [wh] = avg.warehouseIds;
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, kind: "receipt",
    lines: [{ itemId, qty: "3", unitCostMinor: 100n }] }));
  const values = [];
  for (let i = 0; i < 3; i++) {
    const r = await inTransaction(db, (tx) => issueStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, lines: [{ itemId, qty: "1" }] }));
    values.push(r.movements[0]!.valueMinor);
  }
  assert.equal(values.reduce((a, b) => a + b, 0n), -300n);
  assert.equal((await balance(itemId, wh))?.valueMinor, 0n);
  await reconciled(avg.entityId);
});

test("FIFO: an issue consumes the oldest layers first", async () => {
  const [itemId] = fifo.itemIds; const [wh] = fifo.warehouseIds;
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: fifo.entityId, warehouseId: wh, documentDate: date, kind: "receipt", lines: [{ itemId: itemId!, qty: "10", unitCostMinor: 100n }] }));
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: fifo.entityId, warehouseId: wh, documentDate: date, kind: "receipt", lines: [{ itemId: itemId!, qty: "10", unitCostMinor: 200n }] }));
  const issued = await inTransaction(db, (tx) => issueStock(tx, SYSTEM_ACTOR, { entityId: fifo.entityId, warehouseId: wh, documentDate: date, lines: [{ itemId: itemId!, qty: "15" }] }));
  assert.equal(issued.movements[0]?.valueMinor, -2_000n);
  assert.equal((await balance(itemId!, wh))?.valueMinor, 1_000n);
  await reconciled(fifo.entityId);
});

test("refuses to issue more than is on hand and changes nothing", async () => {
  const itemId = avg.itemIds[2]!; const [wh] = avg.warehouseIds;
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, kind: "receipt", lines: [{ itemId, qty: "4", unitCostMinor: 250n }] }));
  const before = await ledgerSnapshot(db);
  const error = await rejectsWithCode(() => inTransaction(db, (tx) => issueStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, lines: [{ itemId, qty: "4.5" }] })), "INVENTORY_INSUFFICIENT_STOCK");
  assert.match(error.userMessage, /lines\.0\.qty: 4\.5 of MA-SKU-3 requested in MA-A, only 4 available/);
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("the database itself refuses a negative on-hand quantity", async () => {
  const itemId = avg.itemIds[2]!; const [wh] = avg.warehouseIds;
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`update stock_balance set qty_on_hand = -1 where item_id = ${itemId} and warehouse_id = ${wh}`)), "INVENTORY_INSUFFICIENT_STOCK");
});

test("a transfer moves quantity and value between warehouses without changing the GL total", async () => {
  const [itemId] = fifo.itemIds; const [from, to] = fifo.warehouseIds;
  const before = await reconciled(fifo.entityId);
  const result = await inTransaction(db, (tx) => transferStock(tx, SYSTEM_ACTOR, { entityId: fifo.entityId, fromWarehouseId: from, toWarehouseId: to, documentDate: date, lines: [{ itemId: itemId!, qty: "2" }] }));
  assert.deepEqual(result.movements.map((m) => [m.warehouseId, m.qty, m.valueMinor]), [[from, "-2", -400n], [to, "2", 400n]]);
  const after = await reconciled(fifo.entityId);
  assert.equal(after.glInventoryMinor, before.glInventoryMinor);
  await rejectsWithCode(() => inTransaction(db, (tx) => transferStock(tx, SYSTEM_ACTOR, { entityId: fifo.entityId, fromWarehouseId: from, toWarehouseId: from, documentDate: date, lines: [{ itemId: itemId!, qty: "1" }] })), "INVENTORY_TRANSFER_SAME_WAREHOUSE");
});

test("adjustments post gains at the average cost and losses to shrinkage", async () => {
  const [itemId] = avg.itemIds; const [wh] = avg.warehouseIds;
  const gain = await inTransaction(db, (tx) => adjustStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, reason: "found", lines: [{ itemId: itemId!, qtyDelta: "2" }] }));
  assert.equal(gain.movements[0]?.valueMinor, 300n);
  const loss = await inTransaction(db, (tx) => adjustStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: wh, documentDate: date, reason: "damage", lines: [{ itemId: itemId!, qtyDelta: "-1" }] }));
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, loss.journalEntryId!));
  assert.ok(lines.some((l) => l.accountId === avg.accounts.shrinkage && l.debitMinor === 150n));
  const empty = avg.warehouseIds[1];
  await rejectsWithCode(() => inTransaction(db, (tx) => adjustStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: empty, documentDate: date, reason: "found", lines: [{ itemId: itemId!, qtyDelta: "1" }] })), "INVENTORY_ADJUSTMENT_COST_REQUIRED");
  await reconciled(avg.entityId);
});

test("bad input names the field and rule and changes nothing", async () => {
  const before = await ledgerSnapshot(db);
  const error = await rejectsWithCode(() => inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: avg.warehouseIds[0], documentDate: "2026-13-01", kind: "receipt",
    lines: [{ itemId: avg.itemIds[0]!, qty: "-3", unitCostMinor: 1n }] })), "VALIDATION_FAILED");
  assert.deepEqual(error.issues.map((i) => i.field).sort(), ["documentDate", "lines.0.qty"]);
  await rejectsWithCode(() => inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: fifo.warehouseIds[0], documentDate: date, kind: "receipt",
    lines: [{ itemId: avg.itemIds[0]!, qty: "1", unitCostMinor: 1n }] })), "INVENTORY_WAREHOUSE_ENTITY_MISMATCH");
  const executive: Actor = { userId: null, username: "exec", roles: ["executive"] };
  await rejectsWithCode(() => inTransaction(db, (tx) => issueStock(tx, executive, { entityId: avg.entityId, warehouseId: avg.warehouseIds[0], documentDate: date, lines: [{ itemId: avg.itemIds[0]!, qty: "1" }] })), "AUTH_FORBIDDEN");
  // Permission comes before validation: a caller without rights learns nothing about the input rules.
  await rejectsWithCode(() => inTransaction(db, (tx) => issueStock(tx, executive, { entityId: avg.entityId, warehouseId: avg.warehouseIds[0], documentDate: "bad", lines: [{ itemId: avg.itemIds[0]!, qty: "-1" }] })), "AUTH_FORBIDDEN");
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("a repeated idempotency key returns the first receipt and receives nothing more", async () => {
  const input = { entityId: avg.entityId, warehouseId: avg.warehouseIds[1], documentDate: date, kind: "receipt" as const, idempotencyKey: "asn-42",
    lines: [{ itemId: avg.itemIds[0]!, qty: "7", unitCostMinor: 120n }] };
  const first = await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, input));
  const before = await ledgerSnapshot(db);
  const second = await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, input));
  assert.equal(second.documentId, first.documentId);
  assert.equal(second.replayed, true);
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("stock on hand and the document drill-down read what was posted", async () => {
  const page = await inTransaction(db, (tx) => listStockOnHand(tx, SYSTEM_ACTOR, { entityId: avg.entityId, search: "MA-SKU-1" }));
  const row = page.rows.find((r) => r.warehouseId === avg.warehouseIds[0]);
  assert.ok(row);
  assert.equal(Number(row.qtyAvailable), Number(row.qtyOnHand) - Number(row.qtyAllocated));
  const receipt = await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: avg.entityId, warehouseId: avg.warehouseIds[0], documentDate: date, kind: "opening",
    lines: [{ itemId: avg.itemIds[1]!, qty: "1.25", unitCostMinor: 333n }] }));
  const doc = await inTransaction(db, (tx) => getInventoryDocumentOrThrow(tx, SYSTEM_ACTOR, receipt.documentId));
  assert.equal(doc.journalEntryId, receipt.journalEntryId);
  assert.equal(doc.movements[0]?.valueMinor, 416n); // 1.25 x 3.33 = 4.1625, half-even to 4.16
});
