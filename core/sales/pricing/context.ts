// Reads of the masters an order desk command needs (customer, item, units), with the sales
// context's own errors. Read-only; masters stay owned by core/masters.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { customer, item, itemUomConversion, legalEntity, warehouse } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { parseQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import { SalesError } from "../errors";

export type SalesCustomer = typeof customer.$inferSelect & { baseCurrency: string; entityCode: string };
export type SalesItem = { id: number; sku: string; description: string; categoryId: number; baseUom: string; active: boolean };

export const CONVERSIONS_PER_ITEM_MAX = 50;
export const WAREHOUSES_PER_ENTITY_MAX = 500;

/** The customer with its entity's base currency; it must belong to the entity. */
export async function loadSalesCustomer(tx: Tx, entityId: number, customerId: number, options: { requireActive?: boolean } = {}): Promise<SalesCustomer> {
  const [row] = await tx.select({ c: customer, baseCurrency: legalEntity.baseCurrency, entityCode: legalEntity.code }).from(customer)
    .innerJoin(legalEntity, eq(legalEntity.id, customer.entityId)).where(eq(customer.id, customerId)).limit(1);
  if (!row || row.c.entityId !== entityId) {
    throw new DomainError(SalesError.CUSTOMER_NOT_FOUND, "not_found", `customerId: customer ${customerId} does not exist in this entity`, { customerId, entityId });
  }
  if (options.requireActive !== false && !row.c.active) {
    throw new DomainError(SalesError.CUSTOMER_INACTIVE, "unprocessable", `customerId: customer ${row.c.code} is inactive`, { customerId });
  }
  return { ...row.c, baseCurrency: row.baseCurrency, entityCode: row.entityCode };
}

export async function loadSalesItem(tx: Tx, itemId: number, options: { requireActive?: boolean; field?: string } = {}): Promise<SalesItem> {
  const [row] = await tx.select({ id: item.id, sku: item.sku, description: item.description, categoryId: item.categoryId, baseUom: item.baseUom, active: item.active })
    .from(item).where(eq(item.id, itemId)).limit(1);
  const field = options.field ?? "itemId";
  if (!row) throw new DomainError(SalesError.ITEM_NOT_FOUND, "not_found", `${field}: item ${itemId} does not exist`, { itemId });
  if (options.requireActive !== false && !row.active) {
    throw new DomainError(SalesError.ITEM_INACTIVE, "unprocessable", `${field}: item ${row.sku} is inactive`, { itemId });
  }
  return row;
}

/** Base units per unit for each unit the item converts (the base unit is 1). */
export async function loadUnitFactors(tx: Tx, itemId: number, baseUom: string): Promise<Map<string, QtyScaled>> {
  const rows = await tx.select({ uom: itemUomConversion.uom, perUnit: itemUomConversion.baseQtyPerUnit }).from(itemUomConversion)
    .where(and(eq(itemUomConversion.itemId, itemId), eq(itemUomConversion.active, true))).limit(CONVERSIONS_PER_ITEM_MAX);
  const factors = new Map<string, QtyScaled>(rows.map((r) => [r.uom, parseQty(r.perUnit)]));
  factors.set(baseUom, QTY_SCALE);
  return factors;
}

/** A base quantity in one unit of the item, or null when it is not a whole number of ten-thousandths. */
export function fromBaseQty(baseQty: QtyScaled, baseQtyPerUnit: QtyScaled): QtyScaled | null {
  const scaled = baseQty * QTY_SCALE;
  if (scaled % baseQtyPerUnit !== 0n) return null;
  return scaled / baseQtyPerUnit;
}

export type SalesWarehouse = { id: number; code: string; entityId: number; active: boolean; isTransit: boolean };

/** The entity's active stock-holding warehouses (in-transit ones never ship to customers). */
export async function loadSellingWarehouses(tx: Tx, entityId: number): Promise<SalesWarehouse[]> {
  const rows = await tx.select({ id: warehouse.id, code: warehouse.code, entityId: warehouse.entityId, active: warehouse.active, isTransit: warehouse.isTransit })
    .from(warehouse).where(and(eq(warehouse.entityId, entityId), eq(warehouse.active, true), eq(warehouse.isTransit, false)))
    .orderBy(warehouse.id).limit(WAREHOUSES_PER_ENTITY_MAX);
  return rows;
}

/** A warehouse a line may ship from: active, not in transit, of the entity. */
export async function requireSellingWarehouse(tx: Tx, entityId: number, warehouseId: number, field: string): Promise<SalesWarehouse> {
  const [row] = await tx.select({ id: warehouse.id, code: warehouse.code, entityId: warehouse.entityId, active: warehouse.active, isTransit: warehouse.isTransit })
    .from(warehouse).where(inArray(warehouse.id, [warehouseId])).limit(1);
  if (!row || row.entityId !== entityId || !row.active || row.isTransit) {
    throw new DomainError(SalesError.WAREHOUSE_INVALID, "unprocessable",
      `${field}: warehouse ${warehouseId} is not an active selling warehouse of this entity`, { warehouseId, entityId });
  }
  return row;
}
