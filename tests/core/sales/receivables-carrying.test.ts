// Proves the pure arithmetic behind invoices and the AR subledger, table-driven and with a
// seeded property test: cumulative shares add up to the whole exactly, partial invoices of an
// order line sum to the line's value, reliefs of a document's carrying value sum to its base
// total however it is paid, parts converted one by one balance, and aging buckets' edges.
import assert from "node:assert/strict";
import { test } from "node:test";
import { documentTotals, invoiceLineNetMinor, orderLineValueMinor } from "../../../core/sales/invoicing";
import { agingBucketOf, cumulativeShare, depositBaseMinor, incrementalShare, openBaseMinor, reliefBaseMinor, settlementStatus, addDays, daysBetween } from "../../../core/sales/receivables";
import { creditLineAmounts, unitCostFromShipment } from "../../../core/sales/returns";
import { parseQty } from "../../../core/shared/quantity";
import { createRandom } from "../../../core/demo/random";

/** The demo's seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  const generator = createRandom(seed);
  return () => generator.next();
}
const between = (next: () => number, low: number, high: number) => low + Math.floor(next() * (high - low + 1));

test("cumulative shares: the last unit takes what is left, half-even in between", () => {
  const cases: [bigint, bigint, bigint, bigint][] = [
    [1_000n, 3n, 0n, 0n], [1_000n, 3n, 1n, 333n], [1_000n, 3n, 2n, 667n], [1_000n, 3n, 3n, 1_000n], [5n, 2n, 1n, 2n], [7n, 2n, 1n, 4n], [0n, 0n, 0n, 0n],
  ];
  for (const [total, of, through, expected] of cases) assert.equal(cumulativeShare(total, of, through), expected, `${total} ${of} ${through}`);
  assert.equal(incrementalShare(1_000n, 3n, 1n, 1n), 334n);
});

test("an order line invoiced in any number of parts adds up to the line's value exactly", () => {
  const next = random(7);
  for (let run = 0; run < 300; run++) {
    const perUnit = BigInt(between(next, 1, 48));
    const qty = parseQty(String(between(next, 1, 40)));
    const line = { unitPriceMinor: BigInt(between(next, 1, 99_999)), qty, baseQtyOrdered: qty * perUnit };
    let invoiced = 0n;
    let sum = 0n;
    while (invoiced < line.baseQtyOrdered) {
      const part = BigInt(Math.min(Number(line.baseQtyOrdered - invoiced), between(next, 1, Number(line.baseQtyOrdered))));
      sum += invoiceLineNetMinor(line, invoiced, part);
      invoiced += part;
    }
    assert.equal(sum, orderLineValueMinor(line));
  }
  // Two cases of 12 at 108.00, ten units shipped: 90.00.
  assert.equal(invoiceLineNetMinor({ unitPriceMinor: 10_800n, qty: parseQty("2"), baseQtyOrdered: parseQty("24") }, 0n, parseQty("10")), 9_000n);
});

test("however a document is settled, the reliefs of its carrying value sum to its base total", () => {
  const next = random(42);
  for (let run = 0; run < 500; run++) {
    const totalMinor = BigInt(between(next, 1, 2_000_000));
    const rate = BigInt(between(next, 500_000, 1_600_000));
    const doc = { totalMinor, totalBaseMinor: (totalMinor * rate) / 1_000_000n + BigInt(between(next, -2, 2)) };
    if (doc.totalBaseMinor < 0n) continue;
    assert.equal(openBaseMinor(doc, totalMinor), doc.totalBaseMinor);
    let open = totalMinor;
    let relieved = 0n;
    while (open > 0n) {
      const amount = BigInt(Math.min(Number(open), between(next, 1, Number(totalMinor))));
      relieved += reliefBaseMinor(doc, open, amount);
      open -= amount;
      assert.ok(openBaseMinor(doc, open) >= 0n);
    }
    assert.equal(relieved, doc.totalBaseMinor);
    assert.equal(openBaseMinor(doc, 0n), 0n);
  }
});

test("parts converted one by one balance: total = subtotal + tax in both currencies", () => {
  const totals = documentTotals([{ netMinor: 2_727n, taxMinor: 0n }, { netMinor: 909n, taxMinor: 0n }], 1_100_000n);
  assert.deepEqual(totals.lines.map((l) => l.net.baseMinor), [3_000n, 1_000n]);
  assert.deepEqual(totals.total, { baseMinor: 4_000n, documentMinor: 3_636n });
  const taxed = documentTotals([{ netMinor: 9_000n, taxMinor: 562n }, { netMinor: 5_000n, taxMinor: 312n }], 1_000_000n);
  assert.deepEqual([taxed.subtotal, taxed.tax, taxed.total], [{ baseMinor: 14_000n, documentMinor: 14_000n }, { baseMinor: 874n, documentMinor: 874n }, { baseMinor: 14_874n, documentMinor: 14_874n }]);
});

test("returns credit shares of the original line and cost per unit from the shipment", () => {
  const line = { netMinor: 9_000n, taxMinor: 562n, baseQty: "10" };
  assert.deepEqual(creditLineAmounts(line, 0n, parseQty("4")), { netMinor: 3_600n, taxMinor: 225n });
  assert.deepEqual(creditLineAmounts(line, parseQty("4"), parseQty("6")), { netMinor: 5_400n, taxMinor: 337n });
  assert.equal(unitCostFromShipment(1_000n, parseQty("3")), 333n);
  assert.equal(unitCostFromShipment(6_000n, parseQty("10")), 600n);
});

test("aging buckets, settlement statuses, deposits and dates at their edges", () => {
  assert.deepEqual([-5, 0, 1, 30, 31, 60, 61, 90, 91].map(agingBucketOf),
    ["current", "current", "days1To30", "days1To30", "days31To60", "days31To60", "days61To90", "days61To90", "over90"]);
  assert.deepEqual([settlementStatus(100n, 0n), settlementStatus(100n, 1n), settlementStatus(100n, 100n), settlementStatus(0n, 0n)], ["open", "partially_paid", "paid", "paid"]);
  assert.equal(depositBaseMinor(2_000n, 1_100_000n), 2_200n);
  assert.equal(addDays("2026-01-31", 30), "2026-03-02");
  assert.equal(addDays("2026-12-15", 30), "2027-01-14");
  assert.equal(daysBetween("2026-02-04", "2026-06-30"), 146);
});
