import { inTransaction } from "../../core/db/transaction";
import { escalateOverdueSteps } from "../../core/governance/approvals";
import { defineJob } from "../definition";

export const ESCALATE_APPROVALS_JOB = "governance.escalate-approvals";

/** Every five minutes: hands overdue approval steps to the next level and notifies them. */
export const escalateApprovalsJob = defineJob<Record<string, never>>({
  name: ESCALATE_APPROVALS_JOB,
  cron: "*/5 * * * *",
  queue: { policy: "stately", retryLimit: 2, expireInSeconds: 300 },
  async run({ db, log }) {
    const { escalated } = await inTransaction(db, (tx) => escalateOverdueSteps(tx, new Date()));
    if (escalated > 0) log.info(`escalated ${escalated} overdue approval steps`);
    return { escalated };
  },
});
