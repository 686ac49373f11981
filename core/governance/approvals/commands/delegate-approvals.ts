import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { notify } from "../../notifications/notify";
import { requirePermission, type Actor } from "../../permissions";
import { appUser, approvalDelegation } from "../../schema";
import { GovernanceApprovalError } from "../errors";
import type { ApprovalDelegationRow } from "../types";

export const DELEGATION_DAYS_MAX = 180;
const DAY_MS = 86_400_000;

export const DelegateApprovalsSchema = z.object({
  /** Admins may delegate for someone else; everyone else delegates their own approvals. */
  fromUserId: z.number().int().positive().optional(),
  toUserId: z.number().int().positive(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  reason: z.string().trim().max(500).nullable().optional(),
}).refine((d) => d.startsAt < d.endsAt, { message: "must be after startsAt", path: ["endsAt"] })
  .refine((d) => d.endsAt.getTime() - d.startsAt.getTime() <= DELEGATION_DAYS_MAX * DAY_MS, { message: `at most ${DELEGATION_DAYS_MAX} days`, path: ["endsAt"] });
export type DelegateApprovalsInput = z.input<typeof DelegateApprovalsSchema>;

function invalid(message: string, details: Record<string, unknown>): never {
  throw new DomainError(GovernanceApprovalError.DELEGATION_INVALID, "invalid", message, details);
}

/** Hands the delegator's approvals to another user for a window (e.g. while on leave). */
export async function delegateApprovals(tx: Tx, actor: Actor, raw: DelegateApprovalsInput): Promise<ApprovalDelegationRow> {
  requirePermission(actor, "approvals:decide");
  const input = parseInput(DelegateApprovalsSchema, raw);
  const fromUserId = input.fromUserId ?? actor.userId;
  if (fromUserId === null) invalid("fromUserId: name the user whose approvals are delegated", {});
  if (fromUserId !== actor.userId) requirePermission(actor, "users:manage");
  if (fromUserId === input.toUserId) invalid("toUserId: a user cannot delegate to themselves", { toUserId: input.toUserId });
  if (input.endsAt <= new Date()) invalid("endsAt: the window has already ended", { endsAt: input.endsAt });
  const users = await tx.select({ id: appUser.id, username: appUser.username, active: appUser.active }).from(appUser)
    .where(inArray(appUser.id, [fromUserId, input.toUserId])).limit(2);
  const to = users.find((u) => u.id === input.toUserId);
  if (!users.some((u) => u.id === fromUserId)) {
    throw new DomainError(GovernanceApprovalError.USER_NOT_FOUND, "not_found", `fromUserId: user ${fromUserId} does not exist`, { userId: fromUserId });
  }
  if (!to?.active) {
    throw new DomainError(GovernanceApprovalError.USER_NOT_FOUND, "not_found", `toUserId: user ${input.toUserId} does not exist or is inactive`, { userId: input.toUserId });
  }
  const [delegation] = await tx.insert(approvalDelegation).values({
    fromUserId, toUserId: input.toUserId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason ?? null,
  }).returning();
  assert(delegation !== undefined, "delegation insert returned no row");
  await recordAudit(tx, actor, { action: "create", objectKind: "approval_delegation", objectId: delegation.id, after: delegation });
  await notify(tx, { userId: input.toUserId, kind: "approval.delegated", title: "Approvals delegated to you",
    body: `You may decide approvals for user ${fromUserId} from ${input.startsAt.toISOString()} to ${input.endsAt.toISOString()}.`, link: "/approvals" });
  return delegation;
}
