import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { approvalRequest } from "../schema";
import { ChangeControlError } from "./errors";
import { MasterChangePayload } from "./payload";

export const PENDING_CHANGES_PER_ROW_MAX = 100;

/**
 * Refuses a second request for fields of a row that a pending request already changes: the
 * later one to be approved would always be stale, so ask for a decision on the first instead.
 */
export async function refuseOverlappingPendingChange(tx: Tx, subjectType: string, subjectId: string, fields: readonly string[]): Promise<void> {
  const pending = await tx.select({ id: approvalRequest.id, payload: approvalRequest.payload }).from(approvalRequest)
    .where(and(eq(approvalRequest.kind, "master_data_change"), eq(approvalRequest.subjectType, subjectType),
      eq(approvalRequest.subjectId, subjectId), eq(approvalRequest.status, "pending")))
    .limit(PENDING_CHANGES_PER_ROW_MAX);
  for (const request of pending) {
    const payload = MasterChangePayload.safeParse(request.payload);
    const overlap = payload.success ? fields.filter((name) => name in payload.data.patch) : [...fields];
    if (overlap.length === 0) continue;
    throw new DomainError(ChangeControlError.CHANGE_PENDING, "conflict",
      `Change request ${request.id} for ${subjectType} ${subjectId} already changes ${overlap.join(", ")} and waits for a decision`,
      { requestId: request.id, subjectType, subjectId, fields: overlap });
  }
}
