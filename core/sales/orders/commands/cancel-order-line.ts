import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { SalesError } from "../../errors";
import { Id } from "../../pricing/inputs";
import { CANCEL_REASON_LENGTH_MAX, cancelOpenQuantities, type CancellationResult } from "../cancellation";
import { lockOrderOfLine } from "../line-lock";

export const CancelOrderLineInput = z.object({ orderLineId: Id, reason: z.string().trim().min(1, "a cancellation needs a reason").max(CANCEL_REASON_LENGTH_MAX) });

/** Cancels the unshipped rest of one line and gives its allocation back to the queue. */
export async function cancelOrderLine(tx: Tx, actor: Actor, raw: z.input<typeof CancelOrderLineInput>): Promise<CancellationResult> {
  requirePermission(actor, "sales:write");
  const input = parseInput(CancelOrderLineInput, raw);
  const { order, line } = await lockOrderOfLine(tx, input.orderLineId);
  if (line.status === "cancelled" || line.status === "shipped") {
    throw new DomainError(SalesError.ORDER_LINE_NOT_OPEN, "conflict", `Line ${line.lineNumber} of ${order.orderNumber} is ${line.status}`,
      { orderLineId: line.id, status: line.status });
  }
  return cancelOpenQuantities(tx, actor, actor, order, [line], input.reason);
}
