// Two reads the sales pages need that core/sales does not offer yet: the quote list and the
// pick queue (allocated order lines not yet on an open pick list). Read-only, behind the same
// permissions core uses for its own reads. They belong in core/sales (quotes/queries and
// fulfilment/queries); they live here until core has them, so no page reaches into a table
// any other way.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../core/db/client";
import { requirePermission, type Actor } from "../../core/governance";
import { parseInput } from "../../core/shared/errors";

export const QUOTES_PAGE_SIZE_MAX = 200;
export const PICK_QUEUE_LINES_MAX = 500;

const QUOTE_STATUSES = ["open", "partially_converted", "converted", "expired", "cancelled"] as const;

export const ListQuotesInput = z.object({
  entityId: z.number().int().positive(),
  status: z.enum(QUOTE_STATUSES).nullish(),
  search: z.string().trim().max(100).nullish(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(QUOTES_PAGE_SIZE_MAX).default(50),
});

export type QuoteListRow = {
  quoteId: number; quoteNumber: string; quoteDate: string; validUntil: string; status: string; currency: string;
  customerId: number; customerCode: string; customerName: string; lineCount: number; totalMinor: bigint; convertedMinor: bigint;
};

type QuoteRow = {
  id: string; quote_number: string; quote_date: string; valid_until: string; status: string; currency: string; customer_id: string; code: string; name: string;
  line_count: number; total_minor: string; converted_minor: string; total: string;
};

/** Quotes newest first with their value and the part converted to orders; search by number or customer. */
export async function listQuotes(tx: Tx, actor: Actor, raw: z.input<typeof ListQuotesInput>): Promise<{ rows: QuoteListRow[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListQuotesInput, raw);
  const pattern = input.search ? `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await tx.execute<QuoteRow>(sql`
    select q.id, q.quote_number, q.quote_date::text as quote_date, q.valid_until::text as valid_until, q.status, q.currency,
           c.id as customer_id, c.code, c.name,
           (select count(*)::int from sales_quote_line l where l.quote_id = q.id) as line_count,
           (select coalesce(sum(round(l.unit_price_minor * l.qty)), 0)::text from sales_quote_line l where l.quote_id = q.id) as total_minor,
           (select coalesce(sum(round(l.unit_price_minor * l.qty * l.base_qty_converted / l.base_qty)), 0)::text from sales_quote_line l where l.quote_id = q.id) as converted_minor,
           count(*) over () as total
      from sales_quote q join customer c on c.id = q.customer_id
     where q.entity_id = ${input.entityId}
       and (${input.status ?? null}::text is null or q.status = ${input.status ?? null})
       and (${pattern}::text is null or q.quote_number ilike ${pattern} or c.code ilike ${pattern} or c.name ilike ${pattern})
     order by q.quote_date desc, q.id desc limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`);
  return {
    page: input.page, pageSize: input.pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      quoteId: Number(r.id), quoteNumber: r.quote_number, quoteDate: r.quote_date, validUntil: r.valid_until, status: r.status, currency: r.currency,
      customerId: Number(r.customer_id), customerCode: r.code, customerName: r.name, lineCount: Number(r.line_count),
      totalMinor: BigInt(r.total_minor), convertedMinor: BigInt(r.converted_minor),
    })),
  };
}

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
