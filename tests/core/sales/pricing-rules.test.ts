// Proves the pure price rules table by table: which quantity break applies and in which unit,
// how a price converts between units, which promotion wins, the precedence of customer price over
// price list over promotion, and the margin in basis points (rounded down, clamped).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MARGIN_FLOOR_BPS, applyDiscountPpm, chooseBreak, choosePromotion, convertUnitPrice, decidePrice, marginBpsOf, marginFloorBps,
  type OrderedUnit, type PriceCandidate, type PromotionCandidate,
} from "../../../core/sales/pricing/rules";
import { parseQty } from "../../../core/shared/quantity";

const q = (text: string) => parseQty(text);
const EA = q("1");
const CS = q("12");

const list: PriceCandidate[] = [
  { ref: "ea1", uom: "EA", baseQtyPerUnit: EA, minQty: q("1"), unitPriceMinor: 1000n },
  { ref: "ea10", uom: "EA", baseQtyPerUnit: EA, minQty: q("10"), unitPriceMinor: 900n },
  { ref: "ea48", uom: "EA", baseQtyPerUnit: EA, minQty: q("48"), unitPriceMinor: 800n },
  { ref: "cs1", uom: "CS", baseQtyPerUnit: CS, minQty: q("1"), unitPriceMinor: 9000n },
];

function ordered(uom: "EA" | "CS", qty: string): OrderedUnit {
  const perUnit = uom === "EA" ? EA : CS;
  return { uom, baseUom: "EA", baseQtyPerUnit: perUnit, baseQty: (q(qty) * perUnit) / EA };
}

test("picks the highest break not above the ordered quantity, preferring the ordered unit", () => {
  const cases: { name: string; unit: OrderedUnit; candidates: PriceCandidate[]; ref: string | null; price: bigint | null; isBreak?: boolean; listPrice?: bigint }[] = [
    { name: "1 EA: lowest break", unit: ordered("EA", "1"), candidates: list, ref: "ea1", price: 1000n, isBreak: false, listPrice: 1000n },
    { name: "9 EA: still the lowest", unit: ordered("EA", "9"), candidates: list, ref: "ea1", price: 1000n, isBreak: false },
    { name: "10 EA: exactly on the break", unit: ordered("EA", "10"), candidates: list, ref: "ea10", price: 900n, isBreak: true, listPrice: 1000n },
    { name: "60 EA: deepest break", unit: ordered("EA", "60"), candidates: list, ref: "ea48", price: 800n, isBreak: true },
    { name: "2 CS: the case price beats 24 EA at a break", unit: ordered("CS", "2"), candidates: list, ref: "cs1", price: 9000n, isBreak: false, listPrice: 9000n },
    { name: "1 CS without case prices: the EA break for 12, times 12", unit: ordered("CS", "1"), candidates: list.filter((c) => c.uom === "EA"), ref: "ea10", price: 10_800n, isBreak: true, listPrice: 12_000n },
    { name: "0.5 EA below every break: no price", unit: ordered("EA", "0.5"), candidates: list.filter((c) => c.uom === "EA"), ref: null, price: null },
    { name: "nothing to choose from", unit: ordered("EA", "5"), candidates: [], ref: null, price: null },
  ];
  for (const c of cases) {
    const chosen = chooseBreak(c.candidates, c.unit);
    assert.equal(chosen?.candidate.ref ?? null, c.ref, c.name);
    assert.equal(chosen?.unitPriceMinor ?? null, c.price, c.name);
    if (c.isBreak !== undefined) assert.equal(chosen?.isBreak, c.isBreak, c.name);
    if (c.listPrice !== undefined) assert.equal(chosen?.listPriceMinor, c.listPrice, c.name);
  }
});

test("converts unit prices between units with half-even rounding", () => {
  const cases: [bigint, string, string, bigint][] = [
    [1000n, "1", "12", 12_000n], // EA → CS
    [12_000n, "12", "1", 1000n], // CS → EA
    [1001n, "12", "1", 83n], // 83.4166 → 83
    [1002n, "12", "1", 84n], // 83.5 → 84 (even)
    [1014n, "12", "1", 84n], // 84.5 → 84 (even)
    [777n, "2.5", "2.5", 777n],
  ];
  for (const [price, from, to, expected] of cases) assert.equal(convertUnitPrice(price, q(from), q(to)), expected, `${price} per ${from} → per ${to}`);
});

test("the deepest promotion wins, then the narrower scope, then the code", () => {
  const promo = (code: string, discountPpm: bigint, scope: "item" | "category" | "all"): PromotionCandidate =>
    ({ code, discountPpm, itemSpecific: scope === "item", categorySpecific: scope === "category" });
  const cases: [PromotionCandidate[], string | null][] = [
    [[], null],
    [[promo("A", 50_000n, "all")], "A"],
    [[promo("A", 50_000n, "all"), promo("B", 100_000n, "category")], "B"],
    [[promo("A", 100_000n, "all"), promo("B", 100_000n, "category"), promo("C", 100_000n, "item")], "C"],
    [[promo("Z", 100_000n, "all"), promo("Y", 100_000n, "all")], "Y"],
  ];
  for (const [promotions, expected] of cases) assert.equal(choosePromotion(promotions)?.code ?? null, expected);
  assert.equal(applyDiscountPpm(1000n, 100_000n), 900n);
  assert.equal(applyDiscountPpm(999n, 150_000n), 849n); // 849.15
  assert.throws(() => applyDiscountPpm(1000n, 0n), /discount/);
});

test("a customer price beats the price list, and a promotion discounts whichever applied", () => {
  const customerPrices: PriceCandidate[] = [{ ref: "cp", uom: "EA", baseQtyPerUnit: EA, minQty: q("5"), unitPriceMinor: 850n }];
  const promotions: PromotionCandidate[] = [{ code: "SPRING", discountPpm: 100_000n, itemSpecific: true, categorySpecific: false }];
  const cases = [
    { name: "list only", input: { customerPrices: [], promotions: [] }, unit: ordered("EA", "3"), price: 1000n, source: "price_list", ref: "ea1" },
    { name: "list break", input: { customerPrices: [], promotions: [] }, unit: ordered("EA", "12"), price: 900n, source: "price_break", ref: "ea10" },
    { name: "customer price below its break falls to the list", input: { customerPrices, promotions: [] }, unit: ordered("EA", "3"), price: 1000n, source: "price_list", ref: "ea1" },
    { name: "customer price at its break", input: { customerPrices, promotions: [] }, unit: ordered("EA", "12"), price: 850n, source: "customer_price", ref: "cp" },
    { name: "promotion over the customer price", input: { customerPrices, promotions }, unit: ordered("EA", "12"), price: 765n, source: "promotion", ref: "SPRING" },
    { name: "promotion over the list", input: { customerPrices: [], promotions }, unit: ordered("EA", "1"), price: 900n, source: "promotion", ref: "SPRING" },
  ] as const;
  for (const c of cases) {
    const decision = decidePrice({ ordered: c.unit, listPrices: list, customerPrices: c.input.customerPrices, promotions: c.input.promotions });
    assert.ok(decision, c.name);
    assert.equal(decision.unitPriceMinor, c.price, c.name);
    assert.equal(decision.source, c.source, c.name);
    assert.equal(decision.sourceRef, c.ref, c.name);
    assert.equal(decision.listPriceMinor, 1000n, `${c.name}: list price is the list's lowest break`);
  }
  assert.equal(decidePrice({ ordered: ordered("EA", "1"), listPrices: [], customerPrices: [], promotions }), null, "a promotion alone prices nothing");
});

test("margin in basis points is rounded down and clamped", () => {
  const cases: [bigint, bigint, string, number][] = [
    [1000n, 600n, "1", 4000],
    [12_000n, 600n, "12", 4000], // a case at 12 x cost 6.00
    [1000n, 0n, "1", 10_000],
    [1000n, 1000n, "1", 0],
    [1000n, 1500n, "1", -5000],
    [3n, 1n, "1", 6666], // 66.666...% rounds down
    [0n, 5n, "1", -1_000_000_000],
    [0n, 0n, "1", 0],
  ];
  for (const [price, cost, perUnit, expected] of cases) assert.equal(marginBpsOf(price, cost, q(perUnit)), expected, `${price} vs ${cost}`);
  assert.equal(marginBpsOf(1n, 10_000_000_000n, q("1")), -1_000_000_000, "far below cost is clamped to the int range");
});

test("margin floors by tier, with unknown tiers held to the standard floor", () => {
  assert.deepEqual(MARGIN_FLOOR_BPS, { standard: 1500, silver: 1200, gold: 1000, platinum: 800 });
  assert.equal(marginFloorBps("gold"), 1000);
  assert.equal(marginFloorBps("mystery"), 1500);
});
