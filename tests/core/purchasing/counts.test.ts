// Proves cycle counts: lists by ABC class (a plan's class over the class computed from 90 days
// of issue value), blind counting that hides expected quantities from counters, a variance
// beyond tolerance raising one inventory_variance exception and holding the count for review
// until a holder of inventory.adjustments:approve posts it, counts within tolerance posting on
// submit, and the stock ledger and GL agreeing after each posting.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import { exceptionItem, inventoryDocument, journalLine, stockBalance } from "../../../core/db/schema";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { inventoryReconciliation, issueStock, receiveStock } from "../../../core/inventory";
import {
  classifyAbc, CountError, createCountList, getCountOrThrow, listCounts, postCount, recordCounts, submitCount,
} from "../../../core/purchasing/counts";
import { setItemWarehousePlan } from "../../../core/purchasing/planning";
import { useTestDatabase } from "../../support/database";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db, { code: "CC", items: 4 });
const [wa] = fx.warehouseIds;
const [i1, i2, i3, i4] = fx.itemIds as [number, number, number, number];
const COUNT_DATE = "2026-07-15";

async function makeUser(username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "count-test-password", roles }));
  return { userId: created.id, username: created.username, roles: created.roles };
}
const counter = await makeUser("cora.counter", ["warehouse"]);
const controller = await makeUser("cliff.controller", ["controller"]);

await inTransaction(db, async (tx) => {
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: "2026-06-01", kind: "receipt", lines: [
    { itemId: i1, qty: "60", unitCostMinor: 200n }, { itemId: i2, qty: "20", unitCostMinor: 1_000n }, { itemId: i3, qty: "10", unitCostMinor: 50n },
  ] });
  // Issue value in the 90 days before the count: item 2 10,000, item 1 2,000, item 3 none.
  await issueStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wa, documentDate: "2026-06-20", lines: [{ itemId: i2, qty: "10" }, { itemId: i1, qty: "10" }] });
  await setItemWarehousePlan(tx, SYSTEM_ACTOR, { itemId: i4, warehouseId: wa, abcClass: "A" });
});

async function onHand(itemId: number): Promise<string | undefined> {
  const [row] = await db.select().from(stockBalance).where(and(eq(stockBalance.itemId, itemId), eq(stockBalance.warehouseId, wa)));
  return row?.qtyOnHand;
}

async function reconciled(): Promise<void> {
  const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, fx.entityId));
  assert.equal(rec.differenceMinor, 0n);
}

// [values, expected classes]: A while the value before the item is under 80%, B under 95%.
const ABC: [[number, bigint][], Record<number, string>][] = [
  [[[1, 700n], [2, 200n], [3, 60n], [4, 40n]], { 1: "A", 2: "A", 3: "B", 4: "C" }],
  [[[1, 900n], [2, 50n], [3, 50n]], { 1: "A", 2: "B", 3: "C" }],
  [[[1, 10_000n], [2, 2_000n], [3, 0n]], { 1: "A", 2: "B", 3: "C" }],
  [[[1, 0n], [2, 0n]], { 1: "C", 2: "C" }],
  [[[5, 100n], [4, 100n]], { 4: "A", 5: "A" }],
];
for (const [values, expected] of ABC) {
  test(`ABC classes of ${values.map(([id, v]) => `${id}:${v}`).join(" ")}`, () => {
    const classes = classifyAbc(values.map(([itemId, valueMinor]) => ({ itemId, valueMinor })));
    assert.deepEqual(Object.fromEntries(classes), expected);
  });
}

let blindCountId = 0;

test("an A-class list holds the items of class A (plan over computed) and hides expected quantities from the counter", async () => {
  const count = await inTransaction(db, (tx) => createCountList(tx, counter, {
    entityId: fx.entityId, warehouseId: wa, abcClass: "A", blind: true, countDate: COUNT_DATE, toleranceMinor: 5_000,
  }));
  blindCountId = count.id;
  assert.match(count.countNumber, /^CC-CC-\d{8}$/);
  assert.deepEqual(count.lines.map((l) => l.itemId).sort(), [i2, i4].sort(), "item 2 by issue value, item 4 by its plan");
  assert.equal(count.expectedHidden, true);
  assert.ok(count.lines.every((l) => l.baseQtyExpected === null && l.varianceValueMinor === null));
  const asController = await inTransaction(db, (tx) => getCountOrThrow(tx, controller, count.id));
  assert.equal(asController.expectedHidden, false);
  assert.deepEqual(asController.lines.map((l) => [l.itemId, l.baseQtyExpected]).sort(), [[i2, "10.0000"], [i4, "0.0000"]].sort());
});

test("counts are recorded against the list only; submitting needs every line counted", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => recordCounts(tx, counter, { countId: blindCountId, lines: [{ itemId: i1, baseQtyCounted: "3" }] })),
    CountError.ITEM_NOT_ON_LIST);
  const view = await inTransaction(db, (tx) => recordCounts(tx, counter, { countId: blindCountId, lines: [{ itemId: i2, baseQtyCounted: "4" }] }));
  assert.ok(view.lines.every((l) => l.baseQtyExpected === null), "the counter's view stays blind");
  assert.equal(view.lines.find((l) => l.itemId === i2)?.baseQtyCounted, "4.0000");
  await rejectsWithCode(() => inTransaction(db, (tx) => submitCount(tx, counter, { countId: blindCountId })), CountError.INCOMPLETE);
});

test("a variance beyond tolerance raises one inventory_variance exception and waits; only an adjustment approver posts it", async () => {
  await inTransaction(db, (tx) => recordCounts(tx, counter, { countId: blindCountId, lines: [{ itemId: i4, baseQtyCounted: "0" }] }));
  const before = await ledgerSnapshot(db);
  const submitted = await inTransaction(db, (tx) => submitCount(tx, counter, { countId: blindCountId }));
  assert.equal(submitted.count.status, "variance_review");
  assert.equal(submitted.adjustmentDocumentId, null);
  assert.deepEqual(await ledgerSnapshot(db), before, "nothing posts before review");
  const line = submitted.count.lines.find((l) => l.itemId === i2)!;
  assert.deepEqual([line.baseQtyExpected, line.baseQtyCounted, line.baseQtyVariance, line.varianceValueMinor], ["10.0000", "4.0000", "-6", -6_000n]);

  const exceptions = await db.select().from(exceptionItem).where(eq(exceptionItem.kind, "inventory_variance"));
  assert.equal(exceptions.length, 1);
  const raised = exceptions[0]!;
  assert.equal(raised.id, submitted.exceptionId);
  assert.deepEqual([raised.state, raised.ownerRole, raised.audienceRoles, raised.entityId], ["open", "warehouse", ["controller"], fx.entityId]);
  assert.match(raised.explanation, /CC-SKU-2: expected 10.0000, counted 4.0000, variance -6 valued -6000 minor/);
  assert.deepEqual((raised.details as { lines: { itemId: number }[] }).lines.map((l) => l.itemId), [i2], "only the line beyond tolerance is listed");

  await rejectsWithCode(() => inTransaction(db, (tx) => postCount(tx, counter, { countId: blindCountId })), "AUTH_FORBIDDEN");
  const posted = await inTransaction(db, (tx) => postCount(tx, controller, { countId: blindCountId, note: "recounted twice" }));
  assert.equal(posted.count.status, "posted");
  assert.equal(posted.exceptionResolved, true);
  assert.equal(await onHand(i2), "4.0000");
  const [doc] = await db.select().from(inventoryDocument).where(eq(inventoryDocument.id, posted.adjustmentDocumentId!));
  assert.deepEqual([doc?.reason, doc?.reference, doc?.createdByUserId], ["count_variance", posted.count.countNumber, controller.userId]);
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, doc!.journalEntryId!));
  assert.deepEqual(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]).sort(), [[fx.accounts.shrinkage, 6_000n, 0n], [fx.accounts.inventory, 0n, 6_000n]].sort());
  const [closed] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, raised.id));
  assert.equal(closed?.state, "resolved");
  await reconciled();
  await rejectsWithCode(() => inTransaction(db, (tx) => postCount(tx, controller, { countId: blindCountId })), CountError.STATE);
});

test("variances within tolerance post on submit, gains at average cost, and an open list shows expected quantities when not blind", async () => {
  const count = await inTransaction(db, (tx) => createCountList(tx, counter, {
    entityId: fx.entityId, warehouseId: wa, itemIds: [i1, i3], blind: false, countDate: COUNT_DATE, toleranceMinor: 500,
  }));
  assert.equal(count.expectedHidden, false);
  assert.deepEqual(count.lines.map((l) => [l.itemId, l.baseQtyExpected]), [[i1, "50.0000"], [i3, "10.0000"]]);
  await inTransaction(db, (tx) => recordCounts(tx, counter, { countId: count.id, lines: [{ itemId: i1, baseQtyCounted: "49" }, { itemId: i3, baseQtyCounted: "11" }] }));
  const submitted = await inTransaction(db, (tx) => submitCount(tx, counter, { countId: count.id }));
  assert.equal(submitted.count.status, "posted");
  assert.equal(submitted.exceptionId, null);
  assert.deepEqual(submitted.count.lines.map((l) => [l.itemId, l.varianceValueMinor]), [[i1, -200n], [i3, 50n]]);
  assert.equal(await onHand(i1), "49.0000");
  assert.equal(await onHand(i3), "11.0000");
  const [doc] = await db.select().from(inventoryDocument).where(eq(inventoryDocument.id, submitted.adjustmentDocumentId!));
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, doc!.journalEntryId!));
  assert.deepEqual(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]).sort(), [
    [fx.accounts.shrinkage, 200n, 0n], [fx.accounts.inventory, 0n, 200n], [fx.accounts.inventory, 50n, 0n], [fx.accounts.gain, 0n, 50n],
  ].sort());
  await reconciled();
});

test("a count that matches posts with no document, and the list shows every count", async () => {
  const count = await inTransaction(db, (tx) => createCountList(tx, counter, {
    entityId: fx.entityId, warehouseId: wa, itemIds: [i3], blind: true, countDate: COUNT_DATE, toleranceMinor: 0,
  }));
  await inTransaction(db, (tx) => recordCounts(tx, counter, { countId: count.id, lines: [{ itemId: i3, baseQtyCounted: "11" }] }));
  const submitted = await inTransaction(db, (tx) => submitCount(tx, counter, { countId: count.id }));
  assert.deepEqual([submitted.count.status, submitted.adjustmentDocumentId, submitted.exceptionId], ["posted", null, null]);
  const page = await inTransaction(db, (tx) => listCounts(tx, counter, { entityId: fx.entityId }));
  assert.equal(page.total, 3);
  assert.deepEqual(page.rows.map((r) => r.status), ["posted", "posted", "posted"]);
});
