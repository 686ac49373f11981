import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { SalesError } from "../errors";
import { salesOrder, salesOrderLine } from "../schema";
import { lockLines } from "./allocation";
import type { SalesOrderLineRow, SalesOrderRow } from "./status";

/** Locks a line's order, then the line (the lock order every order command keeps). */
export async function lockOrderOfLine(tx: Tx, orderLineId: number): Promise<{ order: SalesOrderRow; line: SalesOrderLineRow }> {
  const [found] = await tx.select({ orderId: salesOrderLine.orderId }).from(salesOrderLine).where(eq(salesOrderLine.id, orderLineId)).limit(1);
  if (!found) throw new DomainError(SalesError.ORDER_LINE_NOT_FOUND, "not_found", `orderLineId: order line ${orderLineId} does not exist`, { orderLineId });
  const [order] = await tx.select().from(salesOrder).where(eq(salesOrder.id, found.orderId)).for("update").limit(1);
  assert(order !== undefined, "a line's order exists");
  const [locked] = await lockLines(tx, [orderLineId]);
  assert(locked !== undefined, "the line still exists");
  return { order, line: locked.line };
}
