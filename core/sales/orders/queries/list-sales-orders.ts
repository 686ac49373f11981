import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { Id } from "../../pricing/inputs";
import { ORDER_STATUSES } from "../status";

export const ORDERS_PAGE_SIZE_MAX = 200;

export const ListSalesOrdersInput = z.object({
  entityId: Id,
  statuses: z.array(z.enum(ORDER_STATUSES)).max(ORDER_STATUSES.length).nullish(),
  customerId: Id.nullish(),
  /** Matches the order number or the customer's PO number. */
  search: z.string().trim().max(100).nullish(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(ORDERS_PAGE_SIZE_MAX).default(50),
});

export type SalesOrderListRow = {
  orderId: number; orderNumber: string; orderDate: string; status: string; channel: string; priority: number; customerPoNumber: string | null;
  customerId: number; customerCode: string; customerName: string; currency: string; lineCount: number;
  totalMinor: bigint; backorderedLineCount: number; heldLineCount: number;
};

type Row = {
  id: string; order_number: string; order_date: string; status: string; channel: string; priority: number; customer_po_number: string | null;
  customer_id: string; code: string; name: string; currency: string; line_count: number; total_minor: string; backordered: number; held: number; total: string;
};

/** Orders newest first, with status filters and search; paged. */
export async function listSalesOrders(tx: Tx, actor: Actor, raw: z.input<typeof ListSalesOrdersInput>): Promise<{ rows: SalesOrderListRow[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListSalesOrdersInput, raw);
  const statuses = input.statuses && input.statuses.length > 0 ? sql`array[${sql.join(input.statuses.map((s) => sql`${s}`), sql`, `)}]::text[]` : sql`null::text[]`;
  const pattern = input.search ? `%${input.search}%` : null;
  const rows = await tx.execute<Row>(sql`
    select o.id, o.order_number, o.order_date::text as order_date, o.status, o.channel, o.priority, o.customer_po_number, c.id as customer_id, c.code, c.name, o.currency,
           (select count(*)::int from sales_order_line l where l.order_id = o.id) as line_count,
           (select coalesce(sum(round(l.unit_price_minor * l.qty * (l.base_qty_ordered - l.base_qty_cancelled) / l.base_qty_ordered)), 0)::text
              from sales_order_line l where l.order_id = o.id) as total_minor,
           (select count(*)::int from sales_order_line l where l.order_id = o.id and l.status in ('backordered', 'partially_allocated')) as backordered,
           (select count(*)::int from sales_order_line l where l.order_id = o.id and l.status = 'pricing_hold') as held,
           count(*) over () as total
      from sales_order o join customer c on c.id = o.customer_id
     where o.entity_id = ${input.entityId}
       and (${statuses} is null or o.status = any(${statuses}))
       and (${input.customerId ?? null}::int8 is null or o.customer_id = ${input.customerId ?? null})
       and (${pattern}::text is null or o.order_number ilike ${pattern} or o.customer_po_number ilike ${pattern})
     order by o.order_date desc, o.id desc limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`);
  return {
    page: input.page, pageSize: input.pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      orderId: Number(r.id), orderNumber: r.order_number, orderDate: r.order_date, status: r.status, channel: r.channel, priority: Number(r.priority),
      customerPoNumber: r.customer_po_number, customerId: Number(r.customer_id), customerCode: r.code, customerName: r.name, currency: r.currency,
      lineCount: Number(r.line_count), totalMinor: BigInt(r.total_minor), backorderedLineCount: Number(r.backordered), heldLineCount: Number(r.held),
    })),
  };
}
