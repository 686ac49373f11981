// Proves each KPI's figure on a small hand-made data set whose answers are worked out by hand:
// orders entered, shipped and invoiced through the real sales commands, a purchase order received
// late and early through the purchasing commands, and one period close. Every KPI is checked on
// DuckDB (after an extraction) and on PostgreSQL, against the same expected numbers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useTestDatabase } from "../support/database";
import { inTransaction } from "../../core/db/transaction";
import { invoiceShipment } from "../../core/sales/invoicing";
import { createPurchaseOrder, receivePurchaseOrder, submitPurchaseOrder } from "../../core/purchasing";
import { createDocumentsFixture, enterOrder, shipAll, type DocumentsFixture } from "../support/sales-documents";
import { receive, LIST_PRICE_MINOR, UNIT_COST_MINOR } from "../support/sales-fixture";
import { createPurchasingFixture, type PurchasingFixture } from "../support/purchasing-fixture";
import { closeAnalyticsStore, openAnalyticsStore, type AnalyticsStore } from "../../analytics/store";
import { refreshAnalytics } from "../../analytics/extract";
import type { KpiName } from "../../analytics/kpi-definitions";
import type { KpiFilters } from "../../analytics/kpi-sql";
import { runKpi, type KpiEngine, type KpiPoint } from "../../analytics/kpi-query";

const { db } = await useTestDatabase();
let fx: DocumentsFixture;
let px: PurchasingFixture;
let store: AnalyticsStore;
let directory: string;
let invoiceTotals: [number, number];
let firstOrderStatus: string;

const MARCH = { from: "2026-03-01", to: "2026-03-31", grain: "month" as const, warehouseId: null, categoryId: null, customerId: null };
const price = Number(LIST_PRICE_MINOR);
const cost = Number(UNIT_COST_MINOR);

/**
 * Stock: 8 of item 0 received on 1 March at 6.00. Order 1 (2 March): 5 of item 0, shipped whole on
 * 3 March. Order 2 (2 March): 6 of item 0 (3 allocatable) and 2 of item 1 (no stock); 3 shipped
 * on 4 March. Both shipments invoiced on their ship date. Promised dates pinned: 3, 4 and 10 March.
 */
async function salesHistory(): Promise<void> {
  fx = await createDocumentsFixture(db, "AN");
  const [item0, item1] = fx.itemIds as [number, number];
  await receive(db, fx, item0, fx.warehouseIds[0], "8", UNIT_COST_MINOR, "2026-03-01");
  const first = await enterOrder(db, fx, fx.taxedCustomerId, [{ itemId: item0, qty: "5" }], "2026-03-02");
  const second = await enterOrder(db, fx, fx.taxedCustomerId, [{ itemId: item0, qty: "6" }, { itemId: item1, qty: "2" }], "2026-03-02");
  // Pinned so the known answers do not depend on available-to-promise's lead-time arithmetic.
  await db.$client.unsafe(`update sales_order_line set promised_date = '2026-03-03' where order_id = ${first.order.id}`);
  await db.$client.unsafe(`update sales_order_line set promised_date = case when line_number = 1 then date '2026-03-04' else date '2026-03-10' end where order_id = ${second.order.id}`);
  const shipments = [await shipAll(db, fx, first.order.id, "2026-03-03"), await shipAll(db, fx, second.order.id, "2026-03-04")];
  const invoices = [];
  for (const [index, shipment] of shipments.entries()) {
    invoices.push(await inTransaction(db, (tx) => invoiceShipment(tx, fx.billing, { shipmentId: shipment.id, invoiceDate: index === 0 ? "2026-03-03" : "2026-03-04" })));
  }
  invoiceTotals = [Number(invoices[0]!.totalBaseMinor), Number(invoices[1]!.totalBaseMinor)];
  const [row] = await db.$client.unsafe<{ status: string }[]>(`select status from sales_order where id = ${first.order.id}`);
  firstOrderStatus = row!.status;
}

/** One PO line expected 10 March received 13 March (3 days late), one expected 20 March received 18 March (2 early). */
async function purchasingHistory(): Promise<void> {
  px = await createPurchasingFixture(db, { code: "ANP" });
  const item1 = px.itemIds[1]!;
  const warehouseId = px.warehouseIds[0];
  for (const [expectedDate, receiptDate] of [["2026-03-10", "2026-03-13"], ["2026-03-20", "2026-03-18"]] as const) {
    const po = await inTransaction(db, (tx) => createPurchaseOrder(tx, px.users.buyer, { entityId: px.entityId, supplierId: px.suppliers.usd, orderDate: "2026-03-02",
      lines: [{ itemId: item1, warehouseId, uom: "EA", qty: "4", expectedDate }] }));
    await inTransaction(db, (tx) => submitPurchaseOrder(tx, px.users.buyer, { purchaseOrderId: po.id }));
    const [line] = await db.$client.unsafe<{ id: string }[]>(`select id::text from purchase_order_line where purchase_order_id = ${po.id}`);
    await inTransaction(db, (tx) => receivePurchaseOrder(tx, px.users.warehouse, { purchaseOrderId: po.id, warehouseId, receiptDate,
      lines: [{ purchaseOrderLineId: Number(line!.id), itemId: item1, qty: "4" }] }));
  }
}

/** January 2026 closed from 1 February 09:00 to 4 February 21:00 UTC: 3.5 days. */
async function closeHistory(): Promise<void> {
  // Written directly: the close commands belong to another module; analytics only reads the table.
  await db.$client.unsafe(`insert into period_close (entity_id, fiscal_period_id, status, started_at, hard_closed_at)
    select entity_id, id, 'hard_closed', timestamptz '2026-02-01 09:00:00+00', timestamptz '2026-02-04 21:00:00+00'
    from fiscal_period where entity_id = ${fx.entityId} and start_date = date '2026-01-01' and end_date = date '2026-01-31'`);
}

before(async () => {
  await salesHistory();
  await purchasingHistory();
  await closeHistory();
  directory = await mkdtemp(path.join(os.tmpdir(), "keel-kpis-"));
  store = await openAnalyticsStore(path.join(directory, "analytics.duckdb"));
  await refreshAnalytics(db, store);
});

after(async () => {
  await closeAnalyticsStore(store);
  await rm(directory, { recursive: true, force: true });
});

function engines(): [string, KpiEngine][] {
  return [["duckdb", { kind: "duckdb", store }], ["postgres", { kind: "postgres", db }]];
}

async function onBothEngines(name: KpiName, filters: Partial<KpiFilters>, check: (points: KpiPoint[], engine: string) => void): Promise<void> {
  for (const [label, engine] of engines()) {
    const points = await runKpi(engine, name, { entityId: fx.entityId, ...MARCH, ...filters });
    check(points, label);
  }
}

function near(actual: number | null | undefined, expected: number, label: string): void {
  assert.ok(actual !== null && actual !== undefined, `${label}: a value`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${label}: ${actual} vs ${expected}`);
}

test("order status counts count each order once under its status", async () => {
  await onBothEngines("order_status_counts", {}, (points, engine) => {
    const counts = Object.fromEntries(points.map((p) => [p.group, p.values.orders]));
    const expected: Record<string, number> = { partially_shipped: 1 };
    expected[firstOrderStatus] = (expected[firstOrderStatus] ?? 0) + 1;
    assert.deepEqual(counts, expected, engine);
    assert.ok(points.every((p) => p.period === "2026-03-01"), engine);
  });
});

test("order backlog values the open lines of open orders at their price, by backlog status", async () => {
  await onBothEngines("order_backlog", {}, (points, engine) => {
    const byStatus = new Map(points.map((p) => [p.group, p.values]));
    assert.deepEqual([...byStatus.keys()].sort(), ["backordered", "partially_shipped"], engine);
    near(byStatus.get("partially_shipped")!.value, 3 * price, `${engine} partially shipped value`);
    near(byStatus.get("backordered")!.value, 2 * price, `${engine} backordered value`);
    near(byStatus.get("backordered")!.lines, 1, `${engine} backordered lines`);
  });
});

test("fill rates count what the first shipment carried, per line, unit and order", async () => {
  await onBothEngines("fill_rate", {}, (points, engine) => {
    assert.equal(points.length, 1, engine);
    const values = points[0]!.values;
    near(values.line_fill_rate, 1 / 2, `${engine} line fill`);
    near(values.unit_fill_rate, (5 + 3) / (5 + 6), `${engine} unit fill`);
    near(values.order_fill_rate, 1 / 2, `${engine} order fill`);
    near(values.lines, 2, `${engine} lines`);
  });
});

test("OTIF counts lines delivered in full by their promised date", async () => {
  await onBothEngines("otif", {}, (points, engine) => {
    assert.equal(points.length, 1, engine);
    near(points[0]!.values.otif_rate, 1 / 3, `${engine} otif`);
    near(points[0]!.values.lines, 3, `${engine} lines`);
  });
});

test("backorder exposure ages the backordered units of open orders", async () => {
  await onBothEngines("backorder_exposure", {}, (points, engine) => {
    assert.deepEqual(points.map((p) => [p.period, p.group]), [["2026-03-31", "8-30"]], engine);
    near(points[0]!.values.units, 5, `${engine} units`);
    near(points[0]!.values.value, 5 * price, `${engine} value`);
    near(points[0]!.values.lines, 2, `${engine} lines`);
  });
});

// Inventory at cost: 4,800 on 1-2 March, 1,800 on 3 March, 0 from 4 March: 11,400 / 31 on average.
const AVERAGE_INVENTORY = (2 * 8 * cost + 3 * cost) / 31;
const COGS = 8 * cost;
const REVENUE = 8 * price;

test("inventory turns and days of inventory use average daily inventory and COGS of the period", async () => {
  await onBothEngines("inventory_turns", {}, (points, engine) => {
    assert.equal(points.length, 1, engine);
    const values = points[0]!.values;
    near(values.average_inventory, AVERAGE_INVENTORY, `${engine} average inventory`);
    near(values.cogs, COGS, `${engine} COGS`);
    near(values.turns, (COGS / AVERAGE_INVENTORY) * 365 / 31, `${engine} turns`);
    near(values.days_of_inventory, AVERAGE_INVENTORY / (COGS / 31), `${engine} days of inventory`);
  });
});

test("gross margin and GMROI come from revenue and COGS postings", async () => {
  await onBothEngines("gross_margin", { groupBy: "customer" }, (points, engine) => {
    assert.equal(points.length, 1, engine);
    near(points[0]!.values.revenue, REVENUE, `${engine} revenue`);
    near(points[0]!.values.cogs, COGS, `${engine} cogs`);
    near(points[0]!.values.margin, REVENUE - COGS, `${engine} margin`);
    near(points[0]!.values.margin_pct, (REVENUE - COGS) / REVENUE, `${engine} margin %`);
    assert.equal(points[0]!.group, "AN-TAX", `${engine}: shipment COGS follows the order's customer`);
  });
  await onBothEngines("gmroi", {}, (points, engine) => {
    near(points[0]!.values.gmroi, (REVENUE - COGS) / AVERAGE_INVENTORY, `${engine} gmroi`);
  });
  await onBothEngines("gross_margin", { groupBy: "customer", customerId: fx.euroCustomerId }, (points, engine) => {
    assert.deepEqual(points, [], `${engine}: a customer with no sales has no margin`);
  });
});

test("working capital: DSO, DIO, DPO and the cash conversion cycle from daily ledger balances", async () => {
  const [first, second] = invoiceTotals;
  const averageAr = (first * 29 + second * 28) / 31;
  await onBothEngines("working_capital", {}, (points, engine) => {
    assert.equal(points.length, 1, engine);
    const values = points[0]!.values;
    const dso = averageAr / (REVENUE / 31);
    const dio = AVERAGE_INVENTORY / (COGS / 31);
    near(values.dso, dso, `${engine} DSO`);
    near(values.dio, dio, `${engine} DIO`);
    near(values.dpo, 0, `${engine} DPO`);
    near(values.cash_conversion_cycle, dso + dio, `${engine} CCC`);
    near(values.working_capital, first + second, `${engine} working capital`);
  });
});

test("lead-time variance per supplier: mean, p90 and share late", async () => {
  for (const [label, engine] of engines()) {
    const points = await runKpi(engine, "lead_time_variance", { entityId: px.entityId, ...MARCH });
    assert.equal(points.length, 1, label);
    assert.equal(points[0]!.group, "ANP-VUSD", label);
    near(points[0]!.values.mean_days, 0.5, `${label} mean`);
    near(points[0]!.values.p90_days, -2 + 0.9 * 5, `${label} p90`);
    near(points[0]!.values.late_share, 0.5, `${label} late share`);
  }
});

test("close-cycle time is hard close minus start, per period", async () => {
  await onBothEngines("close_cycle_time", { from: "2026-01-01" }, (points, engine) => {
    assert.equal(points.length, 1, engine);
    assert.equal(points[0]!.period, "2026-01-01", engine);
    near(points[0]!.values.days, 3.5, `${engine} days`);
  });
});

test("filters narrow the figures: another warehouse has no shipments to fill", async () => {
  await onBothEngines("fill_rate", { warehouseId: fx.warehouseIds[1] }, (points, engine) => assert.deepEqual(points, [], engine));
  await onBothEngines("order_backlog", { categoryId: fx.categoryId }, (points, engine) => assert.equal(points.length, 2, engine));
});
