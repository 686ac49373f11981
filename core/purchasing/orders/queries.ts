import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { approvalRequest } from "../../governance/schema";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item, supplier } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { formatQty, parseQty } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { LIST_ROWS_MAX, PO_LINES_MAX, SCHEDULED_RECEIPTS_MAX } from "../limits";
import { purchaseOrder, purchaseOrderLine } from "../schema";
import { lineValueMinor } from "../shared/values";
import { lineQuantities, type PurchaseOrderLineRow, type PurchaseOrderRow, type PurchaseOrderStatus } from "./status";

export type PurchaseOrderLineDetail = PurchaseOrderLineRow & { sku: string; openBaseQty: string; valueMinor: bigint };
export type PurchaseOrderDetail = PurchaseOrderRow & {
  supplierCode: string;
  supplierName: string;
  /** Sum of the lines at PO price, in the PO's (supplier's) currency. */
  valueMinor: bigint;
  /** The latest approval request: its status and, after a rejection, the reason. */
  approval: { requestId: number; status: string; decisionReason: string | null } | null;
  lines: PurchaseOrderLineDetail[];
};

/** Loads an order with its lines; for commands, which checked their own permission. */
export async function loadPurchaseOrderDetail(tx: Tx, purchaseOrderId: number): Promise<PurchaseOrderDetail> {
  const [row] = await tx.select({ order: purchaseOrder, supplierCode: supplier.code, supplierName: supplier.name }).from(purchaseOrder)
    .innerJoin(supplier, eq(supplier.id, purchaseOrder.supplierId)).where(eq(purchaseOrder.id, purchaseOrderId)).limit(1);
  if (!row) throw new DomainError(PurchasingError.PURCHASE_ORDER_NOT_FOUND, "not_found", `Purchase order ${purchaseOrderId} does not exist`, { purchaseOrderId });
  const lines = await tx.select({ line: purchaseOrderLine, sku: item.sku }).from(purchaseOrderLine).innerJoin(item, eq(item.id, purchaseOrderLine.itemId))
    .where(eq(purchaseOrderLine.purchaseOrderId, purchaseOrderId)).orderBy(asc(purchaseOrderLine.lineNumber)).limit(PO_LINES_MAX);
  let approval: PurchaseOrderDetail["approval"] = null;
  if (row.order.approvalRequestId !== null) {
    const [request] = await tx.select({ id: approvalRequest.id, status: approvalRequest.status, decisionReason: approvalRequest.decisionReason })
      .from(approvalRequest).where(eq(approvalRequest.id, row.order.approvalRequestId)).limit(1);
    if (request) approval = { requestId: request.id, status: request.status, decisionReason: request.decisionReason };
  }
  const detailed = lines.map(({ line, sku }) => ({
    ...line, sku, openBaseQty: formatQty(lineQuantities(line).open), valueMinor: lineValueMinor(parseQty(line.qty), line.unitPriceMinor),
  }));
  return {
    ...row.order, supplierCode: row.supplierCode, supplierName: row.supplierName, approval, lines: detailed,
    valueMinor: detailed.reduce((sum, line) => sum + line.valueMinor, 0n),
  };
}

export async function getPurchaseOrderOrThrow(tx: Tx, actor: Actor, purchaseOrderId: number): Promise<PurchaseOrderDetail> {
  requirePermission(actor, "purchasing:read");
  return loadPurchaseOrderDetail(tx, purchaseOrderId);
}

export type PurchaseOrderSummary = Pick<PurchaseOrderRow, "id" | "entityId" | "poNumber" | "supplierId" | "currency" | "orderDate" | "expectedDate" | "status"> & { supplierCode: string; supplierName: string };

/** Orders of an entity, newest first, optionally by status and supplier. */
export async function listPurchaseOrders(tx: Tx, actor: Actor, options: { entityId: number; statuses?: PurchaseOrderStatus[]; supplierId?: number; limit?: number }): Promise<PurchaseOrderSummary[]> {
  requirePermission(actor, "purchasing:read");
  const limit = Math.min(Math.max(1, options.limit ?? 100), LIST_ROWS_MAX);
  const conditions: SQL[] = [eq(purchaseOrder.entityId, options.entityId)];
  if (options.statuses && options.statuses.length > 0) conditions.push(inArray(purchaseOrder.status, options.statuses));
  if (options.supplierId !== undefined) conditions.push(eq(purchaseOrder.supplierId, options.supplierId));
  const rows = await tx.select({ order: purchaseOrder, supplierCode: supplier.code, supplierName: supplier.name }).from(purchaseOrder)
    .innerJoin(supplier, eq(supplier.id, purchaseOrder.supplierId)).where(and(...conditions))
    .orderBy(desc(purchaseOrder.orderDate), desc(purchaseOrder.id)).limit(limit);
  return rows.map(({ order, supplierCode, supplierName }) => ({
    id: order.id, entityId: order.entityId, poNumber: order.poNumber, supplierId: order.supplierId, currency: order.currency,
    orderDate: order.orderDate, expectedDate: order.expectedDate, status: order.status, supplierCode, supplierName,
  }));
}

export type ScheduledReceipt = {
  purchaseOrderId: number;
  poNumber: string;
  purchaseOrderLineId: number;
  entityId: number;
  supplierId: number;
  itemId: number;
  warehouseId: number;
  /** Ordered (or confirmed) minus received minus cancelled, base units. */
  openBaseQty: string;
  /** The supplier's confirmed date when given, else the expected date. */
  dueDate: string;
  confirmed: boolean;
};

/**
 * Open supply from approved purchase orders per item (and warehouse): what available-to-promise
 * and replenishment planning count on, earliest first. No actor: core readers call it.
 */
export async function listScheduledReceipts(tx: Tx, options: { itemIds: readonly number[]; warehouseIds?: readonly number[] }): Promise<ScheduledReceipt[]> {
  if (options.itemIds.length === 0) return [];
  assert(options.itemIds.length <= SCHEDULED_RECEIPTS_MAX, "too many items for one scheduled-receipts query");
  const warehouses = options.warehouseIds && options.warehouseIds.length > 0 ? options.warehouseIds : null;
  const open = sql<string>`greatest(0, coalesce(${purchaseOrderLine.confirmedBaseQty}, ${purchaseOrderLine.baseQtyOrdered}) - ${purchaseOrderLine.baseQtyReceived} - ${purchaseOrderLine.baseQtyCancelled})`;
  const dueDate = sql<string>`coalesce(${purchaseOrderLine.confirmedDate}, ${purchaseOrderLine.expectedDate})`;
  const rows = await tx.select({
    purchaseOrderId: purchaseOrder.id, poNumber: purchaseOrder.poNumber, purchaseOrderLineId: purchaseOrderLine.id, entityId: purchaseOrder.entityId,
    supplierId: purchaseOrder.supplierId, itemId: purchaseOrderLine.itemId, warehouseId: purchaseOrderLine.warehouseId,
    openBaseQty: open, dueDate, confirmedDate: purchaseOrderLine.confirmedDate,
  }).from(purchaseOrderLine).innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
    .where(and(inArray(purchaseOrder.status, ["approved", "partially_received"]), inArray(purchaseOrderLine.itemId, [...options.itemIds]),
      warehouses ? inArray(purchaseOrderLine.warehouseId, [...warehouses]) : undefined, sql`${open} > 0`))
    .orderBy(dueDate, asc(purchaseOrderLine.id)).limit(SCHEDULED_RECEIPTS_MAX);
  return rows.map(({ confirmedDate, openBaseQty, ...rest }) => ({ ...rest, openBaseQty: formatQty(parseQty(openBaseQty)), confirmed: confirmedDate !== null }));
}
