// The anomaly review queue's public surface: models write flags through recordAnomalyFlags (as the
// system), controllers confirm or dismiss them, and the period close counts the open high ones.
export { anomalyFlag } from "./schema";
export { AnomalyError, type AnomalyErrorCode } from "./errors";
export {
  ANOMALY_SUBJECT_TYPES, ANOMALY_SEVERITIES, ANOMALY_STATUSES, FLAGS_PER_CALL_MAX, FLAG_LIST_MAX, REASON_FEATURES_MAX,
  AnomalyReasonsSchema, AnomalyFeatureReasonSchema,
  type AnomalySubjectType, type AnomalySeverity, type AnomalyStatus, type AnomalyReasons, type AnomalyFeatureReason, type AnomalyFlag,
} from "./types";
export { recordAnomalyFlags, RecordAnomalyFlagsInput, type RecordedAnomalyFlags } from "./commands/record-anomaly-flags";
export { confirmAnomaly, dismissAnomaly, ConfirmAnomalyInput, DismissAnomalyInput } from "./commands/decide-anomaly";
export { listAnomalyFlags, getAnomalyFlagOrThrow, countOpenBlockingAnomalies, ListAnomalyFlagsInput } from "./queries/list-anomaly-flags";
