import { inTransaction } from "../../core/db/transaction";
import { sealAuditLog } from "../../core/governance/audit-chain";
import { defineJob } from "../definition";

export const SEAL_AUDIT_LOG_JOB = "governance.seal-audit-log";

/**
 * Every minute: appends new audit rows to the hash chain. A row changed before it is sealed
 * cannot be detected, so the window is kept short; `audit verify` seals too before checking.
 */
export const sealAuditLogJob = defineJob<Record<string, never>>({
  name: SEAL_AUDIT_LOG_JOB,
  cron: "* * * * *",
  queue: { policy: "stately", retryLimit: 2, expireInSeconds: 300 },
  async run({ db, log }) {
    const { sealed } = await inTransaction(db, (tx) => sealAuditLog(tx), { isolationLevel: "read committed" });
    if (sealed > 0) log.debug(`sealed ${sealed} audit rows`);
    return { sealed };
  },
});
