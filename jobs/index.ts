export { startWorker, type WorkerOptions, type RunningWorker } from "./worker";
export { queueHealth, type QueueHealth } from "./health";
export { PGBOSS_SCHEMA } from "./config";
export { createConsoleLogger, type Logger, type LogLevel } from "./log";
export { defineJob, type JobDefinition, type JobContext } from "./definition";
export { JOB_DEFINITIONS, HEARTBEAT_JOB, RECONCILE_INVENTORY_JOB } from "./definitions";
