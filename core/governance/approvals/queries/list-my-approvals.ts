import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../permissions";
import { approvalRequest, approvalStep } from "../../schema";
import { ownsStep } from "../authority";
import type { ApprovalRequestRow, ApprovalStepRow } from "../types";

export const MY_APPROVALS_MAX = 200;

export type MyApproval = { request: ApprovalRequestRow; step: ApprovalStepRow; viaDelegation: boolean };

/** SQL: the actor may act on the step as the delegate of a user who fits it (never of the requester). */
function delegatedToActor(userId: number, now: Date): SQL {
  return sql`exists (
    select 1 from approval_delegation d join app_user du on du.id = d.from_user_id
     where d.to_user_id = ${userId} and d.revoked_at is null and du.active
       and d.starts_at <= ${now.toISOString()}::timestamptz and d.ends_at > ${now.toISOString()}::timestamptz
       and d.from_user_id is distinct from ${approvalRequest.requestedByUserId}
       and (d.from_user_id = ${approvalStep.approverUserId}
            or exists (select 1 from user_role dr where dr.user_id = d.from_user_id and dr.role = ${approvalStep.approverRole})))`;
}

function actionableFor(actor: Actor, userId: number, now: Date): SQL {
  const own = or(
    eq(approvalStep.approverUserId, userId),
    actor.roles.length > 0 ? inArray(approvalStep.approverRole, [...actor.roles]) : sql`false`,
  )!;
  return and(
    eq(approvalRequest.status, "pending"),
    eq(approvalStep.status, "pending"),
    sql`${approvalRequest.requestedByUserId} is distinct from ${userId}`,
    or(own, delegatedToActor(userId, now)),
    // One person approves at most one step of a request.
    sql`not exists (select 1 from approval_step p where p.request_id = ${approvalRequest.id} and p.status = 'approved'
      and (p.decided_by_user_id = ${userId} or p.on_behalf_of_user_id = ${userId}))`,
  )!;
}

/**
 * The actor's inbox. Pending (the default): requests whose current step the actor may decide,
 * in their own right or by delegation, never their own, most urgent first. Any other status:
 * requests in that status with a step the actor decided, newest first.
 */
export async function listMyApprovals(tx: Tx, actor: Actor, options: { status?: "pending" | "approved" | "rejected" | "cancelled"; limit?: number } = {}): Promise<MyApproval[]> {
  requirePermission(actor, "approvals:decide");
  const userId = actor.userId;
  if (userId === null) return [];
  const limit = Math.min(options.limit ?? 50, MY_APPROVALS_MAX);
  const status = options.status ?? "pending";
  if (status === "pending") {
    const rows = await tx.select({ request: approvalRequest, step: approvalStep }).from(approvalStep)
      .innerJoin(approvalRequest, eq(approvalRequest.id, approvalStep.requestId))
      .where(actionableFor(actor, userId, new Date()))
      .orderBy(sql`${approvalStep.dueAt} asc nulls last`, asc(approvalRequest.id)).limit(limit);
    return rows.map((r) => ({ ...r, viaDelegation: !ownsStep(actor, r.step) }));
  }
  const rows = await tx.select({ request: approvalRequest, step: approvalStep }).from(approvalStep)
    .innerJoin(approvalRequest, eq(approvalRequest.id, approvalStep.requestId))
    .where(and(eq(approvalRequest.status, status), inArray(approvalStep.status, ["approved", "rejected"]),
      or(eq(approvalStep.decidedByUserId, userId), eq(approvalStep.onBehalfOfUserId, userId))))
    .orderBy(desc(approvalStep.decidedAt), desc(approvalStep.id)).limit(limit);
  return rows.map((r) => ({ ...r, viaDelegation: r.step.onBehalfOfUserId !== null }));
}
