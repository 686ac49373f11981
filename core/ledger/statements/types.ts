/** Account types as the chart of accounts stores them (account.type). */
export type AccountType = "asset" | "liability" | "equity" | "revenue" | "expense";

/**
 * One account's balances around a reporting period, in the entity's base currency.
 * All amounts are debit minus credit; opening is everything posted before the period.
 */
export type AccountBalance = {
  entityId: number;
  entityCode: string;
  currency: string;
  accountId: number;
  accountCode: string;
  accountName: string;
  accountType: AccountType;
  /** The account is where the "cash" posting role resolves: cash and bank. */
  isCash: boolean;
  openingMinor: bigint;
  debitMinor: bigint;
  creditMinor: bigint;
  closingMinor: bigint;
};

export type ReportPeriod = { from: string; to: string };

/**
 * A figure on a statement. Amounts are in the section's natural sign (revenue, liabilities and
 * equity positive when credit), so totals read as a person expects them.
 */
export type StatementLine = {
  key: string;
  label: string;
  /** The account behind the figure when there is one (drill-down to its ledger). */
  accountId: number | null;
  accountCode: string | null;
  amountMinor: bigint;
  /** The same figure for the comparison period; null when no comparison was asked for. */
  compareMinor: bigint | null;
};

export type StatementSection = { key: string; title: string; lines: StatementLine[]; totalMinor: bigint; compareTotalMinor: bigint | null };

export type IncomeStatement = { sections: StatementSection[]; netIncomeMinor: bigint; compareNetIncomeMinor: bigint | null };

export type BalanceSheet = {
  sections: StatementSection[];
  totalAssetsMinor: bigint;
  totalLiabilitiesAndEquityMinor: bigint;
  compareTotalAssetsMinor: bigint | null;
  compareTotalLiabilitiesAndEquityMinor: bigint | null;
};

export type CashFlowSummary = {
  sections: StatementSection[];
  openingCashMinor: bigint;
  netChangeMinor: bigint;
  closingCashMinor: bigint;
  compareOpeningCashMinor: bigint | null;
  compareNetChangeMinor: bigint | null;
  compareClosingCashMinor: bigint | null;
};

export type TrialBalanceLine = {
  accountId: number; accountCode: string; accountName: string; accountType: AccountType;
  openingMinor: bigint; debitMinor: bigint; creditMinor: bigint; closingMinor: bigint;
};

export type EntityStatements = {
  entityId: number;
  entityCode: string;
  entityName: string;
  currency: string;
  period: ReportPeriod;
  comparePeriod: ReportPeriod | null;
  trialBalance: TrialBalanceLine[];
  incomeStatement: IncomeStatement;
  balanceSheet: BalanceSheet;
  cashFlow: CashFlowSummary;
};
