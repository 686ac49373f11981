// Proves the risk store behind the sales and finance alert pages on real PostgreSQL: a scoring run
// replaces the previous scores of its kind in one go (the other kind untouched), takes entity, order
// and customer from the scored line or invoice, refuses unknown or inconsistent subjects and signed-in
// users without changing anything, and the queries filter by entity, customer and probability, leave
// out lines shipped since, and show open and overdue balances with the model's evaluation.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../../core/governance/permissions";
import {
  getLatestRiskRun, listCollectionsRisks, listLateFulfilmentRisks, recordRiskScores, RiskErrorCode, type RecordRiskScoresInput, type RiskEvaluation,
} from "../../../../core/sales/risk";
import { isDomainError } from "../../../../core/shared/errors";
import { useTestDatabase } from "../../../support/database";
import { createDocumentsFixture, enterOrder, invoicedOrder, receive, shipAll, type DocumentsFixture } from "../../../support/sales-documents";

const { db } = await useTestDatabase();
let fx: DocumentsFixture;
let orderId = 0;
let lineIds: number[] = [];
let invoice = { invoiceId: 0, customerId: 0 };
let otherInvoice = { invoiceId: 0, customerId: 0 };

const EVALUATION: RiskEvaluation = {
  auc: 0.81, brier: 0.12, baseRateBrier: 0.16, expectedCalibrationError: 0.03, testRows: 400,
  calibration: [{ from: 0, to: 0.5, meanPredicted: 0.2, observedRate: 0.22, count: 300 }, { from: 0.5, to: 1, meanPredicted: 0.7, observedRate: 0.66, count: 100 }],
};
const REASON = { feature: "promise_lead_days", contribution: 1.4, value: 21, text: "promised 21 days after the order" };

function lateRun(scores: { orderLineId: number; probability: number }[], modelVersion = 3): RecordRiskScoresInput {
  return { kind: "late_fulfilment", modelName: "late_fulfilment_risk", modelVersion, evaluation: EVALUATION, asOf: "2026-03-05",
    scores: scores.map((s) => ({ ...s, reasons: [REASON] })) };
}

function collectionsRun(scores: { customerId: number; invoiceId: number; probability: number }[]): RecordRiskScoresInput {
  return { kind: "collections", modelName: "collections_risk", modelVersion: 2, evaluation: EVALUATION, asOf: "2026-03-05",
    scores: scores.map((s) => ({ ...s, reasons: [{ feature: "prior_late_share", contribution: 0.9, value: 0.5 }] })) };
}

async function scoreRows(): Promise<{ kind: string; n: number }[]> {
  const rows = await db.execute<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from sales_risk_score group by kind order by kind`);
  return rows.map((row) => ({ kind: row.kind, n: row.n }));
}

async function refusal(call: () => Promise<unknown>): Promise<{ code: string; status: number; reason?: unknown }> {
  try {
    await call();
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    return { code: error.code, status: error.httpStatus, reason: error.details.reason };
  }
  assert.fail("expected a refusal");
}

before(async () => {
  fx = await createDocumentsFixture(db, "RK");
  const [itemA, itemB] = fx.itemIds;
  await receive(db, fx, itemA!, fx.warehouseIds[0], "100");
  const entered = await enterOrder(db, fx, fx.customers.gold, [{ itemId: itemA!, qty: "5" }, { itemId: itemB!, qty: "3" }], "2026-03-02");
  orderId = entered.order.id;
  lineIds = entered.order.lines.map((line) => line.id);
  const billed = await invoicedOrder(db, fx, fx.customers.silver, [{ itemId: itemA!, qty: "2" }], { invoiceDate: "2026-01-10" });
  invoice = { invoiceId: billed.id, customerId: fx.customers.silver };
  const second = await invoicedOrder(db, fx, fx.customers.platinum, [{ itemId: itemA!, qty: "1" }], { invoiceDate: "2026-03-01" });
  otherInvoice = { invoiceId: second.id, customerId: fx.customers.platinum };
});

test("a late-fulfilment run is stored with the line's order, customer and entity, listed riskiest first with reasons", async () => {
  const recorded = await inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, lateRun([
    { orderLineId: lineIds[0]!, probability: 0.35 }, { orderLineId: lineIds[1]!, probability: 0.72 },
  ])));
  assert.deepEqual({ scored: recorded.scored, replaced: recorded.replaced }, { scored: 2, replaced: 0 });
  const listed = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk, { entityId: fx.entityId }));
  assert.deepEqual(listed.map((r) => [r.orderLineId, r.probability]), [[lineIds[1], 0.72], [lineIds[0], 0.35]]);
  assert.equal(listed[0]!.orderId, orderId);
  assert.equal(listed[0]!.customerId, fx.customers.gold);
  assert.equal(listed[0]!.entityId, fx.entityId);
  assert.equal(listed[0]!.modelVersion, 3);
  assert.deepEqual(listed[0]!.reasons, [REASON]);
  assert.match(listed[0]!.orderNumber, /\S/);
  const high = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk, { minProbability: 0.5 }));
  assert.deepEqual(high.map((r) => r.orderLineId), [lineIds[1]]);
  const otherCustomer = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk, { customerId: fx.customers.silver }));
  assert.deepEqual(otherCustomer, []);
  const run = await inTransaction(db, (tx) => getLatestRiskRun(tx, fx.users.clerk, "late_fulfilment"));
  assert.equal(run?.modelVersion, 3);
  assert.equal(run?.evaluation.auc, 0.81);
  assert.equal(run?.scoreCount, 2);
});

test("a new run replaces the previous scores of its kind and leaves the other kind alone", async () => {
  await inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, collectionsRun([{ ...invoice, probability: 0.6 }])));
  const second = await inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, lateRun([{ orderLineId: lineIds[0]!, probability: 0.9 }], 4)));
  assert.equal(second.replaced, 2);
  assert.deepEqual(await scoreRows(), [{ kind: "collections", n: 1 }, { kind: "late_fulfilment", n: 1 }]);
  const listed = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk));
  assert.deepEqual(listed.map((r) => [r.orderLineId, r.probability, r.modelVersion]), [[lineIds[0], 0.9, 4]]);
  assert.equal((await inTransaction(db, (tx) => getLatestRiskRun(tx, fx.users.clerk, "late_fulfilment")))?.modelVersion, 4);
});

test("an unknown line or an invoice of another customer refuses the whole run and keeps the previous scores", async () => {
  const before = await scoreRows();
  const unknown = await refusal(() => inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, lateRun([
    { orderLineId: lineIds[1]!, probability: 0.5 }, { orderLineId: 987_654, probability: 0.5 }]))));
  assert.deepEqual([unknown.code, unknown.status], [RiskErrorCode.SUBJECT_NOT_FOUND, 422]);
  const mismatched = await refusal(() => inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, collectionsRun([
    { customerId: otherInvoice.customerId, invoiceId: invoice.invoiceId, probability: 0.4 }]))));
  assert.equal(mismatched.code, RiskErrorCode.SUBJECT_NOT_FOUND);
  const duplicate = await refusal(() => inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, lateRun([
    { orderLineId: lineIds[1]!, probability: 0.5 }, { orderLineId: lineIds[1]!, probability: 0.6 }]))));
  assert.equal(duplicate.code, RiskErrorCode.DUPLICATE_SUBJECT);
  const invalid = await refusal(() => inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, lateRun([{ orderLineId: lineIds[1]!, probability: 1.5 }]))));
  assert.deepEqual([invalid.code, invalid.status], ["VALIDATION_FAILED", 400]);
  assert.deepEqual(await scoreRows(), before);
});

test("signed-in users, admins included, cannot record scores", async () => {
  for (const actor of [fx.users.clerk, fx.users.controller, { userId: fx.users.clerk.userId, username: "an admin", roles: ["admin" as const] }]) {
    const refused = await refusal(() => inTransaction(db, (tx) => recordRiskScores(tx, actor, lateRun([]))));
    assert.deepEqual(refused, { code: "AUTH_FORBIDDEN", status: 403, reason: RiskErrorCode.SYSTEM_ONLY });
  }
});

test("collections risks show the customer's open and overdue invoices as of a date, and need ledger:read", async () => {
  await inTransaction(db, (tx) => recordRiskScores(tx, SYSTEM_ACTOR, collectionsRun([{ ...invoice, probability: 0.6 }, { ...otherInvoice, probability: 0.2 }])));
  const [risky, calm] = await inTransaction(db, (tx) => listCollectionsRisks(tx, fx.users.controller, { entityId: fx.entityId, asOf: "2026-03-05" }));
  assert.equal(risky!.customerId, invoice.customerId);
  assert.equal(risky!.invoiceId, invoice.invoiceId);
  const [open] = await db.execute<{ open: string; due: string }>(sql`select (total_minor - applied_minor)::text as open, due_date::text as due from sales_invoice where id = ${invoice.invoiceId}`);
  assert.ok(open!.due < "2026-03-05", "the January invoice is past due in March");
  assert.equal(risky!.openMinor, BigInt(open!.open));
  assert.equal(risky!.overdueMinor, BigInt(open!.open));
  assert.equal(calm!.customerId, otherInvoice.customerId);
  assert.ok(calm!.openMinor > 0n);
  assert.equal(calm!.overdueMinor, 0n, "the March invoice is not yet due");
  const refused = await refusal(() => inTransaction(db, (tx) => listCollectionsRisks(tx, fx.users.clerk, {})));
  assert.equal(refused.status, 403);
  const run = await inTransaction(db, (tx) => getLatestRiskRun(tx, fx.users.controller, "collections"));
  assert.equal(run?.scoreCount, 2);
});

test("a line shipped after it was scored drops off the at-risk list", async () => {
  const [line] = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk));
  assert.equal(line?.orderLineId, lineIds[0]);
  await shipAll(db, fx, orderId, "2026-03-04");
  const [status] = await db.execute<{ status: string }>(sql`select status from sales_order_line where id = ${lineIds[0]!}`);
  assert.equal(status!.status, "shipped");
  assert.deepEqual(await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, fx.users.clerk)), []);
});
