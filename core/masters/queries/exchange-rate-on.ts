import { and, desc, eq, lte } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError, SharedError } from "../../shared/errors";
import { divideRounded, PPM } from "../../shared/money";
import { MastersError } from "../errors";
import { CURRENCY_CODE } from "../fields";
import { fieldError } from "../rules/issues";
import { exchangeRate } from "../schema";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type StoredRate = { rateDate: string; ratePpm: bigint };

async function latestRate(tx: Tx, fromCurrency: string, toCurrency: string, date: string): Promise<StoredRate | null> {
  const [row] = await tx.select({ rateDate: exchangeRate.rateDate, ratePpm: exchangeRate.ratePpm }).from(exchangeRate)
    .where(and(eq(exchangeRate.fromCurrency, fromCurrency), eq(exchangeRate.toCurrency, toCurrency),
      lte(exchangeRate.rateDate, date), eq(exchangeRate.active, true)))
    .orderBy(desc(exchangeRate.rateDate)).limit(1);
  return row ?? null;
}

function checkArguments(fromCurrency: string, toCurrency: string, date: string): void {
  if (!CURRENCY_CODE.test(fromCurrency)) throw fieldError(SharedError.VALIDATION_FAILED, "invalid", "fromCurrency", "currency_code", "three upper-case letters (ISO 4217)");
  if (!CURRENCY_CODE.test(toCurrency)) throw fieldError(SharedError.VALIDATION_FAILED, "invalid", "toCurrency", "currency_code", "three upper-case letters (ISO 4217)");
  if (!ISO_DATE.test(date)) throw fieldError(SharedError.VALIDATION_FAILED, "invalid", "date", "iso_date", "a date as YYYY-MM-DD");
}

/**
 * Units of toCurrency per unit of fromCurrency on a date, in parts per million: the latest
 * active rate dated on or before it. When only the reverse pair is stored (or the reverse is
 * more recent), its inverse is used, rounded half-even. The same currency converts 1:1.
 */
export async function exchangeRateOn(tx: Tx, fromCurrency: string, toCurrency: string, date: string): Promise<bigint> {
  checkArguments(fromCurrency, toCurrency, date);
  if (fromCurrency === toCurrency) return PPM;
  const direct = await latestRate(tx, fromCurrency, toCurrency, date);
  const reverse = await latestRate(tx, toCurrency, fromCurrency, date);
  // The direct quote wins a tie; a reverse quote only when it is the newer information.
  if (direct && (!reverse || direct.rateDate >= reverse.rateDate)) return direct.ratePpm;
  if (reverse) {
    assert(reverse.ratePpm > 0n, "stored exchange rates are positive");
    return divideRounded(PPM * PPM, reverse.ratePpm, "halfEven");
  }
  throw new DomainError(MastersError.RATE_NOT_FOUND, "unprocessable",
    `No exchange rate from ${fromCurrency} to ${toCurrency} on or before ${date}`, { fromCurrency, toCurrency, date });
}
