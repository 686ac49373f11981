// The weekly payment run per currency: the buyer proposes what falls due before the next run and
// submits it, the controller approves (the admin too above 100,000), the controller executes.
// Two habits leave payables in several aging buckets at the load date: payments to the importers
// are held for the last months (a dispute over duty classification), and in its last months one
// entity stretches payables, paying only what is a month overdue. Rebate agreements whose year
// has ended are settled by the controller on the first receipt day after it.
import type { Tx } from "../../db/client";
import { executePaymentRun, proposePaymentRun, PurchasingError, settleRebateAgreement, submitPaymentRun } from "../../purchasing";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { decideThrough } from "../history-sales/approvals";
import { monthsBefore } from "../history-sales/calendar";
import { addDays } from "../dates";
import type { PurchasingRun } from "./context";

/** Pay what falls due before the next weekly run. */
const RUN_AHEAD_DAYS = 6;
/** Importers are not paid in the last months of the history (so their invoices age). */
const IMPORT_HOLD_MONTHS = 5;
/** The entity that stretches payables, for how long, and how overdue an invoice must be to be paid. */
const STRETCHING_ENTITY = "CA01";
const STRETCH_MONTHS = 3;
const STRETCH_OVERDUE_DAYS = 50;

function dueThroughFor(run: PurchasingRun, currency: string, date: string): string | null {
  const end = run.sales.plan.endDate;
  if (currency !== run.baseCurrency && date >= monthsBefore(end, IMPORT_HOLD_MONTHS)) return null;
  if (run.entityCode === STRETCHING_ENTITY && date >= monthsBefore(end, STRETCH_MONTHS)) return addDays(date, -STRETCH_OVERDUE_DAYS);
  return addDays(date, RUN_AHEAD_DAYS);
}

async function payCurrency(tx: Tx, run: PurchasingRun, currency: string, date: string): Promise<void> {
  const dueThrough = dueThroughFor(run, currency, date);
  if (dueThrough === null) return;
  let proposed;
  try {
    proposed = await proposePaymentRun(tx, run.people.buyer, { entityId: run.sales.entityId, paymentDate: date, dueThrough, currency });
  } catch (error) {
    // Nothing due this week: the command refuses before writing anything.
    if (error instanceof DomainError && error.code === PurchasingError.PAYMENT_RUN_EMPTY) return;
    throw error;
  }
  const submitted = await submitPaymentRun(tx, run.people.buyer, { runId: proposed.id });
  if (submitted.status === "pending_approval") {
    assert(submitted.approvalRequestId !== null, `${submitted.runNumber} has an approval request`);
    const decided = await decideThrough(tx, submitted.approvalRequestId, [run.people.controller, run.people.admin], "approve", "Payments due per terms");
    assert(decided.status === "approved", `${submitted.runNumber} was approved`);
  }
  await executePaymentRun(tx, run.people.controller, { runId: proposed.id });
  run.stats.paymentRuns++;
}

export async function runPayments(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  const currencies = [...new Set(run.suppliers.map((s) => s.currency))].sort();
  for (const currency of currencies) await payCurrency(tx, run, currency, date);
}

export async function settleRebates(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  for (const agreement of run.rebateAgreements) {
    if (agreement.settled || date <= agreement.periodEnd) continue;
    await settleRebateAgreement(tx, run.people.controller, { agreementId: agreement.id, settlementDate: date });
    agreement.settled = true;
  }
}
