// Invoicing's and the AR subledger's stable error codes: API, never renamed or reused.
import { SalesError } from "../errors";

export const InvoicingError = {
  SHIPMENT_NOT_SHIPPED: "SALES_SHIPMENT_NOT_SHIPPED",
  SHIPMENT_ALREADY_INVOICED: "SALES_SHIPMENT_ALREADY_INVOICED",
  INVOICE_NOT_FOUND: "SALES_INVOICE_NOT_FOUND",
  CUSTOMER_NOT_FOUND: SalesError.CUSTOMER_NOT_FOUND,
} as const;
export type InvoicingErrorCode = (typeof InvoicingError)[keyof typeof InvoicingError];

export const INVOICE_LINES_MAX = 500;
export const INVOICES_PAGE_MAX = 200;
/** Shipments one invoicing batch takes at most; a longer backlog takes several runs. */
export const INVOICE_BATCH_MAX = 200;
export const STATEMENT_LINES_MAX = 2_000;
