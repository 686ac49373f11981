// Proves stock never goes negative under concurrent use: 50 simultaneous issues of one
// unit each, in separate committed transactions, against 20 on hand. Row locks taken in
// a fixed order serialize them; exactly 20 succeed and the ledger stays balanced.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { inventoryReconciliation, issueStock, receiveStock, transferStock } from "../../../core/inventory";
import { trialBalance } from "../../../core/ledger";
import { DomainError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase({ max: 60 });

for (const valuationMethod of ["moving_average", "fifo"] as const) {
  test(`50 simultaneous issues against 20 on hand issue exactly 20 (${valuationMethod})`, async () => {
    const fx = await createLedgerFixture(db, { code: valuationMethod === "fifo" ? "CF" : "CM", valuationMethod });
    const [itemId] = fx.itemIds; const [wh] = fx.warehouseIds;
    await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wh, documentDate: "2026-07-01", kind: "receipt",
      lines: [{ itemId: itemId!, qty: "12", unitCostMinor: 101n }, { itemId: itemId!, qty: "8", unitCostMinor: 257n }] }));

    const attempts = await Promise.allSettled(Array.from({ length: 50 }, () =>
      inTransaction(db, (tx) => issueStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wh, documentDate: "2026-07-02", lines: [{ itemId: itemId!, qty: "1" }] }))));

    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    const failed = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    assert.equal(succeeded.length, 20);
    assert.equal(failed.length, 30);
    for (const failure of failed) {
      assert.ok(failure.reason instanceof DomainError, String(failure.reason));
      assert.equal(failure.reason.code, "INVENTORY_INSUFFICIENT_STOCK");
    }
    const [row] = await db.execute<{ qty: string; value: string; issued: string }>(sql`select
      (select qty_on_hand from stock_balance where item_id = ${itemId} and warehouse_id = ${wh})::text as qty,
      (select value_minor from stock_balance where item_id = ${itemId} and warehouse_id = ${wh})::text as value,
      (select -sum(qty) from stock_movement where item_id = ${itemId} and movement_type = 'issue')::text as issued`);
    assert.equal(Number(row!.qty), 0);
    assert.equal(row!.value, "0");
    assert.equal(Number(row!.issued), 20);
    const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, fx.entityId));
    assert.equal(rec.differenceMinor, 0n);
    const tb = await inTransaction(db, (tx) => trialBalance(tx, SYSTEM_ACTOR, { entityId: fx.entityId }));
    assert.equal(tb.reduce((sum, r) => sum + r.balanceMinor, 0n), 0n);
  });
}

test("opposite-direction transfers of two items at once do not deadlock", async () => {
  const fx = await createLedgerFixture(db, { code: "DL", items: 2 });
  const [a, b] = fx.itemIds; const [w1, w2] = fx.warehouseIds;
  for (const wh of [w1, w2]) {
    await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: wh, documentDate: "2026-07-01", kind: "receipt",
      lines: [{ itemId: a!, qty: "100", unitCostMinor: 10n }, { itemId: b!, qty: "100", unitCostMinor: 20n }] }));
  }
  const moves = Array.from({ length: 20 }, (_, i) => inTransaction(db, (tx) => transferStock(tx, SYSTEM_ACTOR, {
    entityId: fx.entityId, fromWarehouseId: i % 2 ? w1 : w2, toWarehouseId: i % 2 ? w2 : w1, documentDate: "2026-07-03",
    lines: i % 2 ? [{ itemId: a!, qty: "1" }, { itemId: b!, qty: "1" }] : [{ itemId: b!, qty: "1" }, { itemId: a!, qty: "1" }] })));
  const results = await Promise.allSettled(moves);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 20);
  const rec = await inTransaction(db, (tx) => inventoryReconciliation(tx, fx.entityId));
  assert.equal(rec.differenceMinor, 0n);
});
