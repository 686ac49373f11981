// Proves the demo generator is a pure, seeded function whose data keeps the invariants the
// loader and later features rely on: counts, convertible units, falling price breaks within the
// margin band, one default ship-to, chunked opening stock at each item's cost. No database.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateDemo } from "../../../core/demo/generate";
import { MARGIN_PPM_FLOOR, costPerSalesUnit } from "../../../core/demo/generate-prices";
import { OPENING_LINES_PER_DOCUMENT_MAX } from "../../../core/demo/generate-stock";
import { firstDayOfPreviousMonth } from "../../../core/demo/dates";
import { createRandom } from "../../../core/demo/random";
import type { DemoData, DemoItem } from "../../../core/demo/types";
import { POSTING_ROLES } from "../../../core/ledger/posting/types";

const AS_OF = "2026-11-15";
const data = generateDemo({ seed: 1729, asOf: AS_OF });
const itemsBySku = new Map(data.items.map((item) => [item.sku, item]));
const active = data.items.filter((item) => item.status === "active");

function itemOf(sku: string): DemoItem {
  const item = itemsBySku.get(sku);
  assert.ok(item, `item ${sku} exists`);
  return item;
}

function convertibleUnits(item: DemoItem): Set<string> {
  return new Set([item.baseUom, ...item.conversions.map((c) => c.uom)]);
}

/** Margin in ppm of a price per sales unit against the item's cost per sales unit. */
function marginPpm(item: DemoItem, entityCode: string, uom: string, priceMinor: bigint): bigint {
  const baseQty = uom === item.baseUom ? 1n : BigInt(item.conversions.find((c) => c.uom === uom)?.baseQtyPerUnit ?? "0");
  assert.ok(baseQty > 0n, `${item.sku} converts ${uom}`);
  const cost = (item.unitCostMinorByEntity[entityCode] ?? 0n) * baseQty;
  return ((priceMinor - cost) * 1_000_000n) / priceMinor;
}

function countBy<T>(values: readonly T[], key: (value: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  return counts;
}

test("the same seed and date give identical data", () => {
  assert.deepEqual(generateDemo({ seed: 1729, asOf: AS_OF }), data);
});

test("a different seed gives different items, customers, prices and stock", () => {
  const other = generateDemo({ seed: 1730, asOf: AS_OF });
  assert.notDeepEqual(other.items.map((i) => i.sku), data.items.map((i) => i.sku));
  assert.notDeepEqual(other.customers.map((c) => c.name), data.customers.map((c) => c.name));
  assert.notDeepEqual(other.customerPrices, data.customerPrices);
  assert.notDeepEqual(other.openingStock, data.openingStock);
  assert.notDeepEqual(other.exchangeRates, data.exchangeRates);
});

test("generation never calls Math.random", () => {
  const original = Math.random;
  Math.random = () => { throw new Error("Math.random called"); };
  try {
    assert.deepEqual(generateDemo({ seed: 1729, asOf: AS_OF }), data);
  } finally {
    Math.random = original;
  }
});

test("the seeded generator repeats its sequence, keeps int bounds and forks independent streams", () => {
  const a = createRandom(7);
  const b = createRandom(7);
  const first = Array.from({ length: 50 }, () => a.next());
  assert.deepEqual(Array.from({ length: 50 }, () => b.next()), first);
  const ints = Array.from({ length: 2000 }, () => a.int(3, 5));
  assert.deepEqual([...new Set(ints)].sort(), [3, 4, 5]);
  assert.notDeepEqual(createRandom(7).fork("x").next(), createRandom(7).fork("y").next());
  assert.equal(createRandom(7).fork("x").next(), createRandom(7).fork("x").next());
});

test("the distributor has the promised size", () => {
  assert.ok(data.items.length >= 1000, `${data.items.length} items`);
  assert.ok(data.categories.length >= 12);
  assert.equal(data.entities.length, 2);
  assert.equal(data.warehouses.length, 3);
  assert.equal(data.customers.length, 300);
  assert.deepEqual(Object.fromEntries(countBy(data.customers, (c) => c.entityCode)), { US01: 220, CA01: 80 });
  assert.equal(data.suppliers.length, 40);
  assert.deepEqual(Object.fromEntries(countBy(data.suppliers, (s) => `${s.entityCode}:${s.currency}`)), { "US01:USD": 26, "US01:EUR": 2, "CA01:CAD": 12 });
  assert.deepEqual(data.users.map((u) => u.username), ["admin", "exec", "controller", "planner", "sales", "buyer", "warehouse"]);
  assert.equal(data.customerPrices.length, 200);
  assert.deepEqual(data.fiscalYears, [2025, 2026]);
  assert.equal(data.openingDate, "2025-04-01");
});

test("codes are unique where the database requires it", () => {
  assert.equal(new Set(data.items.map((i) => i.sku)).size, data.items.length);
  assert.equal(new Set(data.customers.map((c) => `${c.entityCode}|${c.code}`)).size, data.customers.length);
  assert.equal(new Set(data.suppliers.map((s) => `${s.entityCode}|${s.code}`)).size, data.suppliers.length);
  assert.equal(new Set(data.accounts.map((a) => a.code)).size, data.accounts.length);
  assert.equal(new Set(data.exchangeRates.map((r) => `${r.fromCurrency}|${r.toCurrency}|${r.rateDate}`)).size, data.exchangeRates.length);
  for (const warehouse of data.warehouses) assert.equal(new Set(warehouse.locations.map((l) => l.code)).size, warehouse.locations.length);
});

test("every purchase and sales unit converts exactly to the base unit", () => {
  const units = new Set(data.units.map((u) => u.code));
  for (const item of data.items) {
    const convertible = convertibleUnits(item);
    assert.ok(convertible.has(item.purchaseUom), `${item.sku} buys in a convertible unit`);
    assert.ok(convertible.has(item.salesUom), `${item.sku} sells in a convertible unit`);
    for (const conversion of item.conversions) {
      assert.ok(units.has(conversion.uom));
      assert.notEqual(conversion.uom, item.baseUom);
      assert.match(conversion.baseQtyPerUnit, /^[1-9]\d*$/);
      if (conversion.uom === "CS") assert.equal(Number(conversion.baseQtyPerUnit) % item.salesQtyPerUnit, 0, `${item.sku}: a case holds whole sales units`);
    }
    assert.ok(["EA", "GAL", "RL"].includes(item.baseUom));
    assert.ok(Number(item.weightKg) > 0);
    for (const cost of Object.values(item.unitCostMinorByEntity)) assert.ok(cost > 0n);
  }
  const statuses = countBy(data.items, (i) => i.status);
  assert.ok((statuses.get("discontinued") ?? 0) > 0 && (statuses.get("inactive") ?? 0) > 0, "a few items are retired");
});

test("each entity has LIST, GOLD and PLATINUM in its currency covering every active item", () => {
  for (const entity of data.entities) {
    const lists = data.priceLists.filter((l) => l.entityCode === entity.code);
    assert.deepEqual(lists.map((l) => l.code), ["LIST", "GOLD", "PLATINUM"]);
    for (const list of lists) {
      assert.equal(list.currency, entity.baseCurrency);
      const skus = new Set(list.lines.map((l) => l.sku));
      assert.equal(skus.size, active.length);
      for (const line of list.lines) {
        const item = itemOf(line.sku);
        assert.equal(item.status, "active");
        assert.ok(convertibleUnits(item).has(line.uom), `${line.sku} priced in a convertible unit`);
      }
    }
  }
});

function breaksByKey(data: DemoData): Map<string, { minQty: number; price: bigint }[]> {
  const groups = new Map<string, { minQty: number; price: bigint }[]>();
  for (const list of data.priceLists) {
    for (const line of list.lines) {
      const key = `${list.entityCode}|${list.code}|${line.sku}|${line.uom}`;
      groups.set(key, [...(groups.get(key) ?? []), { minQty: Number(line.minQty), price: line.unitPriceMinor }]);
    }
  }
  return groups;
}

test("price breaks ascend in quantity while prices fall, and tiers undercut the list", () => {
  const groups = breaksByKey(data);
  let withBreaks = 0;
  for (const [key, breaks] of groups) {
    for (let index = 1; index < breaks.length; index++) {
      const previous = breaks[index - 1]!;
      const current = breaks[index]!;
      assert.ok(current.minQty > previous.minQty, `${key}: breaks ascend`);
      assert.ok(current.price < previous.price, `${key}: prices fall at higher breaks`);
    }
    if (breaks.length >= 3) withBreaks++;
  }
  assert.ok(withBreaks >= active.length * 6, "every active item has breaks in each list");
  for (const [key, breaks] of groups) {
    if (!key.includes("|LIST|")) continue;
    const gold = groups.get(key.replace("|LIST|", "|GOLD|"));
    const platinum = groups.get(key.replace("|LIST|", "|PLATINUM|"));
    assert.ok(gold && platinum);
    breaks.forEach((b, index) => {
      assert.ok(gold[index]!.price < b.price, `${key}: gold under list`);
      assert.ok(platinum[index]!.price < gold[index]!.price, `${key}: platinum under gold`);
    });
  }
});

test("every list and contract price earns a 20-45% margin on the entity's cost", () => {
  for (const list of data.priceLists) {
    for (const line of list.lines) {
      const margin = marginPpm(itemOf(line.sku), list.entityCode, line.uom, line.unitPriceMinor);
      assert.ok(margin >= MARGIN_PPM_FLOOR && margin <= 450_000n, `${list.entityCode} ${list.code} ${line.sku} ${line.uom}: margin ${margin} ppm`);
    }
  }
  for (const price of data.customerPrices) {
    const margin = marginPpm(itemOf(price.sku), price.entityCode, price.uom, price.unitPriceMinor);
    assert.ok(margin >= MARGIN_PPM_FLOOR, `${price.customerCode} ${price.sku}: margin ${margin} ppm`);
  }
});

test("a case costs less per base unit than the deepest break of the sales unit", () => {
  for (const list of data.priceLists) {
    const bySku = new Map<string, typeof list.lines>();
    for (const line of list.lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
    for (const [sku, lines] of bySku) {
      const item = itemOf(sku);
      const casePrice = lines.find((l) => l.uom === "CS");
      assert.equal(casePrice !== undefined, item.caseQty !== null, `${sku}: a case price exactly when bought by the case`);
      if (!casePrice || item.caseQty === null) continue;
      const deepest = lines.filter((l) => l.uom === item.salesUom).at(-1)!;
      // Per base unit: casePrice / caseQty < deepest / salesQty, compared without division.
      assert.ok(casePrice.unitPriceMinor * BigInt(item.salesQtyPerUnit) < deepest.unitPriceMinor * BigInt(item.caseQty), `${sku}: case is cheaper`);
    }
  }
});

test("contract prices beat the customer's own list and are unique per customer and item", () => {
  const customers = new Map(data.customers.map((c) => [`${c.entityCode}|${c.code}`, c]));
  const listPrice = new Map(data.priceLists.flatMap((l) => l.lines.filter((line) => line.minQty === "1").map((line) => [`${l.entityCode}|${l.code}|${line.sku}|${line.uom}`, line.unitPriceMinor] as const)));
  assert.equal(new Set(data.customerPrices.map((p) => `${p.entityCode}|${p.customerCode}|${p.sku}|${p.uom}|${p.minQty}`)).size, data.customerPrices.length);
  for (const price of data.customerPrices) {
    const customer = customers.get(`${price.entityCode}|${price.customerCode}`);
    assert.ok(customer, `${price.customerCode} exists`);
    const item = itemOf(price.sku);
    assert.equal(item.status, "active");
    assert.equal(price.uom, item.salesUom);
    const listed = listPrice.get(`${price.entityCode}|${customer.priceListCode}|${price.sku}|${price.uom}`);
    assert.ok(listed !== undefined && price.unitPriceMinor < listed, `${price.sku}: contract under ${customer.priceListCode}`);
    assert.ok(price.validTo === null || price.validTo >= price.validFrom);
  }
});

test("customers are skewed to the lower tiers and each has one default ship-to among one to four", () => {
  const tiers = countBy(data.customers, (c) => c.tier);
  const [platinum, gold, silver, standard] = ["platinum", "gold", "silver", "standard"].map((t) => tiers.get(t) ?? 0) as [number, number, number, number];
  assert.ok(platinum > 0 && platinum < gold && gold < silver && silver < standard, `tiers ${[...tiers]}`);
  const tierList: Record<string, string> = { platinum: "PLATINUM", gold: "GOLD", silver: "LIST", standard: "LIST" };
  const taxCodes = new Set(data.taxCodes.map((t) => `${t.entityCode}|${t.code}`));
  const groups = new Set(data.customerGroups.map((g) => g.code));
  for (const customer of data.customers) {
    assert.ok(customer.shipTos.length >= 1 && customer.shipTos.length <= 4, `${customer.code} ship-tos`);
    assert.equal(customer.shipTos.filter((s) => s.isDefault).length, 1, `${customer.code} has one default ship-to`);
    assert.equal(customer.priceListCode, tierList[customer.tier]);
    assert.ok(taxCodes.has(`${customer.entityCode}|${customer.taxCode}`));
    assert.ok(groups.has(customer.groupCode));
    assert.equal(customer.currency, customer.entityCode === "US01" ? "USD" : "CAD");
    assert.equal(customer.creditLimitMinor === 0n, customer.paymentTermCode === "COD", `${customer.code}: only COD customers have no credit`);
    assert.match(customer.email, /^[a-z]+@[a-z0-9]+\.example$/);
  }
});

test("suppliers have terms and lead times between 3 and 45 days", () => {
  const terms = new Set(data.paymentTerms.map((t) => t.code));
  for (const supplier of data.suppliers) {
    assert.ok(supplier.leadTimeDays >= 3 && supplier.leadTimeDays <= 45, `${supplier.code}: ${supplier.leadTimeDays} days`);
    assert.ok(terms.has(supplier.paymentTermCode));
  }
});

test("daily rates cover 640 days up to the date, and CAD→USD is the inverse of USD→CAD", () => {
  const usdCad = data.exchangeRates.filter((r) => r.fromCurrency === "USD" && r.toCurrency === "CAD");
  const cadUsd = new Map(data.exchangeRates.filter((r) => r.fromCurrency === "CAD").map((r) => [r.rateDate, r.ratePpm]));
  assert.equal(usdCad.length, 640);
  assert.equal(data.exchangeRates.filter((r) => r.fromCurrency === "EUR" && r.toCurrency === "USD").length, 640);
  assert.equal(usdCad.at(-1)?.rateDate, AS_OF);
  for (const rate of usdCad) {
    assert.ok(rate.ratePpm > 1_200_000n && rate.ratePpm < 1_600_000n, `USD→CAD ${rate.ratePpm} on ${rate.rateDate}`);
    const product = rate.ratePpm * (cadUsd.get(rate.rateDate) ?? 0n);
    assert.ok(product > 999_000_000_000n && product < 1_001_000_000_000n, `inverse on ${rate.rateDate}`);
  }
});

test("every posting role has a default account in the chart, and control accounts carry their kind", () => {
  const codes = new Map(data.accounts.map((a) => [a.code, a]));
  const categories = new Set(data.categories.map((c) => c.code));
  for (const role of POSTING_ROLES) {
    assert.ok(data.accountRules.some((r) => r.role === role && !r.itemCategoryCode && !r.customerGroupCode), `default rule for ${role}`);
  }
  for (const rule of data.accountRules) {
    assert.ok(codes.has(rule.accountCode), `${rule.role} → ${rule.accountCode} exists`);
    if (rule.itemCategoryCode) assert.ok(categories.has(rule.itemCategoryCode));
  }
  assert.ok(data.accountRules.some((r) => r.role === "revenue" && r.itemCategoryCode), "a category-specific revenue rule");
  assert.deepEqual(data.accounts.filter((a) => a.isControl).map((a) => `${a.code}:${a.controlKind}`), ["1100:ar", "1200:inventory", "1210:inventory", "2000:ap", "2100:grni"]);
});

test("opening stock covers most active items per warehouse at their cost, in documents of at most 200 lines", () => {
  for (const warehouse of data.warehouses) {
    const documents = data.openingStock.filter((d) => d.warehouseCode === warehouse.code);
    const bins = new Set(warehouse.locations.filter((l) => l.kind === "bin").map((l) => l.code));
    const lines = documents.flatMap((d) => d.lines);
    for (const document of documents) {
      assert.ok(document.lines.length >= 1 && document.lines.length <= OPENING_LINES_PER_DOCUMENT_MAX);
      assert.equal(document.entityCode, warehouse.entityCode);
    }
    assert.equal(new Set(lines.map((l) => l.sku)).size, lines.length, "one line per item and warehouse");
    assert.ok(lines.length > active.length * 0.7 && lines.length < active.length, `${warehouse.code}: most, not all, items stocked`);
    for (const line of lines) {
      const item = itemOf(line.sku);
      assert.equal(item.status, "active");
      assert.ok(bins.has(line.locationCode));
      assert.match(line.qty, /^[1-9]\d*$/);
      assert.equal(Number(line.qty) % item.salesQtyPerUnit, 0, "stock comes in whole sales units");
      assert.equal(line.unitCostMinor, item.unitCostMinorByEntity[warehouse.entityCode]);
    }
    const values = lines.map((l) => Number(BigInt(l.qty) * l.unitCostMinor)).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)]!;
    assert.ok(values.at(-1)! > median * 10, `${warehouse.code}: a few large positions among many small ones`);
  }
});

test("opening stock is dated the first of the month before the 18-month history, inside the fiscal years", () => {
  assert.equal(firstDayOfPreviousMonth("2026-01-20"), "2025-12-01");
  assert.equal(firstDayOfPreviousMonth("2026-03-31"), "2026-02-01");
  const january = generateDemo({ seed: 1, asOf: "2027-01-05" });
  assert.equal(january.openingDate, "2025-06-01");
  assert.deepEqual(january.fiscalYears, [2025, 2026, 2027]);
  // The worst case for the rate window: the 31st, 18 months back lands in a long month.
  for (const asOf of ["2026-11-26", "2026-08-31", "2027-03-31"]) {
    const data = generateDemo({ seed: 1, asOf });
    assert.ok(data.exchangeRates.some((r) => r.rateDate === data.openingDate), `a rate on the opening date for ${asOf}`);
  }
  assert.throws(() => generateDemo({ seed: 1, asOf: "2027-02-30" }));
});

test("cost per sales unit is at least a dollar so breaks never round into each other", () => {
  for (const item of active) {
    for (const entity of data.entities) assert.ok(costPerSalesUnit(item, entity.code) >= 100n, `${item.sku} in ${entity.code}`);
  }
});
