// Scheduled receipts for available-to-promise: what purchasing and transfers will bring into a
// warehouse, and when. This reads purchase_order/purchase_order_line/transfer_order tables
// READ-ONLY; it moves behind core/purchasing's public API when that module exists (it owns
// those tables). Nothing here writes.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { parseQty, type QtyScaled } from "../../shared/quantity";

export const SCHEDULED_RECEIPTS_MAX = 2_000;
export const SCHEDULED_RECEIPT_ITEMS_MAX = 500;

/** Purchase orders that are firm: approved and not yet fully received. */
export const FIRM_PURCHASE_ORDER_STATUSES = ["approved", "partially_received"] as const;

export type ScheduledReceipt = {
  itemId: number;
  warehouseId: number;
  /** The supplier's confirmed date when there is one, else the expected date. */
  date: string;
  baseQty: QtyScaled;
  source: "purchase_order" | "transfer_order";
  documentId: number;
  documentNumber: string;
};

type ReceiptRow = { item_id: string; warehouse_id: string; date: string; base_qty: string; source: string; document_id: string; document_number: string };

/**
 * Open purchase order lines (ordered - received - cancelled, at confirmed_date ?? expected_date)
 * and shipped transfer orders (quantity - received, at the expected date) for the items, into
 * the warehouses when given; earliest first.
 */
export async function listScheduledReceipts(tx: Tx, input: { itemIds: number[]; warehouseIds?: number[] | null }): Promise<ScheduledReceipt[]> {
  assert(input.itemIds.length > 0, "scheduled receipts are asked for at least one item");
  assert(input.itemIds.length <= SCHEDULED_RECEIPT_ITEMS_MAX, "too many items for one scheduled-receipts read");
  const items = sql`array[${sql.join(input.itemIds.map((id) => sql`${id}::int8`), sql`, `)}]`;
  const warehouses = input.warehouseIds && input.warehouseIds.length > 0
    ? sql`array[${sql.join(input.warehouseIds.map((id) => sql`${id}::int8`), sql`, `)}]` : sql`null::int8[]`;
  const firm = sql.join(FIRM_PURCHASE_ORDER_STATUSES.map((s) => sql`${s}`), sql`, `);
  const rows = await tx.execute<ReceiptRow>(sql`
    select * from (
      select l.item_id, l.warehouse_id, coalesce(l.confirmed_date, l.expected_date)::text as date,
             (l.base_qty_ordered - l.base_qty_received - l.base_qty_cancelled)::text as base_qty,
             'purchase_order' as source, po.id as document_id, po.po_number as document_number
        from purchase_order_line l join purchase_order po on po.id = l.purchase_order_id
       where po.status in (${firm}) and l.item_id = any(${items})
         and (${warehouses} is null or l.warehouse_id = any(${warehouses}))
         and l.base_qty_ordered - l.base_qty_received - l.base_qty_cancelled > 0
      union all
      select l.item_id, t.to_warehouse_id, t.expected_date::text, (l.base_qty - l.base_qty_received)::text,
             'transfer_order', t.id, t.transfer_number
        from transfer_order_line l join transfer_order t on t.id = l.transfer_order_id
       where t.status = 'shipped' and l.item_id = any(${items})
         and (${warehouses} is null or t.to_warehouse_id = any(${warehouses}))
         and l.base_qty - l.base_qty_received > 0
    ) as r order by r.date, r.source, r.document_id limit ${SCHEDULED_RECEIPTS_MAX}`);
  return rows.map((r) => ({
    itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), date: r.date, baseQty: parseQty(r.base_qty),
    source: r.source === "transfer_order" ? "transfer_order" : "purchase_order", documentId: Number(r.document_id), documentNumber: r.document_number,
  }));
}
