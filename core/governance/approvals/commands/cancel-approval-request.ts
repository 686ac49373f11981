import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { approvalRequest, approvalStep } from "../../schema";
import { GovernanceApprovalError } from "../errors";
import { lockPendingRequest } from "../lifecycle";
import { approvalHandlerFor } from "../registry";
import type { ApprovalKind, ApprovalRequestRow } from "../types";

export const CancelApprovalRequestSchema = z.object({
  requestId: z.number().int().positive(),
  reason: z.string().trim().min(1, "a cancellation needs a reason").max(2000),
});
export type CancelApprovalRequestInput = z.input<typeof CancelApprovalRequestSchema>;

/** The requester withdraws a pending request; open steps are skipped and nothing applies. */
export async function cancelApprovalRequest(tx: Tx, actor: Actor, raw: CancelApprovalRequestInput): Promise<ApprovalRequestRow> {
  requirePermission(actor, "approvals:submit");
  const input = parseInput(CancelApprovalRequestSchema, raw);
  const request = await lockPendingRequest(tx, input.requestId);
  if (actor.userId !== request.requestedByUserId) {
    throw new DomainError(GovernanceApprovalError.NOT_REQUESTER, "forbidden",
      "Only the user who entered this request can cancel it", { requestId: request.id, username: actor.username });
  }
  const now = new Date();
  await tx.update(approvalStep).set({ status: "skipped" })
    .where(and(eq(approvalStep.requestId, request.id), inArray(approvalStep.status, ["pending", "waiting"])));
  const [cancelled] = await tx.update(approvalRequest).set({ status: "cancelled", decidedAt: now, decisionReason: input.reason })
    .where(and(eq(approvalRequest.id, request.id), eq(approvalRequest.status, "pending"))).returning();
  assert(cancelled !== undefined, `request ${request.id} was not pending when cancelled`);
  const handler = approvalHandlerFor(cancelled.kind as ApprovalKind);
  if (handler?.onCancelled) await handler.onCancelled(tx, actor, cancelled);
  await recordAudit(tx, actor, {
    action: "state_change", objectKind: "approval_request", objectId: request.id, entityId: request.entityId,
    before: { status: request.status }, after: { status: cancelled.status, reason: input.reason },
  });
  return cancelled;
}
