// Proves the demo distributor loads into a real, empty PostgreSQL database through the real
// commands: the counts, sign-in for every demo user, stock value equal to the GL inventory
// balance per entity, balanced trial balances, and that a second load is refused untouched.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { DemoError, isDatabaseEmpty, loadDemo, type DemoSummary } from "../../../core/demo";
import { demoPassword } from "../../../core/demo/load";
import { generateDemo } from "../../../core/demo/generate";
import { signIn, SYSTEM_ACTOR } from "../../../core/governance";
import { inventoryReconciliation } from "../../../core/inventory";
import { POSTING_ROLES, trialBalance } from "../../../core/ledger";
import { isDomainError } from "../../../core/shared/errors";
import { useTestDatabase, withRollback } from "../../support/database";

const { db } = await useTestDatabase();

const SEED = 4242;
const AS_OF = "2026-11-15";
const PASSWORD = "demo-test-password";

let emptyBeforeLoad = false;
let summary: DemoSummary;
const logLines: string[] = [];

/** Customers or suppliers the ground truth added as known duplicates (the base demo's own are counted above). */
function injectedDuplicates(subjectType: "customer" | "supplier") {
  return sql`select other_subject_id from demo_ground_truth where kind = 'duplicate' and subject_type = ${subjectType} and description not like 'base demo%'`;
}

async function countOf(table: string, where = sql`true`): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
  return rows[0]?.n ?? -1;
}

before(async () => {
  emptyBeforeLoad = await isDatabaseEmpty(db);
  process.env.KEEL_DEMO_PASSWORD = PASSWORD;
  summary = await loadDemo(db, { seed: SEED, asOf: AS_OF, log: (line) => logLines.push(line) });
  // Timings are printed for the report, not asserted: a shared machine cannot time tests.
  console.log(logLines.map((line) => `  [demo] ${line}`).join("\n"));
});

test("an empty database is reported empty before the load and not after", async () => {
  assert.equal(emptyBeforeLoad, true);
  assert.equal(await isDatabaseEmpty(db), false);
});

test("the database holds what the generator made and the summary reports", async () => {
  const data = generateDemo({ seed: SEED, asOf: AS_OF });
  assert.equal(await countOf("legal_entity"), 2);
  // The procure-to-pay history adds each entity's in-transit warehouse; the ground truth adds known duplicates.
  assert.equal(await countOf("warehouse", sql`not is_transit`), 3);
  assert.equal(await countOf("item"), data.items.length);
  assert.ok(data.items.length >= 1000);
  assert.equal(await countOf("customer", sql`id not in (${injectedDuplicates("customer")})`), 300);
  assert.equal(await countOf("supplier", sql`id not in (${injectedDuplicates("supplier")})`), 40);
  assert.equal(await countOf("app_user"), 7);
  assert.equal(await countOf("exchange_rate"), data.exchangeRates.length);
  assert.equal(await countOf("fiscal_period"), 2 * 2 * 12);
  assert.equal(await countOf("customer_price"), data.customerPrices.length);
  assert.equal(await countOf("customer_ship_to", sql`customer_id not in (${injectedDuplicates("customer")})`), data.customers.reduce((n, c) => n + c.shipTos.length, 0));
  assert.equal(await countOf("price_list_line"), data.priceLists.reduce((n, l) => n + l.lines.length, 0));
  assert.equal(await countOf("inventory_document", sql`kind = 'opening'`), data.openingStock.length);
  assert.equal(await countOf("item", sql`active = false and status = 'inactive'`), data.items.filter((i) => i.status === "inactive").length);
  assert.deepEqual(
    { entities: summary.entities, warehouses: summary.warehouses, items: summary.items, customers: summary.customers, suppliers: summary.suppliers },
    { entities: 2, warehouses: 3, items: data.items.length, customers: 300, suppliers: 40 },
  );
});

test("each customer has exactly one default ship-to", async () => {
  const rows = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from customer c
     where (select count(*) from customer_ship_to s where s.customer_id = c.id and s.is_default) <> 1`);
  assert.equal(rows[0]?.n, 0);
});

test("every demo user signs in with the demo password and holds their role", async () => {
  assert.deepEqual(summary.users.map((u) => u.username), ["admin", "exec", "controller", "planner", "sales", "buyer", "warehouse"]);
  for (const user of summary.users) {
    assert.equal(user.password, PASSWORD);
    const result = await withRollback(db, (tx) => signIn(tx, { username: user.username, password: user.password }));
    assert.deepEqual(result.user.roles, user.roles);
    assert.ok(result.user.defaultEntityId !== null);
  }
  await assert.rejects(withRollback(db, (tx) => signIn(tx, { username: "admin", password: "not-the-password" })));
});

test("passwords come from KEEL_DEMO_PASSWORD, else from passwordFor, else from the random source", () => {
  const passwordFor = (username: string) => `${username}-chosen-password`;
  assert.equal(demoPassword("sales", { passwordFor }), PASSWORD);
  delete process.env.KEEL_DEMO_PASSWORD;
  try {
    assert.equal(demoPassword("sales", { passwordFor }), "sales-chosen-password");
    const generated = [demoPassword("sales", {}), demoPassword("sales", {})];
    for (const password of generated) assert.match(password, /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(generated[0], generated[1]);
  } finally {
    process.env.KEEL_DEMO_PASSWORD = PASSWORD;
  }
});

test("the GL inventory balance of each entity equals its stock value and the summary", async () => {
  const rows = await db.execute<{ code: string; id: string; stock: string; ledger: string }>(sql`
    select e.code, e.id,
      (select coalesce(sum(b.value_minor), 0) from stock_balance b where b.entity_id = e.id) as stock,
      (select coalesce(sum(l.debit_minor - l.credit_minor), 0) from journal_line l join account a on a.id = l.account_id
        where a.entity_id = e.id and a.control_kind = 'inventory') as ledger
    from legal_entity e order by e.code`);
  assert.equal(rows.length, 2);
  for (const row of rows) {
    const stock = BigInt(row.stock);
    assert.ok(stock > 0n, `${row.code} has opening stock`);
    assert.equal(BigInt(row.ledger), stock, `${row.code}: GL inventory equals stock value`);
    // The sales history has since moved stock; the opening documents still carry the opening value.
    const [opening] = await db.execute<{ value: string }>(sql`
      select coalesce(sum(m.value_minor), 0) as value from stock_movement m
      join inventory_document d on d.id = m.document_id where d.entity_id = ${row.id} and d.kind = 'opening'`);
    assert.equal(BigInt(opening?.value ?? "0"), summary.openingStockValueMinor[row.code]);
    const reconciliation = await inTransaction(db, (tx) => inventoryReconciliation(tx, Number(row.id)));
    assert.equal(reconciliation.differenceMinor, 0n);
  }
});

test("the trial balance of each entity sums to zero, opening equity mirroring the opening stock", async () => {
  for (const code of ["US01", "CA01"]) {
    const [entity] = await db.execute<{ id: string }>(sql`select id from legal_entity where code = ${code}`);
    const rows = await inTransaction(db, (tx) => trialBalance(tx, SYSTEM_ACTOR, { entityId: Number(entity?.id) }));
    assert.ok(rows.length >= 2, `${code} has postings`);
    assert.equal(rows.reduce((sum, r) => sum + r.balanceMinor, 0n), 0n);
    // Opening equity mirrors the opening stock; inventory has moved on with the sales history since.
    const equity = rows.find((r) => r.accountCode === "3000")?.balanceMinor ?? 0n;
    assert.equal(equity, -(summary.openingStockValueMinor[code] ?? 0n));
  }
});

test("every posting role has a default account rule in each entity, and janitorial revenue has its own", async () => {
  const rows = await db.execute<{ code: string; role: string }>(sql`
    select e.code, r.role from account_rule r join legal_entity e on e.id = r.entity_id
     where r.item_category_id is null and r.customer_group_id is null and r.warehouse_id is null`);
  for (const code of ["US01", "CA01"]) {
    const roles = new Set(rows.filter((r) => r.code === code).map((r) => r.role));
    for (const role of POSTING_ROLES) assert.ok(roles.has(role), `${code} has a rule for ${role}`);
  }
  const [janitorial] = await db.execute<{ account: string }>(sql`
    select a.code as account from account_rule r join account a on a.id = r.account_id
      join item_category c on c.id = r.item_category_id join legal_entity e on e.id = r.entity_id
     where e.code = 'US01' and c.code = 'JAN' and r.role = 'revenue'`);
  assert.equal(janitorial?.account, "4010");
});

test("items, customers, suppliers and warehouses are in the audit trail", async () => {
  for (const [kind, table] of [["item", "item"], ["customer", "customer"], ["supplier", "supplier"], ["warehouse", "warehouse"]] as const) {
    const audited = await countOf("audit_log", sql`object_kind = ${kind} and action = 'create'`);
    assert.equal(audited, await countOf(table), `${kind} creations are audited`);
  }
});

test("a second load is refused with a typed error and changes nothing", async () => {
  const itemsBefore = await countOf("item");
  const auditBefore = await countOf("audit_log");
  await assert.rejects(loadDemo(db, { seed: SEED + 1, asOf: AS_OF }), (error) => isDomainError(error) && error.code === DemoError.DATABASE_NOT_EMPTY);
  assert.equal(await countOf("legal_entity"), 2);
  assert.equal(await countOf("item"), itemsBefore);
  assert.equal(await countOf("audit_log"), auditBefore);
});
