// Available-to-promise across an entity's warehouses: free stock now, the backorders queued
// ahead, and scheduled receipts by date, giving a promise date per warehouse and the best one.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { parseInput } from "../../shared/errors";
import { priorityOfTier, type QueuePosition } from "../orders/priority";
import { loadSalesCustomer, loadSalesItem, loadSellingWarehouses, requireSellingWarehouse, type SalesWarehouse } from "../pricing/context";
import { Id, IsoDate, QtyText } from "../pricing/inputs";
import { listScheduledReceipts, type ScheduledReceipt } from "./scheduled-receipts";
import { bestPromise, canShipNow, promiseDateOf } from "./timeline";

export const AvailableToPromiseInput = z.object({
  entityId: Id,
  itemId: Id,
  /** In the item's base unit. */
  baseQty: QtyText,
  warehouseId: Id.nullish(),
  requestDate: IsoDate,
  /** Ranks the demand in the backorder queue by the customer's tier; without it every backorder is ahead. */
  customerId: Id.nullish(),
});

/** Who is asking, in the queue: only backorders ahead of this position take supply first. */
export type AtpQueue = { position: QueuePosition; excludeOrderId: number } | { priorityAtLeast: number } | null;

export type AtpWarehouseComputed = {
  warehouseId: number; warehouseCode: string; onHand: QtyScaled; allocated: QtyScaled; demandAhead: QtyScaled;
  availableNow: QtyScaled; canShipToday: QtyScaled; promiseDate: string | null; receipts: ScheduledReceipt[];
};

export type AtpWarehouse = {
  warehouseId: number; warehouseCode: string; onHandBaseQty: string; allocatedBaseQty: string; backorderedAheadBaseQty: string;
  availableNowBaseQty: string; canShipTodayBaseQty: string; promiseDate: string | null;
  scheduledReceipts: { date: string; baseQty: string; source: ScheduledReceipt["source"]; documentNumber: string }[];
};

export type AvailableToPromise = {
  entityId: number; itemId: number; sku: string; baseUom: string; baseQty: string; requestDate: string;
  warehouses: AtpWarehouse[];
  best: { warehouseId: number; warehouseCode: string; promiseDate: string } | null;
  /** The most one warehouse can ship today, and the sum over all of them. */
  canShipTodayBaseQty: string; availableNowTotalBaseQty: string;
};

function aheadFilter(queue: AtpQueue) {
  if (queue === null) return sql`true`;
  if ("priorityAtLeast" in queue) return sql`o.priority >= ${queue.priorityAtLeast}`;
  const p = queue.position;
  return sql`o.id <> ${queue.excludeOrderId} and (o.priority > ${p.priority}
    or (o.priority = ${p.priority} and (o.order_date, o.id) < (${p.orderDate}::date, ${p.orderId}::int8)))`;
}

async function positionsOf(tx: Tx, itemId: number, warehouseIds: number[], queue: AtpQueue) {
  const ids = sql`array[${sql.join(warehouseIds.map((id) => sql`${id}::int8`), sql`, `)}]`;
  return tx.execute<{ warehouse_id: string; on_hand: string; allocated: string; ahead: string }>(sql`
    select w.id as warehouse_id, coalesce(b.qty_on_hand, 0)::text as on_hand, coalesce(b.qty_allocated, 0)::text as allocated,
      (select coalesce(sum(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated), 0)
         from sales_order_line l join sales_order o on o.id = l.order_id
        where l.item_id = ${itemId} and l.warehouse_id = w.id and l.status in ('backordered', 'partially_allocated')
          and o.status in ('released', 'partially_shipped') and ${aheadFilter(queue)})::text as ahead
      from warehouse w left join stock_balance b on b.warehouse_id = w.id and b.item_id = ${itemId}
     where w.id = any(${ids}) order by w.id`);
}

/** The computation behind availableToPromise, in scaled bigints, for order entry to reuse. */
export async function computeAtp(tx: Tx, input: { itemId: number; baseQty: QtyScaled; warehouses: SalesWarehouse[]; requestDate: string; queue: AtpQueue }): Promise<AtpWarehouseComputed[]> {
  if (input.warehouses.length === 0) return [];
  const warehouseIds = input.warehouses.map((w) => w.id);
  const rows = await positionsOf(tx, input.itemId, warehouseIds, input.queue);
  const receipts = await listScheduledReceipts(tx, { itemIds: [input.itemId], warehouseIds });
  return rows.map((r) => {
    const warehouseId = Number(r.warehouse_id);
    const onHand = parseQty(r.on_hand);
    const allocated = parseQty(r.allocated);
    const free = onHand - allocated;
    const supply = { availableNow: free > 0n ? free : 0n, demandAhead: parseQty(r.ahead), receipts: receipts.filter((x) => x.warehouseId === warehouseId) };
    return {
      warehouseId, warehouseCode: input.warehouses.find((w) => w.id === warehouseId)?.code ?? String(warehouseId),
      onHand, allocated, demandAhead: supply.demandAhead, availableNow: supply.availableNow, receipts: supply.receipts,
      canShipToday: canShipNow(supply, input.baseQty), promiseDate: promiseDateOf(supply, input.baseQty, input.requestDate),
    };
  });
}

function present(row: AtpWarehouseComputed): AtpWarehouse {
  return {
    warehouseId: row.warehouseId, warehouseCode: row.warehouseCode, onHandBaseQty: formatQty(row.onHand), allocatedBaseQty: formatQty(row.allocated),
    backorderedAheadBaseQty: formatQty(row.demandAhead), availableNowBaseQty: formatQty(row.availableNow), canShipTodayBaseQty: formatQty(row.canShipToday),
    promiseDate: row.promiseDate,
    scheduledReceipts: row.receipts.map((r) => ({ date: r.date, baseQty: formatQty(r.baseQty), source: r.source, documentNumber: r.documentNumber })),
  };
}

/**
 * When can this quantity be promised, and from where: per warehouse (or the one asked for) the
 * promise date and what can ship today, plus the best warehouse. Serves GET /api/v1/atp.
 */
export async function availableToPromise(tx: Tx, actor: Actor, raw: z.input<typeof AvailableToPromiseInput>): Promise<AvailableToPromise> {
  requirePermission(actor, "sales:read");
  const input = parseInput(AvailableToPromiseInput, raw);
  const salesItem = await loadSalesItem(tx, input.itemId, { requireActive: false });
  const warehouses = input.warehouseId
    ? [await requireSellingWarehouse(tx, input.entityId, input.warehouseId, "warehouseId")]
    : await loadSellingWarehouses(tx, input.entityId);
  const queue: AtpQueue = input.customerId
    ? { priorityAtLeast: priorityOfTier((await loadSalesCustomer(tx, input.entityId, input.customerId, { requireActive: false })).tier) } : null;
  const baseQty = parseQty(input.baseQty);
  const rows = await computeAtp(tx, { itemId: salesItem.id, baseQty, warehouses, requestDate: input.requestDate, queue });
  const best = bestPromise(rows);
  const canShipToday = rows.reduce((max, r) => (r.canShipToday > max ? r.canShipToday : max), 0n);
  return {
    entityId: input.entityId, itemId: salesItem.id, sku: salesItem.sku, baseUom: salesItem.baseUom, baseQty: formatQty(baseQty), requestDate: input.requestDate,
    warehouses: rows.map(present),
    best: best && best.promiseDate ? { warehouseId: best.warehouseId, warehouseCode: best.warehouseCode, promiseDate: best.promiseDate } : null,
    canShipTodayBaseQty: formatQty(canShipToday), availableNowTotalBaseQty: formatQty(rows.reduce((sum, r) => sum + r.availableNow, 0n)),
  };
}
