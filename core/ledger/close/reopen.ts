// Reopening a soft- or hard-closed period goes through the approval engine (kind period_reopen:
// a controller, then an admin, by default). On approval the period opens again and its close
// row is marked reopened; the request, the decision and the status change are all audited.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { registerApprovalHandler, submitApproval, type ApprovalHandler, type ApprovalRequestRow, type SubmittedApproval } from "../../governance/approvals";
import { approvalRequest } from "../../governance/schema";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { writePeriodStatus } from "../commands/fiscal-periods";
import { CloseError } from "./errors";
import { lockCloseRow, periodOrThrow, updateCloseRow } from "./state";

export const RequestPeriodReopenInput = z.object({
  periodId: z.number().int().positive(),
  reason: z.string().trim().min(5).max(500),
});

export async function requestPeriodReopen(tx: Tx, actor: Actor, raw: z.input<typeof RequestPeriodReopenInput>): Promise<SubmittedApproval> {
  requirePermission(actor, "ledger.periods:manage");
  const input = parseInput(RequestPeriodReopenInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  if (period.status === "open") {
    throw new DomainError(CloseError.CLOSE_STATE, "conflict", `Period ${period.code} is open; there is nothing to reopen`, { periodId: period.id });
  }
  const [pending] = await tx.select({ id: approvalRequest.id }).from(approvalRequest).where(and(eq(approvalRequest.kind, "period_reopen"),
    eq(approvalRequest.subjectType, "fiscal_period"), eq(approvalRequest.subjectId, String(period.id)), eq(approvalRequest.status, "pending"))).limit(1);
  if (pending) {
    throw new DomainError(CloseError.REOPEN_PENDING, "conflict", `A request to reopen ${period.code} is already waiting for approval`, { requestId: pending.id });
  }
  return submitApproval(tx, actor, {
    kind: "period_reopen", entityId: period.entityId, subjectType: "fiscal_period", subjectId: period.id,
    title: `Reopen period ${period.code}: ${input.reason}`, facts: {}, payload: { periodId: period.id, reason: input.reason },
  });
}

async function reopenApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const payload = request.payload as { periodId?: number; reason?: string } | null;
  assert(payload !== null && typeof payload.periodId === "number", `approval request ${request.id} names its period`);
  const period = await periodOrThrow(tx, payload.periodId);
  const close = await lockCloseRow(tx, period);
  if (period.status !== "open") await writePeriodStatus(tx, actor, { periodId: period.id, status: "open" }, { reopenApproved: true });
  const row = await updateCloseRow(tx, close.id, {
    status: "reopened", reopenedAt: new Date(), reopenCount: close.reopenCount + 1, softClosedAt: null, hardClosedAt: null,
  });
  await recordAudit(tx, actor, { action: "state_change", objectKind: "period_close", objectId: row.id, entityId: row.entityId,
    before: { status: close.status, hardClosedAt: close.hardClosedAt }, after: { status: "reopened", approvalRequestId: request.id, reason: payload.reason ?? null } });
}

export const periodReopenApprovalHandler: ApprovalHandler = { onApproved: reopenApproved };

registerApprovalHandler("period_reopen", periodReopenApprovalHandler);
