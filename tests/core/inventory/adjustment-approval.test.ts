// Proves stock adjustments are routed through the approval engine by their value at current
// cost: a small one (under the default policy's 500.00) posts at once; a large one waits and
// moves nothing until a controller approves it, when exactly the requested lines post under the
// controller's name; a rejected one never moves stock; a retried request with the same key
// returns the first and posts once; and the journal entries and GL reconciliation hold.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { inventoryDocument, journalLine, stockBalance } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { decideApprovalStep, installDefaultPolicies } from "../../../core/governance/approvals";
import { InventoryError, inventoryReconciliation, receiveStock, requestStockAdjustment } from "../../../core/inventory";
import { useTestDatabase } from "../../support/database";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db, { code: "AJ", items: 3 });
const [wa] = fx.warehouseIds;
const [i1, i2, i3] = fx.itemIds as [number, number, number];
const DATE = "2026-06-02";

async function makeUser(username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "adjust-test-password", roles }));
  return { userId: created.id, username: created.username, roles: created.roles };
}
const clerk = await makeUser("wanda.warehouse", ["warehouse"]);
const controller = await makeUser("carl.controller", ["controller"]);
const planner = await makeUser("paul.planner", ["planner"]);

await inTransaction(db, async (tx) => {
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: "2026-06-01", kind: "receipt", lines: [
    { itemId: i1, qty: "100", unitCostMinor: 200n }, { itemId: i2, qty: "1000", unitCostMinor: 100n }, { itemId: i3, qty: "3", unitCostMinor: 333n },
  ] });
});

async function onHand(itemId: number): Promise<string | undefined> {
  const [row] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, itemId), eq(stockBalance.warehouseId, wa)));
  return row?.qtyOnHand;
}

async function reconciled(): Promise<void> {
  const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, fx.entityId));
  assert.equal(rec.differenceMinor, 0n);
}

async function entryOf(documentId: number) {
  const [doc] = await db.select().from(inventoryDocument).where(eq(inventoryDocument.id, documentId));
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, doc!.journalEntryId!));
  return { doc: doc!, lines: lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]) };
}

test("a small adjustment is auto-approved and posts at once, valued at average cost", async () => {
  const result = await inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "damage", lines: [{ itemId: i1, qtyDelta: "-10" }],
  }));
  assert.equal(result.status, "posted");
  assert.equal(result.valueMinor, 2_000n);
  assert.equal(result.request.autoApproved, true);
  assert.deepEqual(result.request.facts, { entityId: fx.entityId, amountMinor: "2000", quantityValueMinor: "2000" });
  assert.equal(await onHand(i1), "90.0000");
  const { doc, lines } = await entryOf(result.document!.documentId);
  assert.equal(doc.reason, "damage");
  assert.deepEqual(lines.sort(), [[fx.accounts.shrinkage, 2_000n, 0n], [fx.accounts.inventory, 0n, 2_000n]].sort());
  await reconciled();
});

test("a large adjustment waits for a controller and moves nothing; approval posts exactly the requested lines under the approver", async () => {
  const before = await ledgerSnapshot(db);
  const pending = await inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "shrinkage", note: "cage audit",
    lines: [{ itemId: i2, qtyDelta: "-600" }, { itemId: i1, qtyDelta: "5" }],
  }));
  // |-600 x 1.00| + |5 x 2.00| = 610.00: over the 500.00 auto-approval limit.
  assert.equal(pending.status, "pending_approval");
  assert.equal(pending.valueMinor, 61_000n);
  assert.equal(pending.document, null);
  assert.deepEqual(await ledgerSnapshot(db), before, "nothing moves before approval");

  await rejectsWithCode(() => inTransaction(db, (tx) => decideApprovalStep(tx, clerk, { requestId: pending.request.id, decision: "approve" })),
    "GOVERNANCE_SOD_SELF_APPROVAL");
  const approved = await inTransaction(db, (tx) => decideApprovalStep(tx, controller, { requestId: pending.request.id, decision: "approve" }));
  assert.equal(approved.status, "approved");
  assert.equal(await onHand(i2), "400.0000");
  assert.equal(await onHand(i1), "95.0000");
  const [doc] = await db.select().from(inventoryDocument).where(eq(inventoryDocument.idempotencyKey, `approval-request-${pending.request.id}`));
  assert.equal(doc?.createdByUserId, controller.userId, "posted under the approver's name");
  assert.equal(doc?.reason, "shrinkage: cage audit");
  const { lines } = await entryOf(doc!.id);
  assert.deepEqual(lines.sort(), [
    [fx.accounts.shrinkage, 60_000n, 0n], [fx.accounts.inventory, 0n, 60_000n], [fx.accounts.inventory, 1_000n, 0n], [fx.accounts.gain, 0n, 1_000n],
  ].sort());
  await reconciled();
});

test("a rejected adjustment never moves stock", async () => {
  const pending = await inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "correction", lines: [{ itemId: i2, qtyDelta: "-400" }, { itemId: i1, qtyDelta: "-60" }],
  }));
  assert.equal(pending.status, "pending_approval");
  assert.equal(pending.valueMinor, 52_000n);
  const before = await ledgerSnapshot(db);
  const rejected = await inTransaction(db, (tx) => decideApprovalStep(tx, controller, { requestId: pending.request.id, decision: "reject", comment: "recount first" }));
  assert.equal(rejected.status, "rejected");
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.equal(await onHand(i2), "400.0000");
});

test("a retried request with the same key returns the first and posts once, even after the stock changed", async () => {
  const input = { entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "expiry" as const, lines: [{ itemId: i3, qtyDelta: "-3" }], idempotencyKey: "adj-42" };
  const first = await inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, input));
  assert.equal(first.status, "posted");
  assert.equal(first.valueMinor, 999n);
  const again = await inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, input));
  assert.equal(again.replayed, true);
  assert.equal(again.request.id, first.request.id);
  assert.equal(again.document?.documentId, first.document?.documentId);
  const [count] = await db.execute<{ n: string }>(sql`select count(*)::text as n from inventory_document where reason = 'expiry'`);
  assert.equal(count?.n, "1");
  assert.equal(await onHand(i3), "0.0000");
});

test("what adjustStock would refuse is refused up front, and only stock writers may ask", async () => {
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "damage", lines: [{ itemId: i2, qtyDelta: "-401" }],
  })), InventoryError.INSUFFICIENT_STOCK);
  await rejectsWithCode(() => inTransaction(db, (tx) => requestStockAdjustment(tx, clerk, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "found", lines: [{ itemId: i3, qtyDelta: "2" }],
  })), InventoryError.ADJUSTMENT_COST_REQUIRED);
  await rejectsWithCode(() => inTransaction(db, (tx) => requestStockAdjustment(tx, planner, {
    entityId: fx.entityId, warehouseId: wa, documentDate: DATE, reason: "damage", lines: [{ itemId: i1, qtyDelta: "-1" }],
  })), "AUTH_FORBIDDEN");
  assert.deepEqual(await ledgerSnapshot(db), before);
});
