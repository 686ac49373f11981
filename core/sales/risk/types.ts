import { z } from "zod";

export const RISK_KINDS = ["late_fulfilment", "collections"] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** One scoring run may hold every open line of the business; beyond this the job must be split. */
export const SCORES_PER_RUN_MAX = 200_000;
export const RISK_LIST_MAX = 500;
export const REASONS_PER_SCORE_MAX = 5;

export const RiskErrorCode = {
  SYSTEM_ONLY: "SALES_RISK_SYSTEM_ONLY",
  SUBJECT_NOT_FOUND: "SALES_RISK_SUBJECT_NOT_FOUND",
  DUPLICATE_SUBJECT: "SALES_RISK_DUPLICATE_SUBJECT",
} as const;

/** A feature that raises the risk: its value, its part of the logit (weight x value) and the same in words. */
export const RiskReasonSchema = z.object({
  feature: z.string().min(1).max(80),
  contribution: z.number().finite(),
  value: z.number().finite(),
  text: z.string().min(1).max(300).optional(),
});
export type RiskReason = z.infer<typeof RiskReasonSchema>;

/** The held-out evaluation of the model version that scored a run, as the registry recorded it. */
export const RiskEvaluationSchema = z.object({
  /** Null when the version's registry entry does not hold the figure (an uploaded model evaluated elsewhere). */
  auc: z.number().min(0).max(1).nullable(),
  brier: z.number().min(0).max(1).nullable(),
  baseRateBrier: z.number().min(0).max(1).nullable(),
  expectedCalibrationError: z.number().min(0).max(1).nullable(),
  testRows: z.number().int().nonnegative().nullable(),
  /** Calibration bins: mean predicted probability against the observed rate. */
  calibration: z.array(z.object({ from: z.number().optional(), to: z.number().optional(), meanPredicted: z.number(), observedRate: z.number(), count: z.number().int().nonnegative() })).max(50),
});
export type RiskEvaluation = z.infer<typeof RiskEvaluationSchema>;

export type RiskRun = {
  id: number;
  kind: RiskKind;
  modelName: string;
  modelVersion: number;
  evaluation: RiskEvaluation;
  asOf: string;
  scoredAt: Date;
  scoreCount: number;
};
