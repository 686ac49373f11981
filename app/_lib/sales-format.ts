// Display helpers for the sales pages: money at the currency's digits, margins in percent,
// quantities trimmed, dates in an entity's time zone, and major-unit text parsed back to minor.
import { DomainError, SharedError } from "../../core/shared/errors";
import { parseMajorToMinor } from "../../core/shared/money";
import { digitsOf, money, qty as qtyText, type CurrencyDigits } from "./format";

/** "1,234.50 USD": minor units at the currency's scale, with the code. */
export function moneyOf(amountMinor: bigint, currency: string, digits: CurrencyDigits): string {
  return `${money(amountMinor, digitsOf(digits, currency))} ${currency}`;
}

/** Minor units at the currency's scale, without the code (table cells under a currency column). */
export function amountOf(amountMinor: bigint, currency: string, digits: CurrencyDigits): string {
  return money(amountMinor, digitsOf(digits, currency));
}

/** Basis points as a percentage with two decimals: 1234 → "12.34%". */
export function percentOfBps(bps: number): string {
  const negative = bps < 0;
  const abs = Math.abs(bps);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}%`;
  return negative ? `-${text}` : text;
}

/** A base quantity as core returns it ("12.0000" or "12") trimmed and grouped. */
export function qtyOf(text: string | null | undefined): string {
  if (text === null || text === undefined || text === "") return "0";
  return qtyText(text);
}

/** snake_case status words as they read: "partially_shipped" → "partially shipped". */
export function statusWords(status: string): string {
  return status.replaceAll("_", " ");
}

/** Today's business date (YYYY-MM-DD) in a time zone: business dates are the entity's dates. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** A date plus whole days, as YYYY-MM-DD (UTC arithmetic on a calendar date). */
export function addDaysTo(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

const MAJOR_TEXT = /^\d{1,15}(\.\d+)?$/;

/**
 * Major-unit text typed in a form ("1,234.5") to minor units at the currency's digits; a
 * malformed amount is the user's error, named by its field.
 */
export function minorOfText(text: string, digits: number, field: string): bigint {
  const clean = text.replaceAll(",", "").trim();
  const fraction = clean.split(".")[1] ?? "";
  if (!MAJOR_TEXT.test(clean) || fraction.length > digits) {
    const message = `an amount with at most ${digits} decimals`;
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${field}: ${message}`, {}, { issues: [{ field, rule: "amount", message }] });
  }
  return parseMajorToMinor(clean, digits);
}
