// What an approved merge does, and what a rejected or withdrawn one ends: the approval handler.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { registerApprovalHandler, type ApprovalHandler, type ApprovalRequestRow } from "../../../governance/approvals";
import { recordAudit } from "../../../governance/audit";
import type { Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError } from "../../../shared/errors";
import { MergeError } from "../errors";
import { MERGE_KIND_SPEC } from "../kinds";
import { reclassifyPartyBalances } from "../ledger-reclass";
import { lockRecordsOrThrow, setRecordActive } from "../records";
import { foreignReferencesTo, repointReference } from "../references";
import { masterMerge } from "../schema";
import { toMasterMerge, type MasterMerge, type MergeSummary } from "../types";

export async function lockMergeOrThrow(tx: Tx, mergeId: number): Promise<MasterMerge> {
  const [row] = await tx.select().from(masterMerge).where(eq(masterMerge.id, mergeId)).for("update");
  if (!row) throw new DomainError(MergeError.NOT_FOUND, "not_found", `Merge ${mergeId} does not exist`, { mergeId });
  return toMasterMerge(row);
}

function mergeIdOf(request: ApprovalRequestRow): number {
  const payload = request.payload as { mergeId?: number } | null;
  assert(payload !== null && typeof payload.mergeId === "number", `approval request ${request.id} names its merge`);
  return payload.mergeId;
}

/** Re-points every foreign key to the survivor, records each moved row, and deactivates the merged record. */
export async function applyMerge(tx: Tx, actor: Actor, mergeId: number): Promise<MasterMerge> {
  const merge = await lockMergeOrThrow(tx, mergeId);
  assert(merge.status === "pending", `merge ${mergeId} is pending when applied`);
  const records = await lockRecordsOrThrow(tx, merge.masterKind, [merge.survivorId, merge.mergedId]);
  const merged = records.get(merge.mergedId)!;
  const summary: MergeSummary = { moved: {}, kept: {}, reclassEntryId: null };
  for (const ref of await foreignReferencesTo(tx, MERGE_KIND_SPEC[merge.masterKind].tableName)) {
    const result = await repointReference(tx, merge.id, ref, merge.mergedId, merge.survivorId);
    const key = `${ref.tableName}.${ref.columnName}`;
    if (result.moved > 0) summary.moved[key] = result.moved;
    if (result.kept.length > 0) summary.kept[key] = result.kept;
  }
  summary.reclassEntryId = await reclassifyPartyBalances(tx, actor,
    { id: merge.id, masterKind: merge.masterKind, entityId: merge.entityId, fromId: merge.mergedId, toId: merge.survivorId, reversal: false });
  await setRecordActive(tx, merge.masterKind, merge.mergedId, false);
  const [row] = await tx.update(masterMerge).set({
    status: "applied", appliedAt: sql`now()`, decidedAt: sql`now()`, mergedWasActive: merged.active, summary,
  }).where(eq(masterMerge.id, merge.id)).returning();
  assert(row?.status === "applied", "the merge is applied");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "master_merge", objectId: merge.id, entityId: merge.entityId,
    before: { status: "pending" }, after: { status: "applied", summary } });
  return toMasterMerge(row);
}

async function endWith(tx: Tx, actor: Actor, request: ApprovalRequestRow, status: "rejected" | "cancelled"): Promise<void> {
  const merge = await lockMergeOrThrow(tx, mergeIdOf(request));
  if (merge.status !== "pending") return;
  await tx.update(masterMerge).set({ status, decidedAt: sql`now()` }).where(eq(masterMerge.id, merge.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "master_merge", objectId: merge.id, entityId: merge.entityId,
    before: { status: "pending" }, after: { status, approvalRequestId: request.id } });
}

export const masterMergeApprovalHandler: ApprovalHandler = {
  onApproved: async (tx, actor, request) => { await applyMerge(tx, actor, mergeIdOf(request)); },
  onRejected: (tx, actor, request) => endWith(tx, actor, request, "rejected"),
  onCancelled: (tx, actor, request) => endWith(tx, actor, request, "cancelled"),
};

registerApprovalHandler("master_merge", masterMergeApprovalHandler);
