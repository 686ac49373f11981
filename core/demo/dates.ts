import { assert } from "../shared/assert";

/** Business dates as YYYY-MM-DD strings; arithmetic in UTC so no time zone shifts a day. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): Date {
  const match = DATE_PATTERN.exec(date);
  assert(match !== null, `not a YYYY-MM-DD date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function fromUtc(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
}

export function yearOf(date: string): number {
  return toUtc(date).getUTCFullYear();
}

/** The first day of the month before the one holding date: where opening stock is dated. */
export function firstDayOfPreviousMonth(date: string): string {
  const value = toUtc(date);
  return fromUtc(new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() - 1, 1)));
}

export function todayUtc(): string {
  return fromUtc(new Date());
}

export function isDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  return fromUtc(toUtc(value)) === value;
}
