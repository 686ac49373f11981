import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item, supplier } from "../../masters/schema";
import { SUPPLIER_ITEMS_MAX } from "../limits";
import { supplierItem } from "../schema";
import type { SupplierItemRow } from "./upsert-supplier-item";

export type SupplierItemListRow = SupplierItemRow & { sku: string; supplierCode: string; supplierCurrency: string };

/** Supplier items by supplier or by item (both optional), active ones unless asked otherwise. */
export async function listSupplierItems(tx: Tx, actor: Actor, options: { supplierId?: number; itemId?: number; includeInactive?: boolean; limit?: number } = {}): Promise<SupplierItemListRow[]> {
  requirePermission(actor, "purchasing:read");
  const limit = Math.min(Math.max(1, options.limit ?? 200), SUPPLIER_ITEMS_MAX);
  const conditions: SQL[] = [];
  if (options.supplierId !== undefined) conditions.push(eq(supplierItem.supplierId, options.supplierId));
  if (options.itemId !== undefined) conditions.push(eq(supplierItem.itemId, options.itemId));
  if (!options.includeInactive) conditions.push(eq(supplierItem.active, true));
  const rows = await tx.select({ row: supplierItem, sku: item.sku, supplierCode: supplier.code, supplierCurrency: supplier.currency })
    .from(supplierItem).innerJoin(item, eq(item.id, supplierItem.itemId)).innerJoin(supplier, eq(supplier.id, supplierItem.supplierId))
    .where(conditions.length > 0 ? and(...conditions) : undefined).orderBy(asc(supplier.code), asc(item.sku)).limit(limit);
  return rows.map((r) => ({ ...r.row, sku: r.sku, supplierCode: r.supplierCode, supplierCurrency: r.supplierCurrency }));
}

/** The supplier's terms for one item, or null; for order entry and planning. */
export async function findSupplierItem(tx: Tx, supplierId: number, itemId: number): Promise<SupplierItemRow | null> {
  const [row] = await tx.select().from(supplierItem)
    .where(and(eq(supplierItem.supplierId, supplierId), eq(supplierItem.itemId, itemId), eq(supplierItem.active, true))).limit(1);
  return row ?? null;
}
