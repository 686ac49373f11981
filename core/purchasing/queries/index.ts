// Read-only lists for the procure-to-pay pages and API; core/purchasing/index.ts re-exports them.
export {
  listOpenReceiptLines, listInvoiceableLines, listPurchaseReceipts, listInvoicesOfPurchaseOrder, listPaymentRuns,
  type OpenReceiptLine, type InvoiceableLine, type ReceiptSummary, type OrderInvoiceSummary, type PaymentRunSummary,
} from "./purchasing-lists";
export { previewLandedCostAllocation, PreviewLandedCostInput, type LandedCostPreviewLine } from "./landed-cost-preview";
