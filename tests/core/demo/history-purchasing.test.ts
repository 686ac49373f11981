// Proves the demo distributor's procure-to-pay history loads through the real purchasing commands
// on a real loadDemo: purchase orders approved by someone other than the requester, receipts
// (partial and late), supplier invoices matched three ways with resolved match exceptions, landed
// cost on imports, weekly payment runs, rebate accruals, transfers and cycle counts; and that after
// the load every subledger reconciles per entity (GRNI, AP, stock, AR), open orders remain as
// scheduled receipts and AP aging has amounts in several buckets. Then the ground truth of issue 8:
// 20-40 anomalies and 20-30 duplicate pairs recorded, each naming records that exist and really are
// what the row says (a weekend round-amount entry, a second payment of one invoice, a similar name).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { DEFAULT_DEMO_SEED, loadDemo } from "../../../core/demo";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { inventoryReconciliation } from "../../../core/inventory";
import { trialBalance } from "../../../core/ledger";
import { apAging, apReconciliation, AGING_BUCKETS, grniReconciliation, listScheduledReceipts } from "../../../core/purchasing";
import { arReconciliation } from "../../../core/sales";
import { listGroundTruth, planDuplicates } from "../../../core/demo/ground-truth";
import { generateDemo } from "../../../core/demo";
import { createRandom } from "../../../core/demo/random";
import { useTestDatabase } from "../../support/database";

const { db } = await useTestDatabase();

const AS_OF = "2026-11-15";
const logLines: string[] = [];

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
  await loadDemo(db, { seed: DEFAULT_DEMO_SEED, asOf: AS_OF, log: (line) => logLines.push(line) });
  // Timings are printed for the report, not asserted: a shared machine cannot time tests.
  console.log([...logLines.map((line) => `  [demo] ${line}`), `  [demo] whole load with history: ${Date.now() - startedMs} ms`].join("\n"));
});

test("purchase orders were approved by the policy or by people other than the requester", async () => {
  assert.ok(await count(sql`select count(*) from purchase_order`) >= 150);
  assert.equal(await count(sql`select count(*) from purchase_order where status in ('draft', 'pending_approval')`), 0, "no order is stuck");
  const selfApproved = await count(sql`select count(*) from approval_request r join approval_step s on s.request_id = r.id
    where r.kind = 'purchase_order' and s.decided_by_user_id = r.requested_by_user_id`);
  assert.equal(selfApproved, 0, "nobody approved their own order");
  const decidedBy = async (username: string) => count(sql`select count(distinct r.id) from approval_request r join approval_step s on s.request_id = r.id
    join app_user u on u.id = s.decided_by_user_id where r.kind = 'purchase_order' and s.status = 'approved' and u.username = ${username}`);
  assert.ok(await decidedBy("buyer") >= 20, "the buyer approved orders the admin submitted");
  assert.ok(await decidedBy("controller") >= 20, "the controller approved the second step");
  const byPolicy = await count(sql`select count(*) from approval_request r where r.kind = 'purchase_order' and r.status = 'approved'
    and not exists (select 1 from approval_step s where s.request_id = r.id)`);
  assert.ok(byPolicy >= 10, `${byPolicy} routine orders were approved by policy`);
});

test("goods arrived in parts and late, and late receipts raised exceptions", async () => {
  assert.ok(await count(sql`select count(*) from purchase_receipt`) >= 150);
  const split = await count(sql`select count(*) from (select purchase_order_id from purchase_receipt group by purchase_order_id having count(*) > 1) x`);
  assert.ok(split >= 5, `${split} orders arrived in more than one receipt`);
  assert.ok(await count(sql`select count(*) from purchase_receipt where days_late > 0`) >= 10);
  assert.ok(await count(sql`select count(*) from exception_item where kind = 'delayed_receipt'`) >= 10);
});

test("supplier invoices matched three ways, with price and quantity exceptions resolved", async () => {
  assert.ok(await count(sql`select count(*) from supplier_invoice where status in ('posted', 'partially_paid', 'paid')`) >= 150);
  assert.ok(await count(sql`select count(*) from supplier_invoice_line where match_status <> 'matched'`) >= 3, "some lines did not match");
  assert.ok(await count(sql`select count(*) from supplier_invoice where status = 'void'`) >= 1, "a mismatched invoice was rejected");
  assert.equal(await count(sql`select count(*) from supplier_invoice where status = 'match_exception' and invoice_date < ${AS_OF}::date - 14`), 0, "old exceptions were resolved");
  assert.ok(await count(sql`select count(*) from exception_item where kind = 'match_exception' and state = 'resolved'`) >= 3);
});

test("imports carry landed cost, rebates accrued, runs paid suppliers, stock moved between warehouses and was counted", async () => {
  assert.ok(await count(sql`select count(*) from landed_cost_charge where kind = 'freight'`) >= 3);
  assert.ok(await count(sql`select count(*) from landed_cost_charge where kind = 'duty'`) >= 3);
  assert.ok(await count(sql`select count(*) from supplier_rebate_accrual`) >= 20);
  assert.ok(await count(sql`select count(*) from supplier_rebate_agreement where status = 'settled'`) >= 1);
  assert.ok(await count(sql`select count(*) from payment_run where status = 'paid'`) >= 50);
  assert.ok(await count(sql`select count(*) from supplier_payment where journal_entry_id is not null`) >= 100);
  assert.ok(await count(sql`select count(*) from transfer_order where status = 'received'`) >= 2);
  assert.equal(await count(sql`select count(*) from warehouse where is_transit`), 2, "one transit warehouse per entity");
  assert.ok(await count(sql`select count(*) from cycle_count where status = 'posted'`) >= 30);
  assert.ok(await count(sql`select count(*) from exception_item where kind = 'inventory_variance'`) >= 1);
});

test("open purchase orders remain as scheduled receipts for available-to-promise", async () => {
  for (const entity of await entities()) {
    const items = await db.execute<{ item_id: string; warehouse_id: string }>(sql`select distinct l.item_id, l.warehouse_id from purchase_order_line l
      join purchase_order o on o.id = l.purchase_order_id where o.entity_id = ${entity.id} order by 1, 2 limit 2000`);
    const scheduled = await inTransaction(db, (tx) => listScheduledReceipts(tx, { itemIds: [...new Set(items.map((i) => Number(i.item_id)))] }));
    assert.ok(scheduled.length >= 3, `${entity.code}: ${scheduled.length} scheduled receipts`);
  }
});

test("GRNI, AP, stock and AR each reconcile with their control accounts in each entity", async () => {
  for (const entity of await entities()) {
    const grni = await inTransaction(db, (tx) => grniReconciliation(tx, entity.id));
    assert.ok(grni.subledgerMinor > 0n, `${entity.code}: some receipts are not invoiced yet`);
    assert.equal(grni.differenceMinor, 0n, `${entity.code}: GRNI equals received not invoiced`);
    const ap = await inTransaction(db, (tx) => apReconciliation(tx, entity.id));
    assert.ok(ap.subledgerMinor > 0n, `${entity.code}: some supplier invoices are open`);
    assert.equal(ap.differenceMinor, 0n, `${entity.code}: AP control equals open payables`);
    const stock = await inTransaction(db, (tx) => inventoryReconciliation(tx, entity.id));
    assert.equal(stock.differenceMinor, 0n, `${entity.code}: stock value equals the inventory accounts`);
    const ar = await inTransaction(db, (tx) => arReconciliation(tx, entity.id));
    assert.equal(ar.differenceMinor, 0n, `${entity.code}: open AR equals the AR control account`);
    const rows = await inTransaction(db, (tx) => trialBalance(tx, SYSTEM_ACTOR, { entityId: entity.id }));
    assert.equal(rows.reduce((sum, r) => sum + r.balanceMinor, 0n), 0n, `${entity.code} balances`);
  }
});

test("AP aging at the load date has amounts in several buckets", async () => {
  for (const entity of await entities()) {
    const aging = await inTransaction(db, (tx) => apAging(tx, SYSTEM_ACTOR, { entityId: entity.id, asOf: AS_OF }));
    const filled = AGING_BUCKETS.filter((bucket) => aging.totals[bucket] > 0n);
    console.log(`  [demo] ${entity.code} AP aging: ${AGING_BUCKETS.map((b) => `${b} ${aging.totals[b]}`).join(", ")}`);
    assert.ok(filled.length >= 3, `${entity.code}: AP in ${filled.join(", ")}`);
  }
});

test("the ground truth records 20-40 anomalies of every kind, each naming a record that exists", async () => {
  const anomalies = await inTransaction(db, (tx) => listGroundTruth(tx, "anomaly"));
  assert.ok(anomalies.length >= 20 && anomalies.length <= 40, `${anomalies.length} anomalies`);
  const kinds = new Set(anomalies.map((a) => a.subjectType));
  for (const kind of ["journal_entry", "price_change", "inventory_adjustment", "sales_order", "supplier_terms"]) assert.ok(kinds.has(kind), `an anomaly of kind ${kind}`);
  const tableOf: Record<string, string> = { journal_entry: "journal_entry", price_change: "price_list_line", inventory_adjustment: "inventory_document", sales_order: "sales_order", supplier_terms: "supplier" };
  for (const anomaly of anomalies) {
    const table = tableOf[anomaly.subjectType];
    assert.ok(table !== undefined, `known subject type ${anomaly.subjectType}`);
    assert.equal(await count(sql`select count(*) from ${sql.identifier(table)} where id = ${anomaly.subjectId}`), 1, `${anomaly.subjectType} ${anomaly.subjectId} exists`);
  }
});

test("injected journal anomalies are what they claim: weekend round amounts and second payments of one invoice", async () => {
  const journals = await inTransaction(db, (tx) => listGroundTruth(tx, "anomaly", "journal_entry"));
  const odd = await db.execute<{ id: string; weekday: number; round: boolean }>(sql`
    select e.id::text, extract(isodow from e.posting_date)::int as weekday, bool_and(l.debit_minor % 100000 = 0 and l.credit_minor % 100000 = 0) as round
      from journal_entry e join journal_line l on l.entry_id = e.id where e.id in ${sql`(${sql.join(journals.map((j) => sql`${j.subjectId}`), sql`, `)})`}
     group by e.id, e.posting_date`);
  const weekendRound = odd.filter((r) => r.weekday >= 6 && r.round);
  assert.ok(weekendRound.length >= 6, `${weekendRound.length} round-amount entries on weekends`);
  const duplicatePayments = await count(sql`select count(*) from supplier_payment p join demo_ground_truth g on g.subject_id = p.journal_entry_id and g.subject_type = 'journal_entry'
    join supplier_payment_application a on a.payment_id = p.id join supplier_invoice i on i.id = a.invoice_id
    where exists (select 1 from supplier_invoice o join supplier_payment_application oa on oa.invoice_id = o.id
                   where o.supplier_id = i.supplier_id and o.supplier_invoice_ref || 'A' = i.supplier_invoice_ref and oa.amount_minor = a.amount_minor)`);
  assert.ok(duplicatePayments >= 4, `${duplicatePayments} supplier payments repeat an earlier payment of the same invoice`);
});

test("the ground truth records 20-30 duplicate customer and supplier pairs of one entity each", async () => {
  const pairs = await inTransaction(db, (tx) => listGroundTruth(tx, "duplicate"));
  assert.ok(pairs.length >= 20 && pairs.length <= 30, `${pairs.length} duplicate pairs`);
  assert.ok(pairs.some((p) => p.subjectType === "supplier") && pairs.some((p) => p.subjectType === "customer"));
  for (const style of ["typo", "abbreviation", "swapped fields", "base demo"]) assert.ok(pairs.some((p) => p.description.includes(style)), `a ${style} duplicate`);
  for (const pair of pairs) {
    const table = pair.subjectType === "customer" ? "customer" : "supplier";
    const rows = await db.execute<{ entity_id: string; name: string }>(sql`select entity_id::text, name from ${sql.identifier(table)} where id in (${pair.subjectId}, ${pair.otherSubjectId}) order by id`);
    assert.equal(rows.length, 2, `${pair.description}: both records exist`);
    assert.equal(rows[0]?.entity_id, rows[1]?.entity_id, `${pair.description}: one entity`);
  }
});

test("the duplicates are planned from the seed: the same seed plans the same pairs", () => {
  const data = generateDemo({ seed: DEFAULT_DEMO_SEED, asOf: AS_OF });
  const plan = () => planDuplicates(data, createRandom(data.seed).fork("ground-truth"));
  assert.deepEqual(plan(), plan());
  assert.equal(plan().existingCustomers.length, 6, "the base demo's six near-duplicates are known");
});
