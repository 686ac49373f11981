import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import { Id } from "../pricing/inputs";

export const CREDIT_HOLDS_LIMIT_MAX = 500;

export const ListCreditHoldsInput = z.object({
  entityId: Id,
  customerId: Id.nullish(),
  limit: z.number().int().min(1).max(CREDIT_HOLDS_LIMIT_MAX).default(100),
});

export type CreditHoldRow = {
  orderId: number; orderNumber: string; orderDate: string; customerId: number; customerCode: string; customerName: string; customerTier: string;
  currency: string; orderValueMinor: bigint; creditLimitMinor: bigint; creditHoldReason: string | null;
  creditRequestId: number | null; requestStatus: string | null;
};

type Row = {
  id: string; order_number: string; order_date: string; customer_id: string; code: string; name: string; tier: string; currency: string;
  order_value: string; credit_limit_minor: string; credit_hold_reason: string | null; credit_request_id: string | null; request_status: string | null;
};

/** Orders waiting on credit, oldest first, with the release request each waits on. */
export async function listCreditHolds(tx: Tx, actor: Actor, raw: z.input<typeof ListCreditHoldsInput>): Promise<CreditHoldRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListCreditHoldsInput, raw);
  const rows = await tx.execute<Row>(sql`
    select o.id, o.order_number, o.order_date::text as order_date, c.id as customer_id, c.code, c.name, c.tier, o.currency,
           (select coalesce(sum(round(l.unit_price_minor * l.qty * (l.base_qty_ordered - l.base_qty_cancelled) / l.base_qty_ordered)), 0)::text
              from sales_order_line l where l.order_id = o.id) as order_value,
           c.credit_limit_minor::text as credit_limit_minor, o.credit_hold_reason, o.credit_request_id::text as credit_request_id, r.status as request_status
      from sales_order o join customer c on c.id = o.customer_id left join approval_request r on r.id = o.credit_request_id
     where o.entity_id = ${input.entityId} and o.status = 'credit_hold'
       and (${input.customerId ?? null}::int8 is null or o.customer_id = ${input.customerId ?? null})
     order by o.order_date, o.id limit ${input.limit}`);
  return rows.map((r) => ({
    orderId: Number(r.id), orderNumber: r.order_number, orderDate: r.order_date, customerId: Number(r.customer_id), customerCode: r.code,
    customerName: r.name, customerTier: r.tier, currency: r.currency, orderValueMinor: BigInt(r.order_value), creditLimitMinor: BigInt(r.credit_limit_minor),
    creditHoldReason: r.credit_hold_reason, creditRequestId: r.credit_request_id === null ? null : Number(r.credit_request_id), requestStatus: r.request_status,
  }));
}
