// Reads and writes of transfer orders shared by the commands and queries of this module.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { item, legalEntity, warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { transferOrder, transferOrderLine } from "../schema";
import { TransferError } from "./errors";

export const TRANSFER_LINES_MAX = 500;

export type TransferOrderRow = typeof transferOrder.$inferSelect;
export type TransferOrderLineRow = typeof transferOrderLine.$inferSelect;

export type TransferOrderDetail = TransferOrderRow & {
  entityCode: string;
  fromWarehouseCode: string;
  toWarehouseCode: string;
  lines: (TransferOrderLineRow & { sku: string; description: string; baseQtyOpen: string })[];
};

/** The order row locked FOR UPDATE, so state changes queue behind each other. */
export async function lockTransferOrderOrThrow(tx: Tx, transferOrderId: number): Promise<TransferOrderRow> {
  const [row] = await tx.select().from(transferOrder).where(eq(transferOrder.id, transferOrderId)).for("update");
  if (!row) throw new DomainError(TransferError.NOT_FOUND, "not_found", `Transfer order ${transferOrderId} does not exist`, { transferOrderId });
  return row;
}

export async function linesOf(tx: Tx, transferOrderId: number): Promise<TransferOrderLineRow[]> {
  return tx.select().from(transferOrderLine).where(eq(transferOrderLine.transferOrderId, transferOrderId))
    .orderBy(asc(transferOrderLine.lineNumber)).limit(TRANSFER_LINES_MAX);
}

export async function transferDetail(tx: Tx, transferOrderId: number): Promise<TransferOrderDetail> {
  const [row] = await tx.select({ order: transferOrder, entityCode: legalEntity.code }).from(transferOrder)
    .innerJoin(legalEntity, eq(legalEntity.id, transferOrder.entityId)).where(eq(transferOrder.id, transferOrderId)).limit(1);
  if (!row) throw new DomainError(TransferError.NOT_FOUND, "not_found", `Transfer order ${transferOrderId} does not exist`, { transferOrderId });
  const codes = await tx.select({ id: warehouse.id, code: warehouse.code }).from(warehouse)
    .where(inArray(warehouse.id, [row.order.fromWarehouseId, row.order.toWarehouseId]));
  const lines = await tx.select({ line: transferOrderLine, sku: item.sku, description: item.description }).from(transferOrderLine)
    .innerJoin(item, eq(item.id, transferOrderLine.itemId)).where(eq(transferOrderLine.transferOrderId, transferOrderId))
    .orderBy(asc(transferOrderLine.lineNumber)).limit(TRANSFER_LINES_MAX);
  const codeOf = (id: number) => codes.find((c) => c.id === id)?.code ?? String(id);
  return {
    ...row.order, entityCode: row.entityCode, fromWarehouseCode: codeOf(row.order.fromWarehouseId), toWarehouseCode: codeOf(row.order.toWarehouseId),
    lines: lines.map((l) => ({ ...l.line, sku: l.sku, description: l.description,
      baseQtyOpen: formatQty(parseQty(l.line.baseQty) - parseQty(l.line.baseQtyReceived)) })),
  };
}

export type NewTransferOrder = {
  entityId: number; fromWarehouseId: number; toWarehouseId: number; expectedDate: string; idempotencyKey: string | null;
  createdByUserId: number | null; lines: { itemId: number; baseQty: QtyScaled }[];
};

/** Checks warehouses and items, then writes the order as a draft numbered TO-<ENTITY>-<id>. */
export async function writeTransferOrder(tx: Tx, order: NewTransferOrder): Promise<TransferOrderRow> {
  assert(order.lines.length > 0 && order.lines.length <= TRANSFER_LINES_MAX, "a transfer order has 1..TRANSFER_LINES_MAX lines");
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, order.entityId)).limit(1);
  if (!entity) throw new DomainError(TransferError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${order.entityId} does not exist`);
  await checkWarehouses(tx, order);
  await checkItems(tx, order.lines.map((l) => l.itemId));
  const [idRow] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('transfer_order', 'id')) as id`);
  const id = Number(idRow?.id);
  const [created] = await tx.insert(transferOrder).values({
    id, entityId: order.entityId, transferNumber: `TO-${entity.code}-${String(id).padStart(8, "0")}`, fromWarehouseId: order.fromWarehouseId,
    toWarehouseId: order.toWarehouseId, expectedDate: order.expectedDate, idempotencyKey: order.idempotencyKey, createdByUserId: order.createdByUserId,
  }).returning();
  assert(created !== undefined, "transfer order insert returned no row");
  await tx.insert(transferOrderLine).values(order.lines.map((l, index) => ({
    transferOrderId: id, lineNumber: index + 1, itemId: l.itemId, baseQty: formatQty(l.baseQty),
  })));
  return created;
}

async function checkWarehouses(tx: Tx, order: NewTransferOrder): Promise<void> {
  if (order.fromWarehouseId === order.toWarehouseId) {
    throw new DomainError(TransferError.WAREHOUSE_INVALID, "invalid", "toWarehouseId: must differ from fromWarehouseId");
  }
  const rows = await tx.select().from(warehouse).where(inArray(warehouse.id, [order.fromWarehouseId, order.toWarehouseId]));
  for (const [field, id] of [["fromWarehouseId", order.fromWarehouseId], ["toWarehouseId", order.toWarehouseId]] as const) {
    const row = rows.find((w) => w.id === id);
    if (!row || !row.active || row.isTransit || row.entityId !== order.entityId) {
      throw new DomainError(TransferError.WAREHOUSE_INVALID, "unprocessable",
        `${field}: warehouse ${id} is not an active stocking warehouse of the entity`, { warehouseId: id });
    }
  }
}

async function checkItems(tx: Tx, itemIds: number[]): Promise<void> {
  const seen = new Set<number>();
  itemIds.forEach((id, index) => {
    if (seen.has(id)) throw new DomainError(TransferError.DUPLICATE_ITEM, "invalid", `lines.${index}.itemId: item ${id} appears twice`, { itemId: id });
    seen.add(id);
  });
  const rows = await tx.select({ id: item.id, active: item.active }).from(item).where(inArray(item.id, itemIds));
  itemIds.forEach((id, index) => {
    const row = rows.find((r) => r.id === id);
    if (!row || !row.active) throw new DomainError(TransferError.ITEM_INVALID, "unprocessable", `lines.${index}.itemId: item ${id} does not exist or is inactive`, { itemId: id });
  });
}

/** Sets the received quantities of several lines in one statement. */
export async function writeReceivedQuantities(tx: Tx, received: { lineId: number; baseQtyReceived: QtyScaled }[]): Promise<void> {
  if (received.length === 0) return;
  const values = sql.join(received.map((r) => sql`(${r.lineId}::int8, ${formatQty(r.baseQtyReceived)}::numeric)`), sql`, `);
  const updated = await tx.execute(sql`update transfer_order_line l set base_qty_received = v.qty
    from (values ${values}) as v(id, qty) where l.id = v.id`);
  assert(updated.count === received.length, "every received line was updated");
}

export const transferStatusIs = (row: TransferOrderRow, status: string) => and(eq(transferOrder.id, row.id), eq(transferOrder.status, status));
