// Business-date arithmetic for the history: months back, weekdays, the seasonal demand curve.
// Dates are YYYY-MM-DD strings computed in UTC, like the rest of the demo generator.
import { assert } from "../../shared/assert";
import { addDays, isDate } from "../dates";

export const HISTORY_MONTHS = 18;

function parts(date: string): [number, number, number] {
  assert(isDate(date), `not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return [year, month, day];
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isBusinessDay(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/** The date itself when it is a business day, else the next one. */
export function onOrAfterBusinessDay(date: string): string {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/** The date itself when it falls on `weekday` (0 = Sunday … 6 = Saturday), else the next such day. */
export function onOrAfterWeekday(date: string, weekday: number): string {
  assert(Number.isInteger(weekday) && weekday >= 0 && weekday <= 6, "a weekday 0-6");
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/** The date itself when it falls on `weekday`, else the latest such day before it. */
export function onOrBeforeWeekday(date: string, weekday: number): string {
  assert(Number.isInteger(weekday) && weekday >= 0 && weekday <= 6, "a weekday 0-6");
  return addDays(date, -((weekdayOf(date) - weekday + 7) % 7));
}

export function addBusinessDays(date: string, days: number): string {
  assert(Number.isInteger(days) && days >= 0, "whole business days forward");
  let day = onOrAfterBusinessDay(date);
  for (let moved = 0; moved < days; moved++) day = onOrAfterBusinessDay(addDays(day, 1));
  return day;
}

/** The same day of the month `months` earlier, clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Every business day from start to end, both inclusive. */
export function businessDays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) if (isBusinessDay(day)) days.push(day);
  return days;
}

/** Janitorial, paper and safety supplies peak with spring cleaning and the autumn term; winter is slow. */
const SEASON_BY_MONTH = [0.75, 0.8, 1.2, 1.35, 1.3, 0.95, 0.85, 0.95, 1.3, 1.35, 1.15, 0.7];
/** Monday is busiest, Friday quietest. */
const WEEKDAY_FACTOR = [0, 1.15, 1.05, 1, 1, 0.8, 0];

export function demandFactorOn(date: string): number {
  const month = parts(date)[1];
  return (SEASON_BY_MONTH[month - 1] as number) * (WEEKDAY_FACTOR[weekdayOf(date)] as number);
}
