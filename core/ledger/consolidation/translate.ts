import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import type { AccountBalance, ReportPeriod } from "../statements/types";
import { addDays, type RateTable } from "./rates";
import type { EntityFigure } from "./types";

/** Postings per account and day (equity) or month (earlier earnings); bounded by a chart x days. */
export const HISTORICAL_BUCKETS_MAX = 200_000;

/** Equity amounts per posting date, and revenue/expense before the period per month (first day). */
export type HistoricalBucket = { accountId: number; bucket: string; amountMinor: bigint };

export async function loadHistoricalBuckets(tx: Tx, entityIds: readonly number[], period: ReportPeriod): Promise<Map<number, HistoricalBucket[]>> {
  const ids = sql.join(entityIds.map((id) => sql`${id}`), sql`, `);
  const rows = await tx.execute<{ account_id: string; bucket: string; amount: string }>(sql`
    select l.account_id,
           case when a.type = 'equity' then e.posting_date::text else to_char(date_trunc('month', e.posting_date), 'YYYY-MM-DD') end as bucket,
           sum(l.debit_minor - l.credit_minor) as amount
      from journal_line l join journal_entry e on e.id = l.entry_id join account a on a.id = l.account_id
     where l.entity_id in (${ids})
       and ((a.type = 'equity' and e.posting_date <= ${period.to}) or (a.type in ('revenue', 'expense') and e.posting_date < ${period.from}))
     group by 1, 2
     limit ${HISTORICAL_BUCKETS_MAX + 1}`);
  assert(rows.length <= HISTORICAL_BUCKETS_MAX, "more historical buckets than HISTORICAL_BUCKETS_MAX");
  const byAccount = new Map<number, HistoricalBucket[]>();
  for (const row of rows) {
    const accountId = Number(row.account_id);
    const list = byAccount.get(accountId) ?? [];
    list.push({ accountId, bucket: row.bucket, amountMinor: BigInt(row.amount) });
    byAccount.set(accountId, list);
  }
  return byAccount;
}

function lastDayOfMonth(monthStart: string): string {
  const [year, month] = monthStart.split("-").map(Number);
  return new Date(Date.UTC(year!, month!, 0)).toISOString().slice(0, 10);
}

/** Earlier earnings of a month at that month's average rate (the part of the month before the period). */
function earlierEarnings(buckets: readonly HistoricalBucket[], rates: RateTable, periodFrom: string): bigint {
  const dayBeforePeriod = addDays(periodFrom, -1);
  return buckets.reduce((total, b) => {
    const monthEnd = lastDayOfMonth(b.bucket);
    const end = monthEnd < dayBeforePeriod ? monthEnd : dayBeforePeriod;
    return total + applyRatePpm(b.amountMinor, rates.average(b.bucket, end), "halfEven");
  }, 0n);
}

/** Equity at the rate of each posting date: what the owners put in, at the rate of the day. */
function historicalEquity(buckets: readonly HistoricalBucket[], rates: RateTable): bigint {
  return buckets.reduce((total, b) => total + applyRatePpm(b.amountMinor, rates.on(b.bucket), "halfEven"), 0n);
}

/**
 * Translates one entity's balances into the reporting currency. The figures no longer sum to
 * zero: the translation reserve (returned, debit minus credit) is what makes them.
 */
export function translateEntity(balances: readonly AccountBalance[], buckets: Map<number, HistoricalBucket[]>, rates: RateTable, period: ReportPeriod): { figures: EntityFigure[]; reserveMinor: bigint } {
  const closingRate = rates.on(period.to);
  const averageRate = rates.average(period.from, period.to);
  const figures = balances.map((row): EntityFigure => {
    const local = { localOpeningMinor: row.openingMinor, localMovementMinor: row.debitMinor - row.creditMinor, localClosingMinor: row.closingMinor };
    const base = { entityId: row.entityId, entityCode: row.entityCode, currency: row.currency, accountId: row.accountId, ...local };
    if (row.accountType === "asset" || row.accountType === "liability") {
      const closingMinor = applyRatePpm(row.closingMinor, closingRate, "halfEven");
      return { ...base, basis: "closing", ratePpm: closingRate, openingMinor: closingMinor, movementMinor: 0n, closingMinor };
    }
    const accountBuckets = buckets.get(row.accountId) ?? [];
    const bucketSum = accountBuckets.reduce((total, b) => total + b.amountMinor, 0n);
    if (row.accountType === "equity") {
      assert(bucketSum === row.closingMinor, "equity postings by date sum to the closing balance");
      const closingMinor = historicalEquity(accountBuckets, rates);
      return { ...base, basis: "historical", ratePpm: null, openingMinor: closingMinor, movementMinor: 0n, closingMinor };
    }
    assert(bucketSum === row.openingMinor, "earlier earnings by month sum to the opening balance");
    const openingMinor = earlierEarnings(accountBuckets, rates, period.from);
    const movementMinor = applyRatePpm(local.localMovementMinor, averageRate, "halfEven");
    return { ...base, basis: "average", ratePpm: averageRate, openingMinor, movementMinor, closingMinor: openingMinor + movementMinor };
  });
  const reserveMinor = -figures.reduce((total, f) => total + f.closingMinor, 0n);
  return { figures, reserveMinor };
}
