// Invoicing's public surface: invoices from shipments (Dr AR, Cr Revenue and Sales tax payable),
// batch invoicing of what has shipped, invoice reads and customer statements.
export { InvoicingError, type InvoicingErrorCode, INVOICE_LINES_MAX, INVOICES_PAGE_MAX, INVOICE_BATCH_MAX, STATEMENT_LINES_MAX } from "./errors";
export { invoiceShipment, InvoiceShipmentInput } from "./commands/invoice-shipment";
export { invoiceUninvoicedShipments, InvoiceUninvoicedShipmentsInput, type InvoiceBatchResult } from "./commands/invoice-uninvoiced-shipments";
export { getInvoiceOrThrow, listInvoices, ListInvoicesInput, type InvoiceDetail, type InvoiceLineDetail, type InvoiceListRow } from "./queries/invoices";
export { customerStatement, CustomerStatementInput, type CustomerStatement, type StatementSection, type StatementLine } from "./queries/customer-statement";
export { orderLineValueMinor, invoiceLineNetMinor, taxMinorOf, documentTotals, type DocumentTotals } from "./amounts";
