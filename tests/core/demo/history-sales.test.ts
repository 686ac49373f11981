// Proves the demo distributor's 18 months of quote-to-cash history loads through the real commands
// into a real database: every kind of document in realistic numbers, exactly what the seed planned,
// AR aging with amounts in every bucket, open AR by customer equal to the AR control account and
// stock value equal to the inventory accounts per entity, balanced trial balances, a journal that
// hledger accepts, and the same plan (digest) for the same seed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { DEFAULT_DEMO_SEED, generateDemo, loadDemo } from "../../../core/demo";
import { addDays } from "../../../core/demo/dates";
import { monthsBefore, onOrAfterBusinessDay } from "../../../core/demo/history-sales/calendar";
import { HISTORY_MONTHS, planCounts, planDigest, planSalesHistory } from "../../../core/demo/history-sales";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { inventoryReconciliation } from "../../../core/inventory";
import { trialBalance } from "../../../core/ledger";
import { formatHledger, loadJournalForExport } from "../../../core/ledger/export";
import { arAging, arReconciliation, AGING_BUCKETS } from "../../../core/sales";
import { useTestDatabase } from "../../support/database";

const { db } = await useTestDatabase();

const SEED = DEFAULT_DEMO_SEED;
const AS_OF = "2026-11-15";
const logLines: string[] = [];
let loadMs = 0;
const plan = planSalesHistory(generateDemo({ seed: SEED, asOf: AS_OF }));

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select (${query})::int as n`);
  return Number(row?.n ?? -1);
}

async function entities(): Promise<{ id: number; code: string }[]> {
  const rows = await db.execute<{ id: string; code: string }>(sql`select id, code from legal_entity order by code`);
  return rows.map((r) => ({ id: Number(r.id), code: r.code }));
}

before(async () => {
  process.env.KEEL_DEMO_PASSWORD = "demo-history-password";
  const startedMs = Date.now();
  await loadDemo(db, { seed: SEED, asOf: AS_OF, log: (line) => logLines.push(line) });
  loadMs = Date.now() - startedMs;
  // Timings are printed for the report, not asserted: a shared machine cannot time tests.
  console.log([...logLines.map((line) => `  [demo] ${line}`), `  [demo] whole load with history: ${loadMs} ms`].join("\n"));
});

test("the history spans the 18 months before the load date", async () => {
  const [row] = await db.execute<{ first: string; last: string }>(sql`select min(order_date)::text as first, max(order_date)::text as last from sales_order`);
  assert.ok(row !== undefined);
  assert.equal(plan.startDate, onOrAfterBusinessDay(monthsBefore(AS_OF, HISTORY_MONTHS)));
  assert.ok(row.first >= plan.startDate && row.first <= addDays(plan.startDate, 14), `first order ${row.first} within two weeks of ${plan.startDate}`);
  assert.ok(row.last < AS_OF && row.last >= monthsBefore(AS_OF, 1), `last order ${row.last} is in the last month before ${AS_OF}`);
  const months = await count(sql`select count(distinct to_char(order_date, 'YYYY-MM')) from sales_order`);
  assert.ok(months >= HISTORY_MONTHS, `${months} months have orders`);
});

test("what loaded is exactly what the seed planned: every quote, every order and every conversion", async () => {
  const conversions = plan.entities.flatMap((e) => e.quotes).filter((q) => q.outcome.kind === "convert" && q.outcome.date <= plan.endDate).length;
  const counts = planCounts(plan);
  assert.equal(await count(sql`select count(*) from sales_quote`), counts.quotes);
  // The ground truth's injected orders (core/demo/ground-truth) are not part of the plan.
  assert.equal(await count(sql`select count(*) from sales_order where quote_id is null
    and id not in (select subject_id from demo_ground_truth where subject_type = 'sales_order')`), counts.orders);
  assert.equal(await count(sql`select count(*) from sales_order where quote_id is not null`), conversions);
  assert.equal(await count(sql`select count(*) from sales_order_line l join sales_order o on o.id = l.order_id
    where o.quote_id is null and l.substitute_for_item_id is null
      and o.id not in (select subject_id from demo_ground_truth where subject_type = 'sales_order')`), counts.lines);
});

test("every kind of document is there in realistic numbers", async () => {
  const orders = await count(sql`select count(*) from sales_order`);
  const shipments = await count(sql`select count(*) from shipment where status = 'shipped'`);
  assert.ok(orders >= 400, `${orders} orders`);
  assert.ok(await count(sql`select count(*) from sales_order_line`) >= 1_200);
  assert.ok(await count(sql`select count(*) from sales_quote`) >= 80);
  assert.ok(await count(sql`select count(*) from sales_quote where status in ('converted', 'partially_converted')`) >= 30);
  assert.ok(await count(sql`select count(*) from sales_quote where status = 'expired'`) >= 30);
  assert.ok(shipments > orders, `${shipments} shipments for ${orders} orders`);
  assert.equal(await count(sql`select count(*) from sales_invoice where kind = 'invoice'`), shipments, "every shipment is invoiced");
  assert.ok(await count(sql`select count(*) from customer_payment`) >= 350);
  assert.ok(await count(sql`select count(*) from return_authorization`) >= 10);
  assert.ok(await count(sql`select count(*) from sales_invoice where kind = 'credit_memo'`) >= 8);
  // Replenishment: stand-in receipts, or purchase receipts once the procure-to-pay history replaces them.
  assert.ok(await count(sql`select count(*) from inventory_document where kind = 'receipt' and (reference like 'DEMO-RCV-%' or upstream_type = 'purchase_receipt')`) >= 100);
  for (const disposition of ["restock", "scrap"]) {
    assert.ok(await count(sql`select count(*) from return_line where disposition = ${disposition}`) >= 1, `a return line was ${disposition}ed`);
  }
});

test("orders went through credit holds, price overrides, backorders, substitutes and partial shipments", async () => {
  const decided = (kind: string, status: string, role: string) => count(sql`
    select count(distinct r.id) from approval_request r join approval_step s on s.request_id = r.id join app_user u on u.id = s.decided_by_user_id
     where r.kind = ${kind} and r.status = ${status} and u.username = ${role}`);
  assert.ok(await decided("credit_release", "approved", "controller") >= 15, "the controller released held orders");
  assert.ok(await decided("credit_release", "rejected", "controller") >= 1, "the controller refused some");
  assert.ok(await count(sql`select count(*) from sales_order where status = 'cancelled' and credit_request_id is not null`) >= 1, "a refused order is cancelled");
  assert.ok(await decided("pricing_override", "approved", "sales") >= 3, "sales approved EDI price overrides");
  assert.ok(await count(sql`select count(*) from sales_order_line where price_source = 'manual_override'`) >= 3);
  assert.ok(await count(sql`select count(*) from sales_order_line where substitute_for_item_id is not null`) >= 10, "substitutes were accepted");
  const refilled = await count(sql`select count(*) from (select order_line_id from shipment_line sl join shipment s on s.id = sl.shipment_id
    group by order_line_id having count(distinct s.ship_date) > 1) x`);
  assert.ok(refilled >= 20, `${refilled} lines shipped in parts on different days (backorders filled by later receipts)`);
  assert.ok(await decided("return_authorization", "approved", "sales") >= 1, "sales approved RMAs above the auto-approval limit");
});

test("customers paid on time, late, too much and without remittance, and unapplied cash was applied later", async () => {
  const late = await count(sql`select count(*) from payment_application a join sales_invoice i on i.id = a.invoice_id where a.applied_date > i.due_date + 30`);
  assert.ok(late >= 20, `${late} applications more than 30 days past due`);
  const onTime = await count(sql`select count(*) from payment_application a join sales_invoice i on i.id = a.invoice_id where a.applied_date <= i.due_date`);
  assert.ok(onTime > late * 2, "most invoices are paid on time");
  assert.ok(await count(sql`select count(*) from payment_application a join customer_payment p on p.id = a.payment_id where a.applied_date > p.received_date`) >= 3,
    "unapplied cash was applied on a later day");
});

test("AR aging as of the load date has amounts in every bucket in each entity", async () => {
  for (const entity of await entities()) {
    const aging = await inTransaction(db, (tx) => arAging(tx, SYSTEM_ACTOR, { entityId: entity.id, asOf: AS_OF }));
    for (const bucket of AGING_BUCKETS) assert.ok(aging.totals.base[bucket] > 0n, `${entity.code} has AR in ${bucket}`);
    assert.ok(aging.rows.length >= 10, `${entity.code}: ${aging.rows.length} customers owe money`);
  }
});

test("open AR by customer equals the AR control account in each entity", async () => {
  for (const entity of await entities()) {
    const reconciliation = await inTransaction(db, (tx) => arReconciliation(tx, entity.id));
    assert.ok(reconciliation.openArBaseMinor > 0n);
    assert.equal(reconciliation.differenceMinor, 0n, `${entity.code}: open AR equals the AR control account`);
    assert.deepEqual(reconciliation.customersOutOfBalance, [], `${entity.code}: every customer's open AR equals its AR lines`);
    assert.equal(reconciliation.depositsDifferenceMinor, 0n, `${entity.code}: unapplied cash equals customer deposits`);
    // The same, computed here from the documents and the control account directly (one currency per entity).
    const mismatches = await db.execute<{ customer_id: string }>(sql`
      with sub as (select customer_id, sum(case when kind = 'credit_memo' then -1 else 1 end * (total_minor - applied_minor)) as amount
                     from sales_invoice where entity_id = ${entity.id} and status <> 'void' group by customer_id),
           gl as (select l.customer_id, sum(l.debit_minor - l.credit_minor) as amount from journal_line l join account a on a.id = l.account_id
                   where a.entity_id = ${entity.id} and a.control_kind = 'ar' group by l.customer_id)
      select coalesce(sub.customer_id, gl.customer_id)::text as customer_id from sub full join gl on gl.customer_id = sub.customer_id
       where coalesce(sub.amount, 0) <> coalesce(gl.amount, 0)`);
    assert.deepEqual(mismatches.map((m) => m.customer_id), [], `${entity.code}: no customer differs`);
  }
});

test("inventory valuation equals the inventory accounts in each entity", async () => {
  for (const entity of await entities()) {
    const reconciliation = await inTransaction(db, (tx) => inventoryReconciliation(tx, entity.id));
    assert.ok(reconciliation.stockValueMinor > 0n);
    assert.equal(reconciliation.differenceMinor, 0n, `${entity.code}: stock value equals the inventory accounts`);
  }
});

test("the trial balance of each entity sums to zero and shows sales, cost of sales, returns and cash", async () => {
  for (const entity of await entities()) {
    const rows = await inTransaction(db, (tx) => trialBalance(tx, SYSTEM_ACTOR, { entityId: entity.id }));
    assert.equal(rows.reduce((sum, r) => sum + r.balanceMinor, 0n), 0n, `${entity.code} balances`);
    const balance = (code: string) => rows.find((r) => r.accountCode === code)?.balanceMinor ?? 0n;
    // Cash received, not the balance: supplier payments of the procure-to-pay history draw on it too
    // (the base demo opens no bank balance).
    const [cash] = await db.execute<{ received: string }>(sql`select coalesce(sum(l.debit_minor), 0)::text as received from journal_line l
      join account a on a.id = l.account_id where a.entity_id = ${entity.id} and a.code = '1000'`);
    assert.ok(BigInt(cash?.received ?? "0") > 0n, `${entity.code} collected cash`);
    assert.ok(balance("4000") + balance("4010") + balance("4020") + balance("4030") < 0n, `${entity.code} booked revenue`);
    assert.ok(balance("5000") + balance("5010") + balance("5020") + balance("5030") > 0n, `${entity.code} booked cost of sales`);
    assert.ok(balance("4100") > 0n, `${entity.code} booked sales returns`);
  }
});

function hledgerAvailable(t: TestContext): boolean {
  const probe = spawnSync(process.env.KEEL_HLEDGER ?? "hledger", ["--version"], { encoding: "utf8" });
  if (probe.status === 0) return true;
  t.skip("hledger not installed");
  return false;
}

test("the whole journal passes hledger check --strict", async (t) => {
  if (!hledgerAvailable(t)) return;
  const workDir = mkdtempSync(path.join(tmpdir(), "keel-demo-history-"));
  after(() => rmSync(workDir, { recursive: true, force: true }));
  const file = path.join(workDir, "demo.journal");
  writeFileSync(file, formatHledger(await inTransaction(db, (tx) => loadJournalForExport(tx, SYSTEM_ACTOR))));
  const result = spawnSync(process.env.KEEL_HLEDGER ?? "hledger", ["-f", file, "check", "--strict"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
});

test("the same seed plans the same history, and another seed another one", () => {
  assert.equal(planDigest(planSalesHistory(generateDemo({ seed: SEED, asOf: AS_OF }))), planDigest(plan));
  assert.notEqual(planDigest(planSalesHistory(generateDemo({ seed: SEED + 1, asOf: AS_OF }))), planDigest(plan));
  assert.equal(plan.extraFiscalYears.length, 0, "18 months before November fall in the two fiscal years the demo creates");
});
