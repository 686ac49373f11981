// Proves the bucket arithmetic the lead-time KPI uses to read whole buckets from the refresh's
// statistics and only the partial buckets at a range's ends from the receipt lines: bucket starts
// match date_trunc (weeks start on Monday), and a range splits into whole buckets and edge days.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketStart, nextBucketStart, splitRange, type KpiFilters } from "../../analytics/kpi-sql";

const range = (from: string, to: string, grain: KpiFilters["grain"]): KpiFilters =>
  ({ entityId: 1, warehouseId: null, categoryId: null, customerId: null, from, to, grain });

test("bucket starts follow date_trunc: the day itself, Monday of the week, the first of the month", () => {
  assert.equal(bucketStart("2026-11-26", "day"), "2026-11-26");
  assert.equal(bucketStart("2026-11-26", "week"), "2026-11-23"); // a Thursday; Monday the 23rd
  assert.equal(bucketStart("2026-11-23", "week"), "2026-11-23");
  assert.equal(bucketStart("2026-11-29", "week"), "2026-11-23"); // Sunday belongs to the week before
  assert.equal(bucketStart("2026-11-26", "month"), "2026-11-01");
  assert.equal(nextBucketStart("2026-12-31", "month"), "2027-01-01");
  assert.equal(nextBucketStart("2026-12-30", "week"), "2027-01-04");
  assert.equal(nextBucketStart("2028-02-28", "day"), "2028-02-29");
});

test("a range splits into the whole buckets inside it and the days at its ends", () => {
  assert.deepEqual(splitRange(range("2025-11-01", "2026-11-01", "month")),
    { full: { first: "2025-11-01", last: "2026-10-01" }, edges: [["2026-11-01", "2026-11-01"]] });
  assert.deepEqual(splitRange(range("2025-11-15", "2026-02-28", "month")),
    { full: { first: "2025-12-01", last: "2026-02-01" }, edges: [["2025-11-15", "2025-11-30"]] });
  assert.deepEqual(splitRange(range("2026-11-04", "2026-11-20", "week")),
    { full: { first: "2026-11-09", last: "2026-11-09" }, edges: [["2026-11-04", "2026-11-08"], ["2026-11-16", "2026-11-20"]] });
  assert.deepEqual(splitRange(range("2026-11-04", "2026-11-20", "day")), { full: { first: "2026-11-04", last: "2026-11-20" }, edges: [] });
});

test("a range inside one bucket has no whole bucket, only its days", () => {
  assert.deepEqual(splitRange(range("2026-11-03", "2026-11-20", "month")), { full: null, edges: [["2026-11-03", "2026-11-20"]] });
  assert.deepEqual(splitRange(range("2026-11-24", "2026-11-26", "week")), { full: null, edges: [["2026-11-24", "2026-11-26"]] });
});
