import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { runRecurringJournals, runScheduledReversals } from "../../core/ledger";
import { defineJob } from "../definition";

export const LEDGER_ACCRUALS_JOB = "ledger.recurring-and-reversals";

/**
 * Hourly: posts the reversals of auto-reversing entries (accruals, FX revaluation, unbilled
 * shipments) that fell due, then creates the recurring journals due today. Both are idempotent,
 * so a retried or overlapping run posts nothing twice. Dates are UTC calendar dates.
 */
export const ledgerAccrualsJob = defineJob<{ asOfDate?: string }>({
  name: LEDGER_ACCRUALS_JOB,
  cron: "5 * * * *",
  queue: { policy: "stately", retryLimit: 2, expireInSeconds: 15 * 60 },
  async run({ db, log }, data) {
    const asOfDate = data.asOfDate ?? new Date().toISOString().slice(0, 10);
    const reversals = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate }));
    const recurring = await inTransaction(db, (tx) => runRecurringJournals(tx, SYSTEM_ACTOR, { asOfDate }));
    if (reversals.reversed.length + recurring.length > 0) {
      log.info(`posted ${reversals.reversed.length} scheduled reversals and created ${recurring.length} recurring journals as of ${asOfDate}`);
    }
    return { asOfDate, reversed: reversals.reversed.length, recurring: recurring.length };
  },
});
