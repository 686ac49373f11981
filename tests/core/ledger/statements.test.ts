// Proves the financial statements of one entity read the posted journal exactly: a hand-worked
// set of entries over January and February gives the income statement, balance sheet (with
// earnings before and of the period), indirect cash flow and trial balance figure by figure,
// with January as the comparison; each figure names the account it drills down to.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import { postJournal } from "../../../core/ledger";
import { financialStatements, sectionsCsv, trialBalanceCsv, type StatementSection } from "../../../core/ledger/statements";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";
import { rejectsWithCode } from "../../support/assertions";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db);
const a = fx.accounts;

async function post(date: string, debitAccount: number, creditAccount: number, amount: bigint) {
  await inTransaction(db, (tx) => postJournal(tx, SYSTEM_ACTOR, {
    entityId: fx.entityId, postingDate: date, eventType: "test.manual", sourceType: "test", sourceId: null, description: `test ${date}`,
    lines: [{ accountId: debitAccount, debitMinor: amount, creditMinor: 0n }, { accountId: creditAccount, debitMinor: 0n, creditMinor: amount }],
  }));
}

await post("2026-01-10", a.inventory, a.openingEquity, 100_000n);
await post("2026-01-20", a.ar, a.revenue, 50_000n);
await post("2026-01-20", a.cogs, a.inventory, 30_000n);
await post("2026-02-05", a.cash, a.ar, 40_000n);
await post("2026-02-10", a.ar, a.revenue, 20_000n);
await post("2026-02-10", a.cogs, a.inventory, 12_000n);
await post("2026-02-15", a.inventory, a.ap, 25_000n);
await post("2026-02-20", a.ap, a.cash, 10_000n);
// After the period: must not show in February's figures.
await post("2026-03-02", a.cash, a.revenue, 99_999n);

const FEBRUARY = { entityId: fx.entityId, from: "2026-02-01", to: "2026-02-28", compareFrom: "2026-01-01", compareTo: "2026-01-31" };

function figures(section: StatementSection | undefined): Record<string, [bigint, bigint | null]> {
  assert.ok(section, "section exists");
  return Object.fromEntries(section.lines.map((line) => [line.accountCode ?? line.key, [line.amountMinor, line.compareMinor]]));
}

test("the income statement shows the period's revenue and expenses beside the comparison period", async () => {
  const s = await inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, FEBRUARY));
  const [revenue, expense] = s.incomeStatement.sections;
  assert.deepEqual(figures(revenue), { "4000": [20_000n, 50_000n] });
  assert.deepEqual(figures(expense), { "5000": [12_000n, 30_000n] });
  assert.equal(s.incomeStatement.netIncomeMinor, 8_000n);
  assert.equal(s.incomeStatement.compareNetIncomeMinor, 20_000n);
  assert.equal(revenue!.lines[0]!.accountId, a.revenue, "the figure drills down to its account");
});

test("the balance sheet balances with earnings before and of the period in equity", async () => {
  const s = await inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, FEBRUARY));
  const [assets, liabilities, equity] = s.balanceSheet.sections;
  assert.deepEqual(figures(assets), { "1000": [30_000n, 0n], "1100": [30_000n, 50_000n], "1200": [83_000n, 70_000n] });
  assert.deepEqual(figures(liabilities), { "2000": [15_000n, 0n] });
  assert.deepEqual(figures(equity), { "3000": [100_000n, 100_000n], "earnings:before": [20_000n, 0n], "earnings:period": [8_000n, 20_000n] });
  assert.equal(s.balanceSheet.totalAssetsMinor, 143_000n);
  assert.equal(s.balanceSheet.totalLiabilitiesAndEquityMinor, 143_000n);
  assert.equal(s.balanceSheet.compareTotalAssetsMinor, 120_000n);
  assert.equal(s.balanceSheet.compareTotalLiabilitiesAndEquityMinor, 120_000n);
});

test("the indirect cash flow explains the change in cash from net income and balance-sheet movements", async () => {
  const s = await inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, FEBRUARY));
  const [operating, financing] = s.cashFlow.sections;
  assert.deepEqual(figures(operating), {
    "net-income": [8_000n, 20_000n], "1100": [20_000n, -50_000n], "1200": [-13_000n, -70_000n], "2000": [15_000n, 0n],
  });
  assert.deepEqual(figures(financing), { "3000": [0n, 100_000n] });
  assert.equal(s.cashFlow.openingCashMinor, 0n);
  assert.equal(s.cashFlow.netChangeMinor, 30_000n);
  assert.equal(s.cashFlow.closingCashMinor, 30_000n);
  assert.equal(s.cashFlow.compareNetChangeMinor, 0n);
});

test("the trial balance carries opening, the period's debits and credits, and closing per account", async () => {
  const s = await inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, FEBRUARY));
  const inventory = s.trialBalance.find((line) => line.accountId === a.inventory);
  assert.deepEqual(inventory && [inventory.openingMinor, inventory.debitMinor, inventory.creditMinor, inventory.closingMinor], [70_000n, 25_000n, 12_000n, 83_000n]);
  assert.equal(s.trialBalance.reduce((total, line) => total + line.closingMinor, 0n), 0n);
  const csv = trialBalanceCsv(s.trialBalance, 2);
  assert.match(csv, /^account_code,account_name,type,opening,debit,credit,closing\r\n/);
  assert.match(csv, /\r\n1200,Inventory,asset,700\.00,250\.00,120\.00,830\.00\r\n/);
  assert.match(sectionsCsv(s.incomeStatement.sections, 2, true), /\r\nRevenue,4000 Sales,4000,200\.00,500\.00\r\n/);
});

test("refuses a reader without ledger rights and a period that ends before it starts", async () => {
  const warehouse: Actor = { userId: null, username: "picker", roles: ["warehouse"] };
  await rejectsWithCode(() => inTransaction(db, (tx) => financialStatements(tx, warehouse, FEBRUARY)), "AUTH_FORBIDDEN");
  await rejectsWithCode(() => inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, { ...FEBRUARY, from: "2026-03-01" })), "VALIDATION_FAILED");
  await rejectsWithCode(() => inTransaction(db, (tx) => financialStatements(tx, SYSTEM_ACTOR, { ...FEBRUARY, entityId: 999_999 })), "LEDGER_ENTITY_NOT_FOUND");
});
