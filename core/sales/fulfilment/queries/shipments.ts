import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { inventoryDocument } from "../../../inventory/schema";
import { item } from "../../../masters/schema";
import { DomainError, parseInput } from "../../../shared/errors";
import { salesOrder, shipment, shipmentLine } from "../../schema";
import { FulfilmentError, SHIPMENTS_PAGE_MAX, SHIPMENT_LINES_MAX } from "../errors";
import { Id } from "../inputs";

export type ShipmentLineDetail = {
  id: number;
  orderLineId: number;
  itemId: number;
  sku: string;
  description: string;
  /** Base units, decimal string. */
  baseQty: string;
  /** Cost taken out of stock when shipped, base currency; null until shipped. */
  costValueMinor: bigint | null;
  baseQtyInvoiced: string;
};

export type ShipmentDetail = Omit<typeof shipment.$inferSelect, "idempotencyKey"> & {
  orderNumber: string;
  customerId: number;
  /** The stock issue's journal entry (Dr COGS, Cr Inventory) once shipped. */
  journalEntryId: number | null;
  lines: ShipmentLineDetail[];
  /** True when an idempotent retry returned this first result. */
  replayed: boolean;
};

export function shipmentNotFound(shipmentId: number): DomainError {
  return new DomainError(FulfilmentError.SHIPMENT_NOT_FOUND, "not_found", `shipmentId: shipment ${shipmentId} does not exist`, { shipmentId });
}

/** Loads a shipment with its lines; internal reader without a permission check (commands call it). */
export async function loadShipmentDetail(tx: Tx, shipmentId: number, replayed = false): Promise<ShipmentDetail> {
  const [row] = await tx.select({ s: shipment, orderNumber: salesOrder.orderNumber, customerId: salesOrder.customerId, journalEntryId: inventoryDocument.journalEntryId })
    .from(shipment).innerJoin(salesOrder, eq(salesOrder.id, shipment.orderId))
    .leftJoin(inventoryDocument, eq(inventoryDocument.id, shipment.inventoryDocumentId))
    .where(eq(shipment.id, shipmentId)).limit(1);
  if (!row) throw shipmentNotFound(shipmentId);
  const lines = await tx.select({ l: shipmentLine, sku: item.sku, description: item.description }).from(shipmentLine)
    .innerJoin(item, eq(item.id, shipmentLine.itemId)).where(eq(shipmentLine.shipmentId, shipmentId))
    .orderBy(asc(shipmentLine.id)).limit(SHIPMENT_LINES_MAX);
  const { idempotencyKey: _key, ...header } = row.s;
  return {
    ...header, orderNumber: row.orderNumber, customerId: row.customerId, journalEntryId: row.journalEntryId ?? null, replayed,
    lines: lines.map(({ l, sku, description }) => ({
      id: l.id, orderLineId: l.orderLineId, itemId: l.itemId, sku, description, baseQty: trimQty(l.baseQty),
      costValueMinor: l.costValueMinor, baseQtyInvoiced: trimQty(l.baseQtyInvoiced),
    })),
  };
}

/** "5.0000" → "5": quantities leave core in their shortest exact form. */
export function trimQty(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

export async function getShipmentOrThrow(tx: Tx, actor: Actor, shipmentId: number): Promise<ShipmentDetail> {
  requirePermission(actor, "sales:read");
  return loadShipmentDetail(tx, shipmentId);
}

export const ListShipmentsInput = z.object({
  entityId: Id,
  orderId: Id.optional(),
  warehouseId: Id.optional(),
  status: z.array(z.enum(["picking", "packed", "shipped", "cancelled"])).max(4).optional(),
  /** Shipped shipments with something not yet invoiced. */
  uninvoicedOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(SHIPMENTS_PAGE_MAX).default(50),
  offset: z.number().int().min(0).default(0),
});

export type ShipmentListRow = Omit<typeof shipment.$inferSelect, "idempotencyKey"> & { orderNumber: string; customerId: number };

export async function listShipments(tx: Tx, actor: Actor, raw: z.input<typeof ListShipmentsInput>): Promise<ShipmentListRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListShipmentsInput, raw);
  const filters: SQL[] = [eq(shipment.entityId, input.entityId)];
  if (input.orderId) filters.push(eq(shipment.orderId, input.orderId));
  if (input.warehouseId) filters.push(eq(shipment.warehouseId, input.warehouseId));
  if (input.status) filters.push(inArray(shipment.status, input.status));
  if (input.uninvoicedOnly) {
    filters.push(eq(shipment.status, "shipped"));
    filters.push(sql`exists (select 1 from shipment_line sl where sl.shipment_id = ${shipment.id} and sl.base_qty_invoiced < sl.base_qty)`);
  }
  const rows = await tx.select({ s: shipment, orderNumber: salesOrder.orderNumber, customerId: salesOrder.customerId })
    .from(shipment).innerJoin(salesOrder, eq(salesOrder.id, shipment.orderId))
    .where(and(...filters)).orderBy(desc(shipment.id)).limit(input.limit).offset(input.offset);
  return rows.map(({ s, orderNumber, customerId }) => {
    const { idempotencyKey: _key, ...header } = s;
    return { ...header, orderNumber, customerId };
  });
}
