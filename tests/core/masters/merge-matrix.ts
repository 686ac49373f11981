// Matrix rows for duplicate merges. Requesting and reversing a merge needs the write permission of
// the master's kind (customers: masters.customers:write, held by admin and sales; suppliers:
// masters.suppliers:write, admin and buyer); reads and the "resembles an existing record" check
// need masters:read. The approval itself is decided through decideApprovalStep (approvals matrix).
import assert from "node:assert/strict";
import type { Tx } from "../../../core/db/client";
import { decideApprovalStep, installDefaultPolicies } from "../../../core/governance/approvals";
import { SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance/permissions";
import { createMaster } from "../../../core/masters";
import {
  findSimilarMasters, getMasterMergeOrThrow, listMasterMerges, mergeReferenceCounts, requestMasterMerge, reverseMasterMerge,
} from "../../../core/masters/merge";
import type { PermissionCase } from "../permissions/matrix";

type MergeFixture = { entityId: number; masters: { customer: number | string; supplier: number | string }; actors: Record<Role, Actor> };
type Row = PermissionCase<MergeFixture, any>;

/** A second customer like the fixture's "Corner Store", and the default policies (master_merge among them). */
async function duplicateCustomer(tx: Tx, f: MergeFixture): Promise<number> {
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
  const dup = await createMaster(tx, SYSTEM_ACTOR, "customer", { entityId: f.entityId, code: "C1-DUP", name: "Corner Store Inc", currency: "USD", paymentTermCode: "NET30" });
  return dup.id;
}

async function pendingMerge(tx: Tx, f: MergeFixture): Promise<{ mergeId: number; requestId: number }> {
  const mergedId = await duplicateCustomer(tx, f);
  const requested = await requestMasterMerge(tx, SYSTEM_ACTOR, { masterKind: "customer", survivorId: Number(f.masters.customer), mergedId });
  return { mergeId: requested.merge.id, requestId: requested.approvalRequestId };
}

async function appliedMerge(tx: Tx, f: MergeFixture): Promise<number> {
  const { mergeId, requestId } = await pendingMerge(tx, f);
  await decideApprovalStep(tx, f.actors.sales, { requestId, decision: "approve" });
  return mergeId;
}

export const MERGE_MATRIX: readonly Row[] = [
  { name: "requestMasterMerge(customer)", permission: "masters.customers:write",
    prepare: duplicateCustomer,
    check: (result: { merge: { status: string } }) => assert.equal(result.merge.status, "pending"),
    run: (tx, actor, f, mergedId: number) => requestMasterMerge(tx, actor, { masterKind: "customer", survivorId: Number(f.masters.customer), mergedId }) },
  { name: "reverseMasterMerge(customer)", permission: "masters.customers:write",
    prepare: appliedMerge,
    check: (result: { merge: { status: string } }) => assert.equal(result.merge.status, "reversed"),
    run: (tx, actor, _f, mergeId: number) => reverseMasterMerge(tx, actor, { mergeId, reason: "Two shops after all" }) },
  { name: "listMasterMerges", permission: "masters:read",
    prepare: pendingMerge,
    check: (result: unknown[]) => assert.equal(result.length, 1),
    run: (tx, actor) => listMasterMerges(tx, actor, { statuses: ["pending"] }) },
  { name: "getMasterMergeOrThrow", permission: "masters:read",
    prepare: pendingMerge,
    check: (result: { comparison: unknown[] }) => assert.ok(result.comparison.length > 0),
    run: (tx, actor, _f, p: { mergeId: number }) => getMasterMergeOrThrow(tx, actor, p.mergeId) },
  { name: "mergeReferenceCounts", permission: "masters:read",
    prepare: appliedMerge,
    run: (tx, actor, _f, mergeId: number) => mergeReferenceCounts(tx, actor, mergeId) },
  { name: "findSimilarMasters", permission: "masters:read",
    check: (result: { code: string }[]) => assert.deepEqual(result.map((r) => r.code), ["C1"]),
    run: (tx, actor, f) => findSimilarMasters(tx, actor, { masterKind: "customer", entityId: f.entityId, name: "Corner Stores" }) },
];
