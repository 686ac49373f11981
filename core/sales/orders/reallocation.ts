// The backorder queue served from newly free stock: lines waiting for an item in a warehouse,
// highest priority first, then the oldest order. Lines another transaction holds (being shipped,
// cancelled) are skipped this round rather than waited for, so reallocation never deadlocks.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { formatQty } from "../../shared/quantity";
import { allocateLines } from "./allocation";

export const REALLOCATION_LINES_MAX = 500;

export type ReallocatedLine = { orderLineId: number; orderId: number; orderNumber: string; priority: number; allocatedBaseQty: string };

export async function reallocate(tx: Tx, stockActor: Actor, itemId: number, warehouseId: number): Promise<ReallocatedLine[]> {
  const queue = await tx.execute<{ id: string; order_id: string; order_number: string; priority: number }>(sql`
    select l.id, o.id as order_id, o.order_number, o.priority
      from sales_order_line l join sales_order o on o.id = l.order_id
     where l.item_id = ${itemId} and l.warehouse_id = ${warehouseId} and l.status in ('backordered', 'partially_allocated')
       and o.status in ('released', 'partially_shipped')
     order by o.priority desc, o.order_date, o.id, l.line_number
     limit ${REALLOCATION_LINES_MAX}
     for update of l skip locked`);
  if (queue.length === 0) return [];
  const received = await allocateLines(tx, stockActor, queue.map((r) => Number(r.id)));
  return queue.flatMap((r) => {
    const got = received.get(Number(r.id)) ?? 0n;
    return got > 0n ? [{ orderLineId: Number(r.id), orderId: Number(r.order_id), orderNumber: r.order_number, priority: Number(r.priority), allocatedBaseQty: formatQty(got) }] : [];
  });
}
