import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { recordAudit } from "../../audit";
import { SYSTEM_ACTOR, type Role } from "../../permissions";
import { approvalPolicy, approvalRequest, approvalStep } from "../../schema";
import { dueAtFrom, notifyRequester, notifyStepApprover } from "../lifecycle";
import { plannedStepOf, routeWithPolicy } from "../routing";
import type { ApprovalRequestRow, ApprovalStepRow } from "../types";

/** Requests escalated per run; the job runs again for the rest. */
export const ESCALATION_BATCH_MAX = 500;
export const ESCALATION_FALLBACK_ROLE: Role = "admin";

/** Locks pending requests with an overdue step; ones being decided right now wait for the next run. */
async function lockRequestsWithOverdueSteps(tx: Tx, now: Date): Promise<ApprovalRequestRow[]> {
  return tx.select().from(approvalRequest).where(and(
    eq(approvalRequest.status, "pending"),
    sql`exists (select 1 from ${approvalStep} where ${approvalStep.requestId} = ${approvalRequest.id}
      and ${approvalStep.status} = 'pending' and ${approvalStep.dueAt} < ${now.toISOString()}::timestamptz)`,
  )).orderBy(asc(approvalRequest.id)).limit(ESCALATION_BATCH_MAX).for("update", { skipLocked: true });
}

type Escalation = { request: ApprovalRequestRow; from: ApprovalStepRow; role: Role; timeLimitHours: number };

async function planEscalations(tx: Tx, requests: ApprovalRequestRow[], overdue: ApprovalStepRow[]): Promise<Escalation[]> {
  const policyIds = [...new Set(requests.map((r) => r.policyId).filter((id): id is number => id !== null))];
  const policies = await tx.select().from(approvalPolicy).where(inArray(approvalPolicy.id, policyIds)).limit(policyIds.length);
  return overdue.map((from) => {
    const request = requests.find((r) => r.id === from.requestId);
    assert(request !== undefined, `overdue step ${from.id} has no locked request`);
    const policy = policies.find((p) => p.id === request.policyId);
    assert(policy !== undefined, `request ${request.id} has no policy`);
    const planned = plannedStepOf(routeWithPolicy(policy, request), from.stepNumber);
    // The policy names the first escalation; beyond that an overdue step goes to the admins.
    const role = from.level === 0 ? planned.step.escalateToRole ?? ESCALATION_FALLBACK_ROLE : ESCALATION_FALLBACK_ROLE;
    return { request, from, role, timeLimitHours: planned.step.timeLimitHours };
  });
}

/**
 * Escalates every pending step whose dueAt has passed: the step is marked escalated and a step
 * of the same number one level up goes to the escalation role, due after the same time limit.
 * The approvers and the requester are notified. Run by a pg-boss job; `now` is passed in.
 */
export async function escalateOverdueSteps(tx: Tx, now: Date): Promise<{ escalated: number }> {
  assert(!Number.isNaN(now.getTime()), "escalation needs a valid time");
  const requests = await lockRequestsWithOverdueSteps(tx, now);
  if (requests.length === 0) return { escalated: 0 };
  const overdue = await tx.select().from(approvalStep).where(and(
    inArray(approvalStep.requestId, requests.map((r) => r.id)), eq(approvalStep.status, "pending"), lt(approvalStep.dueAt, now),
  )).orderBy(asc(approvalStep.id)).limit(ESCALATION_BATCH_MAX);
  const escalations = await planEscalations(tx, requests, overdue);
  const marked = await tx.update(approvalStep).set({ status: "escalated" })
    .where(and(inArray(approvalStep.id, overdue.map((s) => s.id)), eq(approvalStep.status, "pending"))).returning({ id: approvalStep.id });
  assert(marked.length === overdue.length, "an overdue step changed while escalating");
  const created = await tx.insert(approvalStep).values(escalations.map((e) => ({
    requestId: e.request.id, stepNumber: e.from.stepNumber, level: e.from.level + 1, approverRole: e.role, approverUserId: null,
    status: "pending", activatedAt: now, dueAt: dueAtFrom(now, e.timeLimitHours),
  }))).returning();
  assert(created.length === escalations.length, "every escalation inserts one step");
  // Bounded by ESCALATION_BATCH_MAX: each escalation has its own message and audit row.
  for (const escalation of escalations) {
    const step = created.find((s) => s.requestId === escalation.request.id && s.stepNumber === escalation.from.stepNumber && s.level === escalation.from.level + 1);
    assert(step !== undefined, `escalation of step ${escalation.from.id} inserted no step`);
    await announceEscalation(tx, escalation, step, now);
  }
  return { escalated: created.length };
}

async function announceEscalation(tx: Tx, escalation: Escalation, step: ApprovalStepRow, now: Date): Promise<void> {
  const { request, from } = escalation;
  await notifyStepApprover(tx, request, step, "Escalated approval");
  await notifyRequester(tx, request, "approval.escalated", `Escalated: ${request.title}`,
    `Step ${from.stepNumber} of your request #${request.id} was overdue and now waits for ${escalation.role}.`);
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: "state_change", objectKind: "approval_request", objectId: request.id, entityId: request.entityId,
    before: { stepNumber: from.stepNumber, level: from.level, approverRole: from.approverRole, approverUserId: from.approverUserId, dueAt: from.dueAt },
    after: { stepNumber: step.stepNumber, level: step.level, approverRole: step.approverRole, dueAt: step.dueAt, escalatedAt: now },
  });
}
