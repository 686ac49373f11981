import { and, eq, lte, or } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { exchangeRate } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { divideRounded, PPM } from "../../shared/money";
import { ConsolidationError } from "./errors";

/** Daily rates for two years and a bit; more rows means the pair was loaded wrongly. */
export const RATE_ROWS_MAX = 20_000;
const DAY_MS = 86_400_000;

type Quote = { date: string; ratePpm: bigint };

export type RateTable = {
  fromCurrency: string;
  toCurrency: string;
  /** The rate in force on a date: the same rule as exchangeRateOn (latest on or before; inverse of a newer reverse quote). */
  on(date: string): bigint;
  /** The mean of the rates in force on each calendar day of [from, to], half-even to the ppm. */
  average(from: string, to: string): bigint;
};

function latestOnOrBefore(quotes: readonly Quote[], date: string): Quote | null {
  let low = 0;
  let high = quotes.length - 1;
  let found: Quote | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const quote = quotes[middle]!;
    if (quote.date <= date) { found = quote; low = middle + 1; } else { high = middle - 1; }
  }
  return found;
}

export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  assert(!Number.isNaN(time), `not a date: ${date}`);
  return new Date(time + days * DAY_MS).toISOString().slice(0, 10);
}

/** Builds the lookup from the stored quotes of both directions (pure, so it is tested directly). */
export function rateTableOf(fromCurrency: string, toCurrency: string, direct: Quote[], reverse: Quote[]): RateTable {
  const sortByDate = (a: Quote, b: Quote) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  direct.sort(sortByDate);
  reverse.sort(sortByDate);
  const on = (date: string): bigint => {
    if (fromCurrency === toCurrency) return PPM;
    const d = latestOnOrBefore(direct, date);
    const r = latestOnOrBefore(reverse, date);
    if (d && (!r || d.date >= r.date)) return d.ratePpm;
    if (r) return divideRounded(PPM * PPM, r.ratePpm, "halfEven");
    throw new DomainError(ConsolidationError.RATE_NOT_FOUND, "unprocessable",
      `No exchange rate from ${fromCurrency} to ${toCurrency} on or before ${date}`, { fromCurrency, toCurrency, date });
  };
  const average = (from: string, to: string): bigint => {
    assert(from <= to, "average rate range is ordered");
    if (fromCurrency === toCurrency) return PPM;
    let sum = 0n;
    let days = 0n;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      sum += on(day);
      days += 1n;
      assert(days <= 3_700n, "average rate over more than ten years");
    }
    return divideRounded(sum, days, "halfEven");
  };
  return { fromCurrency, toCurrency, on, average };
}

export async function loadRateTable(tx: Tx, fromCurrency: string, toCurrency: string, upTo: string): Promise<RateTable> {
  if (fromCurrency === toCurrency) return rateTableOf(fromCurrency, toCurrency, [], []);
  const rows = await tx.select({ from: exchangeRate.fromCurrency, date: exchangeRate.rateDate, ratePpm: exchangeRate.ratePpm }).from(exchangeRate)
    .where(and(eq(exchangeRate.active, true), lte(exchangeRate.rateDate, upTo), or(
      and(eq(exchangeRate.fromCurrency, fromCurrency), eq(exchangeRate.toCurrency, toCurrency)),
      and(eq(exchangeRate.fromCurrency, toCurrency), eq(exchangeRate.toCurrency, fromCurrency)))))
    .limit(RATE_ROWS_MAX + 1);
  assert(rows.length <= RATE_ROWS_MAX, "more stored rates than RATE_ROWS_MAX for one pair");
  const direct = rows.filter((r) => r.from === fromCurrency).map((r) => ({ date: r.date, ratePpm: r.ratePpm }));
  const reverse = rows.filter((r) => r.from === toCurrency).map((r) => ({ date: r.date, ratePpm: r.ratePpm }));
  return rateTableOf(fromCurrency, toCurrency, direct, reverse);
}
