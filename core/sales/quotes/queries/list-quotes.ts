// The quote list: newest first, with each quote's value and the part converted to orders.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";

export const QUOTES_PAGE_SIZE_MAX = 200;

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
