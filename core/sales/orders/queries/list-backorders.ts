import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { Id } from "../../pricing/inputs";

export const BACKORDERS_LIMIT_MAX = 500;

export const ListBackordersInput = z.object({
  entityId: Id,
  itemId: Id.nullish(),
  warehouseId: Id.nullish(),
  customerId: Id.nullish(),
  limit: z.number().int().min(1).max(BACKORDERS_LIMIT_MAX).default(100),
});

export type BackorderRow = {
  orderLineId: number; orderId: number; orderNumber: string; lineNumber: number; orderDate: string; priority: number;
  customerId: number; customerCode: string; customerName: string; customerTier: string;
  itemId: number; sku: string; warehouseId: number; warehouseCode: string;
  openBaseQty: string; allocatedBaseQty: string; backorderedBaseQty: string; promisedDate: string | null;
  /** The backordered quantity at the line's price, order currency. */
  backorderedValueMinor: bigint; currency: string;
};

type Row = {
  line_id: string; order_id: string; order_number: string; line_number: number; order_date: string; priority: number; customer_id: string;
  customer_code: string; customer_name: string; tier: string; item_id: string; sku: string; warehouse_id: string; warehouse_code: string;
  open_qty: string; allocated: string; backordered: string; promised_date: string | null; backordered_value: string; currency: string;
};

/** The backorder queue in allocation order: highest priority first, then the oldest order. */
export async function listBackorders(tx: Tx, actor: Actor, raw: z.input<typeof ListBackordersInput>): Promise<BackorderRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListBackordersInput, raw);
  const rows = await tx.execute<Row>(sql`
    select l.id as line_id, o.id as order_id, o.order_number, l.line_number, o.order_date::text as order_date, o.priority,
           c.id as customer_id, c.code as customer_code, c.name as customer_name, c.tier, i.id as item_id, i.sku, w.id as warehouse_id, w.code as warehouse_code,
           (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled)::text as open_qty, l.base_qty_allocated::text as allocated,
           (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated)::text as backordered, l.promised_date::text as promised_date,
           round(l.unit_price_minor * l.qty * (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated) / l.base_qty_ordered)::text as backordered_value,
           o.currency
      from sales_order_line l join sales_order o on o.id = l.order_id join customer c on c.id = o.customer_id
      join item i on i.id = l.item_id join warehouse w on w.id = l.warehouse_id
     where o.entity_id = ${input.entityId} and l.status in ('backordered', 'partially_allocated') and o.status in ('released', 'partially_shipped')
       and (${input.itemId ?? null}::int8 is null or l.item_id = ${input.itemId ?? null})
       and (${input.warehouseId ?? null}::int8 is null or l.warehouse_id = ${input.warehouseId ?? null})
       and (${input.customerId ?? null}::int8 is null or o.customer_id = ${input.customerId ?? null})
     order by o.priority desc, o.order_date, o.id, l.line_number limit ${input.limit}`);
  return rows.map((r) => ({
    orderLineId: Number(r.line_id), orderId: Number(r.order_id), orderNumber: r.order_number, lineNumber: Number(r.line_number), orderDate: r.order_date,
    priority: Number(r.priority), customerId: Number(r.customer_id), customerCode: r.customer_code, customerName: r.customer_name, customerTier: r.tier,
    itemId: Number(r.item_id), sku: r.sku, warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code,
    openBaseQty: r.open_qty, allocatedBaseQty: r.allocated, backorderedBaseQty: r.backordered, promisedDate: r.promised_date,
    backorderedValueMinor: BigInt(r.backordered_value), currency: r.currency,
  }));
}
