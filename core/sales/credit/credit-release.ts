// The credit_release handler: approval releases the held order and allocates it; rejection
// cancels the order with the approver's reason. An order cancelled meanwhile is left alone.
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import type { ApprovalHandler, ApprovalRequestRow } from "../../governance/approvals";
import { SYSTEM_ACTOR, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { SalesError } from "../errors";
import { cancelOpenQuantities, lockOrderWithLines } from "../orders/cancellation";
import { allocateAndPromise } from "../orders/release";
import { salesOrder } from "../schema";
import type { CreditPayload } from "./credit-hold";

function orderIdOf(request: ApprovalRequestRow): number {
  const payload = request.payload as Partial<CreditPayload> | null;
  if (!payload || typeof payload.orderId !== "number") {
    throw new DomainError(SalesError.APPROVAL_PAYLOAD_INVALID, "unprocessable", `Credit release request ${request.id} names no order`, { requestId: request.id });
  }
  return payload.orderId;
}

async function onApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const locked = await lockOrderWithLines(tx, orderIdOf(request));
  if (!locked || locked.order.status !== "credit_hold") return;
  const released = await tx.update(salesOrder).set({ status: "released", creditHoldReason: null, updatedAt: new Date() })
    .where(and(eq(salesOrder.id, locked.order.id), eq(salesOrder.status, "credit_hold"))).returning({ id: salesOrder.id });
  assert(released.length === 1, "the held order was released");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "sales_order", objectId: locked.order.id, entityId: locked.order.entityId,
    requestId: String(request.id), before: { status: "credit_hold", creditHoldReason: locked.order.creditHoldReason }, after: { status: "released" } });
  // The approval authorizes the allocation; a controller releasing credit holds no sales permission.
  await allocateAndPromise(tx, SYSTEM_ACTOR, locked.order.id);
}

async function onRejected(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<void> {
  const locked = await lockOrderWithLines(tx, orderIdOf(request));
  if (!locked || locked.order.status !== "credit_hold") return;
  const reason = `Credit release rejected: ${request.decisionReason ?? "no reason given"}`;
  await cancelOpenQuantities(tx, actor, SYSTEM_ACTOR, locked.order, locked.lines, reason);
}

export const creditReleaseHandler: ApprovalHandler = { onApproved, onRejected };
