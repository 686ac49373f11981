import type { JobDefinition } from "../definition";
import { heartbeatJob } from "./heartbeat";
import { reconcileInventoryJob } from "./reconcile-inventory";
import { sealAuditLogJob } from "./seal-audit-log";
import { escalateApprovalsJob } from "./escalate-approvals";
import { replenishmentRunJob } from "./replenishment-run";
import { analyticsRefreshJob } from "./analytics-refresh";
import { demandForecastJob } from "./demand-forecast";
import { ledgerAccrualsJob } from "./ledger-accruals";
import { anomalyScanJob, dedupeScanJob } from "./anomaly-dedupe";
import { predictiveAlertsJob } from "./predictive-alerts";

export { HEARTBEAT_JOB, heartbeatJob } from "./heartbeat";
export { RECONCILE_INVENTORY_JOB, reconcileInventoryJob } from "./reconcile-inventory";
export { SEAL_AUDIT_LOG_JOB, sealAuditLogJob } from "./seal-audit-log";
export { ESCALATE_APPROVALS_JOB, escalateApprovalsJob } from "./escalate-approvals";
export { REPLENISHMENT_RUN_JOB, replenishmentRunJob } from "./replenishment-run";
export { ANALYTICS_REFRESH_JOB, analyticsRefreshJob } from "./analytics-refresh";
export { DEMAND_FORECAST_JOB, demandForecastJob } from "./demand-forecast";
export { LEDGER_ACCRUALS_JOB, ledgerAccrualsJob } from "./ledger-accruals";
export { ANOMALY_SCAN_JOB, DEDUPE_SCAN_JOB, anomalyScanJob, dedupeScanJob } from "./anomaly-dedupe";
export { PREDICTIVE_ALERTS_JOB, predictiveAlertsJob } from "./predictive-alerts";

/** Every job the worker runs; a new job is one file here plus one line in this list. */
export const JOB_DEFINITIONS: readonly JobDefinition[] = [heartbeatJob, reconcileInventoryJob, sealAuditLogJob, escalateApprovalsJob, replenishmentRunJob, ledgerAccrualsJob, demandForecastJob, anomalyScanJob, dedupeScanJob, predictiveAlertsJob, analyticsRefreshJob];
