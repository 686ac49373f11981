// Predictive risk for sales and finance: the scoring job records each run of late-fulfilment risk
// (open order lines) and collections risk (customers) here, replacing the previous one of its kind;
// sales reads the at-risk lines, finance the at-risk customers, each with reasons and the model's figures.
export { salesRiskRun, salesRiskScore } from "./schema";
export {
  RISK_KINDS, RISK_LIST_MAX, SCORES_PER_RUN_MAX, REASONS_PER_SCORE_MAX, RiskErrorCode, RiskReasonSchema, RiskEvaluationSchema,
  type RiskKind, type RiskReason, type RiskEvaluation, type RiskRun,
} from "./types";
export { recordRiskScores, RecordRiskScoresInput, type RecordedRiskRun } from "./commands/record-risk-scores";
export {
  listLateFulfilmentRisks, listCollectionsRisks, getLatestRiskRun, RISK_READ_PERMISSION, ListLateFulfilmentRisksInput, ListCollectionsRisksInput,
  type LateFulfilmentRisk, type CollectionsRisk,
} from "./queries/list-risks";
