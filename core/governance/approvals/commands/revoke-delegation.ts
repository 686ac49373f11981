import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { approvalDelegation } from "../../schema";
import { GovernanceApprovalError } from "../errors";
import type { ApprovalDelegationRow } from "../types";

export const RevokeDelegationSchema = z.object({ delegationId: z.number().int().positive() });
export type RevokeDelegationInput = z.input<typeof RevokeDelegationSchema>;

/** Ends a delegation now; the delegator, the delegate or an admin may revoke it. */
export async function revokeDelegation(tx: Tx, actor: Actor, raw: RevokeDelegationInput): Promise<ApprovalDelegationRow> {
  requirePermission(actor, "approvals:decide");
  const input = parseInput(RevokeDelegationSchema, raw);
  const [delegation] = await tx.select().from(approvalDelegation).where(eq(approvalDelegation.id, input.delegationId)).for("update").limit(1);
  if (!delegation) {
    throw new DomainError(GovernanceApprovalError.DELEGATION_NOT_FOUND, "not_found", `Delegation ${input.delegationId} does not exist`, input);
  }
  const party = actor.userId !== null && (actor.userId === delegation.fromUserId || actor.userId === delegation.toUserId);
  if (!party) requirePermission(actor, "users:manage");
  const now = new Date();
  if (delegation.revokedAt !== null || delegation.endsAt <= now) {
    throw new DomainError(GovernanceApprovalError.DELEGATION_NOT_ACTIVE, "conflict", `Delegation ${delegation.id} has already ended`, input);
  }
  const [revoked] = await tx.update(approvalDelegation).set({ revokedAt: now })
    .where(eq(approvalDelegation.id, delegation.id)).returning();
  assert(revoked !== undefined, `delegation ${delegation.id} vanished while locked`);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "approval_delegation", objectId: delegation.id,
    before: { revokedAt: null }, after: { revokedAt: now } });
  return revoked;
}
