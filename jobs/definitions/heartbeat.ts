import { defineJob } from "../definition";

export const HEARTBEAT_JOB = "system.heartbeat";

/** Every minute: records nothing; its completed jobs in pg-boss show the worker and its cron run. */
export const heartbeatJob = defineJob<Record<string, never>>({
  name: HEARTBEAT_JOB,
  cron: "* * * * *",
  queue: { policy: "stately", retryLimit: 0, expireInSeconds: 60 },
  async run({ log }) {
    log.debug("heartbeat");
    return { at: new Date().toISOString() };
  },
});
