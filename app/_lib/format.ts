import { assert } from "../../core/shared/assert";
import { formatMinor } from "../../core/shared/money";

/** Groups the whole part of a decimal string by thousands: 1234567.50 → 1,234,567.50. */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith("-");
  const body = negative ? decimal.slice(1) : decimal;
  const [whole = "0", fraction] = body.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  return negative ? `-${text}` : text;
}

/** Money for display: minor units at the currency's scale, grouped. */
export function money(amountMinor: bigint, digits: number): string {
  return groupThousands(formatMinor(amountMinor, digits));
}

/** A quantity string from Postgres numeric(18,4), trimmed of trailing zeros and grouped. */
export function qty(text: string): string {
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return groupThousands(trimmed);
}

export function dateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** Minor-unit digits by currency code, read from the currency master. */
export type CurrencyDigits = ReadonlyMap<string, number>;

export function digitsOf(map: CurrencyDigits, code: string): number {
  const digits = map.get(code);
  // Every amount's currency is a foreign key to the currency master, so a miss is a bug.
  assert(digits !== undefined, `unknown currency ${code}`);
  return digits;
}
