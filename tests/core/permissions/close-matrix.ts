// Matrix rows for record-to-report: manual journals, recurring templates and reversals (ledger:post
// to write, ledger:read to read), FX revaluation (ledger:post), the close checklist and reopen
// requests (ledger.periods:manage; reading the checklist needs ledger:read).
import assert from "node:assert/strict";
import type { Tx } from "../../../core/db/client";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import {
  cancelManualJournal, createManualJournal, createRecurringJournal, getManualJournalOrThrow, listManualJournals, listRecurringJournals,
  runRecurringJournals, runScheduledReversals, submitManualJournal,
} from "../../../core/ledger";
import {
  accrueUnbilledShipments, getCloseChecklist, hardClosePeriod, listPeriodCloses, requestPeriodReopen, runCloseChecks, softClosePeriod,
} from "../../../core/ledger/close";
import { getRevaluationRunOrThrow, listRevaluationRuns, revaluePeriod } from "../../../core/ledger/revaluation";
import {
  accrueCustomerRebates, createCustomerRebateAgreement, listCustomerRebateAgreements, settleCustomerRebateAgreement,
} from "../../../core/sales/rebates";
import { createMaster } from "../../../core/masters";
import { collectRebateClaim, createRebateAgreement, settleRebateAgreement } from "../../../core/purchasing";
import type { ClosePermissionFixture } from "./close-fixture";
import type { PermissionCase } from "./matrix";

type Row = PermissionCase<ClosePermissionFixture, any>;

const lines = (f: ClosePermissionFixture) => [{ accountId: f.extra.rent, debitMinor: 1_000n }, { accountId: f.extra.accrued, creditMinor: 1_000n }];
const draft = (tx: Tx, f: ClosePermissionFixture) =>
  createManualJournal(tx, SYSTEM_ACTOR, { entityId: f.entityId, postingDate: "2026-03-20", description: "Matrix journal", lines: lines(f) });

const journalRows: Row[] = [
  { name: "createManualJournal", permission: "ledger:post",
    run: (tx, actor, f) => createManualJournal(tx, actor, { entityId: f.entityId, postingDate: "2026-03-20", description: "Matrix journal", lines: lines(f) }) },
  { name: "submitManualJournal", permission: "ledger:post", prepare: draft,
    check: (result: { journal: { status: string } }) => assert.equal(result.journal.status, "posted"),
    run: (tx, actor, _f, prepared: { id: number }) => submitManualJournal(tx, actor, { journalId: prepared.id }) },
  { name: "cancelManualJournal", permission: "ledger:post", prepare: draft,
    run: (tx, actor, _f, prepared: { id: number }) => cancelManualJournal(tx, actor, { journalId: prepared.id }) },
  { name: "createRecurringJournal", permission: "ledger:post",
    run: (tx, actor, f) => createRecurringJournal(tx, actor, { entityId: f.entityId, name: "Rent", description: "monthly rent", dayOfMonth: 1,
      firstRunDate: "2026-05-01", lines: lines(f) }) },
  { name: "runRecurringJournals", permission: "ledger:post", run: (tx, actor, f) => runRecurringJournals(tx, actor, { asOfDate: "2026-03-31", entityId: f.entityId }) },
  { name: "runScheduledReversals", permission: "ledger:post", run: (tx, actor, f) => runScheduledReversals(tx, actor, { asOfDate: "2026-03-31", entityId: f.entityId }) },
  { name: "listManualJournals", permission: "ledger:read", run: (tx, actor, f) => listManualJournals(tx, actor, { entityId: f.entityId }) },
  { name: "getManualJournalOrThrow", permission: "ledger:read", prepare: draft,
    run: (tx, actor, _f, prepared: { id: number }) => getManualJournalOrThrow(tx, actor, prepared.id) },
  { name: "listRecurringJournals", permission: "ledger:read", run: (tx, actor, f) => listRecurringJournals(tx, actor, { entityId: f.entityId }) },
];

const revaluationRows: Row[] = [
  { name: "revaluePeriod", permission: "ledger:post", run: (tx, actor, f) => revaluePeriod(tx, actor, { periodId: f.marchId }) },
  { name: "listRevaluationRuns", permission: "ledger:read", run: (tx, actor, f) => listRevaluationRuns(tx, actor, { entityId: f.entityId }) },
  { name: "getRevaluationRunOrThrow", permission: "ledger:read",
    prepare: (tx, f) => revaluePeriod(tx, SYSTEM_ACTOR, { periodId: f.marchId }),
    run: (tx, actor, _f, prepared: { run: { id: number } }) => getRevaluationRunOrThrow(tx, actor, prepared.run.id) },
];

const softClosed = async (tx: Tx, f: ClosePermissionFixture) => softClosePeriod(tx, SYSTEM_ACTOR, { periodId: f.marchId });

const closeRows: Row[] = [
  { name: "runCloseChecks", permission: "ledger.periods:manage", run: (tx, actor, f) => runCloseChecks(tx, actor, { periodId: f.marchId }) },
  { name: "softClosePeriod", permission: "ledger.periods:manage",
    check: (result: { close: { status: string } }) => assert.equal(result.close.status, "soft_closed"),
    run: (tx, actor, f) => softClosePeriod(tx, actor, { periodId: f.marchId }) },
  { name: "hardClosePeriod", permission: "ledger.periods:manage", prepare: softClosed,
    check: (result: { close: { status: string } }) => assert.equal(result.close.status, "hard_closed"),
    run: (tx, actor, f) => hardClosePeriod(tx, actor, { periodId: f.marchId }) },
  { name: "requestPeriodReopen", permission: "ledger.periods:manage", prepare: softClosed,
    check: (result: { request: { status: string } }) => assert.equal(result.request.status, "pending"),
    run: (tx, actor, f) => requestPeriodReopen(tx, actor, { periodId: f.marchId, reason: "matrix reopen" }) },
  { name: "getCloseChecklist", permission: "ledger:read", run: (tx, actor, f) => getCloseChecklist(tx, actor, { periodId: f.marchId }) },
  { name: "listPeriodCloses", permission: "ledger:read", run: (tx, actor, f) => listPeriodCloses(tx, actor, { entityId: f.entityId }) },
  { name: "accrueUnbilledShipments", permission: "ledger:post", run: (tx, actor, f) => accrueUnbilledShipments(tx, actor, { periodId: f.marchId }) },
];

const agreementInput = (f: ClosePermissionFixture) => ({ entityId: f.entityId, customerId: f.customerId, name: "Matrix rebate",
  periodStart: "2026-01-01", periodEnd: "2026-01-31", tiers: [{ fromMinor: 0n, ratePpm: 10_000n }] });

const rebateRows: Row[] = [
  { name: "createCustomerRebateAgreement", permission: "sales:write", run: (tx, actor, f) => createCustomerRebateAgreement(tx, actor, agreementInput(f)) },
  { name: "listCustomerRebateAgreements", permission: "sales:read", run: (tx, actor, f) => listCustomerRebateAgreements(tx, actor, { entityId: f.entityId }) },
  { name: "accrueCustomerRebates", permission: "sales.receivables:write",
    run: (tx, actor, f) => accrueCustomerRebates(tx, actor, { entityId: f.entityId, fromDate: "2026-01-01", toDate: "2026-01-31" }) },
  { name: "settleCustomerRebateAgreement", permission: "sales.receivables:write",
    prepare: (tx, f) => createCustomerRebateAgreement(tx, SYSTEM_ACTOR, agreementInput(f)),
    run: (tx, actor, _f, prepared: { id: number }) => settleCustomerRebateAgreement(tx, actor, { agreementId: prepared.id, settlementDate: "2026-02-02" }) },
];

async function settledSupplierAgreement(tx: Tx, f: ClosePermissionFixture): Promise<{ id: number }> {
  const supplier = await createMaster(tx, SYSTEM_ACTOR, "supplier", { entityId: f.entityId, code: "PX-SUP", name: "Rebate supplier", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 14 });
  const agreement = await createRebateAgreement(tx, SYSTEM_ACTOR, { entityId: f.entityId, supplierId: supplier.id, name: "Matrix supplier rebate",
    periodStart: "2026-01-01", periodEnd: "2026-01-31", tiers: [{ fromMinor: 0n, ratePpm: 10_000n }] });
  await settleRebateAgreement(tx, SYSTEM_ACTOR, { agreementId: agreement.id, settlementDate: "2026-02-02" });
  return { id: agreement.id };
}

rebateRows.push({ name: "collectRebateClaim", permission: "payables:write", prepare: settledSupplierAgreement,
  run: (tx, actor, _f, prepared: { id: number }) => collectRebateClaim(tx, actor, { agreementId: prepared.id, receivedDate: "2026-02-10" }) });

export const CLOSE_MATRIX: readonly Row[] = [...journalRows, ...revaluationRows, ...closeRows, ...rebateRows];
