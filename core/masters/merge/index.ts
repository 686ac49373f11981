// Duplicate master data: merge requests routed to the owner of the master's domain, merges that
// re-point every foreign key to the survivor and keep the merged record, reversals, and the
// "resembles an existing record" check for entry forms. Importing this registers the handler.
export { masterMerge, masterMergeReference, masterMergeReversal } from "./schema";
export { MergeError, type MergeErrorCode } from "./errors";
export { MERGE_KINDS, MERGE_STATUSES, MERGE_LIST_MAX, MERGE_KIND_SPEC, type MergeKind, type MergeStatus, type MasterFields } from "./kinds";
export type { MasterMerge, MergeFieldReason, MergeSummary } from "./types";
export { compareRecords, ruleScore, type MasterRecord } from "./records";
export * from "./similarity";
export { foreignReferencesTo, type ForeignReference } from "./references";
export { requestMasterMerge, RequestMasterMergeInput, type RequestedMerge } from "./commands/request-merge";
export { masterMergeApprovalHandler } from "./commands/apply-merge";
export { reverseMasterMerge, ReverseMasterMergeInput, type ReversedMerge } from "./commands/reverse-merge";
export { listMasterMerges, getMasterMergeOrThrow, mergeReferenceCounts, ListMasterMergesInput, type MasterMergeDetail } from "./queries/merges";
export {
  findSimilarMasters, FindSimilarMastersInput, SIMILAR_CANDIDATES_MAX, SIMILAR_RESULTS_MAX, SIMILAR_SCORE_MIN, type SimilarMaster,
} from "./queries/find-similar";
