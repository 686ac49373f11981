import { assert } from "../../shared/assert";
import type {
  AccountBalance, BalanceSheet, CashFlowSummary, IncomeStatement, StatementLine, StatementSection, TrialBalanceLine,
} from "./types";

type DraftLine = Omit<StatementLine, "compareMinor">;
type DraftSection = { key: string; title: string; lines: DraftLine[] };

const movementOf = (row: AccountBalance): bigint => row.debitMinor - row.creditMinor;

function accountLine(row: AccountBalance, amountMinor: bigint, label = `${row.accountCode} ${row.accountName}`): DraftLine {
  return { key: `account:${row.accountCode}`, label, accountId: row.accountId, accountCode: row.accountCode, amountMinor };
}

function sumLines(lines: readonly { amountMinor: bigint }[]): bigint {
  return lines.reduce((total, line) => total + line.amountMinor, 0n);
}

/** Lines of one account type, in the type's natural sign, zero figures left out. */
function typeLines(rows: readonly AccountBalance[], type: AccountBalance["accountType"], figure: (row: AccountBalance) => bigint): DraftLine[] {
  return rows.filter((row) => row.accountType === type)
    .map((row) => accountLine(row, figure(row)))
    .filter((line) => line.amountMinor !== 0n);
}

export function incomeDraft(rows: readonly AccountBalance[]): DraftSection[] {
  return [
    { key: "revenue", title: "Revenue", lines: typeLines(rows, "revenue", (row) => -movementOf(row)) },
    { key: "expense", title: "Expenses", lines: typeLines(rows, "expense", (row) => movementOf(row)) },
  ];
}

/** Net income of the period: revenue less expenses (credit minus debit over both types). */
export function netIncomeOf(rows: readonly AccountBalance[]): bigint {
  return rows.filter((row) => row.accountType === "revenue" || row.accountType === "expense")
    .reduce((total, row) => total - movementOf(row), 0n);
}

/**
 * Assets, liabilities and equity at the period end. Revenue and expense accounts are never
 * closed into retained earnings by Keel, so their balances show in equity as two lines:
 * earnings before the period and earnings of the period.
 */
export function balanceDraft(rows: readonly AccountBalance[], fromLabel: string): DraftSection[] {
  const earningsBefore = rows.filter((row) => row.accountType === "revenue" || row.accountType === "expense")
    .reduce((total, row) => total - row.openingMinor, 0n);
  const equity = typeLines(rows, "equity", (row) => -row.closingMinor);
  equity.push({ key: "earnings:before", label: `Earnings before ${fromLabel}`, accountId: null, accountCode: null, amountMinor: earningsBefore });
  equity.push({ key: "earnings:period", label: "Current-period earnings", accountId: null, accountCode: null, amountMinor: netIncomeOf(rows) });
  return [
    { key: "assets", title: "Assets", lines: typeLines(rows, "asset", (row) => row.closingMinor) },
    { key: "liabilities", title: "Liabilities", lines: typeLines(rows, "liability", (row) => -row.closingMinor) },
    { key: "equity", title: "Equity", lines: equity },
  ];
}

/**
 * Indirect method: net income, then the change of every non-cash asset and liability
 * (operating; the chart has no investing accounts) and of equity accounts (financing).
 * The sections sum to the change in the accounts the "cash" role posts to.
 */
export function cashFlowDraft(rows: readonly AccountBalance[]): DraftSection[] {
  const operating: DraftLine[] = [{ key: "net-income", label: "Net income", accountId: null, accountCode: null, amountMinor: netIncomeOf(rows) }];
  for (const row of rows) {
    if (row.isCash) continue;
    if (row.accountType !== "asset" && row.accountType !== "liability") continue;
    const amountMinor = -movementOf(row);
    if (amountMinor !== 0n) operating.push(accountLine(row, amountMinor, `Change in ${row.accountCode} ${row.accountName}`));
  }
  const financing = rows.filter((row) => row.accountType === "equity" && !row.isCash)
    .map((row) => accountLine(row, -movementOf(row), `Change in ${row.accountCode} ${row.accountName}`))
    .filter((line) => line.amountMinor !== 0n);
  return [
    { key: "operating", title: "Operating activities", lines: operating },
    { key: "financing", title: "Financing activities", lines: financing },
  ];
}

export function cashOf(rows: readonly AccountBalance[]): { openingMinor: bigint; closingMinor: bigint } {
  const cash = rows.filter((row) => row.isCash);
  return { openingMinor: cash.reduce((t, r) => t + r.openingMinor, 0n), closingMinor: cash.reduce((t, r) => t + r.closingMinor, 0n) };
}

/** Joins a period's sections with the comparison period's, line by line on their keys. */
export function withComparison(current: readonly DraftSection[], compare: readonly DraftSection[] | null): StatementSection[] {
  return current.map((section) => {
    const prior = compare?.find((s) => s.key === section.key) ?? null;
    const priorByKey = new Map((prior?.lines ?? []).map((line) => [line.key, line]));
    const lines: StatementLine[] = section.lines.map((line) => ({ ...line, compareMinor: compare ? (priorByKey.get(line.key)?.amountMinor ?? 0n) : null }));
    const seen = new Set(section.lines.map((line) => line.key));
    for (const line of prior?.lines ?? []) {
      if (!seen.has(line.key)) lines.push({ ...line, amountMinor: 0n, compareMinor: line.amountMinor });
    }
    return { key: section.key, title: section.title, lines, totalMinor: sumLines(section.lines), compareTotalMinor: prior ? sumLines(prior.lines) : null };
  });
}

export function buildIncomeStatement(rows: readonly AccountBalance[], compare: readonly AccountBalance[] | null): IncomeStatement {
  const sections = withComparison(incomeDraft(rows), compare ? incomeDraft(compare) : null);
  const netIncomeMinor = netIncomeOf(rows);
  assert((sections[0]?.totalMinor ?? 0n) - (sections[1]?.totalMinor ?? 0n) === netIncomeMinor, "income statement sections sum to net income");
  return { sections, netIncomeMinor, compareNetIncomeMinor: compare ? netIncomeOf(compare) : null };
}

function assetsAndClaims(sections: readonly DraftSection[]): { assets: bigint; claims: bigint } {
  const total = (key: string) => sumLines(sections.find((s) => s.key === key)?.lines ?? []);
  return { assets: total("assets"), claims: total("liabilities") + total("equity") };
}

export function buildBalanceSheet(rows: readonly AccountBalance[], fromLabel: string, compare: readonly AccountBalance[] | null, compareFromLabel = fromLabel): BalanceSheet {
  const current = balanceDraft(rows, fromLabel);
  const prior = compare ? balanceDraft(compare, compareFromLabel) : null;
  const totals = assetsAndClaims(current);
  // Every posted entry balances, so the sheet must; a difference is a bug, never a display issue.
  assert(totals.assets === totals.claims, `balance sheet does not balance: ${totals.assets} vs ${totals.claims}`);
  const priorTotals = prior ? assetsAndClaims(prior) : null;
  return {
    sections: withComparison(current, prior), totalAssetsMinor: totals.assets, totalLiabilitiesAndEquityMinor: totals.claims,
    compareTotalAssetsMinor: priorTotals?.assets ?? null, compareTotalLiabilitiesAndEquityMinor: priorTotals?.claims ?? null,
  };
}

export function buildCashFlow(rows: readonly AccountBalance[], compare: readonly AccountBalance[] | null): CashFlowSummary {
  const current = cashFlowDraft(rows);
  const sections = withComparison(current, compare ? cashFlowDraft(compare) : null);
  const cash = cashOf(rows);
  const netChangeMinor = sections.reduce((total, s) => total + s.totalMinor, 0n);
  assert(netChangeMinor === cash.closingMinor - cash.openingMinor, "cash flow sections sum to the change in cash");
  const priorCash = compare ? cashOf(compare) : null;
  return {
    sections, openingCashMinor: cash.openingMinor, netChangeMinor, closingCashMinor: cash.closingMinor,
    compareOpeningCashMinor: priorCash?.openingMinor ?? null,
    compareNetChangeMinor: priorCash ? priorCash.closingMinor - priorCash.openingMinor : null,
    compareClosingCashMinor: priorCash?.closingMinor ?? null,
  };
}

export function buildTrialBalance(rows: readonly AccountBalance[]): TrialBalanceLine[] {
  const lines = rows.map((row) => ({
    accountId: row.accountId, accountCode: row.accountCode, accountName: row.accountName, accountType: row.accountType,
    openingMinor: row.openingMinor, debitMinor: row.debitMinor, creditMinor: row.creditMinor, closingMinor: row.closingMinor,
  }));
  assert(sumLines(lines.map((l) => ({ amountMinor: l.closingMinor }))) === 0n, "trial balance closing balances sum to zero");
  return lines;
}
