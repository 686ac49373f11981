// Loads the planned quote-to-cash history through the real commands: day by day in date order,
// one transaction per entity and business day, the two entities side by side (their documents,
// customers, stock and accounts are disjoint), with one log line per month.
import type { Db, Tx } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import { recordAudit } from "../../governance/audit";
import { SYSTEM_ACTOR } from "../../governance/permissions";
import { createFiscalYear } from "../../ledger";
import { changeMaster } from "../../masters";
import { itemSubstitute } from "../../sales/schema";
import { assert } from "../../shared/assert";
import { DemoIds } from "../ids";
import { createRandom } from "../random";
import type { DemoData } from "../types";
import { businessDays, monthOf } from "./calendar";
import { demoPeople, EntityRun, emptyStats, shipToIds, type MonthStats } from "./context";
import { HISTORY_STREAM, planCounts, planDigest, planSalesHistory } from "./plan";
import { runDay, type DayWork } from "./run-day";
import type { EntityPlan, SalesHistoryPlan } from "./types";

export type SalesHistorySummary = {
  startDate: string;
  endDate: string;
  digest: string;
  planned: { quotes: number; orders: number; lines: number };
  /** Per entity code, what the commands made of the plan. */
  totals: Record<string, MonthStats>;
  elapsedMs: number;
};

/**
 * Configures the substitutes the plan relies on. core/sales has no command that maintains
 * item_substitute yet (its own tests insert rows too), so the rows go in directly, each with an
 * audit row saying where it came from.
 */
async function configureSubstitutes(tx: Tx, plan: SalesHistoryPlan, ids: DemoIds): Promise<void> {
  if (plan.substitutes.length === 0) return;
  const rows = plan.substitutes.map((pair) => ({
    itemId: DemoIds.of(ids.items, pair.sku, "item"), substituteItemId: DemoIds.of(ids.items, pair.substituteSku, "item"), priority: 1,
  }));
  const inserted = await tx.insert(itemSubstitute).values(rows).returning();
  assert(inserted.length === rows.length, "every substitute was configured");
  for (const row of inserted) {
    await recordAudit(tx, SYSTEM_ACTOR, { action: "create", objectKind: "itemSubstitute", objectId: row.id, after: { ...row, source: "demo distributor" } });
  }
}

/**
 * Opens what the history posts into and prices from when it reaches back further than the base
 * demo: the earlier fiscal year(s), and price lists valid from that year (a direct, audited change
 * by the system, as the rest of the demo's masters are made).
 */
async function extendBackwards(tx: Tx, plan: SalesHistoryPlan, data: DemoData, ids: DemoIds): Promise<void> {
  for (const year of plan.extraFiscalYears) {
    for (const entity of data.entities) await createFiscalYear(tx, SYSTEM_ACTOR, { entityId: DemoIds.of(ids.entities, entity.code, "entity"), year });
  }
  if (plan.priceListsValidFrom === null) return;
  for (const list of data.priceLists) {
    const id = DemoIds.of(ids.priceLists, DemoIds.scoped(list.entityCode, list.code), "price list");
    const changed = await changeMaster(tx, SYSTEM_ACTOR, "priceList", id, { validFrom: plan.priceListsValidFrom });
    assert(changed.status === "applied", `price list ${list.code} was back-dated`);
  }
}

async function prepare(tx: Tx, plan: SalesHistoryPlan, data: DemoData, ids: DemoIds): Promise<EntityRun[]> {
  await extendBackwards(tx, plan, data, ids);
  await configureSubstitutes(tx, plan, ids);
  const people = await demoPeople(tx);
  const shipTos = await shipToIds(tx, [...ids.customers.values()]);
  const random = createRandom(data.seed).fork(HISTORY_STREAM);
  return plan.entities.map((entity) => EntityRun.build(plan, entity, data, ids, people, random.fork(`run:${entity.entityCode}`), shipTos));
}

function byDate<T extends { date: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(row.date, [...(grouped.get(row.date) ?? []), row]);
  return grouped;
}

function dayWorkOf(entity: EntityPlan, days: readonly string[]): DayWork[] {
  const quotes = byDate(entity.quotes);
  const orders = byDate(entity.orders);
  return days.map((date, index) => ({ date, previousDate: index > 0 ? (days[index - 1] as string) : null, quotes: quotes.get(date) ?? [], orders: orders.get(date) ?? [] }));
}

async function runDays(db: Db, run: EntityRun, work: readonly DayWork[]): Promise<MonthStats> {
  run.stats = emptyStats();
  for (const day of work) await inTransaction(db, (tx) => runDay(tx, run, day));
  return run.stats;
}

function addStats(into: MonthStats, from: MonthStats): void {
  for (const key of Object.keys(from) as (keyof MonthStats)[]) into[key] += from[key];
}

function monthLine(month: string, runs: readonly EntityRun[], stats: readonly MonthStats[], startedMs: number): string {
  const parts = runs.map((run, index) => {
    const s = stats[index] as MonthStats;
    return `${run.entity.entityCode} ${s.orders} orders (${s.holds} held, ${s.overrides} overrides), ${s.quotes} quotes, ${s.shipments} shipments, ${s.payments} payments, ${s.returns} RMAs, ${s.receipts} receipts`;
  });
  return `sales history ${month}: ${parts.join("; ")} (${Date.now() - startedMs} ms)`;
}

/**
 * Plans the history from the demo data and runs it: every document through its command, as the
 * demo users (sales, controller, warehouse, admin) or the system for web, EDI, API and portal input.
 * `onMonthEnd` runs after both entities finished each month, before the next one starts.
 */
export type MonthEndHook = (boundary: { month: string; lastDay: string; nextDay: string | null }) => Promise<string>;

export async function loadSalesHistory(db: Db, log: (line: string) => void, data: DemoData, ids: DemoIds, onMonthEnd?: MonthEndHook): Promise<SalesHistorySummary> {
  const startedMs = Date.now();
  const plan = planSalesHistory(data);
  const runs = await inTransaction(db, (tx) => prepare(tx, plan, data, ids));
  const days = businessDays(plan.startDate, plan.endDate);
  const works = runs.map((run) => dayWorkOf(run.entity, days));
  const totals: Record<string, MonthStats> = Object.fromEntries(runs.map((run) => [run.entity.entityCode, emptyStats()]));
  for (const month of [...new Set(days.map(monthOf))]) {
    const monthStartedMs = Date.now();
    // The entities share no documents, customers, stock or accounts, so they run side by side.
    const settled = await Promise.allSettled(runs.map((run, index) => runDays(db, run, (works[index] as DayWork[]).filter((w) => monthOf(w.date) === month))));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    const stats = settled.map((s) => (s as PromiseFulfilledResult<MonthStats>).value);
    runs.forEach((run, index) => addStats(totals[run.entity.entityCode] as MonthStats, stats[index] as MonthStats));
    log(monthLine(month, runs, stats, monthStartedMs));
    if (onMonthEnd) {
      // Both entities stand at the month's end here, so work touching both (intercompany) is deterministic.
      const monthDays = days.filter((d) => monthOf(d) === month);
      const lastDay = monthDays[monthDays.length - 1] as string;
      const nextDay = days.find((d) => d > lastDay) ?? null;
      log(`month end ${month}: ${await onMonthEnd({ month, lastDay, nextDay })}`);
    }
  }
  const all = Object.values(totals);
  const sum = (key: keyof MonthStats) => all.reduce((n, s) => n + s[key], 0);
  log(`sales history ${plan.startDate} to ${plan.endDate}: ${sum("orders")} orders, ${sum("quotes")} quotes, ${sum("shipments")} shipments and invoices, ${sum("payments")} payments, ${sum("returns")} RMAs (${Date.now() - startedMs} ms)`);
  return { startDate: plan.startDate, endDate: plan.endDate, digest: planDigest(plan), planned: planCounts(plan), totals, elapsedMs: Date.now() - startedMs };
}
