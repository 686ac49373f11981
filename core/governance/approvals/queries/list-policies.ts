import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import type { Actor } from "../../permissions";
import { approvalPolicy } from "../../schema";
import { requireApprovalReader } from "../access";
import { rulesOfPolicy } from "../routing";
import type { ApprovalKind, ApprovalPolicyRow, PolicyRule } from "../types";

export const POLICIES_LIST_MAX = 500;

/** A policy version with its rules typed. */
export type ApprovalPolicy = Omit<ApprovalPolicyRow, "rules"> & { rules: PolicyRule[] };

export function typedPolicy(row: ApprovalPolicyRow): ApprovalPolicy {
  return { ...row, rules: rulesOfPolicy(row) };
}

/** Active policies (every version with includeRetired), by kind, global before entity-specific, newest version first. */
export async function listPolicies(tx: Tx, actor: Actor, options: { kind?: ApprovalKind | null; entityId?: number | null; includeRetired?: boolean; limit?: number } = {}): Promise<ApprovalPolicy[]> {
  requireApprovalReader(actor);
  const limit = Math.min(options.limit ?? POLICIES_LIST_MAX, POLICIES_LIST_MAX);
  const conditions: SQL[] = [];
  if (options.kind) conditions.push(eq(approvalPolicy.kind, options.kind));
  if (options.entityId === null) conditions.push(isNull(approvalPolicy.entityId));
  else if (options.entityId !== undefined) conditions.push(eq(approvalPolicy.entityId, options.entityId));
  if (!options.includeRetired) conditions.push(eq(approvalPolicy.active, true));
  const rows = await tx.select().from(approvalPolicy).where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(approvalPolicy.kind), sql`${approvalPolicy.entityId} nulls first`, desc(approvalPolicy.version)).limit(limit);
  return rows.map(typedPolicy);
}
