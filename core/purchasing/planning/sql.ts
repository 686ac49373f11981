// Small helpers shared by the planning, transfer and count modules: calendar arithmetic on
// business dates (YYYY-MM-DD, no time zone) and id lists passed as one array parameter.
import { sql, type SQL } from "drizzle-orm";
import { assert } from "../../shared/assert";

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  assert(/^\d{4}-\d{2}-\d{2}$/.test(isoDate), `not a business date: ${isoDate}`);
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

export function addDays(isoDate: string, days: number): string {
  assert(Number.isInteger(days), "days must be whole");
  return new Date((dayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** An id list as one int8[] parameter, so a long list never multiplies bind parameters. */
export function idArray(ids: readonly number[]): SQL {
  for (const id of ids) assert(Number.isSafeInteger(id) && id > 0, `not an id: ${id}`);
  return sql`${`{${ids.join(",")}}`}::int8[]`;
}

/** The business date today in a time zone (entities keep their own calendar). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}
