// Business dates are YYYY-MM-DD strings; day arithmetic happens in UTC so no time zone shifts a day.
import { assert } from "../../shared/assert";

const DAY_MS = 86_400_000;

function epochDay(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  assert(Number.isFinite(ms), `not a date: ${date}`);
  return ms / DAY_MS;
}

export function addDays(date: string, days: number): string {
  assert(Number.isInteger(days), "whole days");
  return new Date((epochDay(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}
