import { assert } from "../shared/assert";
import { applyRatePpm } from "../shared/money";
import { CATEGORY_VOCABULARIES, UNIT_NAMES, type CategoryVocabulary, type ProductTemplate } from "./catalog-vocabulary";
import { CA_ENTITY, US_ENTITY } from "./generate-finance";
import type { Random } from "./random";
import type { DemoCategory, DemoItem, DemoUnit, DemoUomConversion, ItemStatus } from "./types";

export const ITEMS_PER_CATEGORY = 100;
/** Below this a sales unit's price breaks would round into each other; cheap goods sell by the box. */
export const SALES_UNIT_COST_MIN_MINOR = 100;

export const DEMO_UNITS: readonly DemoUnit[] = Object.entries(UNIT_NAMES).map(([code, name]) => ({ code, name }));

export const DEMO_CATEGORIES: readonly DemoCategory[] = CATEGORY_VOCABULARIES.map((c) => ({ code: c.code, name: c.name }));

type Candidate = { templateIndex: number; comboIndex: number; values: string[] };

function combinations(axes: readonly (readonly string[])[]): string[][] {
  let result: string[][] = [[]];
  for (const axis of axes) result = result.flatMap((prefix) => axis.map((value) => [...prefix, value]));
  return result;
}

function candidatesOf(vocabulary: CategoryVocabulary): Candidate[] {
  return vocabulary.templates.flatMap((template, templateIndex) =>
    combinations(template.axes).map((values, comboIndex) => ({ templateIndex, comboIndex, values })));
}

function packText(template: ProductTemplate, caseQty: number | null): string {
  const parts: string[] = [];
  if (template.sales) parts.push(`${template.sales.qty}/${template.sales.uom}`);
  if (caseQty !== null) {
    parts.push(template.sales ? `${caseQty / template.sales.qty} ${template.sales.uom}/CS` : `${caseQty}/CS`);
  }
  return parts.join(", ");
}

function conversionsOf(template: ProductTemplate, caseQty: number | null): DemoUomConversion[] {
  const conversions: DemoUomConversion[] = [];
  if (template.sales) conversions.push({ uom: template.sales.uom, baseQtyPerUnit: String(template.sales.qty) });
  if (caseQty !== null) conversions.push({ uom: "CS", baseQtyPerUnit: String(caseQty) });
  if (caseQty !== null && template.palletCases) conversions.push({ uom: "PL", baseQtyPerUnit: String(caseQty * template.palletCases) });
  return conversions;
}

function statusOf(random: Random): ItemStatus {
  return random.weighted<ItemStatus>([["active", 97], ["discontinued", 2], ["inactive", 1]]);
}

/** USD cost per base unit, raised where needed so a sales unit costs at least a dollar. */
function usdCostOf(random: Random, template: ProductTemplate): bigint {
  const [low, high] = template.costCents;
  const salesQty = template.sales?.qty ?? 1;
  const drawn = Math.max(1, Math.round(random.logUniform(low, high)));
  return BigInt(Math.max(drawn, Math.ceil(SALES_UNIT_COST_MIN_MINOR / salesQty)));
}

/** Canadian landed cost: the US cost at the opening rate plus 2-8% for freight and duty. */
function cadCostOf(random: Random, usdCostMinor: bigint, usdCadPpm: bigint): bigint {
  const landedPpm = BigInt(random.int(1_020_000, 1_080_000));
  const cad = applyRatePpm(applyRatePpm(usdCostMinor, usdCadPpm, "halfEven"), landedPpm, "halfEven");
  return cad > 0n ? cad : 1n;
}

function buildItem(random: Random, vocabulary: CategoryVocabulary, candidate: Candidate, usdCadPpm: bigint): DemoItem {
  const template = vocabulary.templates[candidate.templateIndex];
  assert(template !== undefined, "candidate template exists");
  const caseQty = template.caseQty.length > 0 ? random.pick(template.caseQty) : null;
  const salesQty = template.sales?.qty ?? 1;
  assert(caseQty === null || caseQty % salesQty === 0, `${template.noun}: a case holds whole sales units`);
  const [weightLow, weightHigh] = template.weightKg;
  const weight = Math.max(0.0001, weightLow + random.next() * (weightHigh - weightLow));
  const usdCost = usdCostOf(random, template);
  const pack = packText(template, caseQty);
  return {
    sku: `${vocabulary.skuPrefix}-${candidate.templateIndex + 1}${String(candidate.comboIndex).padStart(3, "0")}`,
    description: [template.noun, ...candidate.values, ...(pack ? [pack] : [])].join(", "),
    categoryCode: vocabulary.code,
    baseUom: template.baseUom,
    purchaseUom: caseQty !== null ? "CS" : template.baseUom,
    salesUom: template.sales?.uom ?? template.baseUom,
    salesQtyPerUnit: salesQty,
    caseQty,
    weightKg: weight.toFixed(4),
    status: statusOf(random),
    conversions: conversionsOf(template, caseQty),
    unitCostMinorByEntity: { [US_ENTITY]: usdCost, [CA_ENTITY]: cadCostOf(random, usdCost, usdCadPpm) },
  };
}

/** ITEMS_PER_CATEGORY items per category, drawn from the template combinations, sorted by SKU. */
export function generateItems(random: Random, usdCadPpm: bigint): DemoItem[] {
  const items: DemoItem[] = [];
  for (const vocabulary of CATEGORY_VOCABULARIES) {
    const stream = random.fork(`items:${vocabulary.code}`);
    const candidates = candidatesOf(vocabulary);
    assert(candidates.length >= ITEMS_PER_CATEGORY, `${vocabulary.code} has too few combinations`);
    const chosen = stream.shuffle(candidates).slice(0, ITEMS_PER_CATEGORY)
      .sort((a, b) => a.templateIndex - b.templateIndex || a.comboIndex - b.comboIndex);
    for (const candidate of chosen) items.push(buildItem(stream, vocabulary, candidate, usdCadPpm));
  }
  return items;
}
