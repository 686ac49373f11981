// Synthetic distributor history for the KPI benchmark, streamed as CSV into PostgreSQL COPY:
// one entity, 3 warehouses, 1,000 items in 20 categories, 300 customers (skewed: a few buy a
// lot), 40 suppliers; orders of 1-9 lines over a year, most shipped within days, some partly,
// some open; postings for revenue, COGS, AR, inventory and AP like the posting engine's.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { MIRROR_TABLES, type MirrorTable } from "../analytics/mirror";

export const BENCH_ITEMS = 1_000;
export const BENCH_CUSTOMERS = 300;
export const BENCH_SUPPLIERS = 40;
export const BENCH_DAYS = 365;
const CATEGORIES = 20;
const WAREHOUSES = 3;
const ENTITY = 1;
/** Accounts: 1 inventory, 2 AR, 3 AP, 4 revenue, 5 COGS, 6 cash/GRNI. */
const ACCOUNT = { inventory: 1, ar: 2, ap: 3, revenue: 4, cogs: 5, grni: 6 } as const;

/** mulberry32: a small seeded generator, so every run loads the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PG_TYPES: Record<string, string> = { BIGINT: "bigint", "DECIMAL(18,4)": "numeric(18,4)", DATE: "date", TIMESTAMP: "timestamptz", VARCHAR: "text", BOOLEAN: "boolean" };

/** The mirror's tables in PostgreSQL, without keys or indexes (createBenchIndexes adds them after the bulk load). */
export async function createBenchSchema(sql: postgres.Sql): Promise<void> {
  for (const table of MIRROR_TABLES) {
    const columns = table.columns.map(([name, type]) => `${name} ${PG_TYPES[type]}`).join(", ");
    // Keel's change marker (migration 0020): COPY fills it by its default; the trigger comes with the indexes.
    await sql.unsafe(`create table ${table.name} (${columns}, change_xid xid8 not null default pg_current_xact_id())`);
  }
}

/** The primary keys and the indexes Keel's schema has on the mirrored tables; built after loading (far cheaper than maintaining them row by row). */
export async function createBenchIndexes(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`create or replace function keel_mark_change() returns trigger language plpgsql as $$
    begin new.change_xid := pg_current_xact_id(); return new; end $$`);
  for (const table of MIRROR_TABLES) {
    await sql.unsafe(`alter table ${table.name} add primary key (id)`);
    await sql.unsafe(`create trigger ${table.name}_mark_change before insert or update on ${table.name} for each row execute function keel_mark_change()`);
    if (table.name !== "journal_line") await sql.unsafe(`create index on ${table.name} (change_xid)`);
  }
  for (const statement of [
    "create index on sales_order (entity_id, status, order_date)", "create index on sales_order (customer_id, order_date)",
    "create index on sales_order_line (order_id)", "create index on sales_order_line (item_id, warehouse_id, status)",
    "create index on shipment (order_id)", "create index on shipment_line (shipment_id)", "create index on shipment_line (order_line_id)",
    "create index on journal_entry (entity_id, posting_date)", "create index on journal_entry (source_type, source_id)",
    "create index on journal_line (account_id, entry_id)", "create index on journal_line (entry_id)",
    "create index on purchase_receipt (purchase_order_id)", "create index on purchase_receipt_line (receipt_id)",
  ]) await sql.unsafe(statement);
}

export type Day = { index: number; iso: string };

export function dayOf(start: Date, index: number): Day {
  return { index, iso: new Date(start.getTime() + index * 86_400_000).toISOString().slice(0, 10) };
}

/** Rows of every table, appended as CSV text per table. */
export class BenchWriter {
  readonly chunks = new Map<string, string[]>();
  pending = 0;
  add(table: string, values: (string | number | null)[]): void {
    let list = this.chunks.get(table);
    if (!list) this.chunks.set(table, (list = []));
    this.pending += 1;
    list.push(values.map((v) => (v === null ? "" : String(v))).join(","));
  }
  /** COPYs what was added and forgets it. */
  async flush(sql: postgres.Sql): Promise<void> {
    for (const [table, rows] of this.chunks) {
      if (rows.length === 0) continue;
      const spec = MIRROR_TABLES.find((t) => t.name === table) as MirrorTable;
      const columns = spec.columns.map(([name]) => name).join(", ");
      const writable = await sql.unsafe(`copy ${table} (${columns}) from stdin with (format csv)`).writable();
      await pipeline(Readable.from(batches(rows)), writable);
      rows.length = 0;
    }
    this.pending = 0;
  }
}

function* batches(rows: string[]): Generator<string> {
  for (let i = 0; i < rows.length; i += 5_000) yield rows.slice(i, i + 5_000).join("\n") + "\n";
}

/** Masters, accounts and opening stock dated the day before the history starts. */
export function writeMasters(writer: BenchWriter, start: Date, random: () => number): void {
  writer.add("legal_entity", [ENTITY, "BEN", "Bench Distribution", "USD"]);
  for (let c = 1; c <= CATEGORIES; c += 1) writer.add("item_category", [c, `CAT-${c}`, `Category ${c}`]);
  for (let i = 1; i <= BENCH_ITEMS; i += 1) writer.add("item", [i, `SKU-${i}`, `Item ${i}`, 1 + (i % CATEGORIES)]);
  for (let c = 1; c <= BENCH_CUSTOMERS; c += 1) writer.add("customer", [c, ENTITY, `C${c}`, `Customer ${c}`]);
  for (let s = 1; s <= BENCH_SUPPLIERS; s += 1) writer.add("supplier", [s, ENTITY, `V${s}`, `Supplier ${s}`]);
  for (let w = 1; w <= WAREHOUSES; w += 1) writer.add("warehouse", [w, ENTITY, `W${w}`, `Warehouse ${w}`, "false"]);
  for (const [role, id] of Object.entries(ACCOUNT)) {
    writer.add("account", [id, ENTITY, String(1000 + id), role, role === "revenue" ? "revenue" : role === "cogs" ? "expense" : "asset"]);
    writer.add("account_rule", [id, ENTITY, role, id]);
  }
  const opening = dayOf(start, -1).iso;
  writer.add("journal_entry", [1, ENTITY, opening, "stock.opening", "bench", null]);
  let lineId = 1;
  for (let i = 1; i <= BENCH_ITEMS; i += 1) {
    const value = Math.round(2_000_000 + random() * 8_000_000);
    writer.add("journal_line", [lineId++, 1, ENTITY, ACCOUNT.inventory, value, 0, i, 1 + (i % WAREHOUSES), null, null]);
    writer.add("journal_line", [lineId++, 1, ENTITY, ACCOUNT.grni, 0, value, i, 1 + (i % WAREHOUSES), null, null]);
  }
}

/**
 * The fiscal months of the history with their period closes: every month ended at least a week
 * before the last day is hard-closed 3-9 days after its end (started the first business morning).
 */
export function writePeriodCloses(writer: BenchWriter, start: Date, days: number, random: () => number): void {
  const last = new Date(start.getTime() + days * 86_400_000);
  let id = 1;
  for (let month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); month < last; id += 1) {
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const end = new Date(next.getTime() - 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    writer.add("fiscal_period", [id, ENTITY, iso(month).slice(0, 7), iso(month), iso(end)]);
    if (next.getTime() + 7 * 86_400_000 <= last.getTime()) {
      const started = new Date(next.getTime() + 9 * 3_600_000);
      const closed = new Date(started.getTime() + (3 + random() * 6) * 86_400_000);
      writer.add("period_close", [id, ENTITY, id, "hard_closed", started.toISOString(), closed.toISOString()]);
    }
    month = next;
  }
}

export type Ids = { order: number; line: number; shipment: number; shipmentLine: number; entry: number; journalLine: number; po: number; poLine: number; receipt: number; receiptLine: number };

export function firstIds(): Ids {
  return { order: 1, line: 1, shipment: 1, shipmentLine: 1, entry: 2, journalLine: 2 * BENCH_ITEMS + 1, po: 1, poLine: 1, receipt: 1, receiptLine: 1 };
}

/** Skewed pick in 1..n: low numbers far more often (top customers and items sell most). */
function skewed(random: () => number, n: number): number {
  return 1 + Math.min(n - 1, Math.floor(n * Math.pow(random(), 2.2)));
}

/** One order with its lines, shipment, invoice posting and COGS posting. Returns the number of lines. */
export function writeOrder(writer: BenchWriter, ids: Ids, day: Day, start: Date, random: () => number): number {
  const orderId = ids.order++;
  const customer = skewed(random, BENCH_CUSTOMERS);
  const fate = random();
  const status = fate < 0.85 ? "shipped" : fate < 0.93 ? "partially_shipped" : fate < 0.97 ? "released" : "credit_hold";
  writer.add("sales_order", [orderId, ENTITY, `SO-${orderId}`, customer, "USD", day.iso, status]);
  const shipDay = dayOf(start, day.index + 1 + Math.floor(random() * 6));
  const lineCount = 1 + Math.floor(random() * 9);
  const shipmentId = status === "shipped" || status === "partially_shipped" ? ids.shipment++ : null;
  if (shipmentId !== null) writer.add("shipment", [shipmentId, ENTITY, `SH-${shipmentId}`, orderId, 1 + (customer % WAREHOUSES), "shipped", shipDay.iso]);
  let revenue = 0;
  let cogs = 0;
  for (let n = 1; n <= lineCount; n += 1) {
    const item = skewed(random, BENCH_ITEMS);
    const qty = 1 + Math.floor(Math.exp(random() * 3.9));
    const price = 200 + (item * 7919) % 9_800;
    const cost = Math.round(price * (0.6 + random() * 0.2));
    const shipped = status === "shipped" ? qty : status === "partially_shipped" ? Math.floor(qty * random()) : 0;
    const allocated = status === "released" ? Math.floor(qty * random()) : 0;
    const lineStatus = shipped === qty ? "shipped" : allocated === qty - shipped ? "allocated" : "backordered";
    const promised = dayOf(start, day.index + 2 + Math.floor(random() * 5)).iso;
    const lineId = ids.line++;
    writer.add("sales_order_line", [lineId, orderId, ENTITY, n, item, 1 + (customer % WAREHOUSES), qty, qty, allocated, shipped, 0, price, cost, promised, lineStatus]);
    if (shipmentId !== null && shipped > 0) {
      writer.add("shipment_line", [ids.shipmentLine++, shipmentId, lineId, item, shipped, shipped * cost]);
      revenue += shipped * price;
      cogs += shipped * cost;
      const entry = ids.entry;
      writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.revenue, 0, shipped * price, item, 1 + (customer % WAREHOUSES), customer, null]);
      writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.cogs, shipped * cost, 0, item, 1 + (customer % WAREHOUSES), customer, null]);
    }
  }
  if (revenue > 0) {
    const entry = ids.entry++;
    writer.add("journal_entry", [entry, ENTITY, shipDay.iso, "sales.invoiced", "shipment", shipmentId]);
    writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.ar, revenue, 0, null, null, customer, null]);
    writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.inventory, 0, cogs, null, 1 + (customer % WAREHOUSES), null, null]);
  }
  return lineCount;
}

/** A purchase order of 1-5 lines received some days around its expected date, posted to inventory and AP. */
export function writePurchase(writer: BenchWriter, ids: Ids, day: Day, start: Date, random: () => number): void {
  const poId = ids.po++;
  const supplier = skewed(random, BENCH_SUPPLIERS);
  const expected = dayOf(start, day.index + 5 + Math.floor(random() * 20));
  const received = dayOf(start, expected.index + Math.round((random() - 0.4) * 10));
  writer.add("purchase_order", [poId, ENTITY, `PO-${poId}`, supplier, day.iso, expected.iso, "received"]);
  const receiptId = ids.receipt++;
  writer.add("purchase_receipt", [receiptId, ENTITY, `GR-${receiptId}`, poId, supplier, 1 + (poId % WAREHOUSES), received.iso]);
  let value = 0;
  for (let n = 1 + Math.floor(random() * 5); n > 0; n -= 1) {
    const item = skewed(random, BENCH_ITEMS);
    const qty = 10 + Math.floor(random() * 200);
    const poLine = ids.poLine++;
    writer.add("purchase_order_line", [poLine, poId, item, 1 + (poId % WAREHOUSES), qty, expected.iso]);
    writer.add("purchase_receipt_line", [ids.receiptLine++, receiptId, poLine, item, qty]);
    value += qty * (150 + (item * 7919) % 7_000);
  }
  const entry = ids.entry++;
  writer.add("journal_entry", [entry, ENTITY, received.iso, "purchase.received", "purchase_receipt", receiptId]);
  writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.inventory, value, 0, null, 1 + (poId % WAREHOUSES), null, supplier]);
  writer.add("journal_line", [ids.journalLine++, entry, ENTITY, ACCOUNT.ap, 0, value, null, null, null, supplier]);
}
