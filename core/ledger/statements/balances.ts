import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import type { AccountBalance, AccountType, ReportPeriod } from "./types";

/** A chart of accounts is small; more rows than this means the query went wrong. */
export const STATEMENT_ACCOUNTS_MAX = 5_000;

type BalanceRecord = {
  entity_id: string; entity_code: string; currency: string; account_id: string; code: string; name: string; type: string;
  is_cash: boolean; opening: string; debit: string; credit: string;
};

/**
 * Balances of every account of the entities that has postings up to period.to: opening
 * (before period.from), the period's debits and credits, and the closing balance.
 */
export async function loadAccountBalances(tx: Tx, entityIds: readonly number[], period: ReportPeriod): Promise<AccountBalance[]> {
  assert(entityIds.length > 0, "balances need at least one entity");
  assert(period.from <= period.to, "period from must not be after to");
  const ids = sql.join(entityIds.map((id) => sql`${id}`), sql`, `);
  const rows = await tx.execute<BalanceRecord>(sql`
    with moves as (
      select l.account_id,
             sum(case when e.posting_date < ${period.from} then l.debit_minor - l.credit_minor else 0 end) as opening,
             sum(case when e.posting_date >= ${period.from} then l.debit_minor else 0 end) as debit,
             sum(case when e.posting_date >= ${period.from} then l.credit_minor else 0 end) as credit
        from journal_line l join journal_entry e on e.id = l.entry_id
       where l.entity_id in (${ids}) and e.posting_date <= ${period.to}
       group by l.account_id)
    select a.entity_id, le.code as entity_code, le.base_currency as currency, a.id as account_id, a.code, a.name, a.type,
           exists (select 1 from account_rule r where r.account_id = a.id and r.role = 'cash') as is_cash,
           m.opening, m.debit, m.credit
      from moves m join account a on a.id = m.account_id join legal_entity le on le.id = a.entity_id
     order by le.code, a.code
     limit ${STATEMENT_ACCOUNTS_MAX + 1}`);
  assert(rows.length <= STATEMENT_ACCOUNTS_MAX, "more accounts than STATEMENT_ACCOUNTS_MAX");
  return rows.map(toBalance);
}

function toBalance(r: BalanceRecord): AccountBalance {
  const openingMinor = BigInt(r.opening);
  const debitMinor = BigInt(r.debit);
  const creditMinor = BigInt(r.credit);
  return {
    entityId: Number(r.entity_id), entityCode: r.entity_code, currency: r.currency, accountId: Number(r.account_id),
    accountCode: r.code, accountName: r.name, accountType: r.type as AccountType, isCash: r.is_cash,
    openingMinor, debitMinor, creditMinor, closingMinor: openingMinor + debitMinor - creditMinor,
  };
}

/** The day before a date, as YYYY-MM-DD (UTC arithmetic on a calendar date). */
export function dayBefore(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  assert(!Number.isNaN(time), `not a date: ${date}`);
  return new Date(time - 86_400_000).toISOString().slice(0, 10);
}
