// Quotes and orders day by day: how many (a seasonal, weekday-shaped Poisson draw per entity),
// from whom (the weighted customer mix), through which channel, and which lines (items from the
// warehouse's assortment, quantities sized by tier against list prices and the stock usually held).
import { assert } from "../../shared/assert";
import { addDays } from "../dates";
import type { Random } from "../random";
import type { CustomerTier, DemoCustomer } from "../types";
import { addBusinessDays, demandFactorOn } from "./calendar";
import { priceKey, type CatalogItem, type PlanCatalog } from "./plan-catalog";
import type { OrderChannel, PlannedCustomer, PlannedLine, PlannedOrder, PlannedQuote } from "./types";

/** Orders and quotes per business day at a demand factor of 1. */
export const ORDERS_PER_DAY: Record<string, number> = { US01: 0.62, CA01: 0.42 };
export const QUOTES_PER_DAY: Record<string, number> = { US01: 0.15, CA01: 0.1 };
const LINE_COUNTS = [[2, 35], [3, 30], [4, 22], [5, 13]] as const;
/** Lines a customer takes from the other warehouse of its entity (its home one lacks the item). */
const OTHER_WAREHOUSE_SHARE = 0.015;
/** Median line value in major units of the entity's currency, by tier. */
const LINE_VALUE_MAJOR: Record<CustomerTier, number> = { platinum: 900, gold: 600, silver: 350, standard: 220 };
const CURRENCY_FACTOR: Record<string, number> = { US01: 1, CA01: 1.35 };
const STRETCHED_ORDER_SHARE_MIN = 0.6;
const STRETCHED_ORDER_SHARE_SPREAD = 0.8;
/** Most lines stay within a share of what the warehouse usually holds; the rest may backorder. */
const USUAL_STOCK_SHARE = 0.25;
const CAPPED_LINE_SHARE = 0.96;
const CASE_ORDER_SHARE = 0.3;
const EDI_PRICE_DISPUTE_SHARE = 0.1;
const QUOTE_VALID_DAYS = 30;
const DALLAS_REGIONS = new Set(["TX", "OK", "LA", "AR"]);

export type Party = { customer: DemoCustomer; plan: PlannedCustomer };

export type DocumentContext = { catalog: PlanCatalog; entityCode: string; parties: Party[]; poCounters: Map<string, number>; lastPo: Map<string, string> };

/**
 * Arrivals at a varying expected rate: a renewal process whose gaps are uniform between half and
 * one and a half of the expected gap. Steadier than Poisson (an account base does not fall silent
 * for a month) while the seasonal and weekday rhythm still shows.
 */
export type ArrivalClock = (expected: number) => number;

export function arrivalClock(random: Random): ArrivalClock {
  let accumulated = 0;
  let threshold = 0.5 + random.next();
  return (expected) => {
    assert(expected >= 0, "a non-negative expected count");
    accumulated += expected;
    let arrivals = 0;
    while (accumulated >= threshold) {
      accumulated -= threshold;
      threshold = 0.5 + random.next();
      arrivals++;
    }
    return arrivals;
  };
}

function homeWarehouseOf(customer: DemoCustomer): string {
  if (customer.entityCode === "CA01") return "TOR";
  return DALLAS_REGIONS.has(customer.region) ? "DAL" : "CHI";
}

function otherWarehouse(code: string): string {
  return code === "DAL" ? "CHI" : code === "CHI" ? "DAL" : code;
}

function channelOf(random: Random, tier: CustomerTier): { channel: OrderChannel; keyedBy: "sales" | "system" } {
  const weights: readonly (readonly [OrderChannel, number])[] = tier === "platinum" || tier === "gold"
    ? [["phone", 30], ["web", 20], ["edi", 35], ["api", 15]]
    : tier === "silver" ? [["phone", 45], ["web", 30], ["edi", 15], ["api", 10]] : [["phone", 55], ["web", 40], ["api", 5]];
  const channel = random.weighted(weights);
  return { channel, keyedBy: channel === "phone" ? "sales" : "system" };
}

function pickCatalogItem(random: Random, items: readonly CatalogItem[], taken: Set<string>): CatalogItem {
  const weighted = items.map((c) => [c, c.weight] as const);
  for (let attempt = 0; attempt < 8; attempt++) {
    const choice = random.weighted(weighted);
    if (!taken.has(choice.item.sku)) return choice;
  }
  const free = items.find((c) => !taken.has(c.item.sku));
  assert(free !== undefined, "an assortment has more items than an order has lines");
  return free;
}

function unitsFor(random: Random, ctx: DocumentContext, party: Party, chosen: CatalogItem, priceMinor: bigint, lineCount: number): number {
  if (party.plan.stretched) {
    // Sized against the credit limit (60-140% of it): with anything else open the account goes over.
    const orderMinor = Number(party.customer.creditLimitMinor) * (STRETCHED_ORDER_SHARE_MIN + random.next() * STRETCHED_ORDER_SHARE_SPREAD);
    return Math.max(1, Math.round(orderMinor / lineCount / Number(priceMinor)));
  }
  const targetMinor = LINE_VALUE_MAJOR[party.customer.tier] * 100 * (CURRENCY_FACTOR[ctx.entityCode] ?? 1) * Math.exp(0.8 * random.normal());
  let units = Math.max(1, Math.round(targetMinor / Number(priceMinor)));
  const usualUnits = Math.floor(chosen.openingBaseQty / chosen.item.salesQtyPerUnit);
  if (usualUnits > 0 && random.chance(CAPPED_LINE_SHARE)) units = Math.min(units, Math.max(1, Math.floor(usualUnits * USUAL_STOCK_SHARE)));
  return units;
}

/** One line: an item of the warehouse's assortment in its sales unit (sometimes whole cases). */
export function planLine(random: Random, ctx: DocumentContext, party: Party, warehouseCode: string, taken: Set<string>, edi: boolean, lineCount: number): PlannedLine {
  const catalog = ctx.catalog.warehouses.get(warehouseCode);
  assert(catalog !== undefined, `assortment for ${warehouseCode}`);
  const chosen = pickCatalogItem(random, catalog.items, taken);
  taken.add(chosen.item.sku);
  const item = chosen.item;
  const listPrice = ctx.catalog.prices.get(priceKey(ctx.entityCode, party.customer.priceListCode, item.sku, item.salesUom));
  assert(listPrice !== undefined && listPrice > 0n, `${item.sku} is priced on ${party.customer.priceListCode}`);
  let units = unitsFor(random, ctx, party, chosen, listPrice, lineCount);
  let uom = item.salesUom;
  let unitPrice = listPrice;
  const perCase = item.caseQty !== null ? item.caseQty / item.salesQtyPerUnit : 0;
  const casePrice = ctx.catalog.prices.get(priceKey(ctx.entityCode, party.customer.priceListCode, item.sku, "CS"));
  if (perCase > 1 && units >= perCase && casePrice !== undefined && random.chance(CASE_ORDER_SHARE)) {
    units = Math.floor(units / perCase);
    uom = "CS";
    unitPrice = casePrice;
  }
  const disputed = edi && random.chance(EDI_PRICE_DISPUTE_SHARE);
  const customerPriceMinor = disputed ? BigInt(Math.max(1, Math.round(Number(unitPrice) * (0.78 + 0.17 * random.next())))) : null;
  return { sku: item.sku, warehouseCode, uom, qty: String(units), customerPriceMinor };
}

function linesFor(random: Random, ctx: DocumentContext, party: Party, edi: boolean): PlannedLine[] {
  const count = random.weighted(LINE_COUNTS);
  const home = homeWarehouseOf(party.customer);
  const taken = new Set<string>();
  return Array.from({ length: count }, () => planLine(random, ctx, party, random.chance(OTHER_WAREHOUSE_SHARE) ? otherWarehouse(home) : home, taken, edi, count));
}

function shipToOf(random: Random, customer: DemoCustomer): string {
  const others = customer.shipTos.filter((s) => !s.isDefault);
  return others.length > 0 && random.chance(0.3) ? random.pick(others).code : "MAIN";
}

function poNumberOf(random: Random, ctx: DocumentContext, party: Party, channel: OrderChannel): string | null {
  if (channel === "phone" && random.chance(0.6)) return null;
  const code = party.customer.code;
  const previous = ctx.lastPo.get(code);
  // Now and then a buyer sends the same PO number twice: order entry warns, the order stands.
  if (previous && random.chance(0.01)) return previous;
  const next = (ctx.poCounters.get(code) ?? 4100) + random.int(1, 9);
  ctx.poCounters.set(code, next);
  const number = `PO-${code.slice(1)}-${next}`;
  ctx.lastPo.set(code, number);
  return number;
}

export function planOrder(random: Random, ctx: DocumentContext, date: string, key: string, buyer?: Party): PlannedOrder {
  const party = buyer ?? random.weighted(ctx.parties.map((p) => [p, p.plan.weight] as const));
  const { channel, keyedBy } = channelOf(random, party.customer.tier);
  return {
    key, entityCode: ctx.entityCode, customerCode: party.customer.code, shipToCode: shipToOf(random, party.customer), date,
    requestedDate: addBusinessDays(date, random.int(1, 6)), channel, keyedBy, customerPoNumber: poNumberOf(random, ctx, party, channel),
    lines: linesFor(random, ctx, party, channel === "edi"),
  };
}

function quoteOutcome(random: Random, date: string, lineCount: number): PlannedQuote["outcome"] {
  const roll = random.next();
  if (roll >= 0.6) return { kind: "expire" };
  const convertDate = addBusinessDays(date, random.int(1, 15));
  if (roll < 0.45 || lineCount < 2) return { kind: "convert", date: convertDate, lineNumbers: null };
  const kept = random.shuffle(Array.from({ length: lineCount }, (_, index) => index + 1)).slice(0, random.int(1, lineCount - 1));
  return { kind: "convert", date: convertDate, lineNumbers: kept.sort((a, b) => a - b) };
}

export function planQuote(random: Random, ctx: DocumentContext, date: string, key: string): PlannedQuote {
  // Quotes come from accounts shopping a larger job: weighted like orders, never through EDI.
  const party = random.weighted(ctx.parties.map((p) => [p, p.plan.weight] as const));
  const lines = linesFor(random, ctx, party, false);
  return {
    key, entityCode: ctx.entityCode, customerCode: party.customer.code, shipToCode: shipToOf(random, party.customer), date,
    validUntil: addDays(date, QUOTE_VALID_DAYS), lines, outcome: quoteOutcome(random, date, lines.length),
  };
}

export type DailyClocks = { orders: ArrivalClock; quotes: ArrivalClock };

/** How many orders and quotes an entity takes on a business day. */
export function dailyCounts(clocks: DailyClocks, entityCode: string, date: string): { orders: number; quotes: number } {
  const factor = demandFactorOn(date);
  return { orders: clocks.orders((ORDERS_PER_DAY[entityCode] ?? 1) * factor), quotes: clocks.quotes((QUOTES_PER_DAY[entityCode] ?? 0.2) * factor) };
}
