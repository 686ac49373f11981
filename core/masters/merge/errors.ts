/** Stable codes of duplicate merges; codes are API: never rename or reuse one. */
export const MergeError = {
  NOT_FOUND: "MASTERS_MERGE_NOT_FOUND",
  RECORD_NOT_FOUND: "MASTERS_MERGE_RECORD_NOT_FOUND",
  INCOMPATIBLE: "MASTERS_MERGE_INCOMPATIBLE",
  ALREADY_OPEN: "MASTERS_MERGE_ALREADY_OPEN",
  NOT_APPLIED: "MASTERS_MERGE_NOT_APPLIED",
  UNSUPPORTED_REFERENCE: "MASTERS_MERGE_UNSUPPORTED_REFERENCE",
} as const;
export type MergeErrorCode = (typeof MergeError)[keyof typeof MergeError];
