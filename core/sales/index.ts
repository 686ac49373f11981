// The sales context's public surface for the order desk (pricing, quotes, available-to-promise,
// orders with allocation and backorders, credit control). Other contexts and app/ import this
// file. Fulfilment, invoicing, payments, receivables and returns have their own index files.
// Importing it registers the pricing_override and credit_release approval handlers.
import "./orders/approval-handlers";

export { SalesError, SalesWarning, type SalesErrorCode, type SalesWarningCode, type SalesWarningItem } from "./errors";

// Pricing.
export {
  MARGIN_FLOOR_BPS, CUSTOMER_TIERS, marginFloorBps, chooseBreak, choosePromotion, convertUnitPrice, applyDiscountPpm, marginBpsOf, decidePrice,
  type CustomerTier, type PriceSource, type LinePriceSource, type PriceCandidate, type PromotionCandidate, type OrderedUnit, type PriceDecision,
} from "./pricing/rules";
export { resolvePrice, lookupPrice, loadPricingBasis, marginOfBasis, ResolvePriceInput, type ResolvedPrice, type ResolvePriceRequest, type PricingBasis } from "./pricing/resolve-price";
export { unitCostOf, type UnitCost, type CostBasis } from "./pricing/unit-cost";

// Available-to-promise.
export { availableToPromise, computeAtp, AvailableToPromiseInput, type AvailableToPromise, type AtpWarehouse, type AtpQueue } from "./atp/available-to-promise";
export { listScheduledReceipts, FIRM_PURCHASE_ORDER_STATUSES, type ScheduledReceipt } from "./atp/scheduled-receipts";
export { promiseDateOf, canShipNow, bestPromise, type WarehouseSupply } from "./atp/timeline";

// Quotes.
export { createQuote, CreateQuoteInput, type CreatedQuote, type QuoteLineMargin } from "./quotes/commands/create-quote";
export { convertQuoteToOrder, ConvertQuoteToOrderInput, type ConvertedQuote } from "./quotes/commands/convert-quote-to-order";
export { expireQuotes, ExpireQuotesInput } from "./quotes/commands/expire-quotes";
export { getQuoteOrThrow, type SalesQuoteDetail, type SalesQuoteLineDetail, type SalesQuoteRow, type SalesQuoteLineRow } from "./quotes/queries/get-quote";
export { quoteConversionRate, QuoteConversionRateInput, type QuoteConversionRow } from "./quotes/queries/quote-conversion-rate";
export { listQuotes, ListQuotesInput, QUOTES_PAGE_SIZE_MAX, type QuoteListRow } from "./quotes/queries/list-quotes";

// Sales orders.
export {
  ORDER_STATUSES, LINE_STATUSES, ORDER_CHANNELS, RELEASED_ORDER_STATUSES, ALLOCATABLE_LINE_STATUSES,
  lineStatusOf, orderStatusOf, quantitiesOf, openQtyOf, unallocatedQtyOf, lineValueMinor, baseQtyValueMinor,
  type OrderStatus, type LineStatus, type OrderChannel, type LineQuantities, type SalesOrderRow, type SalesOrderLineRow,
} from "./orders/status";
export { PRIORITY_BY_TIER, priorityOfTier, type QueuePosition } from "./orders/priority";
export { EnterSalesOrderInput, OrderLineInput, ORDER_LINES_MAX } from "./orders/inputs";
export { enterSalesOrder } from "./orders/commands/enter-sales-order";
export type { EnteredSalesOrder } from "./orders/place-order";
export { acceptSubstitute, AcceptSubstituteInput, type AcceptedSubstitute } from "./orders/commands/accept-substitute";
export { cancelOrderLine, CancelOrderLineInput } from "./orders/commands/cancel-order-line";
export { cancelSalesOrder, CancelSalesOrderInput } from "./orders/commands/cancel-sales-order";
export type { CancellationResult, CancelledLine } from "./orders/cancellation";
export { reallocateBackorders, ReallocateBackordersInput, type ReallocationResult } from "./orders/commands/reallocate-backorders";
export type { ReallocatedLine } from "./orders/reallocation";
export { refreshOrderStatus } from "./orders/allocation";
export { getSalesOrderOrThrow, type SalesOrderDetail, type SalesOrderLineDetail } from "./orders/queries/get-sales-order";
export { listSalesOrders, ListSalesOrdersInput, ORDERS_PAGE_SIZE_MAX, type SalesOrderListRow } from "./orders/queries/list-sales-orders";
export { listBackorders, ListBackordersInput, BACKORDERS_LIMIT_MAX, type BackorderRow } from "./orders/queries/list-backorders";
export { getLineProposals, LineProposalsInput } from "./orders/queries/line-proposals";
export type { LineProposals, SubstituteProposal, WarehouseProposal } from "./orders/proposals";
export type { SupplierLeadTime } from "./orders/lead-time";

// Credit control.
export { creditExposure, CreditExposureInput, type CreditPosition } from "./credit/exposure";
export { listCreditHolds, ListCreditHoldsInput, type CreditHoldRow } from "./credit/list-credit-holds";

// Fulfilment, invoicing, payments, receivables and returns (each folder has its own index).
// Importing returns registers the return_authorization approval handler.
export * from "./fulfilment";
export * from "./invoicing";
export * from "./payments";
export * from "./receivables";
export * from "./returns";
