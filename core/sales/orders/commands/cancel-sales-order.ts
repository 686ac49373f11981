import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { SalesError } from "../../errors";
import { Id } from "../../pricing/inputs";
import { CANCEL_REASON_LENGTH_MAX, cancelOpenQuantities, lockOrderWithLines, type CancellationResult } from "../cancellation";

export const CancelSalesOrderInput = z.object({ orderId: Id, reason: z.string().trim().min(1, "a cancellation needs a reason").max(CANCEL_REASON_LENGTH_MAX) });

const CLOSED: readonly string[] = ["shipped", "closed", "cancelled"];

/** Cancels everything not yet shipped on the order and gives its allocations back. */
export async function cancelSalesOrder(tx: Tx, actor: Actor, raw: z.input<typeof CancelSalesOrderInput>): Promise<CancellationResult> {
  requirePermission(actor, "sales:write");
  const input = parseInput(CancelSalesOrderInput, raw);
  const locked = await lockOrderWithLines(tx, input.orderId);
  if (!locked) throw new DomainError(SalesError.ORDER_NOT_FOUND, "not_found", `orderId: sales order ${input.orderId} does not exist`, { orderId: input.orderId });
  if (CLOSED.includes(locked.order.status)) {
    throw new DomainError(SalesError.ORDER_NOT_OPEN, "conflict", `Sales order ${locked.order.orderNumber} is ${locked.order.status} and cannot be cancelled`,
      { orderId: input.orderId, status: locked.order.status });
  }
  return cancelOpenQuantities(tx, actor, actor, locked.order, locked.lines, input.reason);
}
