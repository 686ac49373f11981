// Proves the escalation job definition (what the worker runs every five minutes) escalates
// an approval step whose due time has passed, and leaves steps that are not overdue alone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { approvalStep } from "../../core/db/schema";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance";
import { createPolicyVersion, submitApproval } from "../../core/governance/approvals";
import { escalateApprovalsJob } from "../../jobs/definitions";
import { createConsoleLogger } from "../../jobs/log";
import { useTestDatabase } from "../support/database";
import { makeUser, registerCountingHandler } from "../core/governance/support-approvals";

const { db } = await useTestDatabase();
const log = createConsoleLogger({ prefix: "[escalate-test]" });

test("the job escalates an overdue step to the policy's escalation role", async () => {
  registerCountingHandler("purchase_order");
  await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "purchase_order", name: "POs", rules: [
    { name: "buyer", when: [], outcome: { type: "chain", steps: [{ approverRole: "buyer", timeLimitHours: 4, escalateToRole: "controller" }] } },
  ] }));
  const requester = await makeUser(db, "petra", ["planner"]);
  const fresh = await inTransaction(db, (tx) => submitApproval(tx, requester, { kind: "purchase_order", subjectType: "purchase_order", subjectId: "PO-1", title: "PO-1", facts: { amountMinor: 900_000n } }));
  const overdue = await inTransaction(db, (tx) => submitApproval(tx, requester, { kind: "purchase_order", subjectType: "purchase_order", subjectId: "PO-2", title: "PO-2", facts: { amountMinor: 900_000n } }));
  await db.execute(sql`update approval_step set due_at = now() - interval '1 minute' where request_id = ${overdue.request.id}`);

  const result = await escalateApprovalsJob.run({ db, log }, {}) as { escalated: number };
  assert.equal(result.escalated, 1);
  const escalatedSteps = await db.select().from(approvalStep).where(eq(approvalStep.requestId, overdue.request.id)).orderBy(approvalStep.level);
  assert.deepEqual(escalatedSteps.map((s) => [s.level, s.approverRole, s.status]), [[0, "buyer", "escalated"], [1, "controller", "pending"]]);
  const untouched = await db.select().from(approvalStep).where(eq(approvalStep.requestId, fresh.request.id));
  assert.deepEqual(untouched.map((s) => s.status), ["pending"]);
});
