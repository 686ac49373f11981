// Credit check at order entry: over the limit, or with an invoice overdue past terms, the order
// goes to credit_hold, allocates nothing, and a credit_release request is submitted.
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { submitApproval } from "../../governance/approvals";
import type { Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import type { SalesCustomer } from "../pricing/context";
import { salesOrder } from "../schema";
import type { SalesOrderRow } from "../orders/status";
import { creditPositionOf, type CreditPosition } from "./exposure";

export type CreditPayload = { orderId: number };

export const CREDIT_HOLD_REASON_LENGTH_MAX = 500;

export type CreditCheckResult = { position: CreditPosition; requestId: number | null };

/**
 * Checks the customer's exposure with this order included. On hold: the order's status and reason
 * are written before the request is submitted, because a policy that auto-approves runs the
 * release handler inside submitApproval.
 */
export async function checkCreditForOrder(tx: Tx, actor: Actor, order: SalesOrderRow, customer: SalesCustomer): Promise<CreditCheckResult> {
  const position = await creditPositionOf(tx, customer, order.orderDate);
  if (!position.onHold) return { position, requestId: null };
  const reason = position.reasons.join("; ").slice(0, CREDIT_HOLD_REASON_LENGTH_MAX);
  const held = await tx.update(salesOrder).set({ status: "credit_hold", creditHoldReason: reason, updatedAt: new Date() })
    .where(eq(salesOrder.id, order.id)).returning({ id: salesOrder.id });
  assert(held.length === 1, "the order was put on credit hold");
  const submitted = await submitApproval(tx, actor, {
    kind: "credit_release", entityId: order.entityId, subjectType: "sales_order", subjectId: order.id,
    title: `Credit release: ${order.orderNumber} for ${customer.code}`,
    facts: { amountMinor: position.overLimitBaseMinor, customerTier: customer.tier, customerId: customer.id },
    payload: { orderId: order.id } satisfies CreditPayload,
  });
  await tx.update(salesOrder).set({ creditRequestId: submitted.request.id }).where(eq(salesOrder.id, order.id));
  return { position, requestId: submitted.request.id };
}
