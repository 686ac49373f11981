// Matrix rows for the approval engine. Most rows are a plain permission (approvals:submit and
// approvals:decide are held by every role; policies need governance.policies:manage). Three
// rules are role- or person-based and are tested with a request or delegation prepared in the
// same rolled-back transaction:
// - decideApprovalStep: only a holder of the current step's role may decide it (others get
//   GOVERNANCE_NOT_APPROVER 403, admins included: escalation, not the admin role, reaches them),
//   and the user who entered the request is refused with GOVERNANCE_SOD_SELF_APPROVAL 403;
// - cancelApprovalRequest: only the requester (others: GOVERNANCE_NOT_REQUESTER 403);
// - delegations: your own need approvals:decide; someone else's need users:manage, and the
//   delegator or the delegate may revoke one without it.
// escalateOverdueSteps takes no actor (it is the escalation job) and is not a row.
import assert from "node:assert/strict";
import type { Tx } from "../../../core/db/client";
import {
  approvalCycleTimes, cancelApprovalRequest, createPolicyVersion, decideApprovalStep, DEFAULT_POLICIES, delegateApprovals, getApprovalRequestOrThrow,
  getPolicyOrThrow, GovernanceApprovalError, installDefaultPolicies, listApprovalRequests, listDelegations, listMyApprovals, listPolicies,
  revokeDelegation, submitApproval, type ApprovalRequestRow,
} from "../../../core/governance/approvals";
import { ROLES, SYSTEM_ACTOR, type Actor, type Permission, type Role } from "../../../core/governance/permissions";
import { changeMaster, type MasterKind } from "../../../core/masters";
import type { PermissionFixture } from "./fixture";
import { rolesHolding, type PermissionCase, type Refusal } from "./matrix";

type Row = PermissionCase<PermissionFixture, any>;

const DAY_MS = 86_400_000;

export function rolesHoldingAny(permissions: readonly Permission[]): Role[] {
  return ROLES.filter((role) => permissions.some((permission) => rolesHolding(permission).includes(role)));
}

/** Every role outside allowed (and not listed in special) is refused with this error. */
export function othersRefusedWith(allowed: readonly Role[], refusal: Refusal, special: Partial<Record<Role, Refusal>> = {}): Partial<Record<Role, Refusal>> {
  return Object.fromEntries(ROLES.filter((role) => !allowed.includes(role)).map((role) => [role, special[role] ?? refusal]));
}

const NOT_APPROVER: Refusal = { code: GovernanceApprovalError.NOT_APPROVER, status: 403 };
const SELF_APPROVAL: Refusal = { code: GovernanceApprovalError.SOD_SELF_APPROVAL, status: 403 };
const NOT_REQUESTER: Refusal = { code: GovernanceApprovalError.NOT_REQUESTER, status: 403 };

/** A pending master_data_change request, entered by `by` through changeMaster. */
async function pendingChange(tx: Tx, by: Actor, kind: MasterKind, key: string | number, patch: Record<string, unknown>): Promise<number> {
  const result = await changeMaster(tx, by, kind, key, patch);
  assert.equal(result.status, "pending_approval", `${kind} change by ${by.username} should wait for approval`);
  return result.request!.id;
}

const decideRows: Row[] = [
  { name: "decideApprovalStep(sales step)", allowed: ["sales"], refusedWith: othersRefusedWith(["sales"], NOT_APPROVER),
    // An admin renames a customer: it is owned by sales, so the request's one step is the sales role.
    prepare: (tx, f) => pendingChange(tx, f.requester, "customer", f.masters.customer, { name: "Corner Store & Co" }),
    check: (result: ApprovalRequestRow) => assert.equal(result.status, "approved"),
    run: (tx, actor, _f, requestId: number) => decideApprovalStep(tx, actor, { requestId, decision: "approve" }) },
  { name: "decideApprovalStep(controller step)", allowed: ["controller"], refusedWith: othersRefusedWith(["controller"], NOT_APPROVER),
    prepare: (tx, f) => pendingChange(tx, f.requester, "account", f.masters.account, { name: "Office and sundry supplies" }),
    check: (result: ApprovalRequestRow) => assert.equal(result.status, "approved"),
    run: (tx, actor, _f, requestId: number) => decideApprovalStep(tx, actor, { requestId, decision: "approve" }) },
  { name: "decideApprovalStep(own request)", allowed: [], refusedWith: othersRefusedWith([], NOT_APPROVER, { sales: SELF_APPROVAL }),
    // The sales user raises a credit limit (a governed field): the first step is sales, which they hold but may not use.
    prepare: (tx, f) => pendingChange(tx, f.actors.sales, "customer", f.masters.customer, { creditLimitMinor: 2_500_000 }),
    run: (tx, actor, _f, requestId: number) => decideApprovalStep(tx, actor, { requestId, decision: "approve" }) },
  { name: "cancelApprovalRequest", allowed: ["buyer"], refusedWith: othersRefusedWith(["buyer"], NOT_REQUESTER),
    prepare: (tx, f) => pendingChange(tx, f.actors.buyer, "supplier", f.masters.supplier, { bankName: "Second Bank" }),
    check: (result: ApprovalRequestRow) => assert.equal(result.status, "cancelled"),
    run: (tx, actor, _f, requestId: number) => cancelApprovalRequest(tx, actor, { requestId, reason: "entered by mistake" }) },
  { name: "submitApproval", permission: "approvals:submit",
    check: (result: { request: ApprovalRequestRow }) => assert.equal(result.request.status, "pending"),
    run: (tx, actor, f) => submitApproval(tx, actor, { kind: "purchase_order", entityId: f.entityId, subjectType: "purchase_order", subjectId: "PO-PERM-1",
      title: "Purchase order PO-PERM-1", facts: { amountMinor: 1_000_000n, supplierId: f.masters.supplier as number } }) },
];

const policyRows: Row[] = [
  { name: "createPolicyVersion", permission: "governance.policies:manage",
    run: (tx, actor) => createPolicyVersion(tx, actor, { kind: "journal_exception", name: "Journal exceptions", rules: DEFAULT_POLICIES.journal_exception.rules }) },
  { name: "installDefaultPolicies", permission: "governance.policies:manage",
    check: (result: { installed: unknown[] }) => assert.ok(result.installed.length > 0),
    run: (tx, actor) => installDefaultPolicies(tx, actor) },
];

const inAWeek = () => ({ startsAt: new Date(), endsAt: new Date(Date.now() + 7 * DAY_MS) });

const delegationRows: Row[] = [
  { name: "delegateApprovals(own)", permission: "approvals:decide",
    run: (tx, actor, f) => delegateApprovals(tx, actor, { toUserId: f.standIn.userId!, ...inAWeek() }) },
  { name: "delegateApprovals(for another user)", allowed: rolesHolding("users:manage"),
    run: (tx, actor, f) => delegateApprovals(tx, actor, { fromUserId: f.absent.userId!, toUserId: f.requester.userId!, ...inAWeek() }) },
  { name: "revokeDelegation(of others)", allowed: rolesHolding("users:manage"),
    run: (tx, actor, f) => revokeDelegation(tx, actor, { delegationId: f.delegationId }) },
  { name: "revokeDelegation(as delegator or delegate)", allowed: ["admin", "controller", "executive"],
    prepare: async (tx, f) => (await delegateApprovals(tx, SYSTEM_ACTOR, {
      fromUserId: f.actors.controller.userId!, toUserId: f.actors.executive.userId!, ...inAWeek() })).id,
    run: (tx, actor, _f, delegationId: number) => revokeDelegation(tx, actor, { delegationId }) },
];

const READERS = rolesHoldingAny(["approvals:submit", "approvals:decide", "governance.policies:manage", "audit:read"]);

const queryRows: Row[] = [
  { name: "listPolicies", allowed: READERS, run: (tx, actor) => listPolicies(tx, actor) },
  { name: "getPolicyOrThrow", allowed: READERS, run: (tx, actor, f) => getPolicyOrThrow(tx, actor, f.policyId) },
  { name: "listApprovalRequests", allowed: READERS, run: (tx, actor) => listApprovalRequests(tx, actor) },
  { name: "getApprovalRequestOrThrow", allowed: READERS,
    prepare: (tx, f) => pendingChange(tx, f.requester, "item", f.masters.item, { description: "Ball-peen hammer" }),
    run: (tx, actor, _f, requestId: number) => getApprovalRequestOrThrow(tx, actor, requestId) },
  { name: "listMyApprovals", permission: "approvals:decide", run: (tx, actor) => listMyApprovals(tx, actor) },
  { name: "approvalCycleTimes", permission: "audit:read", run: (tx, actor) => approvalCycleTimes(tx, actor) },
  { name: "listDelegations(own)", permission: "approvals:decide", run: (tx, actor) => listDelegations(tx, actor, { userId: actor.userId }) },
  { name: "listDelegations(of another user)", allowed: rolesHolding("users:manage"),
    run: (tx, actor, f) => listDelegations(tx, actor, { userId: f.absent.userId }) },
];

export const APPROVALS_MATRIX: Row[] = [...decideRows, ...policyRows, ...delegationRows, ...queryRows];
