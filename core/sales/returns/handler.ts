// What a decided return_authorization request does to its RMA. Registered by ./index.ts at
// import time, so every process that loads returns can decide RMA requests.
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { ApprovalHandler, ApprovalRequestRow } from "../../governance/approvals/types";
import type { Actor } from "../../governance/permissions";
import { DomainError } from "../../shared/errors";
import { returnAuthorization } from "../schema";
import { ReturnsError } from "./errors";

async function decide(tx: Tx, request: ApprovalRequestRow, status: "approved" | "rejected" | "cancelled"): Promise<void> {
  const rmaId = Number(request.subjectId);
  const updated = await tx.update(returnAuthorization).set({ status, updatedAt: new Date() })
    .where(and(eq(returnAuthorization.id, rmaId), eq(returnAuthorization.status, "requested"))).returning({ id: returnAuthorization.id });
  if (updated.length !== 1) {
    throw new DomainError(ReturnsError.RETURN_NOT_PENDING, "conflict", `Return authorization ${rmaId} is no longer waiting for a decision`, { rmaId, requestId: request.id });
  }
}

export const returnAuthorizationHandler: ApprovalHandler = {
  onApproved: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => decide(tx, request, "approved"),
  onRejected: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => decide(tx, request, "rejected"),
  onCancelled: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => decide(tx, request, "cancelled"),
};
