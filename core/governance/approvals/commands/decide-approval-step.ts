import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { approvalRequest, approvalStep } from "../../schema";
import { assessDecision } from "../authority";
import { GovernanceApprovalError } from "../errors";
import { approveAndApply, currentStepOf, dueAtFrom, lockPendingRequest, notifyRequester, notifyStepApprover, stepsOfRequest } from "../lifecycle";
import { approvalHandlerFor } from "../registry";
import { plannedStepOf, routeOfRequest } from "../routing";
import type { ApprovalKind, ApprovalRequestRow, ApprovalStepRow, DecideApprovalStepInput } from "../types";

export const DecideApprovalStepSchema = z.object({
  requestId: z.number().int().positive(),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(2000).nullable().optional(),
});

/** After an approved step: activate the next waiting step, or approve the request and apply it. */
async function afterApproval(tx: Tx, actor: Actor, request: ApprovalRequestRow, steps: ApprovalStepRow[], comment: string | null, now: Date): Promise<ApprovalRequestRow> {
  const next = steps.filter((s) => s.status === "waiting").sort((a, b) => a.stepNumber - b.stepNumber)[0];
  if (next) {
    const planned = plannedStepOf(await routeOfRequest(tx, request), next.stepNumber);
    assert(planned.included, `step ${next.stepNumber} of request ${request.id} is waiting but below materiality`);
    const [activated] = await tx.update(approvalStep)
      .set({ status: "pending", activatedAt: now, dueAt: dueAtFrom(now, planned.step.timeLimitHours) })
      .where(and(eq(approvalStep.id, next.id), eq(approvalStep.status, "waiting"))).returning();
    assert(activated !== undefined, `step ${next.id} was not waiting`);
    await notifyStepApprover(tx, request, activated);
    return request;
  }
  const approved = await approveAndApply(tx, actor, request.id, comment, now);
  await notifyRequester(tx, approved, "approval.approved", `Approved: ${approved.title}`,
    `Your ${approved.kind.replaceAll("_", " ")} request #${approved.id} was approved and applied.`);
  return approved;
}

/** A rejection ends the request: later steps are skipped and nothing of the payload applies. */
async function afterRejection(tx: Tx, actor: Actor, request: ApprovalRequestRow, comment: string, now: Date): Promise<ApprovalRequestRow> {
  await tx.update(approvalStep).set({ status: "skipped" })
    .where(and(eq(approvalStep.requestId, request.id), eq(approvalStep.status, "waiting")));
  const [rejected] = await tx.update(approvalRequest).set({ status: "rejected", decidedAt: now, decisionReason: comment })
    .where(and(eq(approvalRequest.id, request.id), eq(approvalRequest.status, "pending"))).returning();
  assert(rejected !== undefined, `request ${request.id} was not pending when rejected`);
  const handler = approvalHandlerFor(rejected.kind as ApprovalKind);
  if (handler?.onRejected) await handler.onRejected(tx, actor, rejected);
  await notifyRequester(tx, rejected, "approval.rejected", `Rejected: ${rejected.title}`,
    `Your ${rejected.kind.replaceAll("_", " ")} request #${rejected.id} was rejected: ${comment}`);
  return rejected;
}

/**
 * Approves or rejects the current step of a pending request. The request row is locked first,
 * so concurrent or repeated decisions queue behind it and find it no longer pending.
 */
export async function decideApprovalStep(tx: Tx, actor: Actor, raw: DecideApprovalStepInput): Promise<ApprovalRequestRow> {
  requirePermission(actor, "approvals:decide");
  const input = parseInput(DecideApprovalStepSchema, raw);
  const comment = input.comment ? input.comment : null;
  if (input.decision === "reject" && comment === null) {
    throw new DomainError(GovernanceApprovalError.REASON_REQUIRED, "invalid", "comment: a rejection needs a reason", { requestId: input.requestId });
  }
  const request = await lockPendingRequest(tx, input.requestId);
  const steps = await stepsOfRequest(tx, request.id);
  const step = currentStepOf(steps);
  assert(step !== null, `pending request ${request.id} has no pending step`);
  assert(steps.filter((s) => s.status === "pending").length === 1, `request ${request.id} has more than one pending step`);
  const now = new Date();
  const assessment = await assessDecision(tx, actor, request, steps, step, input.decision, now);
  if (!assessment.allowed) {
    throw new DomainError(assessment.code, "forbidden", assessment.message,
      { requestId: request.id, stepNumber: step.stepNumber, username: actor.username });
  }
  const onBehalfOfUserId = assessment.onBehalfOfUserId;
  const [decided] = await tx.update(approvalStep).set({
    status: input.decision === "approve" ? "approved" : "rejected",
    decidedByUserId: actor.userId, onBehalfOfUserId, decidedAt: now, comment,
  }).where(and(eq(approvalStep.id, step.id), eq(approvalStep.status, "pending"))).returning();
  assert(decided !== undefined, `step ${step.id} was not pending when decided`);
  let result: ApprovalRequestRow;
  if (input.decision === "approve") {
    result = await afterApproval(tx, actor, request, steps.map((s) => (s.id === decided.id ? decided : s)), comment, now);
  } else {
    assert(comment !== null, "a rejection carries its reason");
    result = await afterRejection(tx, actor, request, comment, now);
  }
  await recordAudit(tx, actor, {
    action: "state_change", objectKind: "approval_request", objectId: request.id, entityId: request.entityId,
    before: { status: request.status, stepNumber: step.stepNumber, level: step.level, stepStatus: step.status },
    after: { status: result.status, decision: input.decision, stepNumber: decided.stepNumber, level: decided.level, stepStatus: decided.status,
      approverRole: decided.approverRole, decidedByUserId: decided.decidedByUserId, onBehalfOfUserId: decided.onBehalfOfUserId, comment,
      appliedAt: result.appliedAt },
  });
  return result;
}
