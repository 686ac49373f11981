import { assert } from "../../shared/assert";

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toUtcMs(date: string): number {
  assert(ISO_DATE.test(date), `not an ISO date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

/** A business date plus whole days, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  assert(Number.isInteger(days), "days must be whole");
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Today's business date in a time zone (an entity's), as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  assert(ISO_DATE.test(parts), `unexpected date format ${parts}`);
  return parts;
}

export function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}
