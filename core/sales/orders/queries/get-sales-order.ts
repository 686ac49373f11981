import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { customer, item, warehouse } from "../../../masters/schema";
import { DomainError } from "../../../shared/errors";
import { formatQty, parseQty } from "../../../shared/quantity";
import { SalesError } from "../../errors";
import { salesOrder, salesOrderLine } from "../../schema";
import { LINES_PER_ALLOCATION_MAX } from "../allocation";
import { baseQtyValueMinor, isReleased, openQtyOf, quantitiesOf, type SalesOrderLineRow, type SalesOrderRow } from "../status";

export type SalesOrderLineDetail = SalesOrderLineRow & {
  sku: string; description: string; warehouseCode: string;
  /** Ordered - shipped - cancelled, and the part of it no stock is allocated to yet (zero while held). */
  openBaseQty: string; backorderedBaseQty: string;
  lineValueMinor: bigint; openValueMinor: bigint;
};

export type SalesOrderDetail = SalesOrderRow & {
  customerCode: string; customerName: string; customerTier: string;
  lines: SalesOrderLineDetail[];
  /** Document currency: every live line at its price, and the part not yet shipped. */
  totalMinor: bigint; openValueMinor: bigint;
};

function lineDetail(order: SalesOrderRow, row: { line: SalesOrderLineRow; sku: string; description: string; warehouseCode: string }): SalesOrderLineDetail {
  const q = quantitiesOf(row.line);
  const open = openQtyOf(q);
  const waiting = isReleased(order.status) && row.line.status !== "pricing_hold" ? open - q.allocated : 0n;
  const qty = parseQty(row.line.qty);
  const priced = { unitPriceMinor: row.line.unitPriceMinor, qty, ordered: q.ordered };
  return {
    ...row.line, sku: row.sku, description: row.description, warehouseCode: row.warehouseCode,
    openBaseQty: formatQty(open), backorderedBaseQty: formatQty(waiting),
    lineValueMinor: baseQtyValueMinor(priced, q.ordered - q.cancelled), openValueMinor: baseQtyValueMinor(priced, open),
  };
}

/** The order with its lines, customer and values; null when it does not exist. */
export async function loadSalesOrderDetail(tx: Tx, orderId: number): Promise<SalesOrderDetail | null> {
  const [head] = await tx.select({ order: salesOrder, code: customer.code, name: customer.name, tier: customer.tier }).from(salesOrder)
    .innerJoin(customer, eq(customer.id, salesOrder.customerId)).where(eq(salesOrder.id, orderId)).limit(1);
  if (!head) return null;
  const rows = await tx.select({ line: salesOrderLine, sku: item.sku, description: item.description, warehouseCode: warehouse.code }).from(salesOrderLine)
    .innerJoin(item, eq(item.id, salesOrderLine.itemId)).innerJoin(warehouse, eq(warehouse.id, salesOrderLine.warehouseId))
    .where(eq(salesOrderLine.orderId, orderId)).orderBy(asc(salesOrderLine.lineNumber)).limit(LINES_PER_ALLOCATION_MAX);
  const lines = rows.map((r) => lineDetail(head.order, r));
  return {
    ...head.order, customerCode: head.code, customerName: head.name, customerTier: head.tier, lines,
    totalMinor: lines.reduce((sum, l) => sum + l.lineValueMinor, 0n), openValueMinor: lines.reduce((sum, l) => sum + l.openValueMinor, 0n),
  };
}

export async function getSalesOrderOrThrow(tx: Tx, actor: Actor, orderId: number): Promise<SalesOrderDetail> {
  requirePermission(actor, "sales:read");
  const detail = await loadSalesOrderDetail(tx, orderId);
  if (!detail) throw new DomainError(SalesError.ORDER_NOT_FOUND, "not_found", `Sales order ${orderId} does not exist`, { orderId });
  return detail;
}
