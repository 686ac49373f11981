import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { DomainError } from "../../../shared/errors";
import type { Actor } from "../../permissions";
import { approvalPolicy } from "../../schema";
import { requireApprovalReader } from "../access";
import { GovernanceApprovalError } from "../errors";
import { typedPolicy, type ApprovalPolicy } from "./list-policies";

export async function getPolicyOrThrow(tx: Tx, actor: Actor, policyId: number): Promise<ApprovalPolicy> {
  requireApprovalReader(actor);
  const [row] = await tx.select().from(approvalPolicy).where(eq(approvalPolicy.id, policyId)).limit(1);
  if (!row) throw new DomainError(GovernanceApprovalError.POLICY_NOT_FOUND, "not_found", `Approval policy ${policyId} does not exist`, { policyId });
  return typedPolicy(row);
}
