import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { appUser, approvalPolicy } from "../../schema";
import { GovernanceApprovalError } from "../errors";
import { PolicyRulesSchema } from "../policy";
import { APPROVAL_KINDS, type ApprovalPolicyRow, type PolicyRule } from "../types";

export const CreatePolicyVersionInput = z.object({
  kind: z.enum(APPROVAL_KINDS),
  entityId: z.number().int().positive().nullable().optional(),
  name: z.string().trim().min(1).max(120),
  rules: PolicyRulesSchema,
});
export type CreatePolicyVersionInput = z.input<typeof CreatePolicyVersionInput>;

function scopeOf(kind: string, entityId: number | null) {
  return and(eq(approvalPolicy.kind, kind), entityId === null ? isNull(approvalPolicy.entityId) : eq(approvalPolicy.entityId, entityId));
}

/** Named approvers must be active users, or the chain could never be decided. */
async function assertApproverUsersExist(tx: Tx, rules: PolicyRule[]): Promise<void> {
  const userIds = [...new Set(rules.flatMap((r) => (r.outcome.type === "chain" ? r.outcome.steps : []))
    .map((s) => s.approverUserId).filter((id): id is number => id !== undefined))];
  if (userIds.length === 0) return;
  const found = await tx.select({ id: appUser.id }).from(appUser)
    .where(and(inArray(appUser.id, userIds), eq(appUser.active, true))).limit(userIds.length);
  const missing = userIds.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) {
    throw new DomainError(GovernanceApprovalError.POLICY_APPROVER_UNKNOWN, "invalid",
      `rules: approverUserId ${missing.join(", ")} is not an active user`, { userIds: missing });
  }
}

/**
 * Saves a policy as a new version: the active version of the same kind and entity is retired
 * and version+1 inserted, so requests already routed keep pointing at the version that routed them.
 */
export async function createPolicyVersion(tx: Tx, actor: Actor, raw: CreatePolicyVersionInput): Promise<ApprovalPolicyRow> {
  requirePermission(actor, "governance.policies:manage");
  const input = parseInput(CreatePolicyVersionInput, raw);
  const entityId = input.entityId ?? null;
  await assertApproverUsersExist(tx, input.rules);
  // Serializes concurrent saves of one policy so version numbers stay gapless and unique.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`approval_policy|${input.kind}|${entityId ?? ""}`}, 0))`);
  const [latest] = await tx.select({ version: sql<number>`coalesce(max(${approvalPolicy.version}), 0)::int` })
    .from(approvalPolicy).where(scopeOf(input.kind, entityId));
  const now = new Date();
  const retired = await tx.update(approvalPolicy).set({ active: false, retiredAt: now })
    .where(and(scopeOf(input.kind, entityId), eq(approvalPolicy.active, true))).returning({ id: approvalPolicy.id, version: approvalPolicy.version });
  assert(retired.length <= 1, `more than one active ${input.kind} policy`);
  const [created] = await tx.insert(approvalPolicy).values({
    kind: input.kind, entityId, name: input.name, version: (latest?.version ?? 0) + 1,
    rules: input.rules, active: true, createdByUserId: actor.userId,
  }).returning();
  assert(created !== undefined, "policy insert returned no row");
  await recordAudit(tx, actor, {
    action: "create", objectKind: "approval_policy", objectId: created.id, entityId,
    before: retired[0] ? { policyId: retired[0].id, version: retired[0].version } : null,
    after: { kind: created.kind, name: created.name, version: created.version, rules: created.rules },
  });
  return created;
}
