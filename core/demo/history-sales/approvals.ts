// Approval decisions of the history, made by the demo people through decideApprovalStep so the
// handlers apply them (release or cancel held orders, keep or reprice overridden lines, approve
// or refuse RMAs). The policies route each request; this only plays the approvers in turn.
import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance";
import { decideApprovalStep, type ApprovalRequestRow } from "../../governance/approvals";
import { assert } from "../../shared/assert";
import type { CreditPosition } from "../../sales";
import { salesInvoice } from "../../sales/schema";
import type { Action, EntityRun, Party } from "./context";

/**
 * Decides a pending request with each approver in chain order until it is no longer pending: a
 * step below its threshold is skipped by the engine, so the chain may end early.
 */
export async function decideThrough(tx: Tx, requestId: number, approvers: readonly Actor[], decision: "approve" | "reject", comment: string): Promise<ApprovalRequestRow> {
  assert(approvers.length > 0, "someone decides");
  let result: ApprovalRequestRow | null = null;
  for (const approver of approvers) {
    result = await decideApprovalStep(tx, approver, { requestId, decision, comment });
    if (result.status !== "pending") return result;
  }
  assert(result !== null && result.status !== "pending", `request ${requestId} is still pending after every approver in the chain`);
  return result;
}

export async function runDecision(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "decide" }>): Promise<void> {
  const decided = await decideThrough(tx, action.requestId, action.approvers, action.decision, action.comment);
  if (decided.status === "approved" && action.then) run.later(date, action.then.afterBusinessDays, action.then.action);
}

const percent = (part: bigint, whole: bigint): string => (whole > 0n ? `${(Number((part * 1000n) / whole) / 10).toFixed(1)}%` : "all");

/** Days the customer's oldest open invoice is past due on `date` (0 when none is). */
export async function oldestOverdueDays(tx: Tx, customerId: number, date: string): Promise<number> {
  const [row] = await tx.select({ days: sql<number | null>`(${date}::date - min(${salesInvoice.dueDate}))::int` }).from(salesInvoice)
    .where(and(eq(salesInvoice.customerId, customerId), eq(salesInvoice.kind, "invoice"), ne(salesInvoice.status, "void"),
      lt(salesInvoice.appliedMinor, salesInvoice.totalMinor), lt(salesInvoice.dueDate, date)));
  return row?.days ?? 0;
}

/** Late payers still pay: the controller stops shipping only when an invoice is this far past due. */
const STANDARD_OVERDUE_DAYS_MAX = 75;
const KEY_ACCOUNT_OVERDUE_DAYS_MAX = 110;

/**
 * The controller's call on a credit hold: COD accounts are released (cash on delivery); an account
 * more than a quarter over its limit, or with an invoice long past due for its tier, is refused;
 * the rest are released.
 */
export function creditDecision(party: Party, position: CreditPosition | null, overdueDays: number): { decision: "approve" | "reject"; comment: string } {
  if (party.customer.paymentTermCode === "COD") return { decision: "approve", comment: "COD account: released against payment on delivery" };
  if (position === null) return { decision: "approve", comment: "Released after review" };
  const limit = position.limitBaseMinor;
  if (position.overLimitBaseMinor * 4n > limit) {
    return { decision: "reject", comment: `Exposure ${percent(position.exposureBaseMinor, limit)} of the credit limit; pay down open invoices first` };
  }
  const keyAccount = party.customer.tier === "platinum" || party.customer.tier === "gold";
  if (overdueDays > (keyAccount ? KEY_ACCOUNT_OVERDUE_DAYS_MAX : STANDARD_OVERDUE_DAYS_MAX)) {
    return { decision: "reject", comment: `Oldest invoice ${overdueDays} days past due (${position.overdueInvoiceCount} overdue): collect before shipping more` };
  }
  if (position.overLimitBaseMinor > 0n) return { decision: "approve", comment: "Slightly over the limit; payment on the way per the customer" };
  return { decision: "approve", comment: "Overdue invoices confirmed in payment; released" };
}
