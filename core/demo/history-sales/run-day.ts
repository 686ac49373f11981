// One business day of one entity, in one transaction and in this order: on the first day of a
// week the receipts with backorder reallocation and the quote-expiry job, then the follow-ups due
// (decisions, conversions, returns, unapplied cash, payments), the day's new quotes and orders,
// shipping and invoicing what was allocated before today, then what the day scheduled for today.
import type { Tx } from "../../db/client";
import { expireQuotes } from "../../sales";
import { assertNever } from "../../shared/assert";
import { runDecision } from "./approvals";
import { applyUnapplied, runPayments } from "./collections";
import type { Action, EntityRun } from "./context";
import { shipAndInvoice } from "./fulfilment";
import { convertPlannedQuote, createPlannedQuote, enterPlannedOrder } from "./order-desk";
import { isReceiptDay, replenish } from "./replenish";
import { creditPlannedReturn, receivePlannedReturn, requestPlannedReturn } from "./returns";
import type { PlannedOrder, PlannedQuote } from "./types";

/** Rounds of same-day follow-ups; a round only schedules later days, so two always suffice. */
const SAME_DAY_ROUNDS_MAX = 4;
/** The first receipt day of a month falls on one of its first seven days. */
const FIRST_WEEK_DAYS = 7;

export type DayWork = { date: string; previousDate: string | null; quotes: PlannedQuote[]; orders: PlannedOrder[] };

async function runAction(tx: Tx, run: EntityRun, date: string, action: Exclude<Action, { kind: "pay" }>): Promise<void> {
  switch (action.kind) {
    case "decide": return runDecision(tx, run, date, action);
    case "convert": return convertPlannedQuote(tx, run, date, action);
    case "receive_return": return receivePlannedReturn(tx, run, date, action);
    case "credit_memo": return creditPlannedReturn(tx, run, date, action);
    case "request_return": return requestPlannedReturn(tx, run, date, action);
    case "apply_unapplied": return applyUnapplied(tx, run, date, action);
    default: return assertNever(action, "unknown history action");
  }
}

/** Runs what is due on `date`; returns how many follow-ups ran. */
async function runDue(tx: Tx, run: EntityRun, date: string): Promise<number> {
  const due = run.takeDue(date);
  const payments: Extract<Action, { kind: "pay" }>[] = [];
  for (const action of due) {
    if (action.kind === "pay") payments.push(action);
    else await runAction(tx, run, date, action);
  }
  if (payments.length > 0) await runPayments(tx, run, date, payments);
  return due.length;
}

export async function runDay(tx: Tx, run: EntityRun, work: DayWork): Promise<void> {
  const { date } = work;
  if (isReceiptDay(date, work.previousDate)) {
    await replenish(tx, run, date, Number(date.slice(8, 10)) <= FIRST_WEEK_DAYS);
    // The daily expiry job, run weekly here: nothing converts a quote after its validity anyway.
    await expireQuotes(tx, run.people.sales, { entityId: run.entityId, asOfDate: date });
  }
  await runDue(tx, run, date);
  for (const quote of work.quotes) await createPlannedQuote(tx, run, quote);
  for (const order of work.orders) await enterPlannedOrder(tx, run, order);
  await shipAndInvoice(tx, run, date);
  for (let round = 0; round < SAME_DAY_ROUNDS_MAX; round++) {
    if ((await runDue(tx, run, date)) === 0) break;
  }
}
