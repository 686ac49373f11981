// Who may decide a step: its approver (by role or by name), or a delegate acting for one
// under an active delegation. Segregation of duties is applied by the caller on top of this.
import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../permissions";
import { appUser, approvalDelegation, userRole } from "../schema";
import { GovernanceApprovalError } from "./errors";
import type { ApprovalDecision, ApprovalRequestRow, ApprovalStepRow } from "./types";

export const DELEGATORS_PER_STEP_MAX = 50;

export type StepAuthority = {
  /** The actor holds the step's role or is its named user. */
  own: boolean;
  /** Users the actor may act for on this step (active delegation, delegator fits the step). */
  delegatorUserIds: number[];
};

export function ownsStep(actor: Actor, step: Pick<ApprovalStepRow, "approverRole" | "approverUserId">): boolean {
  if (actor.userId === null) return false;
  if (step.approverUserId !== null && step.approverUserId === actor.userId) return true;
  return step.approverRole !== null && (actor.roles as readonly string[]).includes(step.approverRole);
}

/** SQL: the delegator d.from_user_id fits the step (its named user, or holds its role). */
export function delegatorFitsStep(step: Pick<ApprovalStepRow, "approverRole" | "approverUserId">) {
  const byUser = step.approverUserId !== null ? sql`${approvalDelegation.fromUserId} = ${step.approverUserId}` : sql`false`;
  const byRole = step.approverRole !== null
    ? sql`exists (select 1 from ${userRole} where ${userRole.userId} = ${approvalDelegation.fromUserId} and ${userRole.role} = ${step.approverRole})`
    : sql`false`;
  return sql`(${byUser} or ${byRole})`;
}

export async function stepAuthority(tx: Tx, actor: Actor, step: ApprovalStepRow, now: Date): Promise<StepAuthority> {
  const own = ownsStep(actor, step);
  if (actor.userId === null) return { own, delegatorUserIds: [] };
  const rows = await tx.select({ fromUserId: approvalDelegation.fromUserId }).from(approvalDelegation)
    .innerJoin(appUser, eq(appUser.id, approvalDelegation.fromUserId))
    .where(and(
      eq(approvalDelegation.toUserId, actor.userId),
      lte(approvalDelegation.startsAt, now),
      gt(approvalDelegation.endsAt, now),
      isNull(approvalDelegation.revokedAt),
      eq(appUser.active, true),
      delegatorFitsStep(step),
    ))
    .orderBy(approvalDelegation.fromUserId)
    .limit(DELEGATORS_PER_STEP_MAX);
  return { own, delegatorUserIds: [...new Set(rows.map((r) => r.fromUserId))] };
}

export type DecisionAssessment =
  | { allowed: true; onBehalfOfUserId: number | null }
  | { allowed: false; code: string; message: string };

/**
 * Segregation of duties over the step's authority, without side effects (decide throws on a
 * refusal; the detail page shows whether the actor may decide). The requester never decides
 * their own request, not even as someone's delegate, and nobody decides for the requester;
 * one person (in their own right or as the one delegated for) approves at most one step.
 */
export async function assessDecision(tx: Tx, actor: Actor, request: ApprovalRequestRow, steps: readonly ApprovalStepRow[], step: ApprovalStepRow, decision: ApprovalDecision, now: Date): Promise<DecisionAssessment> {
  if (actor.userId !== null && actor.userId === request.requestedByUserId) {
    return { allowed: false, code: GovernanceApprovalError.SOD_SELF_APPROVAL, message: "You entered this request, so someone else must decide it" };
  }
  const authority = await stepAuthority(tx, actor, step, now);
  const priorApprovers = new Set(steps.filter((s) => s.status === "approved")
    .flatMap((s) => [s.decidedByUserId, s.onBehalfOfUserId]).filter((id): id is number => id !== null));
  const approvedBefore = (userId: number | null) => decision === "approve" && userId !== null && priorApprovers.has(userId);
  const duplicate = { allowed: false, code: GovernanceApprovalError.SOD_DUPLICATE_APPROVER, message: "You already approved an earlier step of this request" } as const;
  if (approvedBefore(actor.userId)) return duplicate;
  if (authority.own) return { allowed: true, onBehalfOfUserId: null };
  const delegators = authority.delegatorUserIds.filter((id) => id !== request.requestedByUserId);
  if (delegators.length === 0 && authority.delegatorUserIds.length > 0) {
    return { allowed: false, code: GovernanceApprovalError.SOD_SELF_APPROVAL, message: "A delegation from the requester cannot decide their own request" };
  }
  if (delegators.length === 0) {
    return { allowed: false, code: GovernanceApprovalError.NOT_APPROVER, message: `You are not an approver of step ${step.stepNumber}, nor delegated by one` };
  }
  const fresh = delegators.find((id) => !approvedBefore(id));
  if (fresh === undefined) return { ...duplicate, message: "The user you act for already approved an earlier step of this request" };
  return { allowed: true, onBehalfOfUserId: fresh };
}
