import { and, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../permissions";
import { approvalPolicy } from "../../schema";
import { DEFAULT_POLICIES } from "../default-policies";
import { APPROVAL_KINDS, type ApprovalKind, type ApprovalPolicyRow } from "../types";
import { createPolicyVersion } from "./create-policy-version";

/**
 * Installs DEFAULT_POLICIES as version 1 of every kind that has no global policy yet.
 * Idempotent: kinds with any policy (an admin's edit included) are left alone.
 */
export async function installDefaultPolicies(tx: Tx, actor: Actor): Promise<{ installed: ApprovalPolicyRow[]; skippedKinds: ApprovalKind[] }> {
  requirePermission(actor, "governance.policies:manage");
  const existing = await tx.selectDistinct({ kind: approvalPolicy.kind }).from(approvalPolicy)
    .where(and(inArray(approvalPolicy.kind, [...APPROVAL_KINDS]), isNull(approvalPolicy.entityId))).limit(APPROVAL_KINDS.length);
  const present = new Set(existing.map((row) => row.kind));
  const installed: ApprovalPolicyRow[] = [];
  const skippedKinds: ApprovalKind[] = [];
  // One kind at a time: each save takes its own advisory lock and writes its own audit row.
  for (const kind of APPROVAL_KINDS) {
    if (present.has(kind)) {
      skippedKinds.push(kind);
      continue;
    }
    const policy = DEFAULT_POLICIES[kind];
    installed.push(await createPolicyVersion(tx, actor, { kind, name: policy.name, rules: policy.rules }));
  }
  return { installed, skippedKinds };
}
