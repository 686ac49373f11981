// Sales-order rows as fulfilment sees them: locked for update (order row first, then its lines,
// then, inside the stock engine, stock balances: the lock order order entry uses too), and
// quantities moved from allocated to shipped with the statuses core/sales/orders/status.ts derives.
import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { formatQty, type QtyScaled } from "../../shared/quantity";
import { salesOrder, salesOrderLine } from "../schema";
import {
  RELEASED_ORDER_STATUSES, isOrderStatus, lineStatusOf, orderStatusOf, quantitiesOf, type LineQuantities, type SalesOrderLineRow, type SalesOrderRow,
} from "../orders/status";
import { FulfilmentError } from "./errors";

export type OrderRow = SalesOrderRow;
export type OrderLineRow = SalesOrderLineRow;
export { quantitiesOf };

/** Released orders (and those partly shipped) ship; entered, held, closed and cancelled ones do not. */
export const SHIPPABLE_ORDER_STATUSES = RELEASED_ORDER_STATUSES;
export const ORDER_LINES_MAX = 2_000;

export async function lockOrderOrThrow(tx: Tx, orderId: number): Promise<OrderRow> {
  const [order] = await tx.select().from(salesOrder).where(eq(salesOrder.id, orderId)).limit(1).for("update");
  if (!order) throw new DomainError(FulfilmentError.ORDER_NOT_FOUND, "not_found", `orderId: sales order ${orderId} does not exist`, { orderId });
  return order;
}

export function assertShippable(order: OrderRow): void {
  if ((SHIPPABLE_ORDER_STATUSES as readonly string[]).includes(order.status)) return;
  throw new DomainError(FulfilmentError.ORDER_NOT_SHIPPABLE, "conflict",
    `Order ${order.orderNumber} is ${order.status.replaceAll("_", " ")} and cannot be picked or shipped`, { orderId: order.id, status: order.status });
}

/** Locks every line of the order in id order (the order row is locked first by the caller). */
export async function lockOrderLines(tx: Tx, orderId: number): Promise<OrderLineRow[]> {
  const lines = await tx.select().from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId))
    .orderBy(asc(salesOrderLine.id)).limit(ORDER_LINES_MAX + 1).for("update");
  assert(lines.length <= ORDER_LINES_MAX, `order ${orderId} exceeds ORDER_LINES_MAX lines`);
  return lines;
}

/** Moves shipped quantities from allocated to shipped on the locked lines, in one statement. */
export async function recordShipped(tx: Tx, order: OrderRow, lines: OrderLineRow[], shippedByLine: Map<number, QtyScaled>): Promise<string> {
  const rows = [];
  const after: LineQuantities[] = [];
  for (const line of lines) {
    const q = quantitiesOf(line);
    const shipped = shippedByLine.get(line.id) ?? 0n;
    assert(shipped <= q.allocated, "a line ships only what is allocated to it");
    const next = { ...q, allocated: q.allocated - shipped, shipped: q.shipped + shipped };
    after.push(next);
    if (shipped === 0n) continue;
    const status = lineStatusOf(next, { pricingHold: line.status === "pricing_hold", released: true });
    rows.push(sql`(${line.id}::int8, ${formatQty(next.shipped)}::numeric, ${formatQty(next.allocated)}::numeric, ${status}::text)`);
  }
  assert(rows.length === shippedByLine.size, "every shipped line belongs to the order");
  const updated = await tx.execute(sql`update sales_order_line l set base_qty_shipped = v.shipped, base_qty_allocated = v.allocated, status = v.status, updated_at = now()
    from (values ${sql.join(rows, sql`, `)}) as v(id, shipped, allocated, status) where l.id = v.id`);
  assert(updated.count === rows.length, "every shipped order line was updated");
  assert(isOrderStatus(order.status), `order ${order.id} has a known status`);
  const status = orderStatusOf(order.status, after);
  await tx.update(salesOrder).set({ status, updatedAt: new Date() }).where(eq(salesOrder.id, order.id));
  return status;
}
