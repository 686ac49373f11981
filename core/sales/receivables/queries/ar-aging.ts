import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { Id, IsoDate } from "../../fulfilment/inputs";
import { entityInfoOrThrow } from "../../fulfilment/document-number";
import { depositBaseSql, openBaseSql } from "../carrying-sql";

export const AGING_BUCKETS = ["current", "days1To30", "days31To60", "days61To90", "over90"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingAmounts = Record<AgingBucket, bigint> & { total: bigint };
export const AGING_ROWS_MAX = 20_000;

export const ArAgingInput = z.object({ entityId: Id, asOf: IsoDate, customerId: Id.optional() });

export type AgingRow = {
  customerId: number;
  customerCode: string;
  customerName: string;
  currency: string;
  /** Open invoices by days past due, document currency and base at carrying value. */
  document: AgingAmounts;
  base: AgingAmounts;
  /** Open credit memos (not aged), positive amounts that reduce what is owed. */
  creditsMinor: bigint;
  creditsBaseMinor: bigint;
  /** Unapplied cash held in customer deposits (not AR), document currency and base. */
  unappliedCashMinor: bigint;
  unappliedCashBaseMinor: bigint;
};

export type ArAging = {
  entityId: number;
  asOf: string;
  baseCurrency: string;
  rows: AgingRow[];
  /** Base-currency totals over every row; openArBaseMinor = aged invoices - open credits. */
  totals: { base: AgingAmounts; creditsBaseMinor: bigint; unappliedCashBaseMinor: bigint; openArBaseMinor: bigint };
};

/** Days past due to bucket: not yet due is current; 1-30, 31-60, 61-90, then over 90. */
export function agingBucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "days1To30";
  if (daysPastDue <= 60) return "days31To60";
  if (daysPastDue <= 90) return "days61To90";
  return "over90";
}

export const emptyAmounts = (): AgingAmounts => ({ current: 0n, days1To30: 0n, days31To60: 0n, days61To90: 0n, over90: 0n, total: 0n });

type Aggregate = { customer_id: string; code: string; name: string; currency: string; bucket: string; open: string; open_base: string };

function aggregateSql(entityId: number, asOf: string, customerId: number | undefined) {
  const customerFilter = (column: string) => (customerId ? sql`and ${sql.raw(column)} = ${customerId}` : sql``);
  return sql`
    with applied as (
      select doc_id, sum(amount_minor) as applied from (
        select invoice_id as doc_id, amount_minor from payment_application where entity_id = ${entityId} and applied_date <= ${asOf}
        union all
        select credit_memo_id, amount_minor from payment_application where entity_id = ${entityId} and applied_date <= ${asOf} and credit_memo_id is not null
      ) a group by doc_id
    ), docs as (
      select i.customer_id, i.currency, i.kind, i.due_date, i.total_minor, i.total_base_minor, i.total_minor - coalesce(a.applied, 0) as open
        from sales_invoice i left join applied a on a.doc_id = i.id
       where i.entity_id = ${entityId} and i.invoice_date <= ${asOf} and i.status <> 'void' ${customerFilter("i.customer_id")}
    ), cash as (
      select p.customer_id, p.currency, p.exchange_rate_ppm,
             p.amount_minor - coalesce((select sum(x.amount_minor) from payment_application x where x.payment_id = p.id and x.applied_date <= ${asOf}), 0) as unapplied
        from customer_payment p where p.entity_id = ${entityId} and p.received_date <= ${asOf} ${customerFilter("p.customer_id")}
    ), buckets as (
      select customer_id, currency,
             case when kind = 'credit_memo' then 'credit' when ${asOf}::date - due_date <= 0 then 'current' when ${asOf}::date - due_date <= 30 then 'days1To30'
                  when ${asOf}::date - due_date <= 60 then 'days31To60' when ${asOf}::date - due_date <= 90 then 'days61To90' else 'over90' end as bucket,
             open, ${openBaseSql(sql`total_minor`, sql`total_base_minor`, sql`open`)} as open_base
        from docs where open > 0
      union all
      select customer_id, currency, 'unapplied', unapplied, ${depositBaseSql(sql`unapplied`, sql`exchange_rate_ppm`)} from cash where unapplied > 0
    )
    select b.customer_id::text, c.code, c.name, b.currency, b.bucket, sum(b.open)::text as open, sum(b.open_base)::text as open_base
      from buckets b join customer c on c.id = b.customer_id
     group by b.customer_id, c.code, c.name, b.currency, b.bucket
     order by c.code, b.currency, b.bucket
     limit ${AGING_ROWS_MAX + 1}`;
}

/**
 * AR aging as of a date: each customer's open invoices (what was applied by then is taken off)
 * by days past due, in document currency and at carrying value in base currency, with open
 * credit memos and unapplied cash beside them, and base totals.
 */
export async function arAging(tx: Tx, actor: Actor, raw: z.input<typeof ArAgingInput>): Promise<ArAging> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ArAgingInput, raw);
  const entity = await entityInfoOrThrow(tx, input.entityId);
  const aggregates = await tx.execute<Aggregate>(aggregateSql(input.entityId, input.asOf, input.customerId));
  assert(aggregates.length <= AGING_ROWS_MAX, "aging exceeds AGING_ROWS_MAX customer-currency buckets");
  const rows = new Map<string, AgingRow>();
  const totals = { base: emptyAmounts(), creditsBaseMinor: 0n, unappliedCashBaseMinor: 0n, openArBaseMinor: 0n };
  for (const a of aggregates) {
    const key = `${a.customer_id}|${a.currency}`;
    const row = rows.get(key) ?? newRow(a);
    rows.set(key, row);
    addAggregate(row, totals, a.bucket, BigInt(a.open), BigInt(a.open_base));
  }
  totals.openArBaseMinor = totals.base.total - totals.creditsBaseMinor;
  return { entityId: input.entityId, asOf: input.asOf, baseCurrency: entity.baseCurrency, rows: [...rows.values()], totals };
}

function newRow(a: Aggregate): AgingRow {
  return { customerId: Number(a.customer_id), customerCode: a.code, customerName: a.name, currency: a.currency, document: emptyAmounts(), base: emptyAmounts(),
    creditsMinor: 0n, creditsBaseMinor: 0n, unappliedCashMinor: 0n, unappliedCashBaseMinor: 0n };
}

function addAggregate(row: AgingRow, totals: ArAging["totals"], bucket: string, open: bigint, openBase: bigint): void {
  if (bucket === "credit") {
    row.creditsMinor += open; row.creditsBaseMinor += openBase; totals.creditsBaseMinor += openBase;
    return;
  }
  if (bucket === "unapplied") {
    row.unappliedCashMinor += open; row.unappliedCashBaseMinor += openBase; totals.unappliedCashBaseMinor += openBase;
    return;
  }
  assert((AGING_BUCKETS as readonly string[]).includes(bucket), `known aging bucket ${bucket}`);
  const b = bucket as AgingBucket;
  row.document[b] += open; row.document.total += open;
  row.base[b] += openBase; row.base.total += openBase;
  totals.base[b] += openBase; totals.base.total += openBase;
}
