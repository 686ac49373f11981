import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { MergeError } from "../errors";
import { MERGE_KINDS, MERGE_LIST_MAX, MERGE_STATUSES } from "../kinds";
import { compareRecords, lockRecordsOrThrow, type MasterRecord } from "../records";
import { masterMerge, masterMergeReversal } from "../schema";
import { toMasterMerge, type MasterMerge, type MergeFieldReason } from "../types";

export const ListMasterMergesInput = z.object({
  masterKind: z.enum(MERGE_KINDS).optional(),
  statuses: z.array(z.enum(MERGE_STATUSES)).min(1).optional(),
  entityId: z.number().int().positive().optional(),
  limit: z.number().int().positive().max(MERGE_LIST_MAX).default(100),
});
export type ListMasterMergesInput = z.input<typeof ListMasterMergesInput>;

export async function listMasterMerges(tx: Tx, actor: Actor, raw: ListMasterMergesInput = {}): Promise<MasterMerge[]> {
  requirePermission(actor, "masters:read");
  const input = parseInput(ListMasterMergesInput, raw);
  const where: SQL[] = [];
  if (input.masterKind) where.push(eq(masterMerge.masterKind, input.masterKind));
  if (input.statuses) where.push(inArray(masterMerge.status, input.statuses));
  if (input.entityId) where.push(eq(masterMerge.entityId, input.entityId));
  const rows = await tx.select().from(masterMerge).where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(masterMerge.id)).limit(input.limit);
  return rows.map(toMasterMerge);
}

export type MasterMergeDetail = {
  merge: MasterMerge;
  survivor: MasterRecord;
  merged: MasterRecord;
  /** Compared now, so the side-by-side shows the records as they are today. */
  comparison: MergeFieldReason[];
  reversal: { id: number; reason: string; createdAt: Date; restored: unknown } | null;
};

/** The side-by-side view of a merge request: both records, field by field, and its reversal if any. */
export async function getMasterMergeOrThrow(tx: Tx, actor: Actor, mergeId: number): Promise<MasterMergeDetail> {
  requirePermission(actor, "masters:read");
  const [row] = await tx.select().from(masterMerge).where(eq(masterMerge.id, mergeId));
  if (!row) throw new DomainError(MergeError.NOT_FOUND, "not_found", `Merge ${mergeId} does not exist`, { mergeId });
  const merge = toMasterMerge(row);
  const records = await lockRecordsOrThrow(tx, merge.masterKind, [merge.survivorId, merge.mergedId], { lock: false });
  const survivor = records.get(merge.survivorId)!;
  const merged = records.get(merge.mergedId)!;
  const [reversal] = await tx.select().from(masterMergeReversal).where(eq(masterMergeReversal.mergeId, merge.id));
  return {
    merge, survivor, merged, comparison: compareRecords(survivor, merged),
    reversal: reversal ? { id: reversal.id, reason: reversal.reason, createdAt: reversal.createdAt, restored: reversal.restored } : null,
  };
}

/** Rows each re-pointed table holds for a merge (for the detail page). */
export async function mergeReferenceCounts(tx: Tx, actor: Actor, mergeId: number): Promise<Record<string, number>> {
  requirePermission(actor, "masters:read");
  const rows = await tx.execute<{ ref: string; n: number }>(sql`select table_name || '.' || column_name as ref, count(*)::int as n
    from master_merge_reference where merge_id = ${mergeId} group by 1 order by 1`);
  return Object.fromEntries(rows.map((row) => [row.ref, row.n]));
}
