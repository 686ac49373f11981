// Proves consolidation to the minor unit against figures worked by hand: a USD parent (P1) and a
// CAD subsidiary (C1), CAD weakening from 0.75 to 0.72 USD. C1's balance sheet translates at the
// closing rate 0.72, its February income at the average 0.73 (14 days at 0.74, 14 at 0.72), its
// January earnings at January's 0.75 and its equity at the 0.75 of its posting date, leaving a
// translation reserve of 396.00 USD (debit). An approved intercompany sale (P1 ships goods costing
// 500.00 to C1 for 720.00 USD = 1,000.00 CAD) posts mirrored entries that eliminate to zero, and
// the 220.00 profit on the goods C1 still holds leaves inventory. The balance sheet balances.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor } from "../../../core/governance";
import { decideApprovalStep, installDefaultPolicies } from "../../../core/governance/approvals";
import { receiveStock } from "../../../core/inventory";
import { postJournal, setAccountRule, type PostingRole } from "../../../core/ledger";
import { consolidate, rateTableOf, TRANSLATION_RESERVE_CODE, type Consolidation } from "../../../core/ledger/consolidation";
import { intercompanyReconciliation, requestIntercompanySale, setIntercompanyPartner } from "../../../core/ledger/intercompany";
import { intercompanyTrade } from "../../../core/ledger/intercompany/schema";
import { journalLine } from "../../../core/ledger/schema";
import { account, currency, exchangeRate, legalEntity } from "../../../core/masters/schema";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture, type LedgerFixture } from "../../support/ledger-fixture";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const p1 = await createLedgerFixture(db, { code: "P1" });
const c1 = await createLedgerFixture(db, { code: "C1" });
const IC_ACCOUNTS: [PostingRole, string, string, "asset" | "liability" | "revenue"][] = [
  ["ic_receivable", "1400", "Intercompany receivable", "asset"], ["ic_payable", "2500", "Intercompany payable", "liability"],
  ["ic_revenue", "4500", "Intercompany revenue", "revenue"],
];

await inTransaction(db, async (tx) => {
  await tx.insert(currency).values({ code: "CAD", name: "Canadian dollar", minorUnitDigits: 2 }).onConflictDoNothing();
  await tx.update(legalEntity).set({ baseCurrency: "CAD" }).where(eq(legalEntity.id, c1.entityId));
  for (const fx of [p1, c1]) {
    for (const [role, code, name, type] of IC_ACCOUNTS) {
      const [row] = await tx.insert(account).values({ entityId: fx.entityId, code, name, type }).returning();
      await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role, accountId: row!.id });
    }
  }
  await tx.insert(exchangeRate).values([
    { fromCurrency: "CAD", toCurrency: "USD", rateDate: "2026-01-01", ratePpm: 750_000n },
    { fromCurrency: "CAD", toCurrency: "USD", rateDate: "2026-02-01", ratePpm: 740_000n },
    { fromCurrency: "CAD", toCurrency: "USD", rateDate: "2026-02-15", ratePpm: 720_000n },
  ]);
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
  await setIntercompanyPartner(tx, SYSTEM_ACTOR, { entityId: p1.entityId, partnerEntityId: c1.entityId });
});

async function post(fx: LedgerFixture, date: string, debit: number, credit: number, amount: bigint) {
  await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, {
    entityId: fx.entityId, postingDate: date, eventType: "test.manual", sourceType: "test", sourceId: null, description: `test ${date}`,
    lines: [{ accountId: debit, debitMinor: amount, creditMinor: 0n }, { accountId: credit, debitMinor: 0n, creditMinor: amount }],
  }));
}

// C1, in CAD.
await post(c1, "2026-01-05", c1.accounts.cash, c1.accounts.openingEquity, 1_000_000n);
await post(c1, "2026-01-20", c1.accounts.ar, c1.accounts.revenue, 300_000n);
await post(c1, "2026-02-10", c1.accounts.ar, c1.accounts.revenue, 100_000n);
await post(c1, "2026-02-12", c1.accounts.cogs, c1.accounts.cash, 40_000n);
// P1, in USD: cash, and 10 units of stock at 100.00 through the stock ledger.
await post(p1, "2026-01-05", p1.accounts.cash, p1.accounts.openingEquity, 500_000n);
await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: p1.entityId, warehouseId: p1.warehouseIds[0], documentDate: "2026-01-10",
  kind: "opening", lines: [{ itemId: p1.itemIds[0]!, qty: "10", unitCostMinor: 10_000n }] }));

const controller: Actor = await inTransaction(db, async (tx) => {
  const user = await createUser(tx, SYSTEM_ACTOR, { username: "cleo.controller", displayName: "Cleo", password: "consolidation-test-pw", roles: ["controller"] });
  return { userId: user.id, username: user.username, roles: user.roles };
});
const buyer: Actor = await inTransaction(db, async (tx) => {
  const user = await createUser(tx, SYSTEM_ACTOR, { username: "bo.buyer", displayName: "Bo", password: "consolidation-test-pw", roles: ["buyer"] });
  return { userId: user.id, username: user.username, roles: user.roles };
});

const SALE = {
  sellerEntityId: p1.entityId, buyerEntityId: c1.entityId, tradeDate: "2026-02-20", fromWarehouseId: p1.warehouseIds[0], toWarehouseId: c1.warehouseIds[0],
  lines: [{ itemId: p1.itemIds[0]!, qty: "5", unitPriceMinor: 14_400n }], idempotencyKey: "ic-sale-1",
};
const FEBRUARY = { reportingCurrency: "USD", from: "2026-02-01", to: "2026-02-28", entityIds: [p1.entityId, c1.entityId] };

async function linesOf(entryId: number) {
  const rows = await db.select({ code: account.code, debit: journalLine.debitMinor, credit: journalLine.creditMinor, currency: journalLine.documentCurrency })
    .from(journalLine).innerJoin(account, eq(account.id, journalLine.accountId)).where(eq(journalLine.entryId, entryId));
  return rows.map((r) => `${r.code} ${r.debit > 0n ? "Dr" : "Cr"} ${r.debit > 0n ? r.debit : r.credit} ${r.currency}`).sort();
}

function accountOf(result: Consolidation, code: string) {
  const found = result.accounts.find((a) => a.accountCode === code);
  assert.ok(found, `consolidated account ${code}`);
  return found;
}

test("the average rate is the mean of each day's rate in force, and a missing rate is refused", () => {
  const table = rateTableOf("CAD", "USD", [{ date: "2026-02-01", ratePpm: 740_000n }, { date: "2026-02-15", ratePpm: 720_000n }], []);
  assert.equal(table.average("2026-02-01", "2026-02-28"), 730_000n);
  assert.equal(table.on("2026-02-14"), 740_000n);
  const inverse = rateTableOf("USD", "CAD", [], [{ date: "2026-02-15", ratePpm: 720_000n }]);
  assert.equal(inverse.on("2026-02-20"), 1_388_889n);
  assert.throws(() => table.on("2026-01-31"), /CONSOLIDATION_RATE_NOT_FOUND/);
});

test("an intercompany sale waits for approval, then posts mirrored entries in both ledgers", async () => {
  const requested = await inTransaction(db, (tx) => requestIntercompanySale(tx, buyer, SALE));
  assert.equal(requested.status, "pending_approval");
  assert.equal(requested.totalMinor, 72_000n);
  const replay = await inTransaction(db, (tx) => requestIntercompanySale(tx, buyer, SALE));
  assert.equal(replay.id, requested.id, "a retried request returns the first trade");
  await inTransaction(db, (tx) => decideApprovalStep(tx, controller, { requestId: requested.approvalRequestId!, decision: "approve" }));
  const [trade] = await db.select().from(intercompanyTrade).where(eq(intercompanyTrade.id, requested.id));
  assert.equal(trade!.status, "posted");
  assert.equal(trade!.costMinor, 50_000n);
  assert.equal(trade!.buyerTotalMinor, 100_000n, "720.00 USD at 1/0.72 = 1,000.00 CAD");
  assert.deepEqual(await linesOf(trade!.sellerEntryId!), ["1200 Cr 50000 USD", "1400 Dr 72000 USD", "4500 Cr 72000 USD", "5000 Dr 50000 USD"]);
  assert.deepEqual(await linesOf(trade!.buyerEntryId!), ["1200 Dr 100000 CAD", "2500 Cr 100000 CAD"]);
});

test("consolidation matches the hand-computed figures to the minor unit, translation reserve included", async () => {
  const result = await inTransaction(db, (tx) => consolidate(tx, controller, FEBRUARY));
  const c1Summary = result.entities.find((e) => e.entityCode === "C1")!;
  assert.equal(c1Summary.closingRatePpm, 720_000n);
  assert.equal(c1Summary.averageRatePpm, 730_000n);
  assert.equal(c1Summary.translationReserveMinor, -39_600n, "CAD weakened: a 396.00 debit to the reserve");
  assert.equal(result.entities.find((e) => e.entityCode === "P1")!.translationReserveMinor, 0n);
  const closing = Object.fromEntries(result.accounts.map((a) => [a.accountCode, a.closingMinor]));
  assert.deepEqual(closing, {
    "1000": 1_191_200n, "1100": 288_000n, "1200": 100_000n, "1400": 0n, "2500": 0n, "3000": -1_350_000n,
    "4000": -298_000n, "4500": 0n, "5000": 29_200n, [TRANSLATION_RESERVE_CODE]: 39_600n,
  });
  const inventory = accountOf(result, "1200");
  assert.deepEqual(inventory.entities.map((e) => [e.entityCode, e.localClosingMinor, e.closingMinor]), [["C1", 100_000n, 72_000n], ["P1", 50_000n, 50_000n]]);
  assert.equal(inventory.elimination.closingMinor, -22_000n, "unrealized profit on the five units C1 still holds");
  const revenue = accountOf(result, "4000");
  assert.deepEqual([revenue.openingMinor, revenue.movementMinor], [-225_000n, -73_000n], "January at 0.75, February at 0.73");
});

test("the intercompany sale eliminates to zero and the consolidated statements balance", async () => {
  const result = await inTransaction(db, (tx) => consolidate(tx, controller, FEBRUARY));
  for (const code of ["1400", "2500", "4500"]) {
    const row = accountOf(result, code);
    assert.notEqual(row.entities.reduce((t, e) => t + e.closingMinor, 0n), 0n, `${code} has entity balances before elimination`);
    assert.equal(row.closingMinor, 0n, `${code} eliminates to zero`);
  }
  assert.equal(result.eliminations.find((e) => e.key === "ic_balances")!.lines.some((l) => l.accountCode === "IC-DIFF"), false, "receivable and payable match");
  const [revenues, expenses] = result.incomeStatement.sections;
  assert.deepEqual(revenues!.lines.map((l) => [l.accountCode, l.amountMinor]), [["4000", 73_000n]]);
  assert.deepEqual(expenses!.lines.map((l) => [l.accountCode, l.amountMinor]), [["5000", 29_200n]]);
  assert.equal(result.incomeStatement.netIncomeMinor, 43_800n);
  assert.equal(result.balanceSheet.totalAssetsMinor, 1_579_200n);
  assert.equal(result.balanceSheet.totalLiabilitiesAndEquityMinor, 1_579_200n);
  const equity = Object.fromEntries(result.balanceSheet.sections[2]!.lines.map((l) => [l.key, l.amountMinor]));
  assert.deepEqual(equity, { "account:3000": 1_350_000n, [`account:${TRANSLATION_RESERVE_CODE}`]: -39_600n, "earnings:before": 225_000n, "earnings:period": 43_800n });
});

test("a period before the subsidiary's first rate is refused with the missing pair named", async () => {
  await rejectsWithCode(() => inTransaction(db, (tx) => consolidate(tx, controller, { ...FEBRUARY, from: "2025-12-01", to: "2025-12-31" })), "CONSOLIDATION_RATE_NOT_FOUND");
  await rejectsWithCode(() => inTransaction(db, (tx) => consolidate(tx, { userId: null, username: "w", roles: ["warehouse"] }, FEBRUARY)), "AUTH_FORBIDDEN");
});

test("the intercompany reconciliation lists trades awaiting approval and IC balances no trade explains", async () => {
  const clean = await inTransaction(db, (tx) => intercompanyReconciliation(tx, controller, { asOf: "2026-02-28" }));
  assert.deepEqual(clean.mismatches, [], "the approved trade's two sides match");
  assert.ok(clean.accounts.every((a) => a.unexplainedMinor === 0n));
  await inTransaction(db, (tx) => requestIntercompanySale(tx, buyer, { ...SALE, tradeDate: "2026-02-25", idempotencyKey: "ic-sale-2" }));
  const icReceivable = (await db.select().from(account).where(eq(account.entityId, p1.entityId))).find((a) => a.code === "1400")!;
  await post(p1, "2026-02-26", icReceivable.id, p1.accounts.revenue, 1_000n);
  const report = await inTransaction(db, (tx) => intercompanyReconciliation(tx, controller, { asOf: "2026-02-28" }));
  assert.deepEqual(report.mismatches.map((m) => [m.reason, m.expectedMinor, m.postedMinor]), [["awaiting_approval", 72_000n, 0n]]);
  const p1Receivable = report.accounts.find((a) => a.entityCode === "P1" && a.role === "ic_receivable")!;
  assert.deepEqual([p1Receivable.balanceMinor, p1Receivable.fromTradesMinor, p1Receivable.unexplainedMinor], [73_000n, 72_000n, 1_000n]);
  const result = await inTransaction(db, (tx) => consolidate(tx, controller, FEBRUARY));
  const difference = result.eliminations.find((e) => e.key === "ic_balances")!.lines.find((l) => l.accountCode === "IC-DIFF");
  assert.equal(difference?.closingMinor, 1_000n, "consolidation shows the unmatched 10.00 instead of hiding it");
  assert.equal(result.balanceSheet.totalAssetsMinor, result.balanceSheet.totalLiabilitiesAndEquityMinor);
});
