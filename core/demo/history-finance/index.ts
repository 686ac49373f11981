// Record-to-report history of the demo distributor (issue 9): intercompany partners and customer
// rebate agreements before the sales history, intercompany sales and rebate settlements at each
// month boundary of it, and the month-end close of every period but the most recent ones after it.
export { setupFinanceHistory, quartersBetween, rebateCustomers, QUARTERLY_TIERS, REBATE_CUSTOMERS_PER_ENTITY, REBATE_CATEGORY_CODE, type RebateQuarter } from "./setup";
export { financeMonthEnd, runIntercompanySale, settleEndedRebates, TRADE_ROUTES, TRADE_LINES, TRANSFER_MARKUP_PERCENT, type TradeRoute, type MonthBoundary } from "./month-end";
export { closeHistoricPeriods, monthStartBefore, OPEN_MONTHS, type ClosedPeriod } from "./close";
