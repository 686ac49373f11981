import { z } from "zod";
import type { anomalyFlag } from "./schema";

export const ANOMALY_SUBJECT_TYPES = ["journal_entry", "inventory_adjustment", "price_change", "sales_order", "supplier_terms"] as const;
export type AnomalySubjectType = (typeof ANOMALY_SUBJECT_TYPES)[number];
export const ANOMALY_SEVERITIES = ["low", "medium", "high"] as const;
export type AnomalySeverity = (typeof ANOMALY_SEVERITIES)[number];
export const ANOMALY_STATUSES = ["open", "confirmed", "dismissed"] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export const FLAGS_PER_CALL_MAX = 5_000;
export const FLAG_LIST_MAX = 500;
export const REASON_FEATURES_MAX = 12;
export const DECISION_REASON_LENGTH_MIN = 3;
export const DECISION_REASON_LENGTH_MAX = 1_000;

/** One feature that drove a score, with the range the model considers normal for it. */
export const AnomalyFeatureReasonSchema = z.object({
  name: z.string().min(1).max(80),
  value: z.number().finite(),
  normalLow: z.number().finite(),
  normalHigh: z.number().finite(),
  /** Share of the anomaly the feature explains, in [0, 1]. */
  contribution: z.number().min(0).max(1),
});
export type AnomalyFeatureReason = z.infer<typeof AnomalyFeatureReasonSchema>;

export const AnomalyReasonsSchema = z.object({
  summary: z.string().min(1).max(500),
  features: z.array(AnomalyFeatureReasonSchema).min(1).max(REASON_FEATURES_MAX),
});
export type AnomalyReasons = z.infer<typeof AnomalyReasonsSchema>;

type AnomalyFlagRow = typeof anomalyFlag.$inferSelect;

export type AnomalyFlag = Omit<AnomalyFlagRow, "subjectType" | "severity" | "status" | "reasons"> & {
  subjectType: AnomalySubjectType;
  severity: AnomalySeverity;
  status: AnomalyStatus;
  reasons: AnomalyReasons;
};

export function toAnomalyFlag(row: AnomalyFlagRow): AnomalyFlag {
  return row as AnomalyFlag;
}
