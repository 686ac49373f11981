export * from "./types";
export { financialStatements, StatementsInput } from "./financial-statements";
export { loadAccountBalances, dayBefore, STATEMENT_ACCOUNTS_MAX } from "./balances";
export { buildBalanceSheet, buildCashFlow, buildIncomeStatement, buildTrialBalance, withComparison, netIncomeOf } from "./build";
export { sectionsCsv, trialBalanceCsv, STATEMENT_KINDS, type StatementKind } from "./csv";
