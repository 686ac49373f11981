// The pick queue shipping works from: allocated order lines not yet on an open pick list.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";

export const PICK_QUEUE_LINES_MAX = 500;

export const PickQueueInput = z.object({ entityId: z.number().int().positive(), warehouseId: z.number().int().positive().nullish() });

export type PickQueueLine = {
  orderId: number; orderNumber: string; orderDate: string; priority: number; orderStatus: string; customerCode: string; customerName: string;
  warehouseId: number; warehouseCode: string; orderLineId: number; lineNumber: number; sku: string; description: string;
  allocatedBaseQty: string; onPickListsBaseQty: string; pickableBaseQty: string; promisedDate: string | null;
};

type PickRow = {
  order_id: string; order_number: string; order_date: string; priority: number; order_status: string; code: string; name: string; warehouse_id: string;
  warehouse_code: string; line_id: string; line_number: number; sku: string; description: string; allocated: string; picked: string; pickable: string;
  promised_date: string | null;
};

/**
 * Lines of released orders with stock allocated and not yet on an open pick list (picking or
 * packed), in queue order (priority, then order date), per warehouse. Shipping works from this.
 */
export async function listPickQueue(tx: Tx, actor: Actor, raw: z.input<typeof PickQueueInput>): Promise<PickQueueLine[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(PickQueueInput, raw);
  const rows = await tx.execute<PickRow>(sql`
    select o.id as order_id, o.order_number, o.order_date::text as order_date, o.priority, o.status as order_status, c.code, c.name,
           w.id as warehouse_id, w.code as warehouse_code, l.id as line_id, l.line_number, i.sku, i.description,
           l.base_qty_allocated::text as allocated, coalesce(p.picked, 0)::text as picked,
           (l.base_qty_allocated - coalesce(p.picked, 0))::text as pickable, l.promised_date::text as promised_date
      from sales_order_line l join sales_order o on o.id = l.order_id join customer c on c.id = o.customer_id
      join item i on i.id = l.item_id join warehouse w on w.id = l.warehouse_id
      left join lateral (
        select sum(sl.base_qty) as picked from shipment_line sl join shipment s on s.id = sl.shipment_id
         where sl.order_line_id = l.id and s.status in ('picking', 'packed')) p on true
     where o.entity_id = ${input.entityId} and o.status in ('released', 'partially_shipped') and l.base_qty_allocated > coalesce(p.picked, 0)
       and (${input.warehouseId ?? null}::int8 is null or l.warehouse_id = ${input.warehouseId ?? null})
     order by w.code, o.priority desc, o.order_date, o.id, l.line_number limit ${PICK_QUEUE_LINES_MAX}`);
  return rows.map((r) => ({
    orderId: Number(r.order_id), orderNumber: r.order_number, orderDate: r.order_date, priority: Number(r.priority), orderStatus: r.order_status,
    customerCode: r.code, customerName: r.name, warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code, orderLineId: Number(r.line_id),
    lineNumber: Number(r.line_number), sku: r.sku, description: r.description, allocatedBaseQty: r.allocated, onPickListsBaseQty: r.picked,
    pickableBaseQty: r.pickable, promisedDate: r.promised_date,
  }));
}
