import type { masterMerge } from "./schema";
import type { MergeKind, MergeStatus } from "./kinds";

type MasterMergeRow = typeof masterMerge.$inferSelect;

/** One field compared between the two records of a likely duplicate pair. */
export type MergeFieldReason = { field: string; survivor: string | null; merged: string | null; similarity: number };

export type MasterMerge = Omit<MasterMergeRow, "masterKind" | "status" | "reasons" | "summary"> & {
  masterKind: MergeKind;
  status: MergeStatus;
  reasons: MergeFieldReason[] | null;
  summary: MergeSummary | null;
};

/** Rows moved per table.column, rows kept on the merged record (unique keys), and the GL reclassification. */
export type MergeSummary = { moved: Record<string, number>; kept: Record<string, number[]>; reclassEntryId: number | null };

export function toMasterMerge(row: MasterMergeRow): MasterMerge {
  return row as MasterMerge;
}
