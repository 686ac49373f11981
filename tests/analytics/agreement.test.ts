// Proves DuckDB and PostgreSQL give the same figure for every KPI on the demo distributor: the
// demo is loaded once, extracted into a fresh DuckDB file, and each KPI runs on both engines per
// entity at every grain and with each filter; the series must match point for point.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useTestDatabase } from "../support/database";
import { loadDemo } from "../../core/demo";
import { closeAnalyticsStore, openAnalyticsStore, type AnalyticsStore } from "../../analytics/store";
import { refreshAnalytics } from "../../analytics/extract";
import { KPI_DEFINITIONS, KPI_NAMES } from "../../analytics/kpi-definitions";
import { GROUP_DIMENSIONS, type KpiFilters } from "../../analytics/kpi-sql";
import { runKpi, type KpiPoint } from "../../analytics/kpi-query";

const { db } = await useTestDatabase();
let store: AnalyticsStore;
let directory: string;
type Scope = { entityId: number; from: string; to: string; warehouseId: number; categoryId: number; customerId: number };
const scopes: Scope[] = [];

before(async () => {
  await loadDemo(db);
  directory = await mkdtemp(path.join(os.tmpdir(), "keel-agreement-"));
  store = await openAnalyticsStore(path.join(directory, "analytics.duckdb"));
  await refreshAnalytics(db, store);
  const rows = await db.$client.unsafe<{ entity_id: string; first: string; last: string }[]>(
    `select entity_id::text, min(posting_date)::text as first, max(posting_date)::text as last from journal_entry group by entity_id order by entity_id`);
  for (const row of rows) {
    const entityId = Number(row.entity_id);
    // The busiest warehouse, category and customer of the entity, so the filters select something.
    const [pick] = await db.$client.unsafe<{ w: string; c: string; k: string }[]>(`select
      (select warehouse_id::text from sales_order_line where entity_id = $1 group by 1 order by count(*) desc, 1 limit 1) as w,
      (select i.category_id::text from sales_order_line l join item i on i.id = l.item_id where l.entity_id = $1 group by 1 order by count(*) desc, 1 limit 1) as c,
      (select customer_id::text from sales_order where entity_id = $1 group by 1 order by count(*) desc, 1 limit 1) as k`, [entityId]);
    scopes.push({ entityId, from: row.first, to: row.last, warehouseId: Number(pick?.w), categoryId: Number(pick?.c), customerId: Number(pick?.k) });
  }
});

after(async () => {
  closeAnalyticsStore(store);
  await rm(directory, { recursive: true, force: true });
});

function assertSameSeries(duck: KpiPoint[], postgres: KpiPoint[], label: string): void {
  assert.deepEqual(duck.map((p) => `${p.period}/${p.group}`), postgres.map((p) => `${p.period}/${p.group}`), `${label}: same points`);
  duck.forEach((point, index) => {
    const other = postgres[index]!;
    for (const [measure, value] of Object.entries(point.values)) {
      const expected = other.values[measure] ?? null;
      if (value === null || expected === null) {
        assert.equal(value, expected, `${label} ${point.period}/${point.group} ${measure}`);
        continue;
      }
      const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
      assert.ok(Math.abs(value - expected) <= tolerance, `${label} ${point.period}/${point.group} ${measure}: duckdb ${value} vs postgres ${expected}`);
    }
  });
}

async function agree(filters: KpiFilters, label: string): Promise<number> {
  let points = 0;
  for (const name of KPI_NAMES) {
    const definition = KPI_DEFINITIONS[name];
    const applicable: KpiFilters = {
      ...filters,
      warehouseId: definition.filters.includes("warehouse") ? filters.warehouseId : null,
      categoryId: definition.filters.includes("category") ? filters.categoryId : null,
      customerId: definition.filters.includes("customer") ? filters.customerId : null,
    };
    const duck = await runKpi({ kind: "duckdb", store }, name, applicable);
    const postgres = await runKpi({ kind: "postgres", db }, name, applicable);
    assertSameSeries(duck, postgres, `${label} ${name}`);
    points += duck.length;
  }
  return points;
}

test("every KPI agrees between DuckDB and PostgreSQL on the demo, per entity and grain", async () => {
  assert.ok(scopes.length >= 2, "the demo has two entities");
  let points = 0;
  for (const scope of scopes) {
    for (const grain of ["day", "week", "month"] as const) {
      points += await agree({ entityId: scope.entityId, from: scope.from, to: scope.to, grain, warehouseId: null, categoryId: null, customerId: null }, `entity ${scope.entityId} ${grain}`);
    }
  }
  assert.ok(points > 100, `the demo gives real series (${points} points)`);
});

test("every KPI agrees with the warehouse, category and customer filters", async () => {
  for (const scope of scopes) {
    const base = { entityId: scope.entityId, from: scope.from, to: scope.to, grain: "month" as const, warehouseId: null, categoryId: null, customerId: null };
    await agree({ ...base, warehouseId: scope.warehouseId }, `entity ${scope.entityId} warehouse`);
    await agree({ ...base, categoryId: scope.categoryId }, `entity ${scope.entityId} category`);
    await agree({ ...base, customerId: scope.customerId }, `entity ${scope.entityId} customer`);
  }
});

test("gross margin agrees for every grouping", async () => {
  for (const scope of scopes) {
    for (const groupBy of GROUP_DIMENSIONS) {
      const filters: KpiFilters = { entityId: scope.entityId, from: scope.from, to: scope.to, grain: "month", warehouseId: null, categoryId: null, customerId: null, groupBy };
      const duck = await runKpi({ kind: "duckdb", store }, "gross_margin", filters);
      assertSameSeries(duck, await runKpi({ kind: "postgres", db }, "gross_margin", filters), `gross margin by ${groupBy}`);
      assert.ok(duck.length > 0, `gross margin by ${groupBy} has points`);
    }
  }
});
