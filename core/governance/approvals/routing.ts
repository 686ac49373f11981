// Re-derives a request's route from the policy version that routed it. Policy versions are
// never edited (a change inserts a new version), so evaluating the recorded version's rules on
// the recorded facts reproduces the same rule and chain: the time limits and escalation roles
// that the step rows do not store.
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { approvalPolicy } from "../schema";
import { evaluatePolicy, factsFromJson, planSteps, PolicyRulesSchema, type PolicyMatch, type PlannedStep, type StepPlan } from "./policy";
import type { ApprovalPolicyRow, ApprovalRequestRow, PolicyRule } from "./types";

export type RequestRoute = { policy: ApprovalPolicyRow; match: PolicyMatch; plan: StepPlan };

/** Stored rules were validated on save; a row that no longer parses is a broken invariant. */
export function rulesOfPolicy(policy: ApprovalPolicyRow): PolicyRule[] {
  const parsed = PolicyRulesSchema.safeParse(policy.rules);
  assert(parsed.success, `approval policy ${policy.id} holds rules that do not validate`);
  return parsed.data;
}

export function routeWithPolicy(policy: ApprovalPolicyRow, request: ApprovalRequestRow): RequestRoute {
  assert(request.policyId === policy.id, "the route comes from the request's own policy");
  const facts = factsFromJson(request.facts);
  const match = evaluatePolicy(rulesOfPolicy(policy), facts);
  assert(match !== null, `request ${request.id} no longer matches a rule of policy ${policy.id}`);
  return { policy, match, plan: planSteps(match.outcome, facts.amountMinor) };
}

export async function routeOfRequest(tx: Tx, request: ApprovalRequestRow): Promise<RequestRoute> {
  assert(request.policyId !== null, `request ${request.id} records no policy`);
  const [policy] = await tx.select().from(approvalPolicy).where(eq(approvalPolicy.id, request.policyId)).limit(1);
  assert(policy !== undefined, `policy ${request.policyId} of request ${request.id} is missing`);
  return routeWithPolicy(policy, request);
}

export function plannedStepOf(route: RequestRoute, stepNumber: number): PlannedStep {
  const planned = route.plan.steps.find((s) => s.stepNumber === stepNumber);
  assert(planned !== undefined, `policy ${route.policy.id} has no step ${stepNumber}`);
  return planned;
}
