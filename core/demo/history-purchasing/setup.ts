// What purchasing needs before the first purchase order, made on the entity's first replenishment
// day through the real commands: the in-transit warehouse (as admin, with its account rule
// approved by the controller), which supplier sells each item (supplier items, as the buyer) and
// the year's supplier rebate agreements (as the buyer).
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { exchangeRate } from "../../masters/schema";
import { createRebateAgreement, ensureTransitWarehouse, upsertSupplierItem } from "../../purchasing";
import { assert } from "../../shared/assert";
import { QTY_SCALE, formatQty } from "../../shared/quantity";
import { decideThrough } from "../history-sales/approvals";
import type { EntityRun } from "../history-sales/context";
import { PurchasingRun, type SupplierInfo } from "./context";
import { importPriceMinor, rateOrParity } from "./pricing";

/** Words in a supplier's name that say what it sells, by category code. */
const CATEGORY_WORDS: Record<string, RegExp> = {
  JAN: /janitor|brush|mop|broom|hygiene|cleaning/i,
  PAP: /paper|tissue|disposable/i,
  PKG: /packag|corrugat|poly bag|container/i,
  PPE: /safety|glove|eyewear|sicherheit/i,
  FAS: /fastener|hardware/i,
  ELE: /electric|wire|cable/i,
  PLB: /plumbing|valve/i,
  TLS: /tool/i,
  BRK: /breakroom|coffee/i,
  CHM: /chemical/i,
  MHE: /material handling|caster|shelving/i,
  OFF: /office|label/i,
};

/** Rebate tiers on a calendar year's purchases (base minor units): 1%, 2% above 50,000, 3% above 150,000. */
const REBATE_TIERS = [{ fromMinor: 0n, ratePpm: 10_000n }, { fromMinor: 5_000_000n, ratePpm: 20_000n }, { fromMinor: 15_000_000n, ratePpm: 30_000n }];
const REBATE_SUPPLIERS_PER_ENTITY = 3;

function nameMatches(name: string, category: string): boolean {
  const words = CATEGORY_WORDS[category];
  return words !== undefined && words.test(name);
}

/** One domestic supplier per category (by name, else the next unused one), and an importer where one fits. */
export function assignSuppliers(categories: readonly string[], suppliers: readonly SupplierInfo[], baseCurrency: string): Map<string, { domestic: SupplierInfo; importer: SupplierInfo | null }> {
  const domestic = suppliers.filter((s) => s.currency === baseCurrency);
  const foreign = suppliers.filter((s) => s.currency !== baseCurrency);
  assert(domestic.length > 0, "an entity buys from domestic suppliers");
  const used = new Set<number>();
  const assigned = new Map<string, { domestic: SupplierInfo; importer: SupplierInfo | null }>();
  for (const category of [...categories].sort()) {
    const byName = domestic.find((s) => !used.has(s.id) && nameMatches(s.name, category));
    const chosen = byName ?? domestic.find((s) => !used.has(s.id)) ?? (domestic[assigned.size % domestic.length] as SupplierInfo);
    used.add(chosen.id);
    assigned.set(category, { domestic: chosen, importer: foreign.find((s) => nameMatches(s.name, category)) ?? null });
  }
  return assigned;
}

async function firstRateDate(tx: Tx, fromCurrency: string, toCurrency: string): Promise<string | null> {
  const [row] = await tx.select({ first: sql<string | null>`min(${exchangeRate.rateDate})::text` }).from(exchangeRate)
    .where(and(eq(exchangeRate.fromCurrency, fromCurrency), eq(exchangeRate.toCurrency, toCurrency)));
  return row?.first ?? null;
}

async function createTransit(tx: Tx, run: PurchasingRun): Promise<number> {
  const ensured = await ensureTransitWarehouse(tx, run.people.admin, run.sales.entityId);
  // The admin's account mapping is governed: the controller approves it, so transit stock posts to 1210.
  if (ensured.accountRule.status === "pending_approval") {
    await decideThrough(tx, ensured.accountRule.requestId, [run.people.controller], "approve", "In-transit stock belongs on the in-transit account");
  }
  return ensured.warehouse.id;
}

/**
 * Makes the entity's purchasing run: transit warehouse, supplier items for every item the
 * history sells (the domestic supplier, and the importer where one sells the category) and
 * rebate agreements with the busiest suppliers for each calendar year of the history.
 */
export async function setUpPurchasing(tx: Tx, sales: EntityRun): Promise<PurchasingRun> {
  const run = await PurchasingRun.load(tx, sales);
  run.transitWarehouseId = await createTransit(tx, run);
  const categories = [...new Set(sales.entity.assortment.map((a) => sales.item(sales.itemId(a.sku)).categoryCode))];
  const byCategory = assignSuppliers(categories, run.suppliers, run.baseCurrency);
  for (const importer of new Set([...byCategory.values()].flatMap((v) => (v.importer ? [v.importer] : [])))) {
    run.importFrom.set(importer.id, await firstRateDate(tx, importer.currency, run.baseCurrency));
  }
  await createSupplierItems(tx, run, byCategory);
  await createRebateAgreements(tx, run);
  return run;
}

/** Half the items of a category an importer sells come from it (once its currency has rates). */
function importsItem(sku: string): boolean {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return hash % 2 === 0;
}

async function createSupplierItems(tx: Tx, run: PurchasingRun, byCategory: Map<string, { domestic: SupplierInfo; importer: SupplierInfo | null }>): Promise<void> {
  const sales = run.sales;
  const made = new Set<string>();
  for (const item of [...sales.entity.assortment].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseCode < b.warehouseCode ? -1 : 1))) {
    const itemId = sales.itemId(item.sku);
    const demoItem = sales.item(itemId);
    const sources = byCategory.get(demoItem.categoryCode);
    assert(sources !== undefined, `a supplier for category ${demoItem.categoryCode}`);
    const importer = sources.importer !== null && importsItem(item.sku) ? sources.importer : null;
    run.supplierOf.set(`${item.warehouseCode}|${item.sku}`, { domestic: sources.domestic, importer });
    const standard = demoItem.unitCostMinorByEntity[run.entityCode];
    assert(standard !== undefined, `${item.sku} has a cost in ${run.entityCode}`);
    const pack = formatQty(BigInt(item.packBaseQty) * QTY_SCALE);
    for (const source of importer ? [sources.domestic, importer] : [sources.domestic]) {
      if (made.has(`${source.id}|${itemId}`)) continue;
      made.add(`${source.id}|${itemId}`);
      const foreign = source.currency !== sources.domestic.currency;
      await upsertSupplierItem(tx, run.people.buyer, {
        supplierId: source.id, itemId, supplierSku: `${source.code}-${item.sku}`, uom: demoItem.baseUom,
        unitPriceMinor: foreign ? importPriceMinor(standard, await rateOrParity(tx, source.currency, run)) : standard, orderMultiple: pack, minOrderQty: pack,
        leadTimeDays: source.leadTimeDays, preferred: !foreign,
      });
    }
  }
}

async function createRebateAgreements(tx: Tx, run: PurchasingRun): Promise<void> {
  const itemsPer = new Map<number, { supplier: SupplierInfo; items: number }>();
  for (const { domestic } of run.supplierOf.values()) {
    const entry = itemsPer.get(domestic.id) ?? { supplier: domestic, items: 0 };
    entry.items++;
    itemsPer.set(domestic.id, entry);
  }
  assert(itemsPer.size > 0, "suppliers were assigned");
  const busiest = [...itemsPer.values()].sort((a, b) => b.items - a.items || a.supplier.id - b.supplier.id).slice(0, REBATE_SUPPLIERS_PER_ENTITY);
  const firstYear = Number(run.sales.plan.startDate.slice(0, 4));
  const lastYear = Number(run.sales.plan.asOf.slice(0, 4));
  for (const { supplier } of busiest) {
    for (let year = firstYear; year <= lastYear; year++) {
      const agreement = await createRebateAgreement(tx, run.people.buyer, {
        entityId: run.sales.entityId, supplierId: supplier.id, name: `${supplier.code} volume rebate ${year}`,
        periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, tiers: REBATE_TIERS,
      });
      run.rebateAgreements.push({ id: agreement.id, periodEnd: agreement.periodEnd, settled: false });
    }
  }
}
