import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { DomainError } from "../../../shared/errors";
import { hasPermission, type Actor } from "../../permissions";
import { appUser, approvalPolicy, approvalRequest, auditLog } from "../../schema";
import { requireApprovalReader } from "../access";
import { assessDecision } from "../authority";
import { GovernanceApprovalError } from "../errors";
import { currentStepOf, stepsOfRequest } from "../lifecycle";
import { routeWithPolicy } from "../routing";
import type { ApprovalRequestRow, ApprovalStepRow } from "../types";

export const REQUEST_HISTORY_MAX = 200;

export type ApprovalStepDetail = ApprovalStepRow & { approverUserName: string | null; decidedByName: string | null; onBehalfOfName: string | null };
export type ApprovalRequestDetail = ApprovalRequestRow & {
  steps: ApprovalStepDetail[];
  currentStep: ApprovalStepDetail | null;
  policy: { id: number; name: string; version: number; kind: string; active: boolean } | null;
  /** The rule of the policy that routed the request. */
  ruleName: string | null;
  history: (typeof auditLog.$inferSelect)[];
  /** Whether the reading actor may decide the current step now (segregation of duties applied). */
  actorMayDecide: boolean;
};

async function userNames(tx: Tx, steps: ApprovalStepRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(steps.flatMap((s) => [s.approverUserId, s.decidedByUserId, s.onBehalfOfUserId]).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: appUser.id, name: appUser.displayName }).from(appUser).where(inArray(appUser.id, ids)).limit(ids.length);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A request with its facts, steps, the policy version and rule that routed it, and its audit history. */
export async function getApprovalRequestOrThrow(tx: Tx, actor: Actor, requestId: number): Promise<ApprovalRequestDetail> {
  requireApprovalReader(actor);
  const [request] = await tx.select().from(approvalRequest).where(eq(approvalRequest.id, requestId)).limit(1);
  if (!request) throw new DomainError(GovernanceApprovalError.REQUEST_NOT_FOUND, "not_found", `Approval request ${requestId} does not exist`, { requestId });
  const steps = await stepsOfRequest(tx, request.id);
  const names = await userNames(tx, steps);
  const named = (id: number | null) => (id === null ? null : names.get(id) ?? null);
  const detailed = steps.map((s) => ({ ...s, approverUserName: named(s.approverUserId), decidedByName: named(s.decidedByUserId), onBehalfOfName: named(s.onBehalfOfUserId) }));
  const [policy] = request.policyId === null ? [] : await tx.select().from(approvalPolicy).where(eq(approvalPolicy.id, request.policyId)).limit(1);
  const history = await tx.select().from(auditLog)
    .where(and(eq(auditLog.objectKind, "approval_request"), eq(auditLog.objectId, String(request.id))))
    .orderBy(asc(auditLog.id)).limit(REQUEST_HISTORY_MAX);
  const current = currentStepOf(steps);
  const mayDecide = hasPermission(actor, "approvals:decide") && request.status === "pending" && current !== null
    && (await assessDecision(tx, actor, request, steps, current, "approve", new Date())).allowed;
  return {
    ...request,
    steps: detailed,
    currentStep: current ? detailed.find((s) => s.id === current.id) ?? null : null,
    policy: policy ? { id: policy.id, name: policy.name, version: policy.version, kind: policy.kind, active: policy.active } : null,
    ruleName: policy ? routeWithPolicy(policy, request).match.rule.name : null,
    history,
    actorMayDecide: mayDecide && actor.userId !== null,
  };
}
