import type { Tx } from "../../db/client";
import type { Actor, Role } from "../permissions";
import type { approvalDelegation, approvalPolicy, approvalRequest, approvalStep } from "../schema";

/** Document and event kinds that route through the approval engine. */
export const APPROVAL_KINDS = [
  "pricing_override", "credit_release", "purchase_order", "inventory_adjustment", "return_authorization",
  "intercompany_transfer", "journal_exception", "master_data_change", "period_reopen", "payment_run", "role_assignment_review",
  "manual_journal", "master_merge",
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/**
 * Facts a policy's conditions read. Money facts are base-currency minor units (bigint in
 * TypeScript, decimal strings in JSON); marginImpactBps is the margin given away in basis points.
 */
export type ApprovalFacts = {
  entityId?: number | null;
  amountMinor?: bigint | null;
  quantityValueMinor?: bigint | null;
  marginImpactBps?: number | null;
  customerTier?: string | null;
  customerId?: number | null;
  supplierId?: number | null;
  /** Master-data changes: which kind and fields. */
  masterKind?: string | null;
  fields?: string[] | null;
};
export type FactName = keyof ApprovalFacts;

export type ConditionOperator = "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "in" | "not_in" | "contains";
/** One test over a fact; numbers and money compare exactly (money as integer strings). */
export type PolicyCondition = { fact: FactName; op: ConditionOperator; value: string | number | boolean | (string | number)[] };

export type PolicyStep = {
  /** Who decides: a role, or one named user. */
  approverRole?: Role;
  approverUserId?: number;
  /** The step applies only when amountMinor >= this (materiality); omitted = always. */
  thresholdMinor?: string | null;
  /** Overdue after this many hours; the escalation job then hands the step to escalateToRole. */
  timeLimitHours: number;
  escalateToRole?: Role;
};

export type PolicyOutcome =
  | { type: "auto_approve"; reason: string }
  | { type: "chain"; steps: PolicyStep[] };

/** Rules are tried in order; the first whose conditions all hold decides. A rule with no conditions always matches. */
export type PolicyRule = { name: string; when: PolicyCondition[]; outcome: PolicyOutcome };

export type ApprovalRequestRow = typeof approvalRequest.$inferSelect;
export type ApprovalStepRow = typeof approvalStep.$inferSelect;

export type SubmitApprovalInput = {
  kind: ApprovalKind;
  entityId?: number | null;
  subjectType: string;
  subjectId: string | number;
  title: string;
  facts: ApprovalFacts;
  /** What the kind's handler applies on approval. JSON-safe after bigint → string. */
  payload?: unknown;
  idempotencyKey?: string | null;
};

export type SubmittedApproval = {
  request: ApprovalRequestRow;
  steps: ApprovalStepRow[];
  /** True when a policy rule auto-approved it (the handler has already applied it). */
  autoApproved: boolean;
};

/**
 * What a document's module does when its request is decided. Registered per kind with
 * registerApprovalHandler; called inside the deciding transaction, exactly once.
 */
export type ApprovalHandler = {
  onApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  onRejected?(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  /** Called when the requester withdraws a pending request; nothing of the payload has applied. */
  onCancelled?(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
};

export type ApprovalDecision = "approve" | "reject";

export type DecideApprovalStepInput = { requestId: number; decision: ApprovalDecision; comment?: string | null };

export type ApprovalPolicyRow = typeof approvalPolicy.$inferSelect;
export type ApprovalDelegationRow = typeof approvalDelegation.$inferSelect;
