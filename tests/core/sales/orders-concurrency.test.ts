// Proves allocation under real concurrency: 40 orders entered at once in separate committed
// transactions (inTransaction with retries) for an item with 25 on hand never allocate more
// than 25 (checked on stock_balance and on the order lines while they run and after); the rest
// backorders; a receipt plus reallocateBackorders then fills the queue gold first, then the
// oldest order. Five concurrent retries with one idempotency key create one order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { receiveStock } from "../../../core/inventory";
import { enterSalesOrder, listBackorders, reallocateBackorders } from "../../../core/sales";
import { useTestDatabase } from "../../support/database";
import { balanceOf, createCustomer, createSalesFixture, lineAllocationsOf, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase({ max: 50 });
const fx = await createSalesFixture(db, { code: "OC" });
const [itemA, itemB] = fx.itemIds as [number, number];
const [whA] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "25");
await receive(db, fx, itemB, whA, "100");
const customers = await inTransaction(db, async (tx) => {
  const ids: { id: number; tier: "gold" | "standard" }[] = [];
  for (let i = 0; i < 8; i++) {
    const tier = i % 2 === 0 ? "gold" : "standard";
    ids.push({ id: await createCustomer(tx, fx, `OC-C${i}`, tier), tier });
  }
  return ids;
});

type LineRow = { order_id: string; priority: number; order_date: string; allocated: string; backordered: string };

/** The allocation queue's order: higher priority first, then the older order, then the lower id. */
function queueOrder(a: LineRow, b: LineRow): number {
  return b.priority - a.priority || a.order_date.localeCompare(b.order_date) || Number(a.order_id) - Number(b.order_id);
}

async function lines(): Promise<LineRow[]> {
  return db.execute<LineRow>(sql`select o.id as order_id, o.priority, o.order_date::text as order_date, l.base_qty_allocated::text as allocated,
      (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated)::text as backordered
    from sales_order_line l join sales_order o on o.id = l.order_id where l.item_id = ${itemA} order by o.id`);
}

test("40 concurrent orders against 25 on hand allocate exactly 25, and a receipt fills backorders gold first, then oldest", async () => {
  let running = true;
  const samples: { balance: number; lines: number }[] = [];
  const monitor = (async () => {
    while (running) {
      samples.push({ balance: (await balanceOf(db, itemA, whA)).allocated, lines: await lineAllocationsOf(db, itemA, whA) });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => inTransaction(db, (tx) => enterSalesOrder(tx, fx.users.clerk, {
    entityId: fx.entityId, customerId: customers[i % 8]!.id, channel: "web", orderDate: `2026-04-${String(1 + ((i * 7) % 20)).padStart(2, "0")}`,
    lines: [{ itemId: itemA, warehouseId: whA, uom: "EA", qty: "1" }, { itemId: itemB, warehouseId: whA, uom: "EA", qty: "1" }],
    idempotencyKey: `burst-${i}`,
  }))));
  running = false;
  await monitor;
  assert.equal(orders.length, 40);
  assert.ok(samples.length > 0, "the monitor sampled while orders ran");
  for (const s of samples) {
    assert.ok(s.balance <= 25, `stock_balance.qty_allocated ${s.balance} stayed within 25`);
    assert.ok(s.lines <= 25, `line allocations ${s.lines} stayed within 25`);
  }
  assert.deepEqual(await balanceOf(db, itemA, whA), { onHand: 25, allocated: 25 });
  assert.equal(await lineAllocationsOf(db, itemA, whA), 25);
  assert.deepEqual(await balanceOf(db, itemB, whA), { onHand: 100, allocated: 40 });
  const before = await lines();
  assert.equal(before.filter((l) => Number(l.allocated) === 1).length, 25);
  const waiting = before.filter((l) => Number(l.backordered) === 1);
  assert.equal(waiting.length, 15, "the rest backordered");
  // The expected winners: the backordered lines in queue order (priority desc, order date, order id), first 10.
  const ranked = waiting.slice().sort(queueOrder);
  const queue = await inTransaction(db, (tx) => listBackorders(tx, fx.users.clerk, { entityId: fx.entityId, itemId: itemA, limit: 100 }));
  assert.deepEqual(queue.map((r) => String(r.orderId)), ranked.map((l) => l.order_id), "the listed queue is in allocation order");
  const expected = ranked.slice(0, 10).map((l) => l.order_id).sort();
  await inTransaction(db, (tx) => receiveStock(tx, fx.users.receiver, { entityId: fx.entityId, warehouseId: whA, documentDate: "2026-05-01", kind: "receipt",
    lines: [{ itemId: itemA, qty: "10", unitCostMinor: 600n }] }));
  const result = await inTransaction(db, (tx) => reallocateBackorders(tx, fx.users.receiver, { itemId: itemA, warehouseId: whA }));
  assert.equal(result.lines.length, 10);
  assert.deepEqual(result.lines.map((l) => String(l.orderId)).sort(), expected);
  const after = await lines();
  const filled = new Set(expected);
  const stillWaiting = after.filter((l) => Number(l.backordered) === 1);
  assert.equal(stillWaiting.length, 5);
  for (const line of stillWaiting) assert.ok(!filled.has(line.order_id));
  const worstFilled = after.filter((l) => filled.has(l.order_id)).sort(queueOrder).at(-1)!;
  for (const line of stillWaiting) assert.ok(queueOrder(worstFilled, line) < 0, `waiting order ${line.order_id} does not outrank a filled one`);
  const goldWaiting = waiting.filter((l) => l.priority === 30).length;
  const goldFilled = after.filter((l) => filled.has(l.order_id) && l.priority === 30).length;
  assert.equal(goldFilled, Math.min(goldWaiting, 10), "gold backorders are filled before any standard one");
  assert.deepEqual(await balanceOf(db, itemA, whA), { onHand: 35, allocated: 35 });
  assert.equal(await lineAllocationsOf(db, itemA, whA), 35);
});

test("five concurrent retries with one idempotency key create one order", async () => {
  const before = await db.execute<{ n: number }>(sql`select count(*)::int as n from sales_order`);
  const results = await Promise.all(Array.from({ length: 5 }, () => inTransaction(db, (tx) => enterSalesOrder(tx, fx.users.clerk, {
    entityId: fx.entityId, customerId: customers[0]!.id, channel: "api", orderDate: "2026-05-02", idempotencyKey: "retry-storm",
    lines: [{ itemId: itemB, warehouseId: whA, uom: "EA", qty: "2" }],
  }))));
  assert.equal(new Set(results.map((r) => r.order.id)).size, 1);
  assert.equal(results.filter((r) => !r.replayed).length, 1);
  const after = await db.execute<{ n: number }>(sql`select count(*)::int as n from sales_order`);
  assert.equal(after[0]!.n, before[0]!.n + 1);
  assert.deepEqual(await balanceOf(db, itemB, whA), { onHand: 100, allocated: 42 });
});
