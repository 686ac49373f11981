import { z } from "zod";
import type { Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance";
import { listJournalEntries } from "../../core/ledger";
import { queryFields } from "./query";

export type Period = { from: string; to: string };

export const STATEMENT_VIEWS = ["is", "bs", "cf", "tb"] as const;
export type StatementView = (typeof STATEMENT_VIEWS)[number];
export const VIEW_LABELS: Record<StatementView, string> = { is: "Income statement", bs: "Balance sheet", cf: "Cash flow", tb: "Trial balance" };

export const ReportQuery = z.object({
  entity: queryFields.optionalId,
  from: queryFields.optionalDate,
  to: queryFields.optionalDate,
  compareFrom: queryFields.optionalDate,
  compareTo: queryFields.optionalDate,
  /** "none" turns the comparison off; the default compares with the prior month. */
  compare: z.enum(["prior", "none"]).optional().catch(undefined),
  view: z.enum(STATEMENT_VIEWS).optional().catch(undefined),
  currency: z.string().regex(/^[A-Z]{3}$/).optional().catch(undefined),
  code: z.string().max(20).optional().catch(undefined),
  print: z.enum(["1"]).optional().catch(undefined),
});
export type ReportQuery = z.output<typeof ReportQuery>;

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function monthOf(date: string): Period {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return { from: iso(new Date(Date.UTC(year, month - 1, 1))), to: iso(new Date(Date.UTC(year, month, 0))) };
}

export function priorMonth(period: Period): Period {
  const [year, month] = period.from.split("-").map(Number) as [number, number];
  return monthOf(iso(new Date(Date.UTC(year, month - 2, 1))));
}

/** The month of the latest posting (the demo's "now"), or this month when nothing is posted. */
export async function latestPostingMonth(tx: Tx, actor: Actor, entityId?: number | null): Promise<Period> {
  const latest = await listJournalEntries(tx, actor, { entityId: entityId ?? null, pageSize: 1 });
  return monthOf(latest.rows[0]?.postingDate ?? iso(new Date()));
}

/** The report's period and comparison: the query's dates, else the latest posting month and the month before. */
export async function resolvePeriods(tx: Tx, actor: Actor, query: ReportQuery): Promise<{ period: Period; compare: Period | null }> {
  const fallback = query.from && query.to ? null : await latestPostingMonth(tx, actor, query.entity);
  const period = { from: query.from ?? fallback!.from, to: query.to ?? fallback!.to };
  if (period.from > period.to) period.from = monthOf(period.to).from;
  if (query.compare === "none") return { period, compare: null };
  const compare = query.compareFrom && query.compareTo && query.compareFrom <= query.compareTo ? { from: query.compareFrom, to: query.compareTo } : priorMonth(period);
  return { period, compare };
}
