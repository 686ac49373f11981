// Proves the anomaly review queue against real PostgreSQL: the scoring job records flags with
// their reasons, a re-scan refreshes open flags but never reopens a decided one (decisions are
// training labels), a controller confirms or dismisses with a reason exactly once, and
// countOpenBlockingAnomalies counts only open high-severity flags dated inside the period.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { auditLog } from "../../../core/db/schema";
import { createUser, SYSTEM_ACTOR, type Actor } from "../../../core/governance";
import {
  AnomalyError, confirmAnomaly, countOpenBlockingAnomalies, dismissAnomaly, listAnomalyFlags, recordAnomalyFlags,
  type AnomalySeverity,
} from "../../../core/governance/anomalies";
import { SharedError } from "../../../core/shared/errors";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const { entityId } = await createLedgerFixture(db);
const controllerUser = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR,
  { username: "ctl1", displayName: "Controller", password: "correct horse battery", roles: ["controller"] }));
const controller: Actor = { userId: controllerUser.id, username: "ctl1", roles: ["controller"] };

const reasons = (summary: string) => ({ summary, features: [{ name: "amount", value: 90_000, normalLow: 100, normalHigh: 5_000, contribution: 0.8 }] });

function flag(subjectId: string, occurredOn: string, severity: AnomalySeverity, score: number) {
  return { subjectType: "journal_entry" as const, subjectId, occurredOn, severity, score, reasons: reasons(`entry ${subjectId}`) };
}

async function flagId(subjectId: string): Promise<number> {
  const rows = await inTransaction(db, (tx) => listAnomalyFlags(tx, controller, { entityId, limit: 500 }));
  const found = rows.find((row) => row.subjectId === subjectId);
  assert.ok(found, `flag for ${subjectId}`);
  return found.id;
}

test("the scoring job records flags and the queue lists high severity first, then by score", async () => {
  const result = await inTransaction(db, (tx) => recordAnomalyFlags(tx, SYSTEM_ACTOR, { entityId, modelVersion: "v1", flags: [
    flag("A", "2026-03-10", "medium", 0.7), flag("B", "2026-03-11", "high", 0.8), flag("C", "2026-03-12", "high", 0.95),
    flag("D", "2026-04-02", "high", 0.9), flag("E", "2026-03-20", "low", 0.55),
  ] }));
  assert.deepEqual(result, { inserted: 5, refreshed: 0, keptDecided: 0 });
  const rows = await inTransaction(db, (tx) => listAnomalyFlags(tx, controller, { entityId }));
  assert.deepEqual(rows.map((row) => row.subjectId), ["C", "D", "B", "A", "E"]);
  assert.equal(rows[0]!.reasons.features[0]!.normalHigh, 5_000);
  assert.equal(rows[0]!.modelVersion, "v1");
});

test("a signed-in user cannot record flags, even an admin", async () => {
  const admin: Actor = { userId: controller.userId, username: "someone", roles: ["admin"] };
  await rejectsWithCode(() => inTransaction(db, (tx) => recordAnomalyFlags(tx, admin, { entityId, modelVersion: "v1", flags: [] })),
    SharedError.FORBIDDEN);
});

test("countOpenBlockingAnomalies counts open high flags inside the period only", async () => {
  const march = await inTransaction(db, (tx) => countOpenBlockingAnomalies(tx, entityId, "2026-03-01", "2026-03-31"));
  assert.equal(march, 2, "B and C; D is in April, A and E are not high");
  const april = await inTransaction(db, (tx) => countOpenBlockingAnomalies(tx, entityId, "2026-04-01", "2026-04-30"));
  assert.equal(april, 1);
});

test("dismissing needs a reason, is audited, unblocks the period and cannot be repeated", async () => {
  const id = await flagId("B");
  await rejectsWithCode(() => inTransaction(db, (tx) => dismissAnomaly(tx, controller, { flagId: id, reason: " " })), SharedError.VALIDATION_FAILED);
  const dismissed = await inTransaction(db, (tx) => dismissAnomaly(tx, controller, { flagId: id, reason: "Known quarterly true-up" }));
  assert.equal(dismissed.status, "dismissed");
  assert.equal(dismissed.decidedByUserId, controller.userId);
  assert.equal(dismissed.decisionReason, "Known quarterly true-up");
  await rejectsWithCode(() => inTransaction(db, (tx) => confirmAnomaly(tx, controller, { flagId: id })), AnomalyError.ALREADY_DECIDED);
  assert.equal(await inTransaction(db, (tx) => countOpenBlockingAnomalies(tx, entityId, "2026-03-01", "2026-03-31")), 1);
  const audit = await db.select().from(auditLog).where(eq(auditLog.objectKind, "anomaly_flag"));
  assert.equal(audit.length, 1);
});

test("confirming keeps the flag as a label and it stops blocking; a re-scan never reopens decided flags", async () => {
  const id = await flagId("C");
  const confirmed = await inTransaction(db, (tx) => confirmAnomaly(tx, controller, { flagId: id }));
  assert.equal(confirmed.status, "confirmed");
  const rescan = await inTransaction(db, (tx) => recordAnomalyFlags(tx, SYSTEM_ACTOR, { entityId, modelVersion: "v2", flags: [
    flag("B", "2026-03-11", "high", 0.99), flag("C", "2026-03-12", "high", 0.99), flag("A", "2026-03-10", "high", 0.85),
  ] }));
  assert.deepEqual(rescan, { inserted: 0, refreshed: 1, keptDecided: 2 });
  const rows = await inTransaction(db, (tx) => listAnomalyFlags(tx, controller, { entityId, subjectTypes: ["journal_entry"] }));
  const bySubject = Object.fromEntries(rows.map((row) => [row.subjectId, row]));
  assert.equal(bySubject.B!.status, "dismissed");
  assert.equal(bySubject.B!.modelVersion, "v1", "a decided flag keeps the version that raised it");
  assert.equal(bySubject.A!.severity, "high");
  assert.equal(bySubject.A!.modelVersion, "v2");
  const labels = await inTransaction(db, (tx) => listAnomalyFlags(tx, controller, { entityId, statuses: ["confirmed", "dismissed"] }));
  assert.deepEqual(labels.map((row) => `${row.subjectId}:${row.status}`).sort(), ["B:dismissed", "C:confirmed"]);
});

test("a forged flag id is a typed not-found, and a sales user cannot decide", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => confirmAnomaly(tx, controller, { flagId: 999_999 })), AnomalyError.NOT_FOUND);
  const sales: Actor = { userId: controller.userId, username: "s", roles: ["sales"] };
  const id = await flagId("E");
  await rejectsWithCode(() => inTransaction(db, (tx) => dismissAnomaly(tx, sales, { flagId: id, reason: "not mine" })), SharedError.FORBIDDEN);
});
