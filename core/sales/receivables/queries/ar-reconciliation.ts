import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { depositBaseSql, openBaseSql } from "../carrying-sql";

export const RECONCILIATION_CUSTOMERS_MAX = 100;

export type ArReconciliation = {
  entityId: number;
  currency: string;
  /** Open invoices minus open credit memos, each at its carrying value, base currency. */
  openArBaseMinor: bigint;
  /** Debit minus credit on every account an "ar" rule points to. */
  glArMinor: bigint;
  differenceMinor: bigint;
  /** Unapplied cash at the payments' rates, and credit minus debit on the customer-deposits accounts. */
  unappliedCashBaseMinor: bigint;
  glDepositsMinor: bigint;
  depositsDifferenceMinor: bigint;
  arAccountIds: number[];
  /** Customers whose open AR differs from their AR lines in the GL (customerId null: AR lines with no customer). */
  customersOutOfBalance: { customerId: number | null; subledgerMinor: bigint; glMinor: bigint }[];
};

type Row = { currency: string; open_ar: string; gl_ar: string; unapplied: string; gl_deposits: string; ar_accounts: string[] | null; mismatches: { customer_id: number | null; sub: string; gl: string }[] | null };

/**
 * Compares the AR subledger with the AR control accounts of one entity (and unapplied cash with
 * customer deposits), in total and per customer. One statement, so both sides see one snapshot.
 */
export async function arReconciliation(tx: Tx, entityId: number): Promise<ArReconciliation> {
  assert(Number.isInteger(entityId) && entityId > 0, "entityId must be a positive integer");
  const [row] = await tx.execute<Row>(sql`
    with ar_accounts as (select distinct account_id from account_rule where entity_id = ${entityId} and role = 'ar'),
    deposit_accounts as (select distinct account_id from account_rule where entity_id = ${entityId} and role = 'customer_deposits'),
    sub as (
      select customer_id, sum(case when kind = 'credit_memo' then -1 else 1 end
             * ${openBaseSql(sql`total_minor`, sql`total_base_minor`, sql`total_minor - applied_minor`)}) as amount
        from sales_invoice where entity_id = ${entityId} and status <> 'void' and applied_minor < total_minor group by customer_id
    ),
    gl as (
      select customer_id, sum(debit_minor - credit_minor) as amount from journal_line
       where entity_id = ${entityId} and account_id in (select account_id from ar_accounts) group by customer_id
    ),
    per_customer as (
      select customer_id, sum(sub) as sub, sum(gl) as gl
        from (select customer_id, amount as sub, 0 as gl from sub union all select customer_id, 0, amount from gl) both_sides group by customer_id
    )
    select le.base_currency as currency,
           (select coalesce(sum(amount), 0) from sub)::text as open_ar,
           (select coalesce(sum(amount), 0) from gl)::text as gl_ar,
           (select coalesce(sum(${depositBaseSql(sql`unapplied_minor`, sql`exchange_rate_ppm`)}), 0) from customer_payment where entity_id = ${entityId} and unapplied_minor > 0)::text as unapplied,
           (select coalesce(sum(credit_minor - debit_minor), 0) from journal_line where entity_id = ${entityId} and account_id in (select account_id from deposit_accounts))::text as gl_deposits,
           (select array_agg(account_id::text order by account_id) from ar_accounts) as ar_accounts,
           (select json_agg(json_build_object('customer_id', customer_id, 'sub', sub::text, 'gl', gl::text))
              from (select * from per_customer where sub <> gl order by customer_id nulls first limit ${RECONCILIATION_CUSTOMERS_MAX}) m) as mismatches
      from legal_entity le where le.id = ${entityId}`);
  assert(row !== undefined, `legal entity ${entityId} does not exist`);
  const openArBaseMinor = BigInt(row.open_ar);
  const glArMinor = BigInt(row.gl_ar);
  const unappliedCashBaseMinor = BigInt(row.unapplied);
  const glDepositsMinor = BigInt(row.gl_deposits);
  return {
    entityId, currency: row.currency, openArBaseMinor, glArMinor, differenceMinor: openArBaseMinor - glArMinor,
    unappliedCashBaseMinor, glDepositsMinor, depositsDifferenceMinor: unappliedCashBaseMinor - glDepositsMinor,
    arAccountIds: (row.ar_accounts ?? []).map(Number),
    customersOutOfBalance: (row.mismatches ?? []).map((m) => ({ customerId: m.customer_id === null ? null : Number(m.customer_id), subledgerMinor: BigInt(m.sub), glMinor: BigInt(m.gl) })),
  };
}
