// Proves DuckDB and PostgreSQL give the same figure for every KPI on the demo distributor: the
// demo is extracted into a fresh DuckDB file, and each KPI runs on DuckDB (from the fact cubes, and
// from the mirrored source tables where the cubes lack a filter combination) and on PostgreSQL
// (from the source tables) per entity at every grain and with each filter; the series must match
// point for point, also after an incremental refresh of changed orders, shipments, receipts and
// postings, whose fact cubes must equal a full rebuild's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useDemoDatabase } from "../support/database";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { reverseEntry } from "../../core/ledger";
import { closeAnalyticsStore, duckQuery, openAnalyticsStore, type AnalyticsStore } from "../../analytics/store";
import { refreshAnalytics } from "../../analytics/extract";
import { MIRROR_TABLE_NAMES } from "../../analytics/mirror";
import { KPI_DEFINITIONS, KPI_NAMES } from "../../analytics/kpi-definitions";
import { GROUP_DIMENSIONS, type KpiFilters } from "../../analytics/kpi-sql";
import { runKpi, type KpiEngine, type KpiPoint } from "../../analytics/kpi-query";

const { db } = await useDemoDatabase();
let store: AnalyticsStore;
let directory: string;
type Scope = { entityId: number; from: string; to: string; warehouseId: number; categoryId: number; customerId: number };
const scopes: Scope[] = [];

before(async () => {
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
  await closeAnalyticsStore(store);
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

async function agree(filters: KpiFilters, label: string, duckEngine: KpiEngine = { kind: "duckdb", store }): Promise<number> {
  let points = 0;
  for (const name of KPI_NAMES) {
    const definition = KPI_DEFINITIONS[name];
    const applicable: KpiFilters = {
      ...filters,
      warehouseId: definition.filters.includes("warehouse") ? filters.warehouseId : null,
      categoryId: definition.filters.includes("category") ? filters.categoryId : null,
      customerId: definition.filters.includes("customer") ? filters.customerId : null,
    };
    const duck = await runKpi(duckEngine, name, applicable);
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

test("combined filters (not precomputed) and the mirrored source tables agree too", async () => {
  for (const scope of scopes) {
    const base = { entityId: scope.entityId, from: scope.from, to: scope.to, grain: "month" as const, warehouseId: null, categoryId: null, customerId: null };
    await agree({ ...base, warehouseId: scope.warehouseId, categoryId: scope.categoryId, customerId: scope.customerId }, `entity ${scope.entityId} all filters`);
    await agree({ ...base, grain: "week" }, `entity ${scope.entityId} mirror`, { kind: "duckdb", store, source: "sources" });
  }
});

const FACT_TABLES = ["kf_line", "kc_order_status", "kc_backlog", "kc_backorder", "kc_fill_line", "kc_fill_order", "kc_otif", "kc_ledger", "kc_margin", "kf_receipt", "kc_receipt_day", "kc_receipt_week", "kc_receipt_month"];

async function factRows(from: AnalyticsStore, table: string): Promise<Record<string, unknown>[]> {
  return duckQuery(from, `select * from ${table} order by all`, 60_000);
}

function assertSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: row count`);
  actual.forEach((row, index) => {
    for (const [column, value] of Object.entries(row)) {
      const other = expected[index]![column];
      if (typeof value === "number" && typeof other === "number") {
        assert.ok(Math.abs(value - other) <= 1e-9 * Math.max(1, Math.abs(other)), `${label} row ${index} ${column}: ${value} vs ${other}`);
      } else {
        assert.deepEqual(value, other, `${label} row ${index} ${column}`);
      }
    }
  });
}

/** Changes through SQL and the ledger's reversal command: order and line states, ship and receipt dates, new postings. */
async function changeSources(): Promise<void> {
  await db.$client.unsafe(`update sales_order_line set base_qty_allocated = 0 where id in (select id from sales_order_line
    where base_qty_allocated > 0 and base_qty_ordered > base_qty_shipped + base_qty_cancelled order by id limit 15)`);
  await db.$client.unsafe("update sales_order set status = 'credit_hold' where id in (select id from sales_order where status = 'released' order by id limit 5)");
  await db.$client.unsafe("update shipment set ship_date = ship_date + 1 where id in (select id from shipment where status = 'shipped' order by id desc limit 10)");
  // A shipped order moves to another customer (as a customer merge re-points it): gross margin's
  // customer attribution of its posted COGS changes on days with no new journal line.
  const [moved] = await db.$client.unsafe<{ id: string }[]>(`update sales_order o set customer_id = (select c.id from customer c where c.entity_id = o.entity_id and c.id <> o.customer_id order by c.id limit 1)
    where o.id = (select s.order_id from shipment s join inventory_document d on d.upstream_type = 'shipment' and d.upstream_id = s.id
      join journal_entry e on e.source_type = 'inventory_document' and e.source_id = d.id order by e.posting_date limit 1) returning o.id::text as id`);
  assert.ok(moved, "the demo has a shipped order with a posted stock movement");
  await db.$client.unsafe("update purchase_receipt set receipt_date = receipt_date - 2 where id in (select id from purchase_receipt order by id desc limit 5)");
  const entries = await db.$client.unsafe<{ id: string; posting_date: string }[]>(`select e.id::text, e.posting_date::text from journal_entry e
    join fiscal_period p on p.entity_id = e.entity_id and e.posting_date between p.start_date and p.end_date and p.status = 'open'
    where (e.event_type like 'sales.%' or e.source_type = 'inventory_document') and e.reverses_entry_id is null order by e.posting_date desc, e.id desc limit 4`);
  assert.ok(entries.length > 0, "the demo has sales postings in an open period");
  for (const entry of entries) {
    await inTransaction(db, (tx) => reverseEntry(tx, SYSTEM_ACTOR, { entryId: Number(entry.id), postingDate: entry.posting_date, reason: "analytics incremental test" }));
  }
}

test("an incremental refresh updates the fact cubes exactly as a full rebuild would, and the engines still agree", async () => {
  await changeSources();
  const refreshed = await refreshAnalytics(db, store);
  assert.equal(refreshed.mode, "incremental");
  assert.equal(refreshed.facts, "updated", "the cubes were updated for the delta, not rebuilt");
  assert.ok((refreshed.rowsByTable.journal_line ?? 0) > 0 && (refreshed.rowsByTable.shipment ?? 0) > 0, JSON.stringify(refreshed.rowsByTable));
  for (const scope of scopes) {
    const base = { entityId: scope.entityId, from: scope.from, to: scope.to, grain: "day" as const, warehouseId: null, categoryId: null, customerId: null };
    await agree(base, `entity ${scope.entityId} after incremental`);
    await agree({ ...base, grain: "month", customerId: scope.customerId }, `entity ${scope.entityId} customer after incremental`);
  }
  const rebuiltDirectory = await mkdtemp(path.join(os.tmpdir(), "keel-agreement-full-"));
  const rebuilt = await openAnalyticsStore(path.join(rebuiltDirectory, "analytics.duckdb"));
  try {
    await refreshAnalytics(db, rebuilt, { full: true });
    for (const table of FACT_TABLES) assertSameRows(await factRows(store, table), await factRows(rebuilt, table), table);
    // The mirror too: same rows per table (appended ledger rows are never doubled), same ids.
    for (const table of MIRROR_TABLE_NAMES) {
      const counts = `select count(*) as n, count(distinct id) as ids, sum(id) as id_sum from ${table}`;
      assert.deepEqual(await duckQuery(store, counts), await duckQuery(rebuilt, counts), `mirror ${table}`);
    }
  } finally {
    await closeAnalyticsStore(rebuilt);
    await rm(rebuiltDirectory, { recursive: true, force: true });
  }
});
