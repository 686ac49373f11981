// Stable error codes of the sales context (order desk: pricing, quotes, ATP, orders, credit).
// Codes are API: never rename or reuse one; retire it with a comment instead.
export const SalesError = {
  CUSTOMER_NOT_FOUND: "SALES_CUSTOMER_NOT_FOUND",
  CUSTOMER_INACTIVE: "SALES_CUSTOMER_INACTIVE",
  SHIP_TO_INVALID: "SALES_SHIP_TO_INVALID",
  ITEM_NOT_FOUND: "SALES_ITEM_NOT_FOUND",
  ITEM_INACTIVE: "SALES_ITEM_INACTIVE",
  WAREHOUSE_INVALID: "SALES_WAREHOUSE_INVALID",
  PRICE_NOT_FOUND: "SALES_PRICE_NOT_FOUND",
  ORDER_NOT_FOUND: "SALES_ORDER_NOT_FOUND",
  ORDER_NOT_OPEN: "SALES_ORDER_NOT_OPEN",
  ORDER_ON_CREDIT_HOLD: "SALES_ORDER_ON_CREDIT_HOLD",
  ORDER_LINE_NOT_FOUND: "SALES_ORDER_LINE_NOT_FOUND",
  ORDER_LINE_NOT_OPEN: "SALES_ORDER_LINE_NOT_OPEN",
  ORDER_LINE_ON_PRICING_HOLD: "SALES_ORDER_LINE_ON_PRICING_HOLD",
  NOTHING_TO_SUBSTITUTE: "SALES_NOTHING_TO_SUBSTITUTE",
  SUBSTITUTE_NOT_CONFIGURED: "SALES_SUBSTITUTE_NOT_CONFIGURED",
  QUOTE_NOT_FOUND: "SALES_QUOTE_NOT_FOUND",
  QUOTE_NOT_OPEN: "SALES_QUOTE_NOT_OPEN",
  QUOTE_EXPIRED: "SALES_QUOTE_EXPIRED",
  QUOTE_LINE_NOT_FOUND: "SALES_QUOTE_LINE_NOT_FOUND",
  QUOTE_QTY_EXCEEDED: "SALES_QUOTE_QTY_EXCEEDED",
  QUOTE_DATES_INVALID: "SALES_QUOTE_DATES_INVALID",
  APPROVAL_PAYLOAD_INVALID: "SALES_APPROVAL_PAYLOAD_INVALID",
} as const;
export type SalesErrorCode = (typeof SalesError)[keyof typeof SalesError];

/** Warnings an order desk command returns beside its result; they never stop the command. */
export const SalesWarning = {
  DUPLICATE_PO_NUMBER: "SALES_DUPLICATE_PO_NUMBER",
} as const;
export type SalesWarningCode = (typeof SalesWarning)[keyof typeof SalesWarning];

export type SalesWarningItem = { code: SalesWarningCode; message: string; details: Record<string, unknown> };
