// Proves the money and quantity helpers are exact: rounding modes by table, largest
// remainder always sums to the total, and parse/format round-trip (fast-check).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { allocateLargestRemainder, applyRatePpm, divideRounded, formatMinor, parseMajorToMinor } from "../../../core/shared/money";
import { formatQty, parseQty } from "../../../core/shared/quantity";

const roundingCases: [bigint, bigint, "halfEven" | "halfUp" | "floor" | "ceil", bigint][] = [
  [5n, 2n, "halfEven", 2n], [7n, 2n, "halfEven", 4n], [5n, 2n, "halfUp", 3n], [-5n, 2n, "halfEven", -2n], [-5n, 2n, "halfUp", -3n],
  [-7n, 2n, "halfEven", -4n], [7n, 3n, "floor", 2n], [-7n, 3n, "floor", -3n], [7n, 3n, "ceil", 3n], [-7n, 3n, "ceil", -2n],
  [10n, 4n, "halfEven", 2n], [14n, 4n, "halfEven", 4n], [1n, 3n, "halfUp", 0n], [2n, 3n, "halfUp", 1n], [9n, -2n, "halfEven", -4n],
];

for (const [numerator, denominator, rounding, expected] of roundingCases) {
  test(`divideRounded(${numerator}, ${denominator}, ${rounding}) = ${expected}`, () => {
    assert.equal(divideRounded(numerator, denominator, rounding), expected);
  });
}

test("applies a tax rate in ppm with half-even rounding", () => {
  assert.equal(applyRatePpm(1_999n, 62_500n, "halfEven"), 125n); // 124.9375 -> 125
  assert.equal(applyRatePpm(200n, 62_500n, "halfEven"), 12n); // 12.5 -> 12
});

test("largest remainder allocation always sums exactly to the total", () => {
  fc.assert(fc.property(
    fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
    fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0n)),
    (total, weights) => {
      const parts = allocateLargestRemainder(total, weights);
      assert.equal(parts.reduce((a, b) => a + b, 0n), total);
      weights.forEach((w, i) => { if (w === 0n) assert.equal(parts[i], 0n); });
    },
  ));
  assert.deepEqual(allocateLargestRemainder(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
});

test("major-unit strings and minor units round-trip", () => {
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 4 }), (minor, digits) => {
    assert.equal(parseMajorToMinor(formatMinor(minor, digits), digits), minor);
  }));
  assert.equal(formatMinor(-5n, 2), "-0.05");
  assert.equal(parseMajorToMinor("12.3", 2), 1_230n);
  assert.throws(() => parseMajorToMinor("1.234", 2));
});

test("quantities parse to exact scaled integers and format back", () => {
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (scaled) => {
    assert.equal(parseQty(formatQty(scaled)), scaled);
  }));
  assert.equal(parseQty("12.5000"), 125_000n);
  assert.equal(formatQty(125_000n), "12.5");
  assert.throws(() => parseQty("1.00001"));
});
