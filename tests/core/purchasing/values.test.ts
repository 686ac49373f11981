// Proves the pure arithmetic of purchasing, table-driven: PO values of base quantities across
// units, cumulative shares that sum exactly, carrying value of partly settled invoices, the exact
// price tolerance and variance, the over-receipt limit, rebate tiers, landed-cost allocation and
// the split between goods held and goods gone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allocateCharge, allocationWeights, heldShare } from "../../../core/purchasing/landed-cost/allocate";
import { formatPpmPercent, matchLine } from "../../../core/purchasing/invoices/match";
import {
  cumulativeShare, lineValueMinor, openCarryingBase, poValueOfBaseQty, priceVariancePpm, priceWithinTolerance, receiptLimit, tierRatePpm,
} from "../../../core/purchasing/shared/values";
import { parseQty } from "../../../core/shared/quantity";

const q = parseQty;
const perCase = { qty: q("2"), baseQtyOrdered: q("24"), unitPriceMinor: 6_001n }; // 60.01 per case of 12

test("PO values of base quantities follow the line's unit price", () => {
  assert.equal(lineValueMinor(q("2"), 6_001n), 12_002n);
  assert.equal(lineValueMinor(q("0.5"), 3n), 2n); // 1.5 half-even to 2
  assert.equal(poValueOfBaseQty(perCase, q("12")), 6_001n);
  assert.equal(poValueOfBaseQty(perCase, q("5")), 2_500n); // 5/12 of 60.01 = 25.004
  assert.equal(poValueOfBaseQty(perCase, q("0")), 0n);
});

test("cumulative shares of successive takes sum to the rounded share, and taking all leaves nothing", () => {
  const takes = [q("1"), q("1"), q("1")];
  let before = 0n;
  const parts = takes.map((take) => {
    const part = cumulativeShare(1_000n, q("3"), before, take);
    before += take;
    return part;
  });
  assert.deepEqual(parts, [333n, 334n, 333n]);
  assert.equal(parts.reduce((a, b) => a + b, 0n), 1_000n);
  for (let split = 1n; split < 97n; split += 7n) {
    assert.equal(cumulativeShare(12_345n, 97n, 0n, split) + cumulativeShare(12_345n, 97n, split, 97n - split), 12_345n);
  }
  assert.throws(() => cumulativeShare(10n, 3n, 2n, 2n));
});

test("the AP an invoice still carries falls with the settled share and reaches zero when settled", () => {
  assert.equal(openCarryingBase(10_800n, 9_000n, 0n), 10_800n);
  assert.equal(openCarryingBase(10_800n, 9_000n, 4_000n), 6_000n);
  assert.equal(openCarryingBase(10_800n, 9_000n, 9_000n), 0n);
  assert.equal(openCarryingBase(0n, 0n, 0n), 0n);
});

test("price tolerance is exact per base unit, with the variance in ppm", () => {
  const each = { qty: q("10"), baseQtyOrdered: q("10"), unitPriceMinor: 250n };
  const table: [bigint, boolean, bigint | null][] = [[250n, true, 0n], [255n, true, 20_000n], [256n, false, 24_000n], [245n, true, -20_000n], [244n, false, -24_000n]];
  for (const [price, within, ppm] of table) {
    assert.equal(priceWithinTolerance(each, price, 20_000n), within, `price ${price}`);
    assert.equal(priceVariancePpm(each, price), ppm);
  }
  // 60.01 per 12: 500.083 per unit; 510 is +1.98%, 511 is +2.18%.
  assert.equal(priceWithinTolerance(perCase, 510n, 20_000n), true);
  assert.equal(priceWithinTolerance(perCase, 511n, 20_000n), false);
  assert.equal(priceVariancePpm({ ...each, unitPriceMinor: 0n }, 1n), null);
  assert.equal(formatPpmPercent(41_667n), "+4.1667%");
  assert.equal(formatPpmPercent(-5n), "-0.0005%");
});

test("a line matches when the price is within tolerance and the quantity within what is received and not invoiced", () => {
  const each = { qty: q("10"), baseQtyOrdered: q("10"), unitPriceMinor: 250n };
  assert.equal(matchLine(each, q("5"), 251n, q("5"), 20_000n).matchStatus, "matched");
  assert.equal(matchLine(each, q("5"), 260n, q("5"), 20_000n).matchStatus, "price_variance");
  const over = matchLine(each, q("6"), 260n, q("5"), 20_000n);
  assert.deepEqual([over.matchStatus, over.qtyOver], ["quantity_variance", q("1")]);
});

test("over-receipt limit: open plus the tolerance share of the effective quantity, floored", () => {
  assert.equal(receiptLimit(q("100"), 0n, 50_000n), q("105"));
  assert.equal(receiptLimit(q("100"), q("40"), 50_000n), q("65"));
  assert.equal(receiptLimit(q("0.0019"), 0n, 50_000n), q("0.0019")); // 5% of 19 ten-thousandths floors to zero
});

test("the rebate rate is the highest tier reached", () => {
  const tiers = [{ fromMinor: 0n, ratePpm: 10_000n }, { fromMinor: 1_000_000n, ratePpm: 20_000n }, { fromMinor: 5_000_000n, ratePpm: 30_000n }];
  assert.deepEqual([0n, 999_999n, 1_000_000n, 7_000_000n].map((p) => tierRatePpm(tiers, p)), [10_000n, 10_000n, 20_000n, 30_000n]);
  assert.equal(tierRatePpm([{ fromMinor: 500n, ratePpm: 10_000n }], 499n), 0n);
});

test("landed cost splits by each method in base and document currency, and by the share still held", () => {
  const lines = [
    { receiptLineId: 1, itemId: 1, baseQty: q("24"), valueBaseMinor: 12_000n, weightKg: "0.5000" },
    { receiptLineId: 2, itemId: 2, baseQty: q("10"), valueBaseMinor: 2_500n, weightKg: "2.0000" },
    { receiptLineId: 3, itemId: 3, baseQty: q("7"), valueBaseMinor: 700n, weightKg: "0.0000" },
  ];
  assert.deepEqual(allocateCharge(1_000n, 1_000n, allocationWeights(lines, "value")).map((s) => s.baseMinor), [790n, 164n, 46n]);
  assert.deepEqual(allocateCharge(1_001n, 910n, allocationWeights(lines, "weight")).map((s) => [s.baseMinor, s.documentMinor]), [[375n, 341n], [626n, 569n], [0n, 0n]]);
  assert.deepEqual(allocateCharge(1_000n, 1_000n, allocationWeights(lines, "quantity")).map((s) => s.baseMinor), [585n, 244n, 171n]);
  assert.equal(heldShare(1_000n, q("10"), q("6")), 600n);
  assert.equal(heldShare(1_001n, q("3"), q("1")), 334n);
  assert.equal(heldShare(1_000n, q("10"), 0n), 0n);
});
