// Promise dates per line: allocated quantity ships on the requested date (never before the order
// date); what is still missing is promised from available-to-promise at the line's warehouse,
// behind the backorders ahead in the queue, else from the supplier lead time.
import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { computeAtp } from "../atp/available-to-promise";
import { salesOrder, salesOrderLine } from "../schema";
import { addDays, laterDate } from "./documents";
import { LINES_PER_ALLOCATION_MAX } from "./allocation";
import { supplierLeadTime } from "./lead-time";
import { quantitiesOf, unallocatedQtyOf, type SalesOrderLineRow, type SalesOrderRow } from "./status";

async function promiseOf(tx: Tx, order: SalesOrderRow, line: SalesOrderLineRow): Promise<string | null> {
  const requestDate = laterDate(order.orderDate, line.requestedDate ?? order.requestedDate);
  const missing = unallocatedQtyOf(quantitiesOf(line));
  if (missing === 0n) return requestDate;
  const [atp] = await computeAtp(tx, {
    itemId: line.itemId, baseQty: missing, requestDate,
    warehouses: [{ id: line.warehouseId, code: String(line.warehouseId), entityId: order.entityId, active: true, isTransit: false }],
    queue: { position: { priority: order.priority, orderDate: order.orderDate, orderId: order.id }, excludeOrderId: order.id },
  });
  if (atp?.promiseDate) return atp.promiseDate;
  const lead = await supplierLeadTime(tx, order.entityId, line.itemId);
  return lead ? laterDate(addDays(order.orderDate, lead.leadTimeDays), requestDate) : null;
}

/** Sets promised_date on the order's open lines (held lines too: the promise is shown to the customer). */
export async function setPromisedDates(tx: Tx, orderId: number): Promise<void> {
  const [order] = await tx.select().from(salesOrder).where(eq(salesOrder.id, orderId)).limit(1);
  if (!order) return;
  const lines = await tx.select().from(salesOrderLine).where(eq(salesOrderLine.orderId, orderId))
    .orderBy(asc(salesOrderLine.lineNumber)).limit(LINES_PER_ALLOCATION_MAX);
  for (const line of lines) {
    if (line.status === "cancelled" || line.status === "shipped") continue;
    const promised = await promiseOf(tx, order, line);
    if (promised === line.promisedDate) continue;
    await tx.execute(sql`update sales_order_line set promised_date = ${promised}::date, updated_at = now() where id = ${line.id}`);
  }
}
