import type { JobDefinition } from "../definition";
import { heartbeatJob } from "./heartbeat";
import { reconcileInventoryJob } from "./reconcile-inventory";
import { sealAuditLogJob } from "./seal-audit-log";
import { escalateApprovalsJob } from "./escalate-approvals";
import { replenishmentRunJob } from "./replenishment-run";

export { HEARTBEAT_JOB, heartbeatJob } from "./heartbeat";
export { RECONCILE_INVENTORY_JOB, reconcileInventoryJob } from "./reconcile-inventory";
export { SEAL_AUDIT_LOG_JOB, sealAuditLogJob } from "./seal-audit-log";
export { ESCALATE_APPROVALS_JOB, escalateApprovalsJob } from "./escalate-approvals";
export { REPLENISHMENT_RUN_JOB, replenishmentRunJob } from "./replenishment-run";

/** Every job the worker runs; a new job is one file here plus one line in this list. */
export const JOB_DEFINITIONS: readonly JobDefinition[] = [heartbeatJob, reconcileInventoryJob, sealAuditLogJob, escalateApprovalsJob, replenishmentRunJob];
