// The demo distributor's quote-to-cash history (issue 5, item 9): planned from the seed, loaded
// through the real order desk, fulfilment, invoicing, collections and returns commands.
// Importing core/sales registers the pricing_override, credit_release and return_authorization handlers.
import "../../sales";

export { loadSalesHistory, type SalesHistorySummary, type MonthEndHook } from "./load";
export { planSalesHistory, planDigest, planCounts, historyWindow, HISTORY_STREAM } from "./plan";
export { HISTORY_MONTHS } from "./calendar";
export type { SalesHistoryPlan, EntityPlan, PlannedOrder, PlannedQuote, PlannedLine, PlannedCustomer, PayerProfile } from "./types";
