// Proves the posting engine's rules hold against real PostgreSQL: unbalanced entries,
// closed periods and edits of posted rows are refused with typed errors and change
// nothing; reversals mirror the original; idempotency keys replay the first result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import { fiscalPeriod, journalLine } from "../../../core/db/schema";
import { postEvent, postJournal, reverseEntry, setPeriodStatus, trialBalance } from "../../../core/ledger";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db);
const clerk: Actor = { userId: null, username: "clerk", roles: ["buyer"] };

function simpleEntry(amount: bigint, date = "2026-03-10", extra: Partial<Parameters<typeof postJournal>[2]> = {}) {
  return {
    entityId: fx.entityId, postingDate: date, eventType: "test.manual", sourceType: "test", sourceId: null, description: "test entry",
    lines: [{ accountId: fx.accounts.cash, debitMinor: amount, creditMinor: 0n }, { accountId: fx.accounts.revenue, debitMinor: 0n, creditMinor: amount }],
    ...extra,
  };
}

test("posts a balanced entry and the trial balance sums to zero", async () => {
  const posted = await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(12_345n)));
  assert.match(posted.entryNumber, /^JE-T1-\d{8}$/);
  const rows = await inTransaction(db, (tx) => trialBalance(tx, SYSTEM_ACTOR, { entityId: fx.entityId }));
  assert.equal(rows.reduce((sum, r) => sum + r.balanceMinor, 0n), 0n);
  assert.equal(rows.find((r) => r.accountId === fx.accounts.cash)?.balanceMinor, 12_345n);
});

test("rejects an unbalanced entry and changes nothing", async () => {
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, {
    ...simpleEntry(100n),
    lines: [{ accountId: fx.accounts.cash, debitMinor: 100n, creditMinor: 0n }, { accountId: fx.accounts.revenue, debitMinor: 0n, creditMinor: 99n }],
  })), "LEDGER_ENTRY_UNBALANCED");
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("the database refuses unbalanced lines written around the engine, at commit", async () => {
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, async (tx) => {
    const posted = await postJournal(tx, SYSTEM_ACTOR, simpleEntry(500n));
    await tx.insert(journalLine).values({ entryId: posted.id, entityId: fx.entityId, lineNumber: 99, accountId: fx.accounts.cash,
      debitMinor: 1n, creditMinor: 0n, documentCurrency: "USD", documentDebitMinor: 1n, documentCreditMinor: 0n });
  }), "LEDGER_ENTRY_UNBALANCED");
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("rejects a posting into a closed period and changes nothing", async () => {
  const [period] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.code, "2026-02"));
  await inTransaction(db, (tx) => setPeriodStatus(tx, SYSTEM_ACTOR, { periodId: period!.id, status: "closed" }));
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(700n, "2026-02-14"))), "LEDGER_PERIOD_CLOSED");
  // Bypassing the engine does not help: the trigger refuses the entry row itself.
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`insert into journal_entry
      (entity_id, entry_number, posting_date, period_id, event_type, source_type, description, base_currency)
      values (${fx.entityId}, 'RAW-1', '2026-02-14', ${period!.id}, 'raw', 'raw', 'raw', 'USD')`)), "LEDGER_PERIOD_CLOSED");
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("a closed period cannot be loosened through setPeriodStatus: reopening needs an approved request", async () => {
  const [period] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.code, "2026-02"));
  assert.equal(period!.status, "closed");
  for (const status of ["open", "soft_closed"] as const) {
    await rejectsWithCode(() => inTransaction(db, (tx) => setPeriodStatus(tx, SYSTEM_ACTOR, { periodId: period!.id, status })), "LEDGER_PERIOD_REOPEN_REQUIRES_APPROVAL");
  }
  const [after] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, period!.id));
  assert.equal(after!.status, "closed");
});

test("a soft-closed period takes postings from controllers only", async () => {
  const [period] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.code, "2026-04"));
  await inTransaction(db, (tx) => setPeriodStatus(tx, SYSTEM_ACTOR, { periodId: period!.id, status: "soft_closed" }));
  await rejectsWithCode(() => inTransaction(db, (tx) => postJournal(tx, clerk, simpleEntry(10n, "2026-04-02"))), "LEDGER_PERIOD_SOFT_CLOSED");
  const controller: Actor = { userId: null, username: "controller", roles: ["controller"] };
  const posted = await inTransaction(db, (tx) => postJournal(tx, controller, simpleEntry(10n, "2026-04-02")));
  assert.ok(posted.id > 0);
});

test("refuses UPDATE, DELETE and TRUNCATE of posted journal rows", async () => {
  const posted = await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(4_200n)));
  const before = await ledgerSnapshot(db);
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`update journal_line set debit_minor = 1 where entry_id = ${posted.id} and debit_minor > 0`)), "LEDGER_APPEND_ONLY");
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`delete from journal_line where entry_id = ${posted.id}`)), "LEDGER_APPEND_ONLY");
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`update journal_entry set description = 'edited' where id = ${posted.id}`)), "LEDGER_APPEND_ONLY");
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`delete from journal_entry where id = ${posted.id}`)), "LEDGER_APPEND_ONLY");
  await rejectsWithCode(() => inTransaction(db, (tx) => tx.execute(sql`truncate journal_line cascade`)), "LEDGER_APPEND_ONLY");
  assert.deepEqual(await ledgerSnapshot(db), before);
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, posted.id));
  assert.deepEqual(lines.map((l) => l.debitMinor + l.creditMinor), [4_200n, 4_200n]);
});

test("a reversal mirrors the original, links to it, and cannot be repeated", async () => {
  const posted = await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(9_999n, "2026-05-05")));
  const reversal = await inTransaction(db, (tx) => reverseEntry(tx, SYSTEM_ACTOR, { entryId: posted.id, postingDate: "2026-05-06", reason: "keyed twice" }));
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, reversal.id)).orderBy(journalLine.lineNumber);
  assert.deepEqual(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor]), [[fx.accounts.cash, 0n, 9_999n], [fx.accounts.revenue, 9_999n, 0n]]);
  await rejectsWithCode(() => inTransaction(db, (tx) => reverseEntry(tx, SYSTEM_ACTOR, { entryId: posted.id, postingDate: "2026-05-06", reason: "again" })), "LEDGER_ENTRY_ALREADY_REVERSED");
  await rejectsWithCode(() => inTransaction(db, (tx) => reverseEntry(tx, clerk, { entryId: posted.id, postingDate: "2026-05-06", reason: "no rights" })), "AUTH_FORBIDDEN");
});

test("an idempotency key replays the first entry instead of posting twice", async () => {
  const first = await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(321n, "2026-06-01", { idempotencyKey: "req-1" })));
  const before = await ledgerSnapshot(db);
  const second = await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(321n, "2026-06-01", { idempotencyKey: "req-1" })));
  assert.equal(second.id, first.id);
  assert.equal(second.replayed, true);
  assert.deepEqual(await ledgerSnapshot(db), before);
});

test("rejects postings with no period, a foreign account or no account rule", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, simpleEntry(1n, "2031-01-01"))), "LEDGER_PERIOD_NOT_FOUND");
  await rejectsWithCode(() => inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, {
    ...simpleEntry(1n), lines: [{ accountId: 999_999, debitMinor: 1n, creditMinor: 0n }, { accountId: fx.accounts.revenue, debitMinor: 0n, creditMinor: 1n }],
  })), "LEDGER_ACCOUNT_NOT_FOUND");
  await rejectsWithCode(() => inTransaction(db, (tx) => postEvent(tx, SYSTEM_ACTOR,
    { entityId: fx.entityId, postingDate: "2026-03-01", description: "x", sourceType: "test", sourceId: null },
    { type: "stock.transferred", lines: [{ itemId: fx.itemIds[0]!, itemCategoryId: fx.categoryId, warehouseId: fx.warehouseIds[0], toWarehouseId: fx.warehouseIds[1], valueMinor: 5n }] },
  ).then(() => postEvent(tx, SYSTEM_ACTOR, { entityId: fx.entityId, postingDate: "2026-03-01", description: "x", sourceType: "test", sourceId: null },
    { type: "stock.received", lines: [] }))
    .then(() => tx.execute(sql`delete from account_rule where role = 'grni' and entity_id = ${fx.entityId}`))
    .then(() => postEvent(tx, SYSTEM_ACTOR, { entityId: fx.entityId, postingDate: "2026-03-01", description: "x", sourceType: "test", sourceId: null },
      { type: "stock.received", lines: [{ itemId: fx.itemIds[0]!, itemCategoryId: fx.categoryId, warehouseId: fx.warehouseIds[0], valueMinor: 5n }] }))),
  "LEDGER_NO_ACCOUNT_RULE");
});
