// Proves manual journals end to end against real PostgreSQL: small ones are approved by policy
// and posted at once, large ones wait for a second controller, control accounts and unbalanced
// lines are refused, accruals reverse on the first day of the next period, and recurring
// templates create one journal per month however often they run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import {
  createManualJournal, createRecurringJournal, getManualJournalOrThrow, runRecurringJournals, runScheduledReversals, submitManualJournal,
} from "../../../core/ledger";
import { journalEntry, journalLine } from "../../../core/ledger/schema";
import { DomainError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { createCloseFixture } from "./close-fixture";

const { db } = await useTestDatabase();
const fx = await createCloseFixture(db, "MJ");
const { preparer, approver } = fx.users;

const accrual = (amount: bigint) => [
  { accountId: fx.extra.rent, debitMinor: amount, memo: "November rent" },
  { accountId: fx.extra.accrued, creditMinor: amount },
];

const byAccount = (rows: [number, bigint][]) => rows.sort((x, y) => x[0] - y[0]);

async function linesOf(entryId: number) {
  const rows = await db.select().from(journalLine).where(eq(journalLine.entryId, entryId));
  return rows.map((l) => [l.accountId, l.debitMinor - l.creditMinor] as const).sort((x, y) => x[0] - y[0]);
}

test("a journal under the threshold is approved by policy and posted on submit", async () => {
  const result = await inTransaction(db, async (tx) => {
    const draft = await createManualJournal(tx, preparer, { entityId: fx.entityId, postingDate: "2026-03-31", description: "Rent accrual", lines: accrual(250_000n) });
    assert.equal(draft.status, "draft");
    return submitManualJournal(tx, preparer, { journalId: draft.id });
  });
  assert.equal(result.autoApproved, true);
  assert.equal(result.journal.status, "posted");
  assert.ok(result.journal.journalEntryId);
  assert.deepEqual(await linesOf(result.journal.journalEntryId!), byAccount([[fx.extra.accrued, -250_000n], [fx.extra.rent, 250_000n]]));
});

test("a journal above the threshold waits for another controller and posts on approval", async () => {
  const submitted = await inTransaction(db, async (tx) => {
    const draft = await createManualJournal(tx, preparer, { entityId: fx.entityId, postingDate: "2026-03-31", description: "Large accrual", lines: accrual(5_000_000n) });
    return submitManualJournal(tx, preparer, { journalId: draft.id });
  });
  assert.equal(submitted.autoApproved, false);
  assert.equal(submitted.journal.status, "submitted");
  assert.equal(submitted.journal.journalEntryId, null);
  await assert.rejects(inTransaction(db, (tx) => decideApprovalStep(tx, preparer, { requestId: submitted.approvalRequestId, decision: "approve" })));
  await inTransaction(db, (tx) => decideApprovalStep(tx, approver, { requestId: submitted.approvalRequestId, decision: "approve" }));
  const after = await inTransaction(db, (tx) => getManualJournalOrThrow(tx, preparer, submitted.journal.id));
  assert.equal(after.status, "posted");
  assert.ok(after.entryNumber?.startsWith("JE-MJ-"));
  assert.deepEqual(await linesOf(after.journalEntryId!), byAccount([[fx.extra.accrued, -5_000_000n], [fx.extra.rent, 5_000_000n]]));
});

test("a rejected journal never reaches the ledger", async () => {
  const submitted = await inTransaction(db, async (tx) => {
    const draft = await createManualJournal(tx, preparer, { entityId: fx.entityId, postingDate: "2026-03-31", description: "Doubtful accrual", lines: accrual(2_000_000n) });
    return submitManualJournal(tx, preparer, { journalId: draft.id });
  });
  await inTransaction(db, (tx) => decideApprovalStep(tx, approver, { requestId: submitted.approvalRequestId, decision: "reject", comment: "no support" }));
  const after = await inTransaction(db, (tx) => getManualJournalOrThrow(tx, preparer, submitted.journal.id));
  assert.equal(after.status, "rejected");
  assert.equal(after.journalEntryId, null);
  const entries = await db.select().from(journalEntry).where(and(eq(journalEntry.sourceType, "manual_journal"), eq(journalEntry.sourceId, submitted.journal.id)));
  assert.equal(entries.length, 0);
});

test("refuses unbalanced lines, control accounts and users without ledger rights", async () => {
  const base = { entityId: fx.entityId, postingDate: "2026-03-31", description: "Bad journal" };
  await assert.rejects(inTransaction(db, (tx) => createManualJournal(tx, preparer, { ...base, lines: [
    { accountId: fx.extra.rent, debitMinor: 100n }, { accountId: fx.extra.accrued, creditMinor: 99n }] })),
  (e: unknown) => e instanceof DomainError && e.code === "LEDGER_ENTRY_UNBALANCED");
  await assert.rejects(inTransaction(db, (tx) => createManualJournal(tx, preparer, { ...base, lines: [
    { accountId: fx.accounts.ar, debitMinor: 100n }, { accountId: fx.extra.accrued, creditMinor: 100n }] })),
  (e: unknown) => e instanceof DomainError && e.code === "LEDGER_MANUAL_JOURNAL_CONTROL_ACCOUNT");
  await assert.rejects(inTransaction(db, (tx) => createManualJournal(tx, fx.users.clerk, { ...base, lines: accrual(100n) })),
    (e: unknown) => e instanceof DomainError && e.code === "AUTH_FORBIDDEN");
});

test("an auto-reversing accrual is reversed on the first day of the next period, once", async () => {
  const { journal } = await inTransaction(db, async (tx) => {
    const draft = await createManualJournal(tx, preparer, { entityId: fx.entityId, postingDate: "2026-04-30", description: "Utilities accrual", autoReverse: true, lines: accrual(40_000n) });
    return submitManualJournal(tx, preparer, { journalId: draft.id });
  });
  const early = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate: "2026-04-30", entityId: fx.entityId }));
  assert.equal(early.reversed.length, 0);
  const run = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate: "2026-05-03", entityId: fx.entityId }));
  assert.equal(run.reversed.length, 1);
  const [reversal] = await db.select().from(journalEntry).where(eq(journalEntry.id, run.reversed[0]!.reversalEntryId));
  assert.equal(reversal!.postingDate, "2026-05-01");
  assert.equal(reversal!.reversesEntryId, journal.journalEntryId);
  assert.deepEqual(await linesOf(reversal!.id), byAccount([[fx.extra.accrued, 40_000n], [fx.extra.rent, -40_000n]]));
  const again = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate: "2026-05-31", entityId: fx.entityId }));
  assert.equal(again.reversed.length, 0);
});

test("a recurring template creates one journal per month however often it runs", async () => {
  const template = await inTransaction(db, (tx) => createRecurringJournal(tx, preparer, {
    entityId: fx.entityId, name: "Office rent", description: "monthly rent", dayOfMonth: 5, firstRunDate: "2026-06-05", endDate: "2026-12-31", lines: accrual(120_000n),
  }));
  const first = await inTransaction(db, (tx) => runRecurringJournals(tx, preparer, { asOfDate: "2026-08-10", entityId: fx.entityId }));
  assert.deepEqual(first.map((s) => s.journal.postingDate), ["2026-06-05", "2026-07-05", "2026-08-05"]);
  assert.ok(first.every((s) => s.journal.status === "posted" && s.journal.recurringJournalId === template.id));
  const second = await inTransaction(db, (tx) => runRecurringJournals(tx, preparer, { asOfDate: "2026-08-20", entityId: fx.entityId }));
  assert.equal(second.length, 0);
});
