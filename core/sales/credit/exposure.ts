// Credit exposure of a customer, base currency: open AR (open invoices less open credit memos,
// read from sales_invoice READ-ONLY: invoicing owns it) plus open order value (the unshipped,
// uncancelled quantity of open orders at their line prices). Overdue invoices are counted apart.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters";
import { applyRatePpm } from "../../shared/money";
import { parseInput } from "../../shared/errors";
import { loadSalesCustomer, type SalesCustomer } from "../pricing/context";
import { Id, IsoDate } from "../pricing/inputs";

export const OPEN_ORDER_CURRENCIES_MAX = 20;

export type CreditPosition = {
  customerId: number; currency: string; baseCurrency: string; date: string;
  creditLimitMinor: bigint; limitBaseMinor: bigint;
  openArBaseMinor: bigint; openOrdersBaseMinor: bigint; exposureBaseMinor: bigint; overLimitBaseMinor: bigint;
  overdueInvoiceCount: number; overdueBaseMinor: bigint;
  /** Over the limit, or any invoice overdue past its due date. */
  onHold: boolean; reasons: string[];
};

async function openReceivables(tx: Tx, customerId: number, date: string): Promise<{ openBase: bigint; overdueCount: number; overdueBase: bigint }> {
  // Each invoice's open part is converted at its own rate (rounded per invoice), as AR carries it.
  const [row] = await tx.execute<{ open_base: string; overdue_count: number; overdue_base: string }>(sql`
    select coalesce(sum(case when kind = 'credit_memo' then -1 else 1 end * round((total_minor - applied_minor)::numeric * exchange_rate_ppm / 1000000)), 0)::text as open_base,
           count(*) filter (where kind = 'invoice' and total_minor > applied_minor and due_date < ${date}::date)::int as overdue_count,
           coalesce(sum(round((total_minor - applied_minor)::numeric * exchange_rate_ppm / 1000000))
             filter (where kind = 'invoice' and total_minor > applied_minor and due_date < ${date}::date), 0)::text as overdue_base
      from sales_invoice where customer_id = ${customerId} and status <> 'void'`);
  return { openBase: BigInt(row?.open_base ?? "0"), overdueCount: Number(row?.overdue_count ?? 0), overdueBase: BigInt(row?.overdue_base ?? "0") };
}

async function openOrders(tx: Tx, customer: SalesCustomer, date: string): Promise<bigint> {
  const rows = await tx.execute<{ currency: string; open_minor: string }>(sql`
    select o.currency, coalesce(sum(round(l.unit_price_minor * l.qty * (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled) / l.base_qty_ordered)), 0)::text as open_minor
      from sales_order o join sales_order_line l on l.order_id = o.id
     where o.customer_id = ${customer.id} and o.status in ('entered', 'credit_hold', 'released', 'partially_shipped') and l.status <> 'cancelled'
     group by o.currency order by o.currency limit ${OPEN_ORDER_CURRENCIES_MAX}`);
  let total = 0n;
  for (const r of rows) {
    const rate = await exchangeRateOn(tx, r.currency, customer.baseCurrency, date);
    total += applyRatePpm(BigInt(r.open_minor), rate, "halfEven");
  }
  return total;
}

/** The customer's exposure against the credit limit (held in the customer's currency) on a date. */
export async function creditPositionOf(tx: Tx, customer: SalesCustomer, date: string): Promise<CreditPosition> {
  const ar = await openReceivables(tx, customer.id, date);
  const openOrdersBaseMinor = await openOrders(tx, customer, date);
  const limitBaseMinor = applyRatePpm(customer.creditLimitMinor, await exchangeRateOn(tx, customer.currency, customer.baseCurrency, date), "halfEven");
  const exposureBaseMinor = ar.openBase + openOrdersBaseMinor;
  const overLimitBaseMinor = exposureBaseMinor > limitBaseMinor ? exposureBaseMinor - limitBaseMinor : 0n;
  const reasons: string[] = [];
  if (overLimitBaseMinor > 0n) reasons.push(`exposure ${exposureBaseMinor} exceeds the credit limit ${limitBaseMinor} (${customer.baseCurrency} minor units)`);
  if (ar.overdueCount > 0) reasons.push(`${ar.overdueCount} invoice(s) overdue past terms`);
  return {
    customerId: customer.id, currency: customer.currency, baseCurrency: customer.baseCurrency, date,
    creditLimitMinor: customer.creditLimitMinor, limitBaseMinor, openArBaseMinor: ar.openBase, openOrdersBaseMinor, exposureBaseMinor, overLimitBaseMinor,
    overdueInvoiceCount: ar.overdueCount, overdueBaseMinor: ar.overdueBase, onHold: reasons.length > 0, reasons,
  };
}

export const CreditExposureInput = z.object({ entityId: Id, customerId: Id, date: IsoDate });

/** Credit status for order entry and the credit pages. */
export async function creditExposure(tx: Tx, actor: Actor, raw: z.input<typeof CreditExposureInput>): Promise<CreditPosition> {
  requirePermission(actor, "sales:read");
  const input = parseInput(CreditExposureInput, raw);
  const customer = await loadSalesCustomer(tx, input.entityId, input.customerId, { requireActive: false });
  return creditPositionOf(tx, customer, input.date);
}
