// Cycle counts: count lists by ABC class, blind counting, variances valued at average cost and,
// beyond tolerance, an inventory-variance exception before posting. The public surface of this
// part of purchasing; core/purchasing/index.ts re-exports it.
export { CountError, type CountErrorCode } from "./errors";
export { classifyAbc, ABC_A_SHARE_PERCENT, ABC_B_SHARE_PERCENT, ABC_HISTORY_DAYS, type AbcClass } from "./abc";
export { createCountList, CreateCountListInput, COUNT_CANDIDATES_MAX } from "./commands/create-count-list";
export { recordCounts, RecordCountsInput } from "./commands/record-counts";
export { submitCount, SubmitCountInput, COUNT_VARIANCE_HIGH_MINOR, type SubmittedCount } from "./commands/submit-count";
export { postCount, PostCountInput, type PostedCount } from "./commands/post-count";
export { listCounts, getCountOrThrow, COUNTS_PAGE_SIZE_MAX, type CycleCountSummary } from "./queries/counts";
export { COUNT_LINES_MAX, type CycleCountView, type CycleCountLineView, type CycleCountRow } from "./store";
