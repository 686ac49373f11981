import { and, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import type { Actor } from "../../permissions";
import { approvalRequest, approvalStep } from "../../schema";
import { requireApprovalReader } from "../access";
import type { ApprovalKind, ApprovalRequestRow, ApprovalStepRow } from "../types";

export const APPROVAL_REQUESTS_PAGE_SIZE_MAX = 200;

export type ApprovalRequestSummary = ApprovalRequestRow & {
  currentStep: Pick<ApprovalStepRow, "id" | "stepNumber" | "level" | "approverRole" | "approverUserId" | "dueAt" | "activatedAt"> | null;
};
export type ApprovalRequestPage = { rows: ApprovalRequestSummary[]; total: number; page: number; pageSize: number };

/** Requests for the list page: filter by kind and status, search title, subject and requester. */
export async function listApprovalRequests(tx: Tx, actor: Actor, options: {
  kind?: ApprovalKind | null; status?: "pending" | "approved" | "rejected" | "cancelled" | null; search?: string | null; page?: number; pageSize?: number;
} = {}): Promise<ApprovalRequestPage> {
  requireApprovalReader(actor);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? 50, APPROVAL_REQUESTS_PAGE_SIZE_MAX));
  const page = Math.max(1, options.page ?? 1);
  const conditions: SQL[] = [];
  if (options.kind) conditions.push(eq(approvalRequest.kind, options.kind));
  if (options.status) conditions.push(eq(approvalRequest.status, options.status));
  const search = options.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(approvalRequest.title, pattern), ilike(approvalRequest.subjectId, pattern),
      ilike(approvalRequest.subjectType, pattern), ilike(approvalRequest.requestedByName, pattern))!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await tx.select().from(approvalRequest).where(where)
    .orderBy(desc(approvalRequest.createdAt), desc(approvalRequest.id)).limit(pageSize).offset((page - 1) * pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(approvalRequest).where(where);
  const pendingIds = rows.filter((r) => r.status === "pending").map((r) => r.id);
  const current = pendingIds.length === 0 ? [] : await tx.select().from(approvalStep)
    .where(and(inArray(approvalStep.requestId, pendingIds), eq(approvalStep.status, "pending"))).limit(pendingIds.length * 4);
  return {
    rows: rows.map((r) => {
      const step = current.filter((s) => s.requestId === r.id).sort((a, b) => a.stepNumber - b.stepNumber)[0];
      return { ...r, currentStep: step ? { id: step.id, stepNumber: step.stepNumber, level: step.level, approverRole: step.approverRole,
        approverUserId: step.approverUserId, dueAt: step.dueAt, activatedAt: step.activatedAt } : null };
    }),
    total: count?.n ?? 0, page, pageSize,
  };
}
