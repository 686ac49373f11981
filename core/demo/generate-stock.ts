import { assert } from "../shared/assert";
import { CA_ENTITY, US_ENTITY } from "./generate-finance";
import type { Random } from "./random";
import type { DemoItem, DemoLocation, DemoOpeningDocument, DemoStockLine, DemoWarehouse } from "./types";

export const OPENING_LINES_PER_DOCUMENT_MAX = 200;
/** Share of item-warehouse pairs that carry no stock at all (not listed there, or sold out). */
const UNSTOCKED_SHARE = 0.15;
const ZERO_STOCK_SHARE = 0.08;
/** Median opening value per stocked item and warehouse, in minor units; log-normal around it. */
const MEDIAN_VALUE_MINOR = 90_000;
const VALUE_SIGMA = 1.1;
const SALES_UNITS_MAX = 5_000;

function bins(aisles: string, bays: number, levels: number): DemoLocation[] {
  const result: DemoLocation[] = [];
  for (const aisle of aisles) {
    for (let bay = 1; bay <= bays; bay++) {
      for (let level = 1; level <= levels; level++) {
        const code = `${aisle}-${String(bay).padStart(2, "0")}-${String(level).padStart(2, "0")}`;
        result.push({ code, name: `Aisle ${aisle}, bay ${bay}, level ${level}`, kind: "bin" });
      }
    }
  }
  return result;
}

function docks(): DemoLocation[] {
  return [
    { code: "RECV", name: "Receiving dock", kind: "receiving" },
    { code: "SHIP", name: "Shipping dock", kind: "shipping" },
    { code: "STAGE", name: "Outbound staging", kind: "staging" },
    { code: "QC", name: "Quarantine cage", kind: "quarantine" },
  ];
}

export const DEMO_WAREHOUSES: readonly DemoWarehouse[] = [
  {
    entityCode: US_ENTITY, code: "CHI", name: "Chicago distribution center", addressLine1: "4800 W 47th St",
    city: "Chicago", region: "IL", postalCode: "60632", country: "US", locations: [...docks(), ...bins("ABCDE", 4, 2)],
  },
  {
    entityCode: US_ENTITY, code: "DAL", name: "Dallas distribution center", addressLine1: "2250 Valley View Ln",
    city: "Dallas", region: "TX", postalCode: "75234", country: "US", locations: [...docks(), ...bins("ABCD", 3, 2)],
  },
  {
    entityCode: CA_ENTITY, code: "TOR", name: "Toronto distribution centre", addressLine1: "155 Claireport Cres",
    city: "Toronto", region: "ON", postalCode: "M9W 6P7", country: "CA", locations: [...docks(), ...bins("ABCD", 3, 3)],
  },
];

/** Sales units on hand: log-normal in value, so many small positions and a few large ones. */
function salesUnitsOnHand(random: Random, costPerSalesUnitMinor: bigint): number {
  const valueMinor = MEDIAN_VALUE_MINOR * Math.exp(VALUE_SIGMA * random.normal());
  const units = Math.round(valueMinor / Number(costPerSalesUnitMinor));
  return Math.min(SALES_UNITS_MAX, Math.max(1, units));
}

function stockLine(random: Random, item: DemoItem, warehouse: DemoWarehouse, binCodes: readonly string[]): DemoStockLine | null {
  if (random.chance(UNSTOCKED_SHARE) || random.chance(ZERO_STOCK_SHARE)) return null;
  const unitCostMinor = item.unitCostMinorByEntity[warehouse.entityCode];
  assert(unitCostMinor !== undefined && unitCostMinor > 0n, `${item.sku} has a cost in ${warehouse.entityCode}`);
  const salesUnits = salesUnitsOnHand(random, unitCostMinor * BigInt(item.salesQtyPerUnit));
  return { sku: item.sku, locationCode: random.pick(binCodes), qty: String(salesUnits * item.salesQtyPerUnit), unitCostMinor };
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** Opening stock of every active item in most warehouses, one document per warehouse and 200 lines. */
export function generateOpeningStock(random: Random, items: readonly DemoItem[], warehouses: readonly DemoWarehouse[]): DemoOpeningDocument[] {
  const active = items.filter((item) => item.status === "active");
  const documents: DemoOpeningDocument[] = [];
  for (const warehouse of warehouses) {
    const stream = random.fork(`stock:${warehouse.code}`);
    const binCodes = warehouse.locations.filter((l) => l.kind === "bin").map((l) => l.code);
    const lines = active.map((item) => stockLine(stream, item, warehouse, binCodes)).filter((l): l is DemoStockLine => l !== null);
    chunk(lines, OPENING_LINES_PER_DOCUMENT_MAX).forEach((documentLines, index) => documents.push({
      entityCode: warehouse.entityCode, warehouseCode: warehouse.code,
      reference: `OPENING-${warehouse.code}-${String(index + 1).padStart(2, "0")}`, lines: documentLines,
    }));
  }
  return documents;
}

/** The value of the opening stock per entity, in minor units of its base currency. */
export function openingValueByEntity(documents: readonly DemoOpeningDocument[]): Record<string, bigint> {
  const totals: Record<string, bigint> = {};
  for (const document of documents) {
    for (const line of document.lines) {
      totals[document.entityCode] = (totals[document.entityCode] ?? 0n) + BigInt(line.qty) * line.unitCostMinor;
    }
  }
  return totals;
}
