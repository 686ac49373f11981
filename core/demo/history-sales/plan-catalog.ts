// What each warehouse sells in the history: a long-tailed assortment of items it holds opening
// stock of, plus a few it does not stock (they backorder until a receipt, and have substitutes),
// and the prices the plan sizes order lines with. Pure: data in, data out.
import { assert } from "../../shared/assert";
import type { Random } from "../random";
import type { DemoData, DemoItem, DemoWarehouse } from "../types";
import type { SubstitutePair } from "./types";

/** Items each warehouse sells from opening stock, and items it sells without holding any. */
const STOCKED_ITEMS_BY_WAREHOUSE: Record<string, number> = { CHI: 320, DAL: 220, TOR: 240 };
const STOCKED_ITEMS_DEFAULT = 200;
export const UNSTOCKED_ITEMS_PER_WAREHOUSE = 8;
/** Stocked items that also get a configured substitute, for when a large order outruns them. */
const SUBSTITUTED_STOCKED_PER_WAREHOUSE = 20;
/** Zipf exponent of item popularity: a few items sell most. */
const POPULARITY_EXPONENT = 0.9;

export type CatalogItem = {
  item: DemoItem;
  weight: number;
  /** Opening stock in this warehouse, base units (0 for an unstocked item). */
  openingBaseQty: number;
};

export type WarehouseCatalog = { warehouse: DemoWarehouse; items: CatalogItem[] };

export type PlanCatalog = {
  itemsBySku: Map<string, DemoItem>;
  warehouses: Map<string, WarehouseCatalog>;
  /** Price per unit by `ENTITY|LIST|SKU|UOM` at the first break. */
  prices: Map<string, bigint>;
  substitutes: SubstitutePair[];
};

export function priceKey(entityCode: string, listCode: string, sku: string, uom: string): string {
  return `${entityCode}|${listCode}|${sku}|${uom}`;
}

function openingByWarehouse(data: DemoData): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const document of data.openingStock) {
    const bySku = result.get(document.warehouseCode) ?? new Map<string, number>();
    result.set(document.warehouseCode, bySku);
    for (const line of document.lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + Number(line.qty));
  }
  return result;
}

function firstBreakPrices(data: DemoData): Map<string, bigint> {
  const prices = new Map<string, bigint>();
  for (const list of data.priceLists) {
    for (const line of list.lines) if (line.minQty === "1") prices.set(priceKey(list.entityCode, list.code, line.sku, line.uom), line.unitPriceMinor);
  }
  return prices;
}

function warehouseCatalog(random: Random, warehouse: DemoWarehouse, active: readonly DemoItem[], opening: Map<string, number>): WarehouseCatalog {
  const stockedCount = STOCKED_ITEMS_BY_WAREHOUSE[warehouse.code] ?? STOCKED_ITEMS_DEFAULT;
  const stocked = random.shuffle(active.filter((i) => (opening.get(i.sku) ?? 0) > 0)).slice(0, stockedCount);
  const unstocked = random.shuffle(active.filter((i) => (opening.get(i.sku) ?? 0) === 0)).slice(0, UNSTOCKED_ITEMS_PER_WAREHOUSE);
  assert(stocked.length === stockedCount, `${warehouse.code} holds opening stock of ${stockedCount} items`);
  const items: CatalogItem[] = stocked.map((item, rank) => ({ item, weight: 1 / (rank + 1) ** POPULARITY_EXPONENT, openingBaseQty: opening.get(item.sku) ?? 0 }));
  // Unstocked items sell like mid-table ones: often enough to show backorders, not to dominate.
  for (const item of unstocked) items.push({ item, weight: 1 / random.int(15, 80) ** POPULARITY_EXPONENT, openingBaseQty: 0 });
  return { warehouse, items };
}

/** Items alike enough to stand in: same category, base unit and sales unit. */
function alike(a: DemoItem, b: DemoItem): boolean {
  return a.sku !== b.sku && a.categoryCode === b.categoryCode && a.baseUom === b.baseUom && a.salesUom === b.salesUom && a.salesQtyPerUnit === b.salesQtyPerUnit;
}

function substitutesFor(random: Random, catalog: WarehouseCatalog): SubstitutePair[] {
  const stocked = catalog.items.filter((c) => c.openingBaseQty > 0).map((c) => c.item);
  const unstocked = catalog.items.filter((c) => c.openingBaseQty === 0).map((c) => c.item);
  const wanted = [...unstocked, ...random.shuffle(stocked).slice(0, SUBSTITUTED_STOCKED_PER_WAREHOUSE)];
  return wanted.flatMap((item) => {
    const candidates = stocked.filter((other) => alike(item, other));
    return candidates.length > 0 ? [{ sku: item.sku, substituteSku: random.pick(candidates).sku }] : [];
  });
}

/** Assortments per warehouse, list prices and configured substitutes (one per item at most). */
export function planCatalog(random: Random, data: DemoData): PlanCatalog {
  const active = data.items.filter((item) => item.status === "active");
  const opening = openingByWarehouse(data);
  const warehouses = new Map<string, WarehouseCatalog>();
  const substitutes = new Map<string, SubstitutePair>();
  for (const warehouse of data.warehouses) {
    const stream = random.fork(`assortment:${warehouse.code}`);
    const catalog = warehouseCatalog(stream, warehouse, active, opening.get(warehouse.code) ?? new Map());
    warehouses.set(warehouse.code, catalog);
    for (const pair of substitutesFor(stream, catalog)) if (!substitutes.has(pair.sku)) substitutes.set(pair.sku, pair);
  }
  return {
    itemsBySku: new Map(data.items.map((item) => [item.sku, item])),
    warehouses, prices: firstBreakPrices(data),
    substitutes: [...substitutes.values()].sort((a, b) => a.sku.localeCompare(b.sku)),
  };
}

/** Base units in one unit of an item: a case, or its sales unit. */
export function baseQtyPerUnit(item: DemoItem, uom: string): number {
  if (uom === "CS") {
    assert(item.caseQty !== null, `${item.sku} has a case`);
    return item.caseQty;
  }
  assert(uom === item.salesUom, `${item.sku} is planned in its sales unit or cases`);
  return item.salesQtyPerUnit;
}
