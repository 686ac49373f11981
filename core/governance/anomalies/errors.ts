/** Stable codes of the anomaly review queue; codes are API: never rename or reuse one. */
export const AnomalyError = {
  NOT_FOUND: "GOVERNANCE_ANOMALY_NOT_FOUND",
  ALREADY_DECIDED: "GOVERNANCE_ANOMALY_ALREADY_DECIDED",
  SYSTEM_ONLY: "GOVERNANCE_ANOMALY_SYSTEM_ONLY",
} as const;
export type AnomalyErrorCode = (typeof AnomalyError)[keyof typeof AnomalyError];
