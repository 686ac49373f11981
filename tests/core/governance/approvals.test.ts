// Proves the approval engine against real PostgreSQL: auto-approval below threshold applies the
// payload once; a two-step chain above it goes sales → controller and applies exactly once; a
// rejection leaves the document unchanged; the requester approving their own request and one
// user approving two steps are refused with typed errors and change nothing; and every command
// refuses a role without its permission. A counting handler writes app_setting rows so each
// test can count how often a payload applied.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { approvalPolicy, approvalRequest, approvalStep, auditLog, notification } from "../../../core/db/schema";
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import {
  DEFAULT_POLICIES, MATERIALITY_AUTO_REASON, cancelApprovalRequest, createPolicyVersion, decideApprovalStep, getApprovalRequestOrThrow,
  installDefaultPolicies, listApprovalRequests, listMyApprovals, submitApproval, type SubmitApprovalInput,
} from "../../../core/governance/approvals";
import { useTestDatabase } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";
import { appliedCount, governanceSnapshot, hoursFrom, makeUser, registerCountingHandler, setDocument, setting } from "./support-approvals";

const { db } = await useTestDatabase();

const sam = await makeUser(db, "sam", ["sales"]);
const sue = await makeUser(db, "sue", ["sales"]);
const carl = await makeUser(db, "carl", ["controller"]);
const cora = await makeUser(db, "cora", ["controller"]);
const bob = await makeUser(db, "bob", ["buyer"]);
const max = await makeUser(db, "max", ["sales", "controller"]);
const alice = await makeUser(db, "alice", ["admin"]);
registerCountingHandler("pricing_override");

let subjectSeq = 0;
function pricing(facts: SubmitApprovalInput["facts"], extra: Partial<SubmitApprovalInput> = {}): SubmitApprovalInput {
  subjectSeq += 1;
  return { kind: "pricing_override", subjectType: "sales_order_line", subjectId: `SO-${subjectSeq}`, title: `Price override on SO-${subjectSeq}`,
    facts, payload: { newValue: `price-${subjectSeq}` }, ...extra };
}
const submit = (actor: Actor, input: SubmitApprovalInput) => inTransaction(db, (tx) => submitApproval(tx, actor, input));
const decide = (actor: Actor, requestId: number, decision: "approve" | "reject", comment?: string) =>
  inTransaction(db, (tx) => decideApprovalStep(tx, actor, { requestId, decision, comment }));
const stepsOf = (requestId: number) => db.select().from(approvalStep).where(eq(approvalStep.requestId, requestId)).orderBy(approvalStep.stepNumber, approvalStep.level);
const notificationsFor = (requestId: number) => db.select().from(notification).where(eq(notification.link, `/approvals/${requestId}`)).orderBy(notification.id);

test("without a policy for the kind a submission is refused; default policies install once", async () => {
  await rejectsWithCode(() => submit(sam, pricing({ marginImpactBps: 100, customerTier: "gold" })), "GOVERNANCE_NO_POLICY");
  const first = await inTransaction(db, (tx) => installDefaultPolicies(tx, SYSTEM_ACTOR));
  assert.equal(first.installed.length, Object.keys(DEFAULT_POLICIES).length);
  const second = await inTransaction(db, (tx) => installDefaultPolicies(tx, SYSTEM_ACTOR));
  assert.equal(second.installed.length, 0);
  assert.equal(second.skippedKinds.length, first.installed.length);
  const active = await db.select().from(approvalPolicy).where(eq(approvalPolicy.active, true));
  assert.equal(active.length, first.installed.length);
  assert.ok(active.every((p) => p.version === 1));
});

test("auto-approves a small concession for a gold customer and applies the payload once", async () => {
  const input = pricing({ marginImpactBps: 150, customerTier: "gold", amountMinor: 900_000n });
  const result = await submit(sam, input);
  assert.equal(result.autoApproved, true);
  assert.equal(result.request.status, "approved");
  assert.equal(result.request.decisionReason, "margin impact under 2% for a platinum or gold customer");
  assert.ok(result.request.appliedAt !== null);
  assert.equal(result.request.policyVersion, 1);
  assert.equal(result.request.requestedByUserId, sam.userId);
  assert.deepEqual(result.request.facts, { marginImpactBps: 150, customerTier: "gold", amountMinor: "900000", entityId: null });
  assert.equal(result.steps.length, 0);
  assert.equal(await appliedCount(db, result.request.id), 1);
  assert.equal(await setting(db, `doc:${input.subjectId}`), (input.payload as { newValue: string }).newValue);
  const audits = await db.select().from(auditLog).where(and(eq(auditLog.objectKind, "approval_request"), eq(auditLog.objectId, String(result.request.id))));
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.action, "create");
});

test("below the controller's materiality threshold only the sales step is routed", async () => {
  const { request, steps } = await submit(sam, pricing({ marginImpactBps: 400, customerTier: "silver", amountMinor: 100_000n }));
  assert.deepEqual(steps.map((s) => [s.stepNumber, s.approverRole, s.status]), [[1, "sales", "pending"], [2, "controller", "skipped"]]);
  const approved = await decide(sue, request.id, "approve");
  assert.equal(approved.status, "approved");
  assert.equal(await appliedCount(db, request.id), 1);
});

test("a chain whose steps are all below materiality auto-approves with that reason", async () => {
  await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "return_authorization", name: "Returns, material only", rules: [
    { name: "controller above 1,000", when: [], outcome: { type: "chain", steps: [{ approverRole: "controller", timeLimitHours: 24, thresholdMinor: "100000" }] } },
  ] }));
  registerCountingHandler("return_authorization");
  const result = await submit(sam, { kind: "return_authorization", subjectType: "rma", subjectId: 1, title: "RMA 1", facts: { amountMinor: 99_999n } });
  assert.equal(result.autoApproved, true);
  assert.equal(result.request.decisionReason, MATERIALITY_AUTO_REASON);
  assert.deepEqual(result.steps.map((s) => s.status), ["skipped"]);
  assert.equal(await appliedCount(db, result.request.id), 1);
});

test("a large override goes sales then controller, applies exactly once, and a repeated decision is refused", async () => {
  const input = pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n });
  await setDocument(db, String(input.subjectId), "list-price");
  const before = Date.now();
  const { request, steps } = await submit(sam, input);
  assert.equal(request.status, "pending");
  assert.deepEqual(steps.map((s) => [s.stepNumber, s.approverRole, s.status]), [[1, "sales", "pending"], [2, "controller", "waiting"]]);
  const first = steps[0]!;
  assert.ok(first.activatedAt!.getTime() >= before - 1000);
  assert.equal(first.dueAt!.getTime() - first.activatedAt!.getTime(), 24 * 3_600_000);
  assert.equal(steps[1]!.activatedAt, null);
  assert.deepEqual((await notificationsFor(request.id)).map((n) => [n.role, n.userId, n.kind]), [["sales", null, "approval.step_pending"]]);

  const afterStep1 = await decide(sue, request.id, "approve", "margin is fine");
  assert.equal(afterStep1.status, "pending");
  const [s1, s2] = await stepsOf(request.id);
  assert.deepEqual([s1!.status, s1!.decidedByUserId, s1!.comment], ["approved", sue.userId, "margin is fine"]);
  assert.equal(s2!.status, "pending");
  assert.equal(s2!.dueAt!.getTime() - s2!.activatedAt!.getTime(), 48 * 3_600_000);
  assert.equal(await appliedCount(db, request.id), 0);
  assert.equal(await setting(db, `doc:${input.subjectId}`), "list-price");

  const approved = await decide(carl, request.id, "approve");
  assert.equal(approved.status, "approved");
  assert.ok(approved.decidedAt !== null && approved.appliedAt !== null);
  assert.equal(await appliedCount(db, request.id), 1);
  assert.equal(await setting(db, `doc:${input.subjectId}`), (input.payload as { newValue: string }).newValue);
  const sent = await notificationsFor(request.id);
  assert.deepEqual(sent.map((n) => [n.role, n.userId, n.kind]), [
    ["sales", null, "approval.step_pending"], ["controller", null, "approval.step_pending"], [null, sam.userId, "approval.approved"],
  ]);

  const snapshot = await governanceSnapshot(db);
  await rejectsWithCode(() => decide(cora, request.id, "approve"), "GOVERNANCE_REQUEST_NOT_PENDING");
  await rejectsWithCode(() => decide(carl, request.id, "reject", "changed my mind"), "GOVERNANCE_REQUEST_NOT_PENDING");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  assert.equal(await appliedCount(db, request.id), 1);
  const history = await db.select().from(auditLog).where(and(eq(auditLog.objectKind, "approval_request"), eq(auditLog.objectId, String(request.id))));
  assert.deepEqual(history.map((h) => h.action), ["create", "state_change", "state_change"]);
});

test("concurrent final approvals apply the payload once", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  await decide(sue, request.id, "approve");
  const results = await Promise.allSettled([decide(carl, request.id, "approve"), decide(cora, request.id, "approve")]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assert.equal(failure.reason.code, "GOVERNANCE_REQUEST_NOT_PENDING");
  assert.equal(await appliedCount(db, request.id), 1);
});

test("a rejection needs a reason, ends the request and leaves the document unchanged", async () => {
  const input = pricing({ marginImpactBps: 900, customerTier: "standard", amountMinor: 700_000n });
  await setDocument(db, String(input.subjectId), "list-price");
  const { request } = await submit(sam, input);
  await decide(sue, request.id, "approve");
  await rejectsWithCode(() => decide(carl, request.id, "reject"), "GOVERNANCE_REASON_REQUIRED");
  await rejectsWithCode(() => decide(carl, request.id, "reject", "   "), "GOVERNANCE_REASON_REQUIRED");
  const rejected = await decide(carl, request.id, "reject", "too generous");
  assert.equal(rejected.status, "rejected");
  assert.equal(rejected.decisionReason, "too generous");
  assert.equal(rejected.appliedAt, null);
  assert.equal(await appliedCount(db, request.id), 0);
  assert.equal(await setting(db, `rejected:${request.id}`), "1");
  assert.equal(await setting(db, `doc:${input.subjectId}`), "list-price");
  const steps = await stepsOf(request.id);
  assert.deepEqual(steps.map((s) => s.status), ["approved", "rejected"]);
  const told = (await notificationsFor(request.id)).at(-1)!;
  assert.deepEqual([told.userId, told.kind], [sam.userId, "approval.rejected"]);
  await rejectsWithCode(() => decide(cora, request.id, "approve"), "GOVERNANCE_REQUEST_NOT_PENDING");
  assert.equal(await appliedCount(db, request.id), 0);
});

test("rejecting at the first step skips the later ones", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 900, customerTier: "standard", amountMinor: 700_000n }));
  await decide(sue, request.id, "reject", "no");
  assert.deepEqual((await stepsOf(request.id)).map((s) => s.status), ["rejected", "skipped"]);
  assert.equal(await appliedCount(db, request.id), 0);
});

test("the requester cannot approve their own request, and nothing changes", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  const snapshot = await governanceSnapshot(db);
  const error = await rejectsWithCode(() => decide(sam, request.id, "approve"), "GOVERNANCE_SOD_SELF_APPROVAL");
  assert.equal(error.kind, "forbidden");
  await rejectsWithCode(() => decide(sam, request.id, "reject", "withdrawn"), "GOVERNANCE_SOD_SELF_APPROVAL");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  // An admin who enters a request is no exception.
  const own = await submit(alice, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  await decide(sue, own.request.id, "approve");
  await rejectsWithCode(() => decide(alice, own.request.id, "approve"), "GOVERNANCE_SOD_SELF_APPROVAL");
  assert.equal(await appliedCount(db, own.request.id), 0);
});

test("one user cannot approve two steps of the same request", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  await decide(max, request.id, "approve");
  const snapshot = await governanceSnapshot(db);
  const error = await rejectsWithCode(() => decide(max, request.id, "approve"), "GOVERNANCE_SOD_DUPLICATE_APPROVER");
  assert.equal(error.kind, "forbidden");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  const approved = await decide(carl, request.id, "approve");
  assert.equal(approved.status, "approved");
  assert.equal(await appliedCount(db, request.id), 1);
});

test("a user who is not the step's approver is refused", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  const snapshot = await governanceSnapshot(db);
  await rejectsWithCode(() => decide(bob, request.id, "approve"), "GOVERNANCE_NOT_APPROVER");
  // The controller's step is not current yet, so the controller cannot jump the queue.
  await rejectsWithCode(() => decide(carl, request.id, "approve"), "GOVERNANCE_NOT_APPROVER");
  await rejectsWithCode(() => decide(SYSTEM_ACTOR, request.id, "approve"), "GOVERNANCE_NOT_APPROVER");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
});

test("a step assigned to a named user is decided by that user only", async () => {
  await inTransaction(db, (tx) => createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "credit_release", name: "Cora releases credit", rules: [
    { name: "cora", when: [], outcome: { type: "chain", steps: [{ approverUserId: cora.userId!, timeLimitHours: 8 }] } },
  ] }));
  registerCountingHandler("credit_release");
  const { request, steps } = await submit(sam, { kind: "credit_release", subjectType: "sales_order", subjectId: 77, title: "Release SO 77", facts: { amountMinor: 5n } });
  assert.deepEqual([steps[0]!.approverUserId, steps[0]!.approverRole], [cora.userId, null]);
  assert.deepEqual((await notificationsFor(request.id)).map((n) => [n.userId, n.role]), [[cora.userId, null]]);
  await rejectsWithCode(() => decide(carl, request.id, "approve"), "GOVERNANCE_NOT_APPROVER");
  assert.equal((await decide(cora, request.id, "approve")).status, "approved");
});

test("an approval with no handler registered for its kind is refused and rolled back", async () => {
  const { request } = await submit(sam, { kind: "journal_exception", subjectType: "journal_entry", subjectId: 5, title: "JE 5", facts: {} });
  const snapshot = await governanceSnapshot(db);
  await rejectsWithCode(() => decide(carl, request.id, "approve"), "GOVERNANCE_NO_HANDLER");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
});

test("a retried submission with the same idempotency key returns the first request", async () => {
  const input = pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }, { idempotencyKey: "po-line-1" });
  const first = await submit(sam, input);
  const snapshot = await governanceSnapshot(db);
  const again = await submit(sam, input);
  assert.equal(again.request.id, first.request.id);
  assert.deepEqual(again.steps.map((s) => s.id), first.steps.map((s) => s.id));
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  await rejectsWithCode(() => submit(sam, { ...input, subjectId: "another" }), "GOVERNANCE_IDEMPOTENCY_CONFLICT");
});

test("the requester cancels a pending request; nobody else can and nothing applies", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  await rejectsWithCode(() => inTransaction(db, (tx) => cancelApprovalRequest(tx, sue, { requestId: request.id, reason: "x" })), "GOVERNANCE_NOT_REQUESTER");
  await rejectsWithCode(() => inTransaction(db, (tx) => cancelApprovalRequest(tx, sam, { requestId: request.id, reason: " " })), "VALIDATION_FAILED");
  const cancelled = await inTransaction(db, (tx) => cancelApprovalRequest(tx, sam, { requestId: request.id, reason: "customer withdrew" }));
  assert.equal(cancelled.status, "cancelled");
  assert.deepEqual((await stepsOf(request.id)).map((s) => s.status), ["skipped", "skipped"]);
  assert.equal(await setting(db, `cancelled:${request.id}`), "1");
  await rejectsWithCode(() => decide(sue, request.id, "approve"), "GOVERNANCE_REQUEST_NOT_PENDING");
  assert.equal(await appliedCount(db, request.id), 0);
});

test("a role without approvals:decide is refused with AUTH_FORBIDDEN and nothing changes", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  const noRoles: Actor = { userId: sue.userId, username: sue.username, roles: [] };
  const snapshot = await governanceSnapshot(db);
  const error = await rejectsWithCode(() => decide(noRoles, request.id, "approve"), "AUTH_FORBIDDEN");
  assert.equal(error.httpStatus, 403);
  await rejectsWithCode(() => submit(noRoles, pricing({ marginImpactBps: 1 })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => cancelApprovalRequest(tx, { ...noRoles, userId: sam.userId }, { requestId: request.id, reason: "x" })), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => listMyApprovals(tx, noRoles)), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => getApprovalRequestOrThrow(tx, noRoles, request.id)), "AUTH_FORBIDDEN");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  // Every role holds approvals:decide by default; a holder of the step's role succeeds.
  assert.equal((await decide(sue, request.id, "approve")).status, "pending");
});

test("only the admin may save a policy version; every other role gets AUTH_FORBIDDEN", async () => {
  const rules = DEFAULT_POLICIES.purchase_order.rules;
  const snapshot = await governanceSnapshot(db);
  for (const role of ROLES.filter((r): r is Exclude<Role, "admin"> => r !== "admin")) {
    const actor: Actor = { userId: bob.userId, username: `as-${role}`, roles: [role] };
    await rejectsWithCode(() => inTransaction(db, (tx) => createPolicyVersion(tx, actor, { kind: "purchase_order", name: "x", rules })), "AUTH_FORBIDDEN");
    await rejectsWithCode(() => inTransaction(db, (tx) => installDefaultPolicies(tx, actor)), "AUTH_FORBIDDEN");
  }
  assert.deepEqual(await governanceSnapshot(db), snapshot);
  const saved = await inTransaction(db, (tx) => createPolicyVersion(tx, alice, { kind: "purchase_order", name: "Purchase orders v2", rules }));
  assert.equal(saved.version, 2);
  assert.equal(saved.createdByUserId, alice.userId);
});

test("a policy is validated on save, naming each field", async () => {
  const snapshot = await governanceSnapshot(db);
  const error = await rejectsWithCode(() => inTransaction(db, (tx) => createPolicyVersion(tx, alice, { kind: "purchase_order", name: "bad", rules: [
    { name: "r", when: [], outcome: { type: "chain", steps: [{ approverRole: "boss" as Role, timeLimitHours: 0, thresholdMinor: "1.5" }] } },
  ] })), "VALIDATION_FAILED");
  assert.deepEqual(error.issues.map((i) => i.field).sort(),
    ["rules.0.outcome.steps.0.approverRole", "rules.0.outcome.steps.0.thresholdMinor", "rules.0.outcome.steps.0.timeLimitHours"]);
  await rejectsWithCode(() => inTransaction(db, (tx) => createPolicyVersion(tx, alice, { kind: "purchase_order", name: "ghost", rules: [
    { name: "r", when: [], outcome: { type: "chain", steps: [{ approverUserId: 999_999, timeLimitHours: 4 }] } },
  ] })), "GOVERNANCE_POLICY_APPROVER_UNKNOWN");
  assert.deepEqual(await governanceSnapshot(db), snapshot);
});

test("the inbox lists what the actor may decide now, never their own requests", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }, { title: "Inbox probe" }));
  const ids = async (actor: Actor) => (await inTransaction(db, (tx) => listMyApprovals(tx, actor, { limit: 200 }))).map((m) => m.request.id);
  assert.ok((await ids(sue)).includes(request.id));
  assert.ok(!(await ids(sam)).includes(request.id), "never one's own");
  assert.ok(!(await ids(carl)).includes(request.id), "the controller's step is not current yet");
  await decide(max, request.id, "approve");
  assert.ok((await ids(carl)).includes(request.id));
  assert.ok(!(await ids(max)).includes(request.id), "max already approved a step");
  const decidedByMax = await inTransaction(db, (tx) => listMyApprovals(tx, max, { status: "pending" }));
  assert.ok(!decidedByMax.some((m) => m.request.id === request.id));

  const detail = await inTransaction(db, (tx) => getApprovalRequestOrThrow(tx, carl, request.id));
  assert.equal(detail.policy?.name, DEFAULT_POLICIES.pricing_override.name);
  assert.equal(detail.policy?.version, 1);
  assert.equal(detail.ruleName, "Sales review, controller above 5,000");
  assert.equal(detail.currentStep?.stepNumber, 2);
  assert.equal(detail.steps[0]!.decidedByName, "Max");
  assert.deepEqual(detail.history.map((h) => h.action), ["create", "state_change"]);
  assert.equal(detail.actorMayDecide, true);
  assert.equal((await inTransaction(db, (tx) => getApprovalRequestOrThrow(tx, sam, request.id))).actorMayDecide, false);
  assert.equal((await inTransaction(db, (tx) => getApprovalRequestOrThrow(tx, max, request.id))).actorMayDecide, false);
  await rejectsWithCode(() => inTransaction(db, (tx) => getApprovalRequestOrThrow(tx, carl, 987_654)), "GOVERNANCE_REQUEST_NOT_FOUND");

  const page = await inTransaction(db, (tx) => listApprovalRequests(tx, carl, { search: "inbox probe", status: "pending" }));
  assert.deepEqual(page.rows.map((r) => r.id), [request.id]);
  assert.equal(page.rows[0]!.currentStep?.approverRole, "controller");
  const all = await inTransaction(db, (tx) => listApprovalRequests(tx, carl, { kind: "pricing_override", pageSize: 2, page: 1 }));
  assert.equal(all.rows.length, 2);
  assert.ok(all.total > 2);
});

test("a step's due time is counted from its own activation", async () => {
  const { request } = await submit(sam, pricing({ marginImpactBps: 450, customerTier: "standard", amountMinor: 600_000n }));
  // Pretend step 1 was activated two days ago; step 2's clock starts when step 1 is decided.
  await db.update(approvalStep).set({ activatedAt: hoursFrom(new Date(), -48), dueAt: hoursFrom(new Date(), -24) })
    .where(and(eq(approvalStep.requestId, request.id), eq(approvalStep.stepNumber, 1)));
  const before = Date.now();
  await decide(sue, request.id, "approve");
  const [, s2] = await stepsOf(request.id);
  assert.ok(s2!.activatedAt!.getTime() >= before - 1000);
  assert.equal(s2!.dueAt!.getTime() - s2!.activatedAt!.getTime(), 48 * 3_600_000);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(approvalRequest).where(eq(approvalRequest.id, request.id));
  assert.equal(row!.n, 1);
});
