import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";

export const STOCK_PAGE_SIZE_MAX = 200;

export type StockOnHandRow = {
  itemId: number; sku: string; description: string; categoryName: string; baseUom: string;
  warehouseId: number; warehouseCode: string; entityId: number; currency: string;
  qtyOnHand: string; qtyAllocated: string; qtyAvailable: string; valueMinor: bigint;
};

/** On hand, allocated and available per item and warehouse, with value at cost. */
export async function listStockOnHand(tx: Tx, actor: Actor, options: {
  search?: string | null; warehouseId?: number | null; entityId?: number | null; itemId?: number | null; includeZero?: boolean; page?: number; pageSize?: number;
}): Promise<{ rows: StockOnHandRow[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "inventory:read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 50), STOCK_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const pattern = options.search ? `%${options.search}%` : null;
  const rows = await tx.execute<{
    item_id: string; sku: string; description: string; category_name: string; base_uom: string; warehouse_id: string; warehouse_code: string;
    entity_id: string; currency: string; qty_on_hand: string; qty_allocated: string; qty_available: string; value_minor: string; total: string;
  }>(sql`
    select b.item_id, i.sku, i.description, c.name as category_name, i.base_uom, b.warehouse_id, w.code as warehouse_code,
           b.entity_id, le.base_currency as currency, b.qty_on_hand, b.qty_allocated, b.qty_on_hand - b.qty_allocated as qty_available,
           b.value_minor, count(*) over () as total
      from stock_balance b
      join item i on i.id = b.item_id
      join item_category c on c.id = i.category_id
      join warehouse w on w.id = b.warehouse_id
      join legal_entity le on le.id = b.entity_id
     where (${options.includeZero ?? false} or b.qty_on_hand <> 0)
       and (${options.warehouseId ?? null}::int8 is null or b.warehouse_id = ${options.warehouseId ?? null})
       and (${options.entityId ?? null}::int8 is null or b.entity_id = ${options.entityId ?? null})
       and (${options.itemId ?? null}::int8 is null or b.item_id = ${options.itemId ?? null})
       and (${pattern}::text is null or i.sku ilike ${pattern} or i.description ilike ${pattern})
     order by i.sku, w.code
     limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    page, pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      itemId: Number(r.item_id), sku: r.sku, description: r.description, categoryName: r.category_name, baseUom: r.base_uom,
      warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code, entityId: Number(r.entity_id), currency: r.currency,
      qtyOnHand: r.qty_on_hand, qtyAllocated: r.qty_allocated, qtyAvailable: r.qty_available, valueMinor: BigInt(r.value_minor),
    })),
  };
}
