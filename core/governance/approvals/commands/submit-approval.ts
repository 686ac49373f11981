import { and, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit, toAuditJson } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { approvalPolicy, approvalRequest, approvalStep } from "../../schema";
import { GovernanceApprovalError } from "../errors";
import { applyApproved, dueAtFrom, notifyStepApprover, stepsOfRequest } from "../lifecycle";
import { ApprovalFactsSchema, evaluatePolicy, factsToJson, planSteps, type StepPlan } from "../policy";
import { rulesOfPolicy } from "../routing";
import { APPROVAL_KINDS, type ApprovalPolicyRow, type ApprovalRequestRow, type SubmitApprovalInput, type SubmittedApproval } from "../types";

export const SubmitApprovalSchema = z.object({
  kind: z.enum(APPROVAL_KINDS),
  entityId: z.number().int().positive().nullable().optional(),
  subjectType: z.string().trim().min(1).max(60),
  subjectId: z.union([z.string().trim().min(1).max(100), z.number().int()]).transform(String),
  title: z.string().trim().min(1).max(300),
  facts: ApprovalFactsSchema,
  payload: z.unknown().optional(),
  idempotencyKey: z.string().trim().min(1).max(200).nullable().optional(),
});

/** The active policy for a kind: the entity's own before the global one. */
async function activePolicyFor(tx: Tx, kind: string, entityId: number | null): Promise<ApprovalPolicyRow> {
  const scope = entityId === null ? isNull(approvalPolicy.entityId) : or(eq(approvalPolicy.entityId, entityId), isNull(approvalPolicy.entityId));
  const [policy] = await tx.select().from(approvalPolicy)
    .where(and(eq(approvalPolicy.kind, kind), eq(approvalPolicy.active, true), scope))
    .orderBy(sql`${approvalPolicy.entityId} nulls last`).limit(1);
  if (policy) return policy;
  throw new DomainError(GovernanceApprovalError.NO_POLICY, "unprocessable", `No active approval policy governs ${kind} requests`, { kind, entityId });
}

/** A retried submission with the same key returns the first request and changes nothing. */
async function existingForKey(tx: Tx, kind: string, key: string, subject: { subjectType: string; subjectId: string }): Promise<SubmittedApproval | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`approval_request|${kind}|${key}`}, 0))`);
  const [existing] = await tx.select().from(approvalRequest)
    .where(and(eq(approvalRequest.kind, kind), eq(approvalRequest.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.subjectType !== subject.subjectType || existing.subjectId !== subject.subjectId) {
    throw new DomainError(GovernanceApprovalError.IDEMPOTENCY_CONFLICT, "conflict",
      `idempotencyKey: "${key}" was already used for ${existing.subjectType} ${existing.subjectId}`, { requestId: existing.id });
  }
  return { request: existing, steps: await stepsOfRequest(tx, existing.id), autoApproved: existing.autoApproved };
}

function stepRows(requestId: number, plan: StepPlan, now: Date) {
  const firstIncluded = plan.type === "chain" ? plan.steps.find((s) => s.included) : undefined;
  return plan.steps.map((planned) => {
    const isFirst = planned === firstIncluded;
    return {
      requestId, stepNumber: planned.stepNumber, level: 0,
      approverRole: planned.step.approverRole ?? null, approverUserId: planned.step.approverUserId ?? null,
      status: !planned.included ? "skipped" : isFirst ? "pending" : "waiting",
      activatedAt: isFirst ? now : null,
      dueAt: isFirst ? dueAtFrom(now, planned.step.timeLimitHours) : null,
    };
  });
}

/**
 * Routes a document or event through the active policy of its kind. An auto-approving rule
 * (or a chain whose every step is below materiality) approves at once and the kind's handler
 * applies the payload in this transaction; otherwise the first step's approver is notified.
 */
export async function submitApproval(tx: Tx, actor: Actor, raw: SubmitApprovalInput): Promise<SubmittedApproval> {
  requirePermission(actor, "approvals:submit");
  const input = parseInput(SubmitApprovalSchema, raw);
  if (input.idempotencyKey) {
    const replay = await existingForKey(tx, input.kind, input.idempotencyKey, input);
    if (replay) return replay;
  }
  const entityId = input.entityId ?? null;
  const policy = await activePolicyFor(tx, input.kind, entityId);
  const facts = { ...input.facts, entityId: input.facts.entityId ?? entityId };
  const match = evaluatePolicy(rulesOfPolicy(policy), facts);
  if (!match) {
    throw new DomainError(GovernanceApprovalError.NO_MATCHING_RULE, "unprocessable",
      `No rule of policy "${policy.name}" v${policy.version} matches this request`, { policyId: policy.id });
  }
  const plan = planSteps(match.outcome, facts.amountMinor);
  const auto = plan.type === "auto_approve";
  const now = new Date();
  const [request] = await tx.insert(approvalRequest).values({
    entityId, kind: input.kind, subjectType: input.subjectType, subjectId: input.subjectId, title: input.title,
    facts: factsToJson(facts), payload: toAuditJson(input.payload), policyId: policy.id, policyVersion: policy.version,
    status: auto ? "approved" : "pending", autoApproved: auto, decisionReason: auto ? plan.reason : null, decidedAt: auto ? now : null,
    requestedByUserId: actor.userId, requestedByName: actor.username, idempotencyKey: input.idempotencyKey ?? null,
  }).returning();
  assert(request !== undefined, "approval request insert returned no row");
  const rows = stepRows(request.id, plan, now);
  const steps = rows.length > 0 ? await tx.insert(approvalStep).values(rows).returning() : [];
  await recordAudit(tx, actor, {
    action: "create", objectKind: "approval_request", objectId: request.id, entityId,
    after: { kind: request.kind, subjectType: request.subjectType, subjectId: request.subjectId, title: request.title, facts: request.facts,
      policyId: policy.id, policyVersion: policy.version, rule: match.rule.name, status: request.status, autoApproved: auto,
      reason: request.decisionReason, steps: steps.map((s) => ({ stepNumber: s.stepNumber, approverRole: s.approverRole, approverUserId: s.approverUserId, status: s.status })) },
  });
  return auto ? submittedAutoApproved(tx, actor, request, steps, now) : submittedPending(tx, request, steps);
}

async function submittedAutoApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow, steps: SubmittedApproval["steps"], now: Date): Promise<SubmittedApproval> {
  const applied = await applyApproved(tx, actor, request, now);
  return { request: applied, steps, autoApproved: true };
}

async function submittedPending(tx: Tx, request: ApprovalRequestRow, steps: SubmittedApproval["steps"]): Promise<SubmittedApproval> {
  const first = steps.find((s) => s.status === "pending");
  assert(first !== undefined, `pending request ${request.id} has no pending step`);
  await notifyStepApprover(tx, request, first);
  return { request, steps, autoApproved: false };
}
