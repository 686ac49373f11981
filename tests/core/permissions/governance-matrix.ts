// Matrix rows for users and roles, segregation-of-duties rules, exception queues, the audit
// log and notifications. Exception commands need exceptions:manage and, on top, one of the
// roles the item is addressed to (its owner role or an audience role; admins see every queue),
// so they are tested on items owned by warehouse, one of them also addressed to sales.
// raiseException and raiseCrossFunctionalAlert have no permission by design (other modules'
// commands raise into the queues after their own checks), so they are not rows; neither is
// raiseCompensatingReview, which assignRole and createUser call. listMyNotifications needs no
// permission: it returns only what is addressed to the actor or the actor's roles.
import assert from "node:assert/strict";
import { createUser } from "../../../core/governance";
import {
  assignException, bulkAssignExceptions, dismissException, exceptionCycleTimes, exceptionQueueSummary, getExceptionOrThrow, listExceptions,
  resolveException,
} from "../../../core/governance/exceptions";
import { searchAuditLog } from "../../../core/governance/audit-queries";
import { listUsers } from "../../../core/governance/queries/list-users";
import { listMyNotifications } from "../../../core/governance/notifications/notify";
import { ROLES, SYSTEM_ACTOR } from "../../../core/governance/permissions";
import {
  assignRole, installDefaultSodRules, listSodRules, revokeRole, setSodRuleActive, sodConflictReport, upsertSodRule,
} from "../../../core/governance/sod";
import { rolesHoldingAny } from "./approvals-matrix";
import type { PermissionFixture } from "./fixture";
import type { PermissionCase } from "./matrix";

type Row = PermissionCase<PermissionFixture, any>;

const userRows: Row[] = [
  { name: "createUser", permission: "users:manage",
    run: (tx, actor) => createUser(tx, actor, { username: "perm.newcomer", displayName: "Newcomer", password: "newcomer-password-1", roles: ["sales"] }) },
  { name: "assignRole", permission: "users:manage",
    check: (result: { assigned: boolean }) => assert.equal(result.assigned, true),
    run: (tx, actor, f) => assignRole(tx, actor, { userId: f.standIn.userId!, role: "planner" }) },
  { name: "revokeRole", permission: "users:manage", run: (tx, actor, f) => revokeRole(tx, actor, { userId: f.absent.userId!, role: "planner" }) },
];

const SOD_READERS = rolesHoldingAny(["audit:read", "governance.sod:manage"]);

const sodRows: Row[] = [
  { name: "installDefaultSodRules", permission: "governance.sod:manage",
    check: (result: { inserted: number }) => assert.ok(result.inserted > 0),
    run: (tx, actor) => installDefaultSodRules(tx, actor) },
  { name: "upsertSodRule", permission: "governance.sod:manage",
    run: (tx, actor) => upsertSodRule(tx, actor, { permissionA: "masters.prices:write", permissionB: "payments:approve", mode: "review",
      description: "setting prices and approving supplier payments" }) },
  { name: "setSodRuleActive", permission: "governance.sod:manage",
    prepare: async (tx) => (await upsertSodRule(tx, SYSTEM_ACTOR, { permissionA: "ledger:post", permissionB: "payments:approve", mode: "review",
      description: "posting journals and approving payments" })).id,
    run: (tx, actor, _f, ruleId: number) => setSodRuleActive(tx, actor, { ruleId, active: false }) },
  { name: "listSodRules", allowed: SOD_READERS, run: (tx, actor) => listSodRules(tx, actor) },
  { name: "sodConflictReport", allowed: SOD_READERS, run: (tx, actor) => sodConflictReport(tx, actor) },
];

/** Owner warehouse and audience sales; admins work every queue. Executives hold no exceptions:manage. */
const SHARED_ITEM_WORKERS = ["admin", "warehouse", "sales"] as const;
const WAREHOUSE_ITEM_WORKERS = ["admin", "warehouse"] as const;

const exceptionRows: Row[] = [
  { name: "assignException(owner only)", allowed: WAREHOUSE_ITEM_WORKERS,
    run: (tx, actor, f) => assignException(tx, actor, { exceptionId: f.warehouseExceptionIds[0], userId: f.actors.warehouse.userId! }) },
  { name: "assignException(owner and audience)", allowed: SHARED_ITEM_WORKERS,
    run: (tx, actor, f) => assignException(tx, actor, { exceptionId: f.sharedExceptionId, userId: f.actors.warehouse.userId! }) },
  { name: "bulkAssignExceptions", allowed: WAREHOUSE_ITEM_WORKERS,
    check: (result: unknown[]) => assert.equal(result.length, 2),
    run: (tx, actor, f) => bulkAssignExceptions(tx, actor, { exceptionIds: [...f.warehouseExceptionIds], userId: f.actors.warehouse.userId! }) },
  { name: "resolveException", allowed: SHARED_ITEM_WORKERS,
    run: (tx, actor, f) => resolveException(tx, actor, { exceptionId: f.sharedExceptionId, reason: "recounted: the bin was right" }) },
  { name: "dismissException", allowed: SHARED_ITEM_WORKERS,
    run: (tx, actor, f) => dismissException(tx, actor, { exceptionId: f.sharedExceptionId, reason: "duplicate of another count" }) },
  { name: "getExceptionOrThrow", allowed: SHARED_ITEM_WORKERS, run: (tx, actor, f) => getExceptionOrThrow(tx, actor, f.sharedExceptionId) },
  { name: "listExceptions", permission: "exceptions:read", run: (tx, actor) => listExceptions(tx, actor) },
  { name: "exceptionQueueSummary", permission: "exceptions:read", run: (tx, actor) => exceptionQueueSummary(tx, actor) },
  { name: "exceptionCycleTimes", permission: "exceptions:read", run: (tx, actor) => exceptionCycleTimes(tx, actor) },
];

const otherRows: Row[] = [
  { name: "searchAuditLog", permission: "audit:read", run: (tx, actor) => searchAuditLog(tx, actor, { objectKind: "customer" }) },
  // Pickers need exceptions:manage, approvals:decide or users:manage; every role holds approvals:decide.
  { name: "listUsers", permission: "approvals:decide", run: (tx, actor) => listUsers(tx, actor, { role: "sales" }) },
  { name: "listMyNotifications", allowed: ROLES, run: (tx, actor) => listMyNotifications(tx, actor) },
];

export const GOVERNANCE_MATRIX: Row[] = [...userRows, ...sodRows, ...exceptionRows, ...otherRows];
