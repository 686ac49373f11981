import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { transferDetail, type TransferOrderDetail } from "../store";

export const TRANSFER_PAGE_SIZE_MAX = 200;

export type TransferOrderSummary = {
  id: number; transferNumber: string; entityId: number; status: string; fromWarehouseCode: string; toWarehouseCode: string;
  expectedDate: string; shippedDate: string | null; receivedDate: string | null; lineCount: number; baseQtyTotal: string; baseQtyReceived: string;
};

/** Transfer orders of an entity, newest first, filtered by status, warehouse (either end) or number. */
export async function listTransferOrders(tx: Tx, actor: Actor, options: {
  entityId: number; status?: string | null; warehouseId?: number | null; search?: string | null; page?: number; pageSize?: number;
}): Promise<{ rows: TransferOrderSummary[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "inventory:read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 50), TRANSFER_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const pattern = options.search ? `%${options.search}%` : null;
  const rows = await tx.execute<{
    id: string; transfer_number: string; entity_id: string; status: string; from_code: string; to_code: string; expected_date: string;
    shipped_date: string | null; received_date: string | null; line_count: string; qty_total: string; qty_received: string; total: string;
  }>(sql`
    select t.id, t.transfer_number, t.entity_id, t.status, f.code as from_code, d.code as to_code, t.expected_date::text,
           t.shipped_date::text, t.received_date::text,
           (select count(*) from transfer_order_line l where l.transfer_order_id = t.id)::text as line_count,
           (select coalesce(sum(l.base_qty), 0) from transfer_order_line l where l.transfer_order_id = t.id)::text as qty_total,
           (select coalesce(sum(l.base_qty_received), 0) from transfer_order_line l where l.transfer_order_id = t.id)::text as qty_received,
           count(*) over () as total
      from transfer_order t join warehouse f on f.id = t.from_warehouse_id join warehouse d on d.id = t.to_warehouse_id
     where t.entity_id = ${options.entityId}
       and (${options.status ?? null}::text is null or t.status = ${options.status ?? null})
       and (${options.warehouseId ?? null}::int8 is null or t.from_warehouse_id = ${options.warehouseId ?? null} or t.to_warehouse_id = ${options.warehouseId ?? null})
       and (${pattern}::text is null or t.transfer_number ilike ${pattern})
     order by t.id desc
     limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    page, pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id), transferNumber: r.transfer_number, entityId: Number(r.entity_id), status: r.status, fromWarehouseCode: r.from_code,
      toWarehouseCode: r.to_code, expectedDate: r.expected_date, shippedDate: r.shipped_date, receivedDate: r.received_date,
      lineCount: Number(r.line_count), baseQtyTotal: r.qty_total, baseQtyReceived: r.qty_received,
    })),
  };
}

export async function getTransferOrderOrThrow(tx: Tx, actor: Actor, transferOrderId: number): Promise<TransferOrderDetail> {
  requirePermission(actor, "inventory:read");
  return transferDetail(tx, transferOrderId);
}
