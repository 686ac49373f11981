// FX revaluation of open AR, AP and foreign-currency bank balances at a period end.
export { RevaluationError } from "./errors";
export { computeRevaluation, revaluedGain, REVALUED_DOCUMENTS_MAX, type RevaluationLineDraft, type RevaluationPreview, type RevaluationTarget } from "./compute";
export {
  revaluePeriod, listRevaluationRuns, getRevaluationRunOrThrow, revaluationRunOf, RevaluePeriodInput,
  type RevaluationRunRow, type RevaluationLineRow, type RevaluationResult,
} from "./revalue";
