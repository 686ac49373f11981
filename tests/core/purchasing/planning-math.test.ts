// Proves the planning formulas by table: the inverse normal CDF against published quantiles,
// safety stock, reorder point and EOQ, whole-unit and supplier rounding, demand statistics, and
// the pure decision (reorder point and min/max) that a planning run makes per item and warehouse.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buyQuantity, computeFigures, dailyDemandStats, DEFAULT_PLAN, economicOrderQuantity, inverseNormalCdf, inventoryPosition, leadTimeStatsOf,
  needOf, reorderPoint, roundToOrderConstraints, safetyStock, serviceLevelZ, transferableQty, wholeUnitsUp,
  type FigureInput, type PositionParts,
} from "../../../core/purchasing/planning";
import { formatQty, parseQty } from "../../../core/shared/quantity";

const near = (actual: number, expected: number, tolerance: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} is not within ${tolerance} of ${expected}`);

// Standard normal quantiles from statistical tables (to 6 decimals), across all three regions of Acklam's approximation.
const QUANTILES: [number, number][] = [
  [0.5, 0], [0.9, 1.281552], [0.95, 1.644854], [0.975, 1.959964], [0.98, 2.053749], [0.99, 2.326348], [0.995, 2.575829],
  [0.999, 3.090232], [0.01, -2.326348], [0.02, -2.053749], [0.001, -3.090232], [0.0001, -3.719016], [0.8, 0.841621],
];

for (const [p, z] of QUANTILES) {
  test(`the inverse normal CDF of ${p} is ${z}`, () => near(inverseNormalCdf(p), z, 1e-6, `z(${p})`));
}

test("service levels in ppm give the brief's z values: 95% -> 1.6449, 99% -> 2.3263", () => {
  assert.equal(serviceLevelZ(950_000n).toFixed(4), "1.6449");
  assert.equal(serviceLevelZ(990_000).toFixed(4), "2.3263");
});

test("the inverse normal CDF is odd around 0.5 and strictly increasing", () => {
  let previous = -Infinity;
  for (let p = 0.001; p < 0.9995; p += 0.0137) {
    const z = inverseNormalCdf(p);
    near(z, -inverseNormalCdf(1 - p), 1e-8, `symmetry at ${p}`);
    assert.ok(z > previous, `z rises at ${p}`);
    previous = z;
  }
});

test("probabilities outside (0, 1) are programmer errors", () => {
  for (const p of [0, 1, -0.1, 1.5, Number.NaN]) assert.throws(() => inverseNormalCdf(p), /Assertion failed/);
  assert.throws(() => serviceLevelZ(1_000_000n), /Assertion failed/);
});

// [z, demand mean/day, demand sd/day, lead time mean, lead time sd, expected safety stock]
const SAFETY_STOCK: [number, number, number, number, number, number][] = [
  [2, 0, 2, 9, 0, 12],                       // demand variability only: 2 * sqrt(9 * 4)
  [1, 5, 0, 10, 2, 10],                      // lead-time variability only: sqrt(25 * 4)
  [1.5, 4, 3, 4, 1, 1.5 * Math.sqrt(52)],    // both: sqrt(4 * 9 + 16 * 1)
  [1.644854, 2, 1, 10, 0, 1.644854 * Math.sqrt(10)],
  [-0.5, 4, 3, 4, 1, 0],                     // below 50% service: never negative
  [2.326348, 0, 0, 30, 5, 0],                // no demand: nothing to protect
];

for (const [z, d, sdD, l, sdL, expected] of SAFETY_STOCK) {
  test(`safety stock at z=${z}, d=${d}±${sdD}, L=${l}±${sdL} is ${expected.toFixed(4)}`, () => {
    near(safetyStock(z, { meanPerDay: d, sdPerDay: sdD }, { meanDays: l, sdDays: sdL }), expected, 1e-9, "safety stock");
  });
}

test("reorder point is demand over the lead time plus safety stock", () => {
  assert.equal(reorderPoint({ meanPerDay: 5, sdPerDay: 1 }, { meanDays: 10, sdDays: 0 }, 10), 60);
  assert.equal(reorderPoint({ meanPerDay: 0, sdPerDay: 0 }, { meanDays: 10, sdDays: 3 }, 0), 0);
});

// [annual demand, order cost, holding cost per unit-year, EOQ]
const EOQ: [number, number, number, number | null][] = [
  [1200, 5000, 300, 200], [730, 5000, 125, Math.sqrt(58_400)], [0, 5000, 100, 0], [1000, 0, 100, 0], [1000, 5000, 0, null],
];
for (const [annual, orderCost, holding, expected] of EOQ) {
  test(`EOQ for D=${annual}, S=${orderCost}, H=${holding} is ${expected}`, () => {
    const eoq = economicOrderQuantity(annual, orderCost, holding);
    if (expected === null) assert.equal(eoq, null);
    else near(eoq!, expected, 1e-9, "EOQ");
  });
}

// Statistics become scaled quantities rounded up to whole units; float noise does not add a unit.
const WHOLE_UNITS: [number, string][] = [[10.000000000002, "10"], [10.2, "11"], [0, "0"], [-3, "0"], [241.66, "242"], [0.0001, "1"]];
for (const [units, expected] of WHOLE_UNITS) {
  test(`${units} units round up to ${expected} whole units`, () => assert.equal(formatQty(wholeUnitsUp(units)), expected));
}

// [need, multiple, minimum, ordered]
const ROUNDING: [string, string, string, string][] = [
  ["7", "12", "1", "12"], ["25", "12", "1", "36"], ["24", "12", "1", "24"], ["3", "1", "10", "10"], ["15", "4", "10", "16"],
  ["10", "4", "10", "12"], ["0", "12", "1", "0"], ["242", "12", "1", "252"], ["45", "20", "10", "60"], ["2.5", "0.5", "1", "2.5"],
];
for (const [need, multiple, minimum, ordered] of ROUNDING) {
  test(`a need of ${need} with multiple ${multiple} and minimum ${minimum} orders ${ordered}`, () => {
    const rounded = roundToOrderConstraints(parseQty(need), { orderMultiple: parseQty(multiple), minOrderQty: parseQty(minimum) });
    assert.equal(formatQty(rounded), ordered);
  });
}

test("daily demand statistics use the sample standard deviation and include zero days", () => {
  const stats = dailyDemandStats([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(stats.meanPerDay, 5);
  near(stats.sdPerDay, Math.sqrt(32 / 7), 1e-12, "sd");
  assert.deepEqual(dailyDemandStats([]), { meanPerDay: 0, sdPerDay: 0 });
  assert.deepEqual(dailyDemandStats([3]), { meanPerDay: 3, sdPerDay: 0 });
  const withZeros = dailyDemandStats([0, 0, 6, 0, 0, 0]);
  assert.equal(withZeros.meanPerDay, 1);
  near(withZeros.sdPerDay, Math.sqrt(30 / 5), 1e-12, "sd with zero days");
  assert.deepEqual(leadTimeStatsOf([7, 7, 7]), { meanDays: 7, sdDays: 0 });
});

const parts = (overrides: Partial<Record<keyof PositionParts, string>>): PositionParts => {
  const q = (key: keyof PositionParts) => parseQty(overrides[key] ?? "0");
  return { onHand: q("onHand"), allocated: q("allocated"), openPurchaseOrders: q("openPurchaseOrders"), inboundTransfers: q("inboundTransfers"),
    outboundTransfers: q("outboundTransfers"), backorders: q("backorders") };
};

test("the inventory position adds open supply and subtracts allocations, outbound drafts and backorders", () => {
  const position = inventoryPosition(parts({ onHand: "100", allocated: "20", openPurchaseOrders: "50", inboundTransfers: "5", outboundTransfers: "7", backorders: "30" }));
  assert.equal(formatQty(position), "98");
});

const base: FigureInput = {
  plan: DEFAULT_PLAN, demand: { meanPerDay: 2, sdPerDay: Math.sqrt(90 / 89) }, leadTime: { meanDays: 10, sdDays: 0 }, unitCostMinor: 500,
  position: parts({ onHand: "20" }),
};

// [label, change to the base case, expected decision, expected quantity before supplier rounding]
const DECISIONS: [string, Partial<FigureInput>, "order" | "none" | "skip", string | null][] = [
  ["position 20 at or below the reorder point 26 orders the EOQ", {}, "order", "242"],
  ["a 5-day lead time puts the reorder point (14) below the position", { leadTime: { meanDays: 5, sdDays: 0 } }, "none", null],
  ["an open order of 12 lifts the position above the reorder point", { position: parts({ onHand: "20", openPurchaseOrders: "12" }) }, "none", null],
  ["backorders push the position below zero: the shortfall beats the EOQ", { position: parts({ onHand: "0", backorders: "300" }) }, "order", "327"],
  ["no demand and nothing owed: nothing to order", { demand: { meanPerDay: 0, sdPerDay: 0 }, position: parts({}) }, "none", null],
  ["no unit cost: no EOQ, order the shortfall", { unitCostMinor: null }, "order", "7"],
  ["min/max below the minimum orders up to the maximum", { plan: { ...DEFAULT_PLAN, method: "min_max", minQty: parseQty("25"), maxQty: parseQty("60") } }, "order", "40"],
  ["min/max at the minimum orders nothing", { plan: { ...DEFAULT_PLAN, method: "min_max", minQty: parseQty("20"), maxQty: parseQty("60") } }, "none", null],
  ["min/max without a maximum is skipped", { plan: { ...DEFAULT_PLAN, method: "min_max", minQty: parseQty("25"), maxQty: null } }, "skip", null],
];

for (const [label, change, kind, qty] of DECISIONS) {
  test(`decision: ${label}`, () => {
    const input = { ...base, ...change };
    const figures = computeFigures(input);
    const need = needOf(input.plan, figures, input.demand);
    assert.equal(need.kind, kind, need.explanation);
    if (need.kind === "order") assert.equal(formatQty(need.qty), qty);
  });
}

test("a higher service level holds more safety stock and a higher reorder point, with the same demand", () => {
  const at95 = computeFigures(base);
  const at99 = computeFigures({ ...base, plan: { ...DEFAULT_PLAN, serviceLevelPpm: 990_000n } });
  near(at95.safetyStock, 1.644854 * Math.sqrt(10 * 90 / 89), 1e-5, "SS at 95%");
  near(at99.safetyStock, 2.326348 * Math.sqrt(10 * 90 / 89), 1e-5, "SS at 99%");
  assert.ok(at99.safetyStock > at95.safetyStock);
  assert.equal(formatQty(at95.reorderPointQty), "26");
  assert.equal(formatQty(at99.reorderPointQty), "28");
});

test("a longer or less reliable lead time raises the reorder point", () => {
  const rops = [{ meanDays: 5, sdDays: 0 }, { meanDays: 10, sdDays: 0 }, { meanDays: 10, sdDays: 3 }, { meanDays: 20, sdDays: 3 }]
    .map((leadTime) => computeFigures({ ...base, leadTime }).reorderPoint);
  for (let i = 1; i < rops.length; i++) assert.ok(rops[i]! > rops[i - 1]!, `reorder points rise: ${rops.join(", ")}`);
});

test("buy quantities respect the supplier; transfers give only whole units above the source's reorder point", () => {
  assert.equal(formatQty(buyQuantity(parseQty("242"), { orderMultiple: parseQty("12"), minOrderQty: parseQty("1") })), "252");
  assert.equal(formatQty(transferableQty(parseQty("100"), parseQty("30"))), "70");
  assert.equal(formatQty(transferableQty(parseQty("30.5"), parseQty("30"))), "0");
  assert.equal(formatQty(transferableQty(parseQty("20"), parseQty("30"))), "0");
});
