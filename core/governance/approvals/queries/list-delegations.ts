import { aliasedTable, and, desc, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../permissions";
import { appUser, approvalDelegation } from "../../schema";
import type { ApprovalDelegationRow } from "../types";

export const DELEGATIONS_LIST_MAX = 200;

export type DelegationListRow = ApprovalDelegationRow & { fromName: string; toName: string };

/**
 * Delegations from or to a user (the actor by default; another user or everyone for admins).
 * activeOnly keeps the ones not revoked and not yet ended.
 */
export async function listDelegations(tx: Tx, actor: Actor, options: { userId?: number | null; activeOnly?: boolean; limit?: number } = {}): Promise<DelegationListRow[]> {
  requirePermission(actor, "approvals:decide");
  const userId = options.userId === undefined ? actor.userId : options.userId;
  if (userId !== actor.userId || userId === null) requirePermission(actor, "users:manage");
  const limit = Math.min(options.limit ?? 100, DELEGATIONS_LIST_MAX);
  const conditions: SQL[] = [];
  if (userId !== null) conditions.push(or(eq(approvalDelegation.fromUserId, userId), eq(approvalDelegation.toUserId, userId))!);
  if (options.activeOnly) conditions.push(isNull(approvalDelegation.revokedAt), gt(approvalDelegation.endsAt, new Date()));
  const fromUser = aliasedTable(appUser, "from_user");
  const toUser = aliasedTable(appUser, "to_user");
  const rows = await tx.select({ delegation: approvalDelegation, fromName: fromUser.displayName, toName: toUser.displayName })
    .from(approvalDelegation)
    .innerJoin(fromUser, eq(fromUser.id, approvalDelegation.fromUserId))
    .innerJoin(toUser, eq(toUser.id, approvalDelegation.toUserId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(approvalDelegation.startsAt), desc(approvalDelegation.id)).limit(limit);
  return rows.map((r) => ({ ...r.delegation, fromName: r.fromName, toName: r.toName }));
}
