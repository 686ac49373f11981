// The approval engine's public surface: other contexts import only this file.
export * from "./types";
export { GovernanceApprovalError, type GovernanceApprovalErrorCode } from "./errors";
export {
  PolicyRulesSchema, PolicyRuleSchema, PolicyConditionSchema, PolicyStepSchema, PolicyOutcomeSchema, ApprovalFactsSchema,
  evaluatePolicy, conditionHolds, planSteps, factsToJson, factsFromJson, factClassOf,
  FACT_NAMES, CONDITION_OPERATORS, MONEY_FACTS, NUMBER_FACTS, STRING_FACTS, LIST_FACTS,
  POLICY_RULES_MAX, POLICY_CONDITIONS_MAX, POLICY_STEPS_MAX, TIME_LIMIT_HOURS_MIN, TIME_LIMIT_HOURS_MAX, MATERIALITY_AUTO_REASON,
  type PolicyMatch, type PlannedStep, type StepPlan,
} from "./policy";
export { DEFAULT_POLICIES, type DefaultPolicy } from "./default-policies";
export { registerApprovalHandler, approvalHandlerFor } from "./registry";
export { approvalLink } from "./lifecycle";
export { createPolicyVersion, CreatePolicyVersionInput } from "./commands/create-policy-version";
export { installDefaultPolicies } from "./commands/install-default-policies";
export { submitApproval, SubmitApprovalSchema } from "./commands/submit-approval";
export { decideApprovalStep, DecideApprovalStepSchema } from "./commands/decide-approval-step";
export { cancelApprovalRequest, CancelApprovalRequestSchema, type CancelApprovalRequestInput } from "./commands/cancel-approval-request";
export { escalateOverdueSteps, ESCALATION_BATCH_MAX, ESCALATION_FALLBACK_ROLE } from "./commands/escalate-overdue-steps";
export { delegateApprovals, DelegateApprovalsSchema, DELEGATION_DAYS_MAX, type DelegateApprovalsInput } from "./commands/delegate-approvals";
export { revokeDelegation, RevokeDelegationSchema, type RevokeDelegationInput } from "./commands/revoke-delegation";
export { listPolicies, POLICIES_LIST_MAX, type ApprovalPolicy } from "./queries/list-policies";
export { getPolicyOrThrow } from "./queries/get-policy";
export { getApprovalRequestOrThrow, type ApprovalRequestDetail, type ApprovalStepDetail } from "./queries/get-approval-request";
export { listMyApprovals, MY_APPROVALS_MAX, type MyApproval } from "./queries/list-my-approvals";
export { listApprovalRequests, APPROVAL_REQUESTS_PAGE_SIZE_MAX, type ApprovalRequestSummary, type ApprovalRequestPage } from "./queries/list-approval-requests";
export { approvalCycleTimes, ApprovalCycleTimesSchema, type ApprovalCycleTimesInput, type ApprovalCycleTimes, type StepCycleTime, type RequestCycleTime } from "./queries/approval-cycle-times";
export { listDelegations, DELEGATIONS_LIST_MAX, type DelegationListRow } from "./queries/list-delegations";
