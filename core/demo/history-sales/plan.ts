// The planned quote-to-cash history: a pure function of the demo data (itself a function of the
// seed and the business date). Draws only from its own stream of the seed ("history-sales"), so
// the rest of the demo is unchanged by it, and carries a digest to compare two plans by.
import { createHash } from "node:crypto";
import { assert } from "../../shared/assert";
import { addDays, yearOf } from "../dates";
import { createRandom, type Random } from "../random";
import type { DemoData } from "../types";
import { businessDays, HISTORY_MONTHS, monthsBefore, onOrAfterBusinessDay } from "./calendar";
import { baseQtyPerUnit, planCatalog, type PlanCatalog } from "./plan-catalog";
import { planCustomers } from "./plan-customers";
import { arrivalClock, dailyCounts, planOrder, planQuote, type DocumentContext, type Party } from "./plan-documents";
import type { AssortmentItem, EntityPlan, PlannedLine, PlannedOrder, PlannedQuote, SalesHistoryPlan } from "./types";

export const HISTORY_STREAM = "history-sales";

/**
 * The history runs from the first business day HISTORY_MONTHS before asOf to the last business
 * day before it. When that starts before the demo's price lists do (an asOf early in a year), the
 * loader back-dates the lists to January 1 of the first year, so every order finds its price.
 */
export function historyWindow(data: DemoData): { startDate: string; endDate: string; priceListsValidFrom: string | null } {
  const startDate = onOrAfterBusinessDay(monthsBefore(data.asOf, HISTORY_MONTHS));
  let endDate = addDays(data.asOf, -1);
  while (businessDays(endDate, endDate).length === 0) endDate = addDays(endDate, -1);
  assert(startDate < endDate, "the history spans at least two business days");
  const listsFrom = data.priceLists.reduce((latest, list) => (list.validFrom > latest ? list.validFrom : latest), "0000-01-01");
  return { startDate, endDate, priceListsValidFrom: listsFrom > startDate ? `${yearOf(startDate)}-01-01` : null };
}

function partiesOf(data: DemoData, customers: SalesHistoryPlan["customers"], entityCode: string): Party[] {
  return data.customers.filter((c) => c.entityCode === entityCode && c.shipTos.length > 0).map((customer) => {
    const plan = customers.find((p) => p.entityCode === entityCode && p.code === customer.code);
    assert(plan !== undefined, `a plan for customer ${customer.code}`);
    return { customer, plan };
  });
}

function padded(n: number): string {
  return String(n).padStart(6, "0");
}

function planDocuments(random: Random, ctx: DocumentContext, days: readonly string[]): { quotes: PlannedQuote[]; orders: PlannedOrder[] } {
  const quotes: PlannedQuote[] = [];
  const orders: PlannedOrder[] = [];
  const clocks = { orders: arrivalClock(random.fork("order-arrivals")), quotes: arrivalClock(random.fork("quote-arrivals")) };
  for (const date of days) {
    const counts = dailyCounts(clocks, ctx.entityCode, date);
    for (let n = 0; n < counts.quotes; n++) quotes.push(planQuote(random, ctx, date, `${ctx.entityCode}-Q-${padded(quotes.length + 1)}`));
    for (let n = 0; n < counts.orders; n++) orders.push(planOrder(random, ctx, date, `${ctx.entityCode}-O-${padded(orders.length + 1)}`));
  }
  return { quotes, orders };
}

/** The disputed account keeps ordering every couple of weeks, so its unpaid invoices age into every bucket. */
const DISPUTE_ORDER_EVERY_DAYS = 10;

function addDisputeOrders(random: Random, ctx: DocumentContext, orders: PlannedOrder[], days: readonly string[]): void {
  const party = ctx.parties.find((p) => p.plan.stopsPayingOn !== null);
  if (!party || party.plan.stopsPayingOn === null) return;
  const from = party.plan.stopsPayingOn;
  const window = days.filter((day) => day >= from);
  for (let index = 0; index < window.length; index += DISPUTE_ORDER_EVERY_DAYS) {
    const date = window[index] as string;
    const recent = window.slice(Math.max(0, index - DISPUTE_ORDER_EVERY_DAYS + 1), index + 1);
    if (orders.some((o) => o.customerCode === party.customer.code && recent.includes(o.date))) continue;
    orders.push(planOrder(random, ctx, date, `${ctx.entityCode}-D-${padded(index + 1)}`, party));
  }
  orders.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key.localeCompare(b.key)));
}

/** Weekly demand per item and warehouse from every planned order line and converted quote line. */
function assortmentOf(catalog: PlanCatalog, entityCode: string, documents: { quotes: PlannedQuote[]; orders: PlannedOrder[] }, weeks: number): AssortmentItem[] {
  const demand = new Map<string, { total: number; lines: number }>();
  const add = (line: PlannedLine) => {
    const item = catalog.itemsBySku.get(line.sku);
    assert(item !== undefined, `planned item ${line.sku}`);
    const key = `${line.warehouseCode}|${line.sku}`;
    const sum = demand.get(key) ?? { total: 0, lines: 0 };
    demand.set(key, { total: sum.total + Number(line.qty) * baseQtyPerUnit(item, line.uom), lines: sum.lines + 1 });
  };
  for (const order of documents.orders) order.lines.forEach(add);
  for (const quote of documents.quotes) {
    const outcome = quote.outcome;
    if (outcome.kind === "convert") quote.lines.filter((_, index) => !outcome.lineNumbers || outcome.lineNumbers.includes(index + 1)).forEach(add);
  }
  const items: AssortmentItem[] = [];
  for (const [code, warehouseCatalog] of catalog.warehouses) {
    if (warehouseCatalog.warehouse.entityCode !== entityCode) continue;
    for (const { item, openingBaseQty } of warehouseCatalog.items) {
      const sum = demand.get(`${code}|${item.sku}`);
      if (!sum) continue;
      items.push({ sku: item.sku, warehouseCode: code, weeklyDemandBaseQty: sum.total / weeks, lineBaseQty: sum.total / sum.lines,
        packBaseQty: item.caseQty ?? item.salesQtyPerUnit, specialOrder: openingBaseQty === 0 });
    }
  }
  return items;
}

/** The whole planned history for the demo data: customers' habits, substitutes, and each entity's quotes and orders. */
export function planSalesHistory(data: DemoData): SalesHistoryPlan {
  const random = createRandom(data.seed).fork(HISTORY_STREAM);
  const { startDate, endDate, priceListsValidFrom } = historyWindow(data);
  const days = businessDays(startDate, endDate);
  const weeks = Math.max(1, days.length / 5);
  const catalog = planCatalog(random.fork("catalog"), data);
  const customers = planCustomers(random.fork("customers"), data, endDate);
  const entities: EntityPlan[] = data.entities.map((entity) => {
    const ctx: DocumentContext = { catalog, entityCode: entity.code, parties: partiesOf(data, customers, entity.code), poCounters: new Map(), lastPo: new Map() };
    const documents = planDocuments(random.fork(`documents:${entity.code}`), ctx, days);
    addDisputeOrders(random.fork(`dispute:${entity.code}`), ctx, documents.orders, days);
    return { entityCode: entity.code, ...documents, assortment: assortmentOf(catalog, entity.code, documents, weeks) };
  });
  const extraFiscalYears: number[] = [];
  for (let year = yearOf(startDate); year <= yearOf(endDate); year++) if (!data.fiscalYears.includes(year)) extraFiscalYears.push(year);
  return { seed: data.seed, asOf: data.asOf, startDate, endDate, extraFiscalYears, priceListsValidFrom, customers, substitutes: catalog.substitutes, entities };
}

/** SHA-256 over the plan (bigints as decimal strings): equal plans, equal digests. */
export function planDigest(plan: SalesHistoryPlan): string {
  const text = JSON.stringify(plan, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  return createHash("sha256").update(text).digest("hex");
}

export function planCounts(plan: SalesHistoryPlan): { quotes: number; orders: number; lines: number } {
  let quotes = 0;
  let orders = 0;
  let lines = 0;
  for (const entity of plan.entities) {
    quotes += entity.quotes.length;
    orders += entity.orders.length;
    lines += entity.orders.reduce((n, o) => n + o.lines.length, 0);
  }
  return { quotes, orders, lines };
}
