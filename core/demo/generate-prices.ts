import { assert } from "../shared/assert";
import { applyRatePpm, divideRounded, PPM } from "../shared/money";
import { yearOf } from "./dates";
import type { Random } from "./random";
import type { DemoCustomer, DemoCustomerPrice, DemoEntity, DemoItem, DemoPriceList, DemoPriceListLine } from "./types";

/** List margins leave room for the deepest tier and break to stay at or above 20%. */
export const LIST_MARGIN_PPM_MIN = 360_000;
export const LIST_MARGIN_PPM_MAX = 450_000;
export const MARGIN_PPM_FLOOR = 200_000n;
export const CUSTOMER_PRICES_TARGET = 200;

export const PRICE_TIERS = [
  { code: "LIST", name: "List price", factorPpm: 1_000_000n },
  { code: "GOLD", name: "Gold tier", factorPpm: 950_000n },
  { code: "PLATINUM", name: "Platinum tier", factorPpm: 900_000n },
] as const;
export type PriceListCode = (typeof PRICE_TIERS)[number]["code"];

const BREAKS = [{ minQty: 1, factorPpm: 1_000_000n }, { minQty: 12, factorPpm: 970_000n }, { minQty: 48, factorPpm: 940_000n }];
/** Big-ticket goods break at a handful, not at dozens. */
const BIG_TICKET_BREAKS = [{ minQty: 1, factorPpm: 1_000_000n }, { minQty: 4, factorPpm: 970_000n }, { minQty: 10, factorPpm: 940_000n }];
const BIG_TICKET_COST_MINOR = 15_000n;
const CASE_FACTOR_PPM = 980_000n;

export function costPerSalesUnit(item: DemoItem, entityCode: string): bigint {
  const cost = item.unitCostMinorByEntity[entityCode];
  assert(cost !== undefined && cost > 0n, `${item.sku} has a cost in ${entityCode}`);
  return cost * BigInt(item.salesQtyPerUnit);
}

/** The lowest price per sales unit that still earns MARGIN_PPM_FLOOR. */
export function floorPrice(costMinor: bigint): bigint {
  return divideRounded(costMinor * PPM, PPM - MARGIN_PPM_FLOOR, "ceil");
}

function listPrice(costMinor: bigint, marginPpm: number): bigint {
  return divideRounded(costMinor * PPM, PPM - BigInt(marginPpm), "floor");
}

function itemLines(item: DemoItem, entityCode: string, tierPpm: bigint, marginPpm: number): DemoPriceListLine[] {
  const cost = costPerSalesUnit(item, entityCode);
  const tierPrice = applyRatePpm(listPrice(cost, marginPpm), tierPpm, "halfEven");
  const breaks = cost >= BIG_TICKET_COST_MINOR ? BIG_TICKET_BREAKS : BREAKS;
  const lines = breaks.map((b) => ({
    sku: item.sku, uom: item.salesUom, minQty: String(b.minQty), unitPriceMinor: applyRatePpm(tierPrice, b.factorPpm, "halfEven"),
  }));
  if (item.caseQty !== null && item.salesUom !== "CS") {
    const deepest = lines[lines.length - 1]?.unitPriceMinor ?? tierPrice;
    const salesUnitsPerCase = BigInt(item.caseQty / item.salesQtyPerUnit);
    lines.push({ sku: item.sku, uom: "CS", minQty: "1", unitPriceMinor: applyRatePpm(deepest * salesUnitsPerCase, CASE_FACTOR_PPM, "halfEven") });
  }
  return lines;
}

/** A list margin per SKU, drawn once so both entities price an item alike. */
export function generateListMargins(random: Random, items: readonly DemoItem[]): Map<string, number> {
  return new Map(items.map((item) => [item.sku, random.int(LIST_MARGIN_PPM_MIN, LIST_MARGIN_PPM_MAX)]));
}

/** LIST, GOLD and PLATINUM per entity in its currency, with breaks and a case price per active item. */
export function generatePriceLists(entities: readonly DemoEntity[], items: readonly DemoItem[], margins: ReadonlyMap<string, number>, validFrom: string): DemoPriceList[] {
  const active = items.filter((item) => item.status === "active");
  return entities.flatMap((entity) => PRICE_TIERS.map((tier) => ({
    entityCode: entity.code,
    code: tier.code,
    name: `${tier.name} (${entity.baseCurrency})`,
    currency: entity.baseCurrency,
    validFrom,
    lines: active.flatMap((item) => itemLines(item, entity.code, tier.factorPpm, margins.get(item.sku) ?? LIST_MARGIN_PPM_MIN)),
  })));
}

function customerWeight(customer: DemoCustomer): number {
  switch (customer.tier) {
    case "platinum": return 6;
    case "gold": return 3;
    case "silver": return 1;
    case "standard": return 0.25;
  }
}

/** Contract prices a few points under the customer's own list, never under the margin floor. */
export function generateCustomerPrices(random: Random, customers: readonly DemoCustomer[], items: readonly DemoItem[], priceLists: readonly DemoPriceList[], asOf: string): DemoCustomerPrice[] {
  const active = items.filter((item) => item.status === "active");
  const firstBreak = new Map(priceLists.flatMap((list) => list.lines.filter((l) => l.minQty === "1" && l.uom !== "CS")
    .map((l) => [`${list.entityCode}|${list.code}|${l.sku}`, l.unitPriceMinor] as const)));
  const weights = customers.map((customer) => [customer, customerWeight(customer)] as const);
  const year = yearOf(asOf);
  const prices: DemoCustomerPrice[] = [];
  const taken = new Set<string>();
  while (prices.length < CUSTOMER_PRICES_TARGET) {
    const customer = random.weighted(weights);
    const item = random.pick(active);
    const key = `${customer.entityCode}|${customer.code}|${item.sku}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const listed = firstBreak.get(`${customer.entityCode}|${customer.priceListCode}|${item.sku}`);
    assert(listed !== undefined, `${item.sku} is on ${customer.priceListCode}`);
    const offered = applyRatePpm(listed, BigInt(random.int(930_000, 970_000)), "halfEven");
    const floor = floorPrice(costPerSalesUnit(item, customer.entityCode));
    prices.push({
      entityCode: customer.entityCode, customerCode: customer.code, sku: item.sku, uom: item.salesUom, minQty: "1",
      unitPriceMinor: offered > floor ? offered : floor,
      validFrom: `${year}-01-01`, validTo: random.chance(0.7) ? `${year}-12-31` : null,
    });
  }
  return prices;
}
