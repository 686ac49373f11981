import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { runRecurringJournals, runScheduledReversals } from "../../core/ledger";
import { accrueCustomerRebates } from "../../core/sales/rebates";
import { defineJob } from "../definition";

export const LEDGER_ACCRUALS_JOB = "ledger.recurring-and-reversals";

/**
 * Customer rebates accrue as invoices post; an agreement entered (or back-dated) after some of its
 * invoices is caught up here, for every entity with an open agreement, from the day after its
 * latest closed period (a closed period takes no posting).
 */
async function catchUpCustomerRebates(db: Db, asOfDate: string): Promise<number> {
  const ranges = await db.execute<{ entity_id: string; from_date: string }>(sql`
    select a.entity_id::text, greatest(min(a.period_start), (select max(p.end_date) + 1 from fiscal_period p
             where p.entity_id = a.entity_id and p.status = 'closed'))::text as from_date
      from customer_rebate_agreement a where a.status = 'open' and a.period_start <= ${asOfDate}
     group by a.entity_id order by a.entity_id limit 1000`);
  let accrued = 0;
  for (const range of ranges) {
    if (range.from_date === null || range.from_date > asOfDate) continue;
    const rows = await inTransaction(db, (tx) => accrueCustomerRebates(tx, SYSTEM_ACTOR, { entityId: Number(range.entity_id), fromDate: range.from_date, toDate: asOfDate }));
    accrued += rows.length;
  }
  return accrued;
}

/**
 * Hourly: posts the reversals of auto-reversing entries (accruals, FX revaluation, unbilled
 * shipments) that fell due, creates the recurring journals due today and catches up customer
 * rebate accruals. All are idempotent, so a retried or overlapping run posts nothing twice.
 * Dates are UTC calendar dates.
 */
export const ledgerAccrualsJob = defineJob<{ asOfDate?: string }>({
  name: LEDGER_ACCRUALS_JOB,
  cron: "5 * * * *",
  queue: { policy: "stately", retryLimit: 2, expireInSeconds: 15 * 60 },
  async run({ db, log }, data) {
    const asOfDate = data.asOfDate ?? new Date().toISOString().slice(0, 10);
    const reversals = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate }));
    const recurring = await inTransaction(db, (tx) => runRecurringJournals(tx, SYSTEM_ACTOR, { asOfDate }));
    const rebates = await catchUpCustomerRebates(db, asOfDate);
    if (reversals.reversed.length + recurring.length + rebates > 0) {
      log.info(`posted ${reversals.reversed.length} scheduled reversals, created ${recurring.length} recurring journals and ${rebates} rebate accruals as of ${asOfDate}`);
    }
    return { asOfDate, reversed: reversals.reversed.length, recurring: recurring.length, rebateAccruals: rebates };
  },
});
