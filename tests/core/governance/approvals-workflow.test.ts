// Proves the approval workflow over time against real PostgreSQL: the escalation job hands an
// overdue step to its escalation role one level up and notifies; delegation lets a delegate
// decide (recorded as on behalf of the delegator) only inside its window and until revoked,
// and never for or by the requester; a request keeps the policy version that routed it after a
// new version is saved; and cycle times give median and p90 from known timestamps.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, inArray } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { approvalDelegation, approvalPolicy, approvalRequest, approvalStep, auditLog, currency, legalEntity, notification } from "../../../core/db/schema";
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import {
  approvalCycleTimes, createPolicyVersion, decideApprovalStep, delegateApprovals, escalateOverdueSteps, listDelegations, listMyApprovals,
  listPolicies, getPolicyOrThrow, revokeDelegation, submitApproval, type PolicyRule, type SubmitApprovalInput,
} from "../../../core/governance/approvals";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";
import { appliedCount, governanceSnapshot, hoursFrom, makeUser, registerCountingHandler } from "./support-approvals";

const { db } = await useTestDatabase();

const bea = await makeUser(db, "bea", ["buyer"]);
const bo = await makeUser(db, "boris", ["buyer"]);
const carl = await makeUser(db, "carl", ["controller"]);
const cora = await makeUser(db, "cora", ["controller"]);
const dan = await makeUser(db, "dan", ["warehouse"]);
const alice = await makeUser(db, "alice", ["admin"]);
const eve = await makeUser(db, "eve", ["executive"]);
for (const kind of ["purchase_order", "journal_exception", "inventory_adjustment"] as const) registerCountingHandler(kind);

const purchaseRulesV1: PolicyRule[] = [
  { name: "auto below 2,500", when: [{ fact: "amountMinor", op: "lt", value: "250000" }], outcome: { type: "auto_approve", reason: "small" } },
  { name: "buyer then controller", when: [], outcome: { type: "chain", steps: [
    { approverRole: "buyer", timeLimitHours: 24, escalateToRole: "controller" },
    { approverRole: "controller", timeLimitHours: 48 },
  ] } },
];
const purchaseRulesV2: PolicyRule[] = [
  { name: "controller only", when: [], outcome: { type: "chain", steps: [{ approverRole: "controller", timeLimitHours: 12 }] } },
];
const controllerOnly: PolicyRule[] = [
  { name: "controller", when: [], outcome: { type: "chain", steps: [{ approverRole: "controller", timeLimitHours: 24 }] } },
];

const v1 = await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "purchase_order", name: "Purchase orders", rules: purchaseRulesV1 }));
await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "journal_exception", name: "Journal exceptions", rules: controllerOnly }));
await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "inventory_adjustment", name: "Adjustments", rules: controllerOnly }));

let seq = 0;
function po(amountMinor: bigint, extra: Partial<SubmitApprovalInput> = {}): SubmitApprovalInput {
  seq += 1;
  return { kind: "purchase_order", subjectType: "purchase_order", subjectId: `PO-${seq}`, title: `PO-${seq}`, facts: { amountMinor }, ...extra };
}
const submit = (actor: Actor, input: SubmitApprovalInput) => inTransaction(db, (tx) => submitApproval(tx, actor, input));
const decide = (actor: Actor, requestId: number, decision: "approve" | "reject" = "approve", comment?: string) =>
  inTransaction(db, (tx) => decideApprovalStep(tx, actor, { requestId, decision, comment }));
const stepsOf = (requestId: number) => db.select().from(approvalStep).where(eq(approvalStep.requestId, requestId)).orderBy(approvalStep.stepNumber, approvalStep.level);
const inbox = async (actor: Actor) => (await inTransaction(db, (tx) => listMyApprovals(tx, actor, { limit: 200 })));

test("the escalation job hands an overdue step to its escalation role one level up and notifies", async () => {
  const { request, steps } = await submit(bea, po(300_000n));
  const due = steps[0]!.dueAt!;
  assert.deepEqual(await inTransaction(db, (tx) => escalateOverdueSteps(tx, hoursFrom(due, -0.1))), { escalated: 0 });
  const now = hoursFrom(due, 1);
  assert.deepEqual(await inTransaction(db, (tx) => escalateOverdueSteps(tx, now)), { escalated: 1 });
  const rows = await stepsOf(request.id);
  assert.deepEqual(rows.map((s) => [s.stepNumber, s.level, s.approverRole, s.status]), [
    [1, 0, "buyer", "escalated"], [1, 1, "controller", "pending"], [2, 0, "controller", "waiting"],
  ]);
  const escalated = rows[1]!;
  assert.equal(escalated.activatedAt!.getTime(), now.getTime());
  assert.equal(escalated.dueAt!.getTime(), hoursFrom(now, 24).getTime());
  const sent = await db.select().from(notification).where(and(eq(notification.link, `/approvals/${request.id}`), inArray(notification.kind, ["approval.step_pending", "approval.escalated"])));
  assert.ok(sent.some((n) => n.role === "controller" && n.kind === "approval.step_pending" && n.title.startsWith("Escalated approval")));
  assert.ok(sent.some((n) => n.userId === bea.userId && n.kind === "approval.escalated"));
  const audits = await db.select().from(auditLog).where(and(eq(auditLog.objectKind, "approval_request"), eq(auditLog.objectId, String(request.id))));
  assert.equal(audits.filter((a) => a.action === "state_change" && a.actorName === "system").length, 1);

  // Run again at the same time: the new step is not overdue yet.
  assert.deepEqual(await inTransaction(db, (tx) => escalateOverdueSteps(tx, now)), { escalated: 0 });
  // The buyers lost the step; the controller decides it, then the controller step follows.
  await rejectsWithCode(() => decide(bo, request.id), "GOVERNANCE_NOT_APPROVER");
  await decide(carl, request.id);
  const after = await stepsOf(request.id);
  assert.deepEqual(after.map((s) => s.status), ["escalated", "approved", "pending"]);
  await rejectsWithCode(() => decide(carl, request.id), "GOVERNANCE_SOD_DUPLICATE_APPROVER");
  assert.equal((await decide(cora, request.id)).status, "approved");
  assert.equal(await appliedCount(db, request.id), 1);
});

test("a step overdue again escalates to the admins at the next level", async () => {
  const { request, steps } = await submit(bea, po(300_000n));
  const first = hoursFrom(steps[0]!.dueAt!, 1);
  await inTransaction(db, (tx) => escalateOverdueSteps(tx, first));
  const second = hoursFrom(first, 25);
  assert.ok((await inTransaction(db, (tx) => escalateOverdueSteps(tx, second))).escalated >= 1);
  const rows = await stepsOf(request.id);
  assert.deepEqual(rows.filter((s) => s.stepNumber === 1).map((s) => [s.level, s.approverRole, s.status]), [
    [0, "buyer", "escalated"], [1, "controller", "escalated"], [2, "admin", "pending"],
  ]);
  await rejectsWithCode(() => decide(carl, request.id), "GOVERNANCE_NOT_APPROVER");
  await decide(alice, request.id);
  assert.equal((await stepsOf(request.id)).find((s) => s.stepNumber === 2)!.status, "pending");
});

test("decided requests are never escalated", async () => {
  const { request } = await submit(bea, po(300_000n));
  await decide(bo, request.id, "reject", "duplicate order");
  const before = await stepsOf(request.id);
  await inTransaction(db, (tx) => escalateOverdueSteps(tx, hoursFrom(new Date(), 24 * 365)));
  assert.deepEqual(await stepsOf(request.id), before);
  assert.deepEqual(before.map((s) => s.status), ["rejected", "skipped"]);
});

test("a delegate decides for the delegator inside the window, recorded as on behalf of them", async () => {
  const delegation = await inTransaction(db, (tx) => delegateApprovals(tx, carl, {
    toUserId: dan.userId!, startsAt: hoursFrom(new Date(), -1), endsAt: hoursFrom(new Date(), 24), reason: "holiday",
  }));
  assert.equal(delegation.fromUserId, carl.userId);
  const { request } = await submit(bea, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 1, title: "JE 1", facts: {} });
  const mine = await inbox(dan);
  const item = mine.find((m) => m.request.id === request.id);
  assert.ok(item, "the delegate sees the delegator's step");
  assert.equal(item.viaDelegation, true);
  const approved = await decide(dan, request.id);
  assert.equal(approved.status, "approved");
  const [step] = await stepsOf(request.id);
  assert.deepEqual([step!.decidedByUserId, step!.onBehalfOfUserId], [dan.userId, carl.userId]);
  assert.equal(await appliedCount(db, request.id), 1);

  // Revoked: the delegate can no longer decide and the inbox no longer shows it.
  await inTransaction(db, (tx) => revokeDelegation(tx, carl, { delegationId: delegation.id }));
  const next = await submit(bea, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 2, title: "JE 2", facts: {} });
  assert.ok(!(await inbox(dan)).some((m) => m.request.id === next.request.id));
  await rejectsWithCode(() => decide(dan, next.request.id), "GOVERNANCE_NOT_APPROVER");
  await rejectsWithCode(() => inTransaction(db, (tx) => revokeDelegation(tx, carl, { delegationId: delegation.id })), "GOVERNANCE_DELEGATION_NOT_ACTIVE");
});

test("a delegation acts only inside its window", async () => {
  const { request } = await submit(bea, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 3, title: "JE 3", facts: {} });
  const later = await inTransaction(db, (tx) => delegateApprovals(tx, cora, { toUserId: dan.userId!, startsAt: hoursFrom(new Date(), 24), endsAt: hoursFrom(new Date(), 48) }));
  await rejectsWithCode(() => decide(dan, request.id), "GOVERNANCE_NOT_APPROVER");
  // Move the window into the past directly: the command refuses to create an ended one.
  await db.update(approvalDelegation).set({ startsAt: hoursFrom(new Date(), -48), endsAt: hoursFrom(new Date(), -1) }).where(eq(approvalDelegation.id, later.id));
  await rejectsWithCode(() => decide(dan, request.id), "GOVERNANCE_NOT_APPROVER");
  assert.ok(!(await inbox(dan)).some((m) => m.request.id === request.id));
  await db.update(approvalDelegation).set({ endsAt: hoursFrom(new Date(), 1) }).where(eq(approvalDelegation.id, later.id));
  assert.equal((await decide(dan, request.id)).status, "approved");
  assert.equal((await stepsOf(request.id))[0]!.onBehalfOfUserId, cora.userId);
});

test("delegation never lets the requester decide their own request, nor anyone decide for the requester", async () => {
  const windowed = { startsAt: hoursFrom(new Date(), -1), endsAt: hoursFrom(new Date(), 24) };
  // Dan enters a request; carl (controller) delegates to dan; dan still cannot decide it.
  const mine = await submit(dan, { kind: "inventory_adjustment", subjectType: "inventory_document", subjectId: 1, title: "Adj 1", facts: {} });
  await inTransaction(db, (tx) => delegateApprovals(tx, carl, { toUserId: dan.userId!, ...windowed }));
  const snapshot = await governanceSnapshot(db);
  await rejectsWithCode(() => decide(dan, mine.request.id), "GOVERNANCE_SOD_SELF_APPROVAL");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  assert.ok(!(await inbox(dan)).some((m) => m.request.id === mine.request.id));
  // Cora (controller) enters a request and delegates to bo; bo cannot act for the requester.
  const hers = await submit(cora, { kind: "inventory_adjustment", subjectType: "inventory_document", subjectId: 2, title: "Adj 2", facts: {} });
  await inTransaction(db, (tx) => delegateApprovals(tx, cora, { toUserId: bo.userId!, ...windowed }));
  await rejectsWithCode(() => decide(bo, hers.request.id), "GOVERNANCE_SOD_SELF_APPROVAL");
  assert.ok(!(await inbox(bo)).some((m) => m.request.id === hers.request.id));
  // Dan acts for carl on cora's request.
  assert.equal((await decide(dan, hers.request.id)).status, "approved");
});

test("delegating is for oneself unless an admin names the delegator; windows are validated", async () => {
  const window = { startsAt: hoursFrom(new Date(), -1), endsAt: hoursFrom(new Date(), 24) };
  const snapshot = await governanceSnapshot(db);
  for (const role of ROLES.filter((r): r is Exclude<Role, "admin"> => r !== "admin")) {
    const actor: Actor = { userId: bo.userId, username: `as-${role}`, roles: [role] };
    await rejectsWithCode(() => inTransaction(db, (tx) => delegateApprovals(tx, actor, { fromUserId: carl.userId!, toUserId: dan.userId!, ...window })), "AUTH_FORBIDDEN");
  }
  await rejectsWithCode(() => inTransaction(db, (tx) => delegateApprovals(tx, { ...bo, roles: [] }, { toUserId: dan.userId!, ...window })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => delegateApprovals(tx, bo, { toUserId: bo.userId!, ...window })), "GOVERNANCE_DELEGATION_INVALID");
  await rejectsWithCode(() => inTransaction(db, (tx) => delegateApprovals(tx, bo, { toUserId: dan.userId!, startsAt: window.endsAt, endsAt: window.startsAt })), "VALIDATION_FAILED");
  await rejectsWithCode(() => inTransaction(db, (tx) => delegateApprovals(tx, bo, { toUserId: 999_999, ...window })), "GOVERNANCE_APPROVAL_USER_NOT_FOUND");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  const byAdmin = await inTransaction(db, (tx) => delegateApprovals(tx, alice, { fromUserId: bea.userId!, toUserId: bo.userId!, ...window }));
  assert.equal(byAdmin.fromUserId, bea.userId);
  const listed = await inTransaction(db, (tx) => listDelegations(tx, bea, { activeOnly: true }));
  assert.deepEqual(listed.map((d) => [d.id, d.fromName, d.toName]), [[byAdmin.id, "Bea", "Boris"]]);
  await rejectsWithCode(() => inTransaction(db, (tx) => listDelegations(tx, bea, { userId: carl.userId })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => revokeDelegation(tx, dan, { delegationId: byAdmin.id })), "AUTH_FORBIDDEN");
  assert.ok((await inTransaction(db, (tx) => revokeDelegation(tx, bo, { delegationId: byAdmin.id }))).revokedAt !== null);
});

test("a request keeps the policy version that routed it after a new version is saved", async () => {
  const old = await submit(bea, po(400_000n));
  assert.deepEqual([old.request.policyId, old.request.policyVersion], [v1.id, 1]);
  const v2 = await inTransaction(db, (tx) => createPolicyVersion(tx, alice, { kind: "purchase_order", name: "Purchase orders, tightened", rules: purchaseRulesV2 }));
  assert.equal(v2.version, 2);
  const [retired] = await db.select().from(approvalPolicy).where(eq(approvalPolicy.id, v1.id));
  assert.equal(retired!.active, false);
  assert.ok(retired!.retiredAt !== null);
  const fresh = await submit(bea, po(100n));
  assert.deepEqual([fresh.request.policyId, fresh.request.policyVersion, fresh.autoApproved], [v2.id, 2, false]);
  assert.deepEqual(fresh.steps.map((s) => s.approverRole), ["controller"]);
  // The old request still follows version 1: buyer, then a controller step with v1's 48 hours.
  await decide(bo, old.request.id);
  const [, second] = await stepsOf(old.request.id);
  assert.deepEqual([second!.approverRole, second!.status], ["controller", "pending"]);
  assert.equal(second!.dueAt!.getTime() - second!.activatedAt!.getTime(), 48 * 3_600_000);
  const [stored] = await db.select().from(approvalRequest).where(eq(approvalRequest.id, old.request.id));
  assert.equal(stored!.policyVersion, 1);

  const active = await inTransaction(db, (tx) => listPolicies(tx, carl, { kind: "purchase_order" }));
  assert.deepEqual(active.map((p) => p.version), [2]);
  const every = await inTransaction(db, (tx) => listPolicies(tx, carl, { kind: "purchase_order", includeRetired: true }));
  assert.deepEqual(every.map((p) => p.version), [2, 1]);
  const loaded = await inTransaction(db, (tx) => getPolicyOrThrow(tx, carl, v1.id));
  assert.equal(loaded.rules[1]!.name, "buyer then controller");
  await rejectsWithCode(() => inTransaction(db, (tx) => getPolicyOrThrow(tx, carl, 999_999)), "GOVERNANCE_POLICY_NOT_FOUND");
});

test("cycle times give median and p90 per kind, step and role, bottlenecks first", async () => {
  const base = new Date("2020-03-02T08:00:00Z");
  const stepHours = [1, 2, 3, 4, 10];
  const requestHours = [2, 4, 6, 8, 20];
  const ids: number[] = [];
  for (const [index, hours] of stepHours.entries()) {
    const { request } = await submit(bea, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 100 + index, title: `JE cycle ${index}`, facts: {} });
    await decide(carl, request.id);
    ids.push(request.id);
    await db.update(approvalStep).set({ activatedAt: base, decidedAt: hoursFrom(base, hours) }).where(eq(approvalStep.requestId, request.id));
    await db.update(approvalRequest).set({ createdAt: base, decidedAt: hoursFrom(base, requestHours[index]!) }).where(eq(approvalRequest.id, request.id));
  }
  for (const [index, hours] of [0.5, 0.5].entries()) {
    const { request } = await submit(bea, { kind: "inventory_adjustment", subjectType: "inventory_document", subjectId: 100 + index, title: `Adj cycle ${index}`, facts: {} });
    await decide(carl, request.id);
    await db.update(approvalStep).set({ activatedAt: base, decidedAt: hoursFrom(base, hours) }).where(eq(approvalStep.requestId, request.id));
    await db.update(approvalRequest).set({ createdAt: base, decidedAt: hoursFrom(base, hours) }).where(eq(approvalRequest.id, request.id));
  }
  const window = { from: "2020-03-01T00:00:00Z", to: "2020-03-03T00:00:00Z" };
  const times = await inTransaction(db, (tx) => approvalCycleTimes(tx, carl, window));
  assert.deepEqual(times.steps.map((s) => [s.kind, s.stepNumber, s.approverRole, s.count]), [
    ["journal_exception", 1, "controller", 5], ["inventory_adjustment", 1, "controller", 2],
  ]);
  const journal = times.steps[0]!;
  assert.ok(Math.abs(journal.medianHours! - 3) < 1e-9, `median ${journal.medianHours}`);
  // percentile_cont(0.9) over 1,2,3,4,10: 4 + 0.6 × (10 − 4) = 7.6.
  assert.ok(Math.abs(journal.p90Hours! - 7.6) < 1e-9, `p90 ${journal.p90Hours}`);
  const requestRow = times.requests.find((r) => r.kind === "journal_exception")!;
  assert.equal(requestRow.count, 5);
  assert.ok(Math.abs(requestRow.medianHours! - 6) < 1e-9);
  assert.ok(Math.abs(requestRow.p90Hours! - 15.2) < 1e-9);
  assert.equal(times.requests[0]!.kind, "journal_exception");
  const filtered = await inTransaction(db, (tx) => approvalCycleTimes(tx, carl, { ...window, kind: "inventory_adjustment" }));
  assert.deepEqual(filtered.steps.map((s) => [s.kind, s.medianHours, s.p90Hours]), [["inventory_adjustment", 0.5, 0.5]]);
  const outside = await inTransaction(db, (tx) => approvalCycleTimes(tx, carl, { from: "2020-03-03T00:00:00Z", to: "2020-03-04T00:00:00Z" }));
  assert.deepEqual(outside, { steps: [], requests: [] });
  assert.equal(ids.length, 5);
});

test("cycle times count escalations of a step and are readable by auditing roles only", async () => {
  const all = await inTransaction(db, (tx) => approvalCycleTimes(tx, alice, { kind: "purchase_order" }));
  const buyerStep = all.steps.find((s) => s.stepNumber === 1 && s.approverRole === "buyer");
  assert.ok(buyerStep && buyerStep.escalatedCount >= 2, "the escalated buyer steps are counted");
  for (const actor of [alice, eve, carl]) await inTransaction(db, (tx) => approvalCycleTimes(tx, actor, {}));
  for (const actor of [bea, dan, { ...bea, username: "planner", roles: ["planner"] as Role[] }, { ...bea, username: "sales", roles: ["sales"] as Role[] }]) {
    await rejectsWithCode(() => inTransaction(db, (tx) => approvalCycleTimes(tx, actor, {})), "AUTH_FORBIDDEN");
  }
});

test("an entity's own policy routes its requests before the global one", async () => {
  await db.insert(currency).values({ code: "EUR", name: "Euro", minorUnitDigits: 2 }).onConflictDoNothing();
  const [entity] = await db.insert(legalEntity).values({ code: "EU1", name: "Keel Europe", baseCurrency: "EUR", timeZone: "Europe/Berlin" }).returning();
  const own = await inTransaction(db, (tx) => createPolicyVersion(tx, alice, { kind: "journal_exception", entityId: entity!.id, name: "EU journal exceptions", rules: [
    { name: "executive", when: [{ fact: "entityId", op: "eq", value: entity!.id }], outcome: { type: "chain", steps: [{ approverRole: "executive", timeLimitHours: 4 }] } },
  ] }));
  assert.equal(own.version, 1);
  const global = await db.select().from(approvalPolicy).where(and(eq(approvalPolicy.kind, "journal_exception"), eq(approvalPolicy.active, true)));
  assert.equal(global.length, 2, "saving the entity's policy does not retire the global one");
  const eu = await submit(bea, { kind: "journal_exception", entityId: entity!.id, subjectType: "journal_entry", subjectId: 900, title: "EU JE", facts: {} });
  assert.deepEqual([eu.request.policyId, eu.steps[0]!.approverRole], [own.id, "executive"]);
  assert.equal((eu.request.facts as { entityId: number }).entityId, entity!.id);
  const other = await submit(bea, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 901, title: "Global JE", facts: {} });
  assert.equal(other.steps[0]!.approverRole, "controller");
  assert.equal((await decide(eve, eu.request.id)).status, "approved");
});
