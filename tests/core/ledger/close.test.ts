// Proves the period-close checklist against real PostgreSQL: March of a trading entity first
// fails to close with the exact list of blockers (a journal awaiting approval, shipments neither
// invoiced nor accrued, an unrevalued EUR invoice, a high exception, a high anomaly flag); once
// each is cleared through the real commands it soft-closes (only controllers post), hard-closes
// (nothing posts, in the engine and in the database trigger), records its cycle time, and
// reopens only through an approved request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor } from "../../../core/governance";
import { decideApprovalStep } from "../../../core/governance/approvals";
import { dismissAnomaly, recordAnomalyFlags } from "../../../core/governance/anomalies";
import { raiseException, resolveException } from "../../../core/governance/exceptions";
import { auditLog } from "../../../core/governance/schema";
import { receiveStock } from "../../../core/inventory";
import { createManualJournal, postJournal, setAccountRule, submitManualJournal } from "../../../core/ledger";
import { accrueUnbilledShipments, getCloseChecklist, hardClosePeriod, requestPeriodReopen, runCloseChecks, softClosePeriod } from "../../../core/ledger/close";
import { revaluePeriod } from "../../../core/ledger/revaluation";
import { fiscalPeriod } from "../../../core/ledger/schema";
import { account } from "../../../core/masters/schema";
import { invoiceShipment } from "../../../core/sales/invoicing";
import { DomainError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { createDocumentsFixture, enterOrder, invoicedOrder, shipAll } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "CL");
const [itemA, itemB] = fx.itemIds as [number, number];
const controller = fx.users.controller;
const { controller2, admin, rent, accrued } = await inTransaction(db, async (tx) => {
  const user = async (username: string, role: "controller" | "admin"): Promise<Actor> => {
    const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "close-test-password", roles: [role] });
    return { userId: created.id, username: created.username, roles: created.roles };
  };
  const [unbilled] = await tx.insert(account).values({ entityId: fx.entityId, code: "1150", name: "Unbilled receivables", type: "asset" }).returning();
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "unbilled_receivables", accountId: unbilled!.id });
  const [rentRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "6100", name: "Rent", type: "expense" }).returning();
  const [accruedRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "2400", name: "Accrued liabilities", type: "liability" }).returning();
  await tx.execute(sql`insert into exchange_rate (from_currency, to_currency, rate_date, rate_ppm) values ('EUR', 'USD', '2026-03-31', 1150000)`);
  await receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId: fx.warehouseIds[0], documentDate: "2026-02-01", kind: "opening",
    lines: [{ itemId: itemA, qty: "100", unitCostMinor: 600n }, { itemId: itemB, qty: "100", unitCostMinor: 600n }] });
  return { controller2: await user("cl.controller2", "controller"), admin: await user("cl.admin", "admin"), rent: rentRow!.id, accrued: accruedRow!.id };
});
const [march] = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, fx.entityId), eq(fiscalPeriod.code, "2026-03")));
const periodId = march!.id;
const rentLines = (amount: bigint) => [{ accountId: rent, debitMinor: amount }, { accountId: accrued, creditMinor: amount }];
const codeOf = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

test("a close fails with the list of blockers, passes once they are cleared, and a hard-closed period refuses postings", async () => {
  // Blockers: an open EUR invoice whose rate moved, two shipments not invoiced, a large journal awaiting approval, a high exception and anomaly.
  await invoicedOrder(db, fx, fx.euroCustomerId, [{ itemId: itemA, qty: "10" }], { invoiceDate: "2026-03-05" });
  const toInvoice = await shipAll(db, fx, (await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemA, qty: "4" }], "2026-03-20")).order.id, "2026-03-20");
  await shipAll(db, fx, (await enterOrder(db, fx, fx.customers.silver, [{ itemId: itemB, qty: "3" }], "2026-03-25")).order.id, "2026-03-25");
  const journal = await inTransaction(db, async (tx) => {
    const draft = await createManualJournal(tx, controller, { entityId: fx.entityId, postingDate: "2026-03-31", description: "Quarterly bonus accrual", lines: rentLines(5_000_000n) });
    return submitManualJournal(tx, controller, { journalId: draft.id });
  });
  const exception = await inTransaction(db, (tx) => raiseException(tx, SYSTEM_ACTOR, { kind: "posting_failure", severity: "high", entityId: fx.entityId,
    title: "Bank feed rejected", explanation: "The March bank statement failed to import", occurredOn: "2026-03-31" }));
  // About a later day: it belongs to a later close and must not hold up March's.
  await inTransaction(db, (tx) => raiseException(tx, SYSTEM_ACTOR, { kind: "posting_failure", severity: "critical", entityId: fx.entityId,
    title: "Bank feed rejected", explanation: "The April bank statement failed to import", occurredOn: "2026-04-30" }));
  await inTransaction(db, (tx) => recordAnomalyFlags(tx, SYSTEM_ACTOR, { entityId: fx.entityId, modelVersion: "test-v1", flags: [{
    subjectType: "journal_entry", subjectId: "JE-1", occurredOn: "2026-03-15", score: 0.97, severity: "high",
    reasons: { summary: "amount far above normal", features: [{ name: "amount", value: 90_000, normalLow: 100, normalHigh: 5_000, contribution: 1 }] } }] }));

  const first = await inTransaction(db, (tx) => runCloseChecks(tx, controller, { periodId }));
  assert.deepEqual(first.blockers.map((b) => b.code).sort(), ["anomalies", "exceptions", "fx_revaluation", "manual_journals", "shipments_invoiced"]);
  assert.equal(first.close.status, "in_progress");
  assert.ok(first.close.startedAt);
  assert.equal(first.blockers.find((b) => b.code === "shipments_invoiced")!.details.length, 2);
  assert.equal(first.checks.find((c) => c.code === "subledgers")!.result, "passed");
  assert.deepEqual(first.blockers.find((b) => b.code === "exceptions")!.details.map((d) => d.label), ["high posting_failure: Bank feed rejected"], "only the exception about March blocks March");
  await assert.rejects(inTransaction(db, (tx) => softClosePeriod(tx, controller, { periodId })), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === "LEDGER_CLOSE_BLOCKED");
    assert.equal((e.details.blockers as unknown[]).length, 5);
    assert.match(e.userMessage, /Shipments invoiced or accrued/);
    return true;
  });
  await assert.rejects(inTransaction(db, (tx) => hardClosePeriod(tx, controller, { periodId })), codeOf("LEDGER_CLOSE_STATE"));

  // Clear each blocker through its own command.
  await inTransaction(db, (tx) => decideApprovalStep(tx, controller2, { requestId: journal.approvalRequestId, decision: "approve" }));
  await inTransaction(db, (tx) => invoiceShipment(tx, fx.billing, { shipmentId: toInvoice.id, invoiceDate: "2026-03-31" }));
  const unbilled = await inTransaction(db, (tx) => accrueUnbilledShipments(tx, controller, { periodId }));
  assert.equal(unbilled.journalEntryIds.length, 1);
  assert.equal(unbilled.totalMinor, 3_000n, "3 x the 10.00 list price");
  const revaluation = await inTransaction(db, (tx) => revaluePeriod(tx, controller, { periodId }));
  assert.ok(revaluation.run.netGainMinor > 0n);
  await inTransaction(db, (tx) => resolveException(tx, controller, { exceptionId: exception.id, reason: "Statement re-imported by hand" }));
  const [flag] = await db.execute<{ id: string }>(sql`select id::text from anomaly_flag where entity_id = ${fx.entityId}`);
  await inTransaction(db, (tx) => dismissAnomaly(tx, controller, { flagId: Number(flag!.id), reason: "Approved bonus accrual, documented" }));

  const soft = await inTransaction(db, (tx) => softClosePeriod(tx, controller, { periodId }));
  assert.equal(soft.close.status, "soft_closed");
  assert.equal(soft.period.status, "soft_closed");
  assert.equal(soft.checks.find((c) => c.code === "shipments_invoiced")!.result, "warning");
  assert.equal(soft.checks.find((c) => c.code === "subledgers")!.result, "passed", JSON.stringify(soft.checks.find((c) => c.code === "subledgers")));
  const entry = { entityId: fx.entityId, postingDate: "2026-03-31", eventType: "test", sourceType: "test", sourceId: null, description: "late entry",
    lines: [{ accountId: rent, debitMinor: 100n, creditMinor: 0n }, { accountId: accrued, debitMinor: 0n, creditMinor: 100n }] };
  await assert.rejects(inTransaction(db, (tx) => postJournal(tx, fx.users.clerk, entry)), codeOf("LEDGER_PERIOD_SOFT_CLOSED"));
  const late = await inTransaction(db, async (tx) => submitManualJournal(tx, controller,
    { journalId: (await createManualJournal(tx, controller, { entityId: fx.entityId, postingDate: "2026-03-31", description: "Late controller entry", lines: rentLines(100n) })).id }));
  assert.equal(late.journal.status, "posted", "a controller still posts into a soft-closed period");

  const hard = await inTransaction(db, (tx) => hardClosePeriod(tx, controller, { periodId }));
  assert.equal(hard.close.status, "hard_closed");
  assert.equal(hard.period.status, "closed");
  assert.ok(hard.close.hardClosedAt! >= hard.close.startedAt!);
  await assert.rejects(inTransaction(db, (tx) => postJournal(tx, controller, entry)), codeOf("LEDGER_PERIOD_CLOSED"));
  await assert.rejects(inTransaction(db, (tx) => createManualJournal(tx, controller, { entityId: fx.entityId, postingDate: "2026-03-15", description: "Too late", lines: rentLines(100n) })),
    codeOf("LEDGER_PERIOD_CLOSED"));
  await assert.rejects(db.execute(sql`insert into journal_entry (entity_id, entry_number, posting_date, period_id, event_type, source_type, description, base_currency)
    values (${fx.entityId}, 'JE-RAW-1', '2026-03-31', ${periodId}, 'raw', 'raw', 'bypassing the engine', 'USD')`),
  (e: unknown) => /LEDGER_PERIOD_CLOSED/.test(String((e as { cause?: unknown }).cause)), "the database trigger refuses it too");
  const recorded = await inTransaction(db, (tx) => getCloseChecklist(tx, controller, { periodId }));
  assert.equal(recorded.checks.length, 9);
  assert.equal(recorded.checks[0]!.checkCode, "scheduled_reversals");
});

test("reopening a hard-closed period needs an approved request and is audited", async () => {
  const request = await inTransaction(db, (tx) => requestPeriodReopen(tx, controller, { periodId, reason: "Late supplier credit note for March" }));
  assert.equal(request.request.status, "pending");
  await assert.rejects(inTransaction(db, (tx) => requestPeriodReopen(tx, controller, { periodId, reason: "Asking twice for the same" })), codeOf("LEDGER_REOPEN_PENDING"));
  await inTransaction(db, (tx) => decideApprovalStep(tx, controller2, { requestId: request.request.id, decision: "approve" }));
  const [stillClosed] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, periodId));
  assert.equal(stillClosed!.status, "closed", "the admin step is still pending");
  await inTransaction(db, (tx) => decideApprovalStep(tx, admin, { requestId: request.request.id, decision: "approve" }));
  const [reopened] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, periodId));
  assert.equal(reopened!.status, "open");
  const recorded = await inTransaction(db, (tx) => getCloseChecklist(tx, controller, { periodId }));
  assert.equal(recorded.close!.status, "reopened");
  assert.equal(recorded.close!.reopenCount, 1);
  assert.equal(recorded.close!.hardClosedAt, null);
  const audits = await db.select().from(auditLog).where(and(eq(auditLog.objectKind, "period_close"), eq(auditLog.objectId, String(recorded.close!.id))));
  assert.deepEqual(audits.map((a) => (a.after as { status: string }).status), ["soft_closed", "hard_closed", "reopened"]);
});
