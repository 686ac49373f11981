// Proves a retried external command with the same idempotency key returns the first
// result and runs nothing again, and that reusing a key for another request is refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { withIdempotency } from "../../../core/governance";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();

test("a retry with the same key and body replays the first response without running again", async () => {
  let runs = 0;
  const call = () => inTransaction(db, (tx) => withIdempotency(tx, { scope: "test.create", key: "k-1", request: { amount: 5n } }, async () => {
    runs += 1;
    await tx.execute(sql`insert into app_setting (key, value) values (${`run-${runs}`}, 'x')`);
    return { id: runs, amountMinor: 5n };
  }));
  const first = await call();
  const second = await call();
  assert.deepEqual(first, { response: { id: 1, amountMinor: "5" }, replayed: false });
  assert.deepEqual(second, { response: { id: 1, amountMinor: "5" }, replayed: true });
  assert.equal(runs, 1);
  const rows = await db.execute(sql`select key from app_setting where key like 'run-%'`);
  assert.equal(rows.length, 1);
});

test("concurrent retries with one key run the command once", async () => {
  let runs = 0;
  const attempt = () => inTransaction(db, (tx) => withIdempotency(tx, { scope: "test.concurrent", key: "k-2", request: { n: 1 } }, async () => {
    runs += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { ok: true };
  }));
  const results = await Promise.all([attempt(), attempt(), attempt()]);
  assert.equal(runs, 1);
  assert.equal(results.filter((r) => r.replayed).length, 2);
});

test("the same key with a different body is refused", async () => {
  await inTransaction(db, (tx) => withIdempotency(tx, { scope: "test.other", key: "k-3", request: { a: 1 } }, async () => ({ ok: true })));
  await rejectsWithCode(() => inTransaction(db, (tx) => withIdempotency(tx, { scope: "test.other", key: "k-3", request: { a: 2 } }, async () => ({ ok: true }))), "IDEMPOTENCY_KEY_REUSED");
});
