// `npm run bench:orders [-- --clients C] [--seconds S]`: order entry (ATP, allocation, pricing and the
// credit check of a 5-line order, through enterSalesOrder) and invoice posting (invoiceShipment of a
// shipped order) on a throwaway database holding the demo distributor. Each is run by C concurrent
// clients (default 8) for S seconds (default 20), then the statements of C such transactions are
// replayed raw by pgbench on the same server with the same clients and duration (bench/replay.ts).
// Prints both throughputs and their ratio (target, ARCHITECTURE.md: at least 50%).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { closeDb, createDb, type Db, type Tx } from "../core/db/client";
import * as schema from "../core/db/schema";
import { inTransaction } from "../core/db/transaction";
import { loadDemo } from "../core/demo";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../core/governance";
import { enterSalesOrder } from "../core/sales";
import { createPickList, shipShipment } from "../core/sales/fulfilment";
import { invoiceShipment } from "../core/sales/invoicing";
import { prepareDatabase } from "../scripts/prepare";
import { replayedStatements, replayScript, type CapturedStatement } from "./replay";
import { benchServer } from "./server";

const run = promisify(execFile);
const LINES_PER_ORDER = 5;

function options() {
  const { values } = parseArgs({ options: { clients: { type: "string", default: "8" }, seconds: { type: "string", default: "20" } } });
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(clients) || clients < 1 || clients > 16) throw new Error("--clients: an integer from 1 to 16");
  if (!Number.isInteger(seconds) || seconds < 2 || seconds > 600) throw new Error("--seconds: an integer from 2 to 600");
  return { clients, seconds };
}

/** What the order desk works with: the demo's first entity, its customers, and items in stock in one of its warehouses. */
type Desk = { entityId: number; businessDate: string; customerIds: number[]; stock: { itemId: number; warehouseId: number; uom: string }[]; clerk: Actor; warehouse: Actor; billing: Actor };

async function makeUser(db: Db, username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: `${username}-bench-password`, roles }));
  return { userId: created.id, username: created.username, roles: created.roles };
}

async function openDesk(db: Db, businessDate: string): Promise<Desk> {
  const [entity] = await db.$client.unsafe<{ id: number; currency: string }[]>("select id, base_currency as currency from legal_entity order by id limit 1");
  if (!entity) throw new Error("the demo loaded no legal entity");
  // The price list most of the entity's customers buy from, and its customers with the largest credit limits.
  const [list] = await db.$client.unsafe<{ id: string }[]>(`select c.price_list_id as id from customer c where c.entity_id = $1 and c.active
      and c.price_list_id is not null group by 1 order by count(*) desc limit 1`, [Number(entity.id)]);
  if (!list) throw new Error("no demo customer has a price list");
  const customers = await db.$client.unsafe<{ id: number }[]>(`select c.id from customer c where c.entity_id = $1 and c.active and c.currency = $2
      and c.price_list_id = $3 and c.credit_limit_minor > 0 order by c.credit_limit_minor desc, c.id limit 40`, [Number(entity.id), entity.currency, Number(list.id)]);
  // Items that list prices from one base unit, with free stock in one of the entity's warehouses.
  const stock = await db.$client.unsafe<{ itemId: number; warehouseId: number; uom: string }[]>(`select b.item_id as "itemId", b.warehouse_id as "warehouseId", i.base_uom as uom
      from stock_balance b join item i on i.id = b.item_id join warehouse w on w.id = b.warehouse_id
      where b.entity_id = $1 and i.status = 'active' and not w.is_transit and b.qty_on_hand - b.qty_allocated >= 200
        and exists (select 1 from price_list_line p where p.price_list_id = $2 and p.item_id = i.id and p.uom = i.base_uom and p.min_qty <= 1 and p.active)
      order by b.qty_on_hand - b.qty_allocated desc limit 400`, [Number(entity.id), Number(list.id)]);
  if (customers.length === 0 || stock.length < LINES_PER_ORDER) throw new Error(`the demo has ${customers.length} customers and ${stock.length} stocked items to order`);
  return {
    entityId: Number(entity.id), businessDate, customerIds: customers.map((c) => Number(c.id)), stock: stock.map((s) => ({ itemId: Number(s.itemId), warehouseId: Number(s.warehouseId), uom: s.uom })),
    clerk: await makeUser(db, "bench-clerk", ["sales"]), warehouse: await makeUser(db, "bench-warehouse", ["warehouse"]), billing: await makeUser(db, "bench-billing", ["controller"]),
  };
}

/** The n-th order of a client: a customer and five lines of one warehouse's stocked items, 1-3 each. */
function orderInput(desk: Desk, client: number, n: number) {
  const seed = client * 7919 + n * 104_729;
  const warehouseId = desk.stock[seed % desk.stock.length]!.warehouseId;
  const items = desk.stock.filter((s) => s.warehouseId === warehouseId);
  const lines = Array.from({ length: LINES_PER_ORDER }, (_, i) => items[(seed + i * 31) % items.length]!)
    .filter((line, i, all) => all.findIndex((other) => other.itemId === line.itemId) === i);
  return {
    entityId: desk.entityId, customerId: desk.customerIds[seed % desk.customerIds.length]!, channel: "phone" as const, orderDate: desk.businessDate,
    lines: lines.map((line, i) => ({ itemId: line.itemId, warehouseId, uom: line.uom, qty: String(1 + ((seed + i) % 3)) })),
  };
}

/** Runs `work` on C clients until S seconds have passed (or `work` says there is nothing left); returns completions per second. */
async function drive(clients: number, seconds: number, work: (client: number, n: number) => Promise<boolean>): Promise<{ done: number; perSecond: number }> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; performance.now() < deadline; n += 1) {
      if (!(await work(client, n))) return;
      done += 1;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { done, perSecond: done / elapsed };
}

const ROLLED_BACK = new Error("captured: rolled back");

/**
 * The statements each of `count` transactions sent, captured on a single-connection client by
 * postgres.js's debug hook. Each transaction is rolled back, so the ids and numbers it used stay
 * free for the replay (replay.ts). `fn` says whether its transaction is replayable; if not (an order
 * that raised an approval request: later statements name the request by the id its insert
 * returned, which a replay would not get), the next attempt is captured instead.
 */
async function capture(url: string, count: number, fn: (tx: Tx, k: number, attempt: number) => Promise<boolean>): Promise<CapturedStatement[][]> {
  let current: CapturedStatement[] = [];
  const client = postgres(url, { max: 1, onnotice: () => {}, debug: (_connection, query, parameters, types) => {
    current.push({ text: query, parameters: parameters as unknown[], types: (types ?? []) as number[] });
  } });
  const db = drizzle(client, { schema }) as unknown as Db;
  const captured: CapturedStatement[][] = [];
  try {
    for (let k = 0, attempt = 0; k < count; attempt += 1) {
      if (attempt >= count * 20) throw new Error(`only ${k} of ${count} transactions were replayable in ${attempt} attempts`);
      current = [];
      let replayable = false;
      await inTransaction(db, async (tx) => {
        replayable = await fn(tx, k, attempt);
        throw ROLLED_BACK;
      }).catch((error: unknown) => {
        if (error !== ROLLED_BACK) throw error;
      });
      if (replayable) {
        captured.push(current);
        k += 1;
      }
    }
  } finally {
    await client.end({ timeout: 5 });
  }
  return captured;
}

/** pgbench on the same server: the script's transactions per second (initial connection time excluded). */
async function pgbench(url: string, scriptFile: string, clients: number, seconds: number): Promise<{ perSecond: number; failed: number }> {
  const u = new URL(url);
  const args = ["-n", "-f", scriptFile, "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds), "-h", u.hostname, "-p", u.port, "-U", decodeURIComponent(u.username), u.pathname.slice(1)];
  const { stdout, stderr } = await run("pgbench", args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, maxBuffer: 64 * 1024 * 1024 });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no throughput:\n${stdout}\n${stderr}`);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { perSecond: Number(tps[1]), failed };
}

async function main(): Promise<void> {
  const { clients, seconds } = options();
  const server = await benchServer();
  const database = `keel_bench_orders_${process.pid}`;
  const admin = createDb(server.url("postgres"), { max: 1 });
  await admin.$client.unsafe(`create database ${database}`);
  const url = server.url(database);
  const db = createDb(url, { max: clients + 2 });
  // KEEL_BENCH_SCRIPTS=dir keeps the pgbench scripts there to read.
  const directory = process.env.KEEL_BENCH_SCRIPTS ? path.resolve(process.env.KEEL_BENCH_SCRIPTS) : await mkdtemp(path.join(os.tmpdir(), "keel-bench-orders-"));
  await mkdir(directory, { recursive: true });
  try {
    let started = performance.now();
    await prepareDatabase(url);
    const demo = await loadDemo(db, {});
    console.log(`demo distributor loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (business date ${demo.asOf})`);
    const desk = await openDesk(db, demo.asOf);
    console.log(`${clients} clients, ${seconds} s each; ${desk.customerIds.length} customers, ${desk.stock.length} stocked item-warehouses`);

    // Order entry.
    const entered: { orderId: number; warehouseId: number }[] = [];
    const keel = await drive(clients, seconds, async (client, n) => {
      const input = orderInput(desk, client, n);
      const order = await inTransaction(db, (tx) => enterSalesOrder(tx, desk.clerk, input));
      if (order.order.status === "released") entered.push({ orderId: order.order.id, warehouseId: input.lines[0]!.warehouseId });
      return true;
    });
    const orderStatements = await capture(url, clients, async (tx, _k, attempt) => {
      const order = await enterSalesOrder(tx, desk.clerk, orderInput(desk, clients + attempt, 0));
      return order.order.status === "released";
    });
    const orderScript = path.join(directory, "order-entry.sql");
    await writeFile(orderScript, replayScript(orderStatements));
    const rawOrders = await pgbench(url, orderScript, clients, seconds);
    report("order entry (5 lines)", keel.done, keel.perSecond, orderStatements, rawOrders);

    // Invoice posting: the released orders are picked and shipped first (not timed).
    started = performance.now();
    const shipped: number[] = [];
    let next = 0;
    await drive(clients, 3600, async () => {
      const order = entered[next++];
      if (!order) return false;
      const pick = await inTransaction(db, (tx) => createPickList(tx, desk.warehouse, { orderId: order.orderId, warehouseId: order.warehouseId }));
      const shipment = await inTransaction(db, (tx) => shipShipment(tx, desk.warehouse, { shipmentId: pick.id, shipDate: desk.businessDate }));
      shipped.push(shipment.id);
      return true;
    });
    console.log(`\n${shipped.length} orders picked and shipped for invoicing in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`);
    // Shipments for the replay's captures (rolled back, so they stay uninvoiced).
    const forCapture = shipped.splice(0, clients);
    if (forCapture.length < clients || shipped.length === 0) throw new Error(`only ${forCapture.length + shipped.length} orders were released to ship`);
    let invoiceNext = 0;
    const invoices = await drive(clients, seconds, async () => {
      const shipmentId = shipped[invoiceNext++];
      if (shipmentId === undefined) return false;
      await inTransaction(db, (tx) => invoiceShipment(tx, desk.billing, { shipmentId, invoiceDate: desk.businessDate }));
      return true;
    });
    if (invoiceNext > shipped.length) console.log(`(all ${shipped.length} shipments invoiced before ${seconds} s: the rate is over the time they took)`);
    const invoiceStatements = await capture(url, clients, async (tx, k) => {
      await invoiceShipment(tx, desk.billing, { shipmentId: forCapture[k]!, invoiceDate: desk.businessDate });
      return true;
    });
    const invoiceScript = path.join(directory, "invoice-posting.sql");
    await writeFile(invoiceScript, replayScript(invoiceStatements));
    const rawInvoices = await pgbench(url, invoiceScript, clients, seconds);
    report("invoice posting", invoices.done, invoices.perSecond, invoiceStatements, rawInvoices);
  } finally {
    if (!process.env.KEEL_BENCH_SCRIPTS) await rm(directory, { recursive: true, force: true });
    await closeDb(db);
    await admin.$client.unsafe(`drop database if exists ${database} with (force)`);
    await closeDb(admin);
    await server.stop();
  }
}

function report(name: string, done: number, perSecond: number, captured: readonly (readonly CapturedStatement[])[], raw: { perSecond: number; failed: number }): void {
  const statements = captured.map((statements) => replayedStatements(statements).length);
  console.log(`\n${name}: Keel ${done} transactions committed, ${perSecond.toFixed(1)}/s; pgbench replaying the same statements raw ` +
    `(${Math.min(...statements)}-${Math.max(...statements)} per transaction, rolled back) ${raw.perSecond.toFixed(1)}/s${raw.failed > 0 ? ` (${raw.failed} failed)` : ""}; ` +
    `ratio ${((perSecond / raw.perSecond) * 100).toFixed(0)}% (target at least 50%)`);
}

await main();
