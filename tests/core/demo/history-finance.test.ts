// Proves the demo distributor's record-to-report history (issue 9) on the demo the test runner
// loads: every month but the last two is hard-closed for both entities through the checklist (with
// FX revaluation runs), intercompany sales went through approval and posted in both ledgers with
// nothing left to reconcile, customer rebates accrued as invoices posted and settled by credit memo
// after each quarter with the accrual reconciling, and the consolidated balance sheet in USD
// balances with intercompany balances eliminated to zero.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { monthStartBefore, OPEN_MONTHS } from "../../../core/demo/history-finance";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { consolidate } from "../../../core/ledger/consolidation";
import { intercompanyReconciliation } from "../../../core/ledger/intercompany";
import { customerRebateReconciliation } from "../../../core/sales/rebates";
import { useDemoDatabase } from "../../support/database";

const { db } = await useDemoDatabase();

async function entities(): Promise<{ id: number; code: string }[]> {
  const rows = await db.execute<{ id: string; code: string }>(sql`select id, code from legal_entity order by code`);
  return rows.map((r) => ({ id: Number(r.id), code: r.code }));
}

const today = new Date().toISOString().slice(0, 10);

test("every period of both entities before the last open months is hard-closed through the checklist, and the recent ones stay open", async () => {
  const cutoff = monthStartBefore(today, OPEN_MONTHS);
  for (const entity of await entities()) {
    const rows = await db.execute<{ code: string; status: string; close_status: string | null; failed: number; revalued: boolean; end_date: string }>(sql`
      select p.code, p.status, c.status as close_status, p.end_date::text,
             (select count(*) from period_close_check k where k.period_close_id = c.id and k.blocking)::int as failed,
             exists (select 1 from revaluation_run r where r.fiscal_period_id = p.id) as revalued
        from fiscal_period p left join period_close c on c.fiscal_period_id = p.id
       where p.entity_id = ${entity.id} and p.end_date >= (select min(posting_date) from journal_entry where entity_id = ${entity.id})
       order by p.start_date`);
    const closed = rows.filter((r) => r.end_date < cutoff);
    assert.ok(closed.length >= 15, `${entity.code}: at least 15 months of history are closed (got ${closed.length})`);
    for (const row of closed) {
      assert.equal(row.status, "closed", `${entity.code} ${row.code}: the fiscal period is closed`);
      assert.equal(row.close_status, "hard_closed", `${entity.code} ${row.code}: the close reached hard close`);
      assert.equal(row.failed, 0, `${entity.code} ${row.code}: no blocking check in its last checklist`);
      assert.equal(row.revalued, true, `${entity.code} ${row.code}: a revaluation run was recorded`);
    }
    const open = rows.filter((r) => r.end_date >= cutoff);
    assert.ok(open.length >= OPEN_MONTHS, `${entity.code}: the recent months are left open`);
    for (const row of open) assert.notEqual(row.status, "closed", `${entity.code} ${row.code}: still open`);
  }
});

test("a hard-closed demo period refuses a posting at the database", async () => {
  const [entity] = await entities();
  const [period] = await db.execute<{ id: string; start_date: string; currency: string }>(sql`
    select p.id, p.start_date::text, e.base_currency as currency from fiscal_period p join legal_entity e on e.id = p.entity_id
     where p.entity_id = ${entity!.id} and p.status = 'closed' order by p.start_date desc limit 1`);
  assert.ok(period, "a closed period exists");
  await assert.rejects(db.execute(sql`insert into journal_entry (entity_id, entry_number, posting_date, period_id, event_type, source_type, description, base_currency)
    values (${entity!.id}, 'TEST-CLOSED', ${period.start_date}, ${period.id}, 'ledger.manual_journal', 'test', 'into a closed period', ${period.currency})`),
    (error: unknown) => /LEDGER_PERIOD_CLOSED/.test(String((error as { cause?: Error }).cause?.message ?? error)));
});

test("intercompany sales ran through approval and posted both ledgers, leaving nothing to reconcile", async () => {
  const trades = await db.execute<{ status: string; n: number; approved: number }>(sql`
    select t.status, count(*)::int as n, count(*) filter (where r.status = 'approved')::int as approved
      from intercompany_trade t join approval_request r on r.id = t.approval_request_id group by t.status`);
  const posted = trades.find((t) => t.status === "posted");
  assert.ok(posted && posted.n >= 12, `at least 12 posted intercompany sales (got ${posted?.n})`);
  assert.equal(posted.approved, posted.n, "every posted trade was approved through the engine");
  const directions = await db.execute<{ seller: string; buyer: string }>(sql`
    select distinct s.code as seller, b.code as buyer from intercompany_trade t join legal_entity s on s.id = t.seller_entity_id join legal_entity b on b.id = t.buyer_entity_id`);
  assert.deepEqual(directions.map((d) => `${d.seller}->${d.buyer}`), ["US01->CA01"], "the US entity sells stock on to Canada");
  const reconciliation = await inTransaction(db, (tx) => intercompanyReconciliation(tx, SYSTEM_ACTOR, { asOf: today }));
  assert.deepEqual(reconciliation.mismatches, [], "no trade differs from its entries");
  for (const account of reconciliation.accounts) assert.equal(account.unexplainedMinor, 0n, `${account.entityCode} ${account.role}: fully explained by trades`);
  assert.ok(reconciliation.accounts.some((a) => a.balanceMinor !== 0n), "the intercompany accounts carry balances");
});

test("customer rebates accrued as the history's invoices posted, settled by credit memo after each quarter, and the accrual reconciles", async () => {
  const [agreements] = await db.execute<{ settled: number; open: number; memos: number }>(sql`
    select count(*) filter (where status = 'settled')::int as settled, count(*) filter (where status = 'open')::int as open,
           count(credit_memo_id)::int as memos from customer_rebate_agreement`);
  assert.ok(agreements!.settled >= 24, `past quarters are settled (got ${agreements!.settled})`);
  assert.ok(agreements!.open >= 2, "the current quarter's agreements are still open");
  assert.ok(agreements!.memos >= agreements!.settled / 2, `most settled agreements earned a rebate and issued a credit memo (${agreements!.memos} of ${agreements!.settled})`);
  const [unpaid] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from customer_rebate_agreement a where a.status = 'settled' and a.credit_memo_id is null
       and (select coalesce(sum(x.amount_minor), 0) from customer_rebate_accrual x where x.agreement_id = a.id) > 0`);
  assert.equal(unpaid!.n, 0, "every settled agreement with a rebate due credited it");
  const [accruals] = await db.execute<{ n: number; entries: number }>(sql`
    select count(*)::int as n, count(journal_entry_id)::int as entries from customer_rebate_accrual where source_type = 'sales_invoice'`);
  assert.ok(accruals!.n >= 50 && accruals!.entries >= 50, `the rebate customers' invoices accrued rebates as they posted (got ${accruals!.n})`);
  for (const entity of await entities()) {
    const rec = await inTransaction(db, (tx) => customerRebateReconciliation(tx, entity.id));
    assert.equal(rec.differenceMinor, 0n, `${entity.code}: rebate accrual subledger equals the GL`);
    assert.ok(rec.glMinor > 0n, `${entity.code}: the open quarter carries an accrual`);
  }
});

test("the consolidated balance sheet of the demo group balances in USD, with intercompany balances eliminated", async () => {
  const result = await inTransaction(db, (tx) => consolidate(tx, SYSTEM_ACTOR, { reportingCurrency: "USD", from: `${today.slice(0, 4)}-01-01`, to: today }));
  assert.equal(result.entities.length, 2);
  const sheet = result.balanceSheet;
  assert.ok(sheet.totalAssetsMinor > 0n);
  assert.equal(sheet.totalAssetsMinor, sheet.totalLiabilitiesAndEquityMinor, "assets equal liabilities and equity");
  for (const code of ["1400", "2500"]) {
    const line = result.accounts.find((a) => a.accountCode === code);
    assert.ok(line, `account ${code} is in the consolidation`);
    assert.ok(line.entities.some((e) => e.closingMinor !== 0n), `${code}: the entities carry intercompany balances`);
    assert.equal(line.closingMinor, 0n, `${code}: eliminated to zero in the group`);
  }
  assert.ok(result.entities.some((e) => e.translationReserveMinor !== 0n), "CA01 translates with a reserve");
});
