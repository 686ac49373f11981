// The public surface of purchasing and payables; other contexts and app/ import only this file.
// Importing it registers the purchase_order and payment_run approval handlers.
import { registerApprovalHandler } from "../governance/approvals";
import { purchaseOrderApprovalHandler } from "./orders/submit-purchase-order";
import { paymentRunApprovalHandler } from "./payables/payment-runs";

registerApprovalHandler("purchase_order", purchaseOrderApprovalHandler);
registerApprovalHandler("payment_run", paymentRunApprovalHandler);

export { PurchasingError, type PurchasingErrorCode } from "./errors";
export * from "./limits";

// Supplier items
export { upsertSupplierItem, UpsertSupplierItemInput, type SupplierItemRow } from "./supplier-items/upsert-supplier-item";
export { listSupplierItems, findSupplierItem, type SupplierItemListRow } from "./supplier-items/list-supplier-items";

// Purchase orders
export { createPurchaseOrder, CreatePurchaseOrderInput, type PurchaseOrderResult } from "./orders/create-purchase-order";
export { submitPurchaseOrder, SubmitPurchaseOrderInput } from "./orders/submit-purchase-order";
export {
  confirmPurchaseOrderLine, ConfirmPurchaseOrderLineInput, cancelPurchaseOrderLine, CancelPurchaseOrderLineInput, cancelPurchaseOrder, CancelPurchaseOrderInput,
} from "./orders/change-purchase-order";
export {
  getPurchaseOrderOrThrow, listPurchaseOrders, listScheduledReceipts,
  type PurchaseOrderDetail, type PurchaseOrderLineDetail, type PurchaseOrderSummary, type ScheduledReceipt,
} from "./orders/queries";
export { lineQuantities, statusFromLines, type PurchaseOrderStatus, type PurchaseOrderRow, type PurchaseOrderLineRow } from "./orders/status";

// Receiving
export { receivePurchaseOrder, ReceivePurchaseOrderInput, type ReceiptResult } from "./receiving/receive-purchase-order";
export { getPurchaseReceiptOrThrow, type PurchaseReceiptDetail } from "./receiving/queries";

// Supplier invoices and three-way match
export { enterSupplierInvoice, EnterSupplierInvoiceInput, type SupplierInvoiceResult } from "./invoices/enter-supplier-invoice";
export { resolveMatchException, ResolveMatchExceptionInput } from "./invoices/resolve-match-exception";
export { getSupplierInvoiceOrThrow, listSupplierInvoices, type SupplierInvoiceDetail, type SupplierInvoiceSummary, type SupplierInvoiceStatus } from "./invoices/queries";
export { grniReconciliation, apReconciliation, type SubledgerReconciliation } from "./invoices/reconciliation";

// Landed cost
export { addLandedCost, AddLandedCostInput } from "./landed-cost/add-landed-cost";
export { getLandedCostChargeOrThrow, type LandedCostChargeDetail } from "./landed-cost/queries";

// Payables
export { proposePaymentRun, ProposePaymentRunInput, submitPaymentRun, executePaymentRun, cancelPaymentRun, PaymentRunIdInput, CancelPaymentRunInput } from "./payables/payment-runs";
export { paySupplierInvoice, PaySupplierInvoiceInput, type SupplierPaymentResult } from "./payables/pay-supplier-invoice";
export { getPaymentRunOrThrow, getSupplierPaymentOrThrow, type PaymentRunDetail, type SupplierPaymentDetail } from "./payables/queries";
export { apAging, ApAgingInput, AGING_BUCKETS, type ApAging, type ApAgingRow, type AgingBucket } from "./payables/ap-aging";

// Supplier rebates
export { createRebateAgreement, CreateRebateAgreementInput, type RebateAgreementRow } from "./rebates/agreements";
export { accrueSupplierRebates, AccrueSupplierRebatesInput, type RebateAccrualRow } from "./rebates/accrue-supplier-rebates";
export { settleRebateAgreement, SettleRebateAgreementInput, type RebateSettlement } from "./rebates/settle-rebate-agreement";
export { collectRebateClaim, CollectRebateClaimInput, type RebateCollection } from "./rebates/collect-rebate-claim";

// Replenishment planning, transfer orders with in-transit stock, and cycle counts.
export * from "./planning";
export * from "./transfers";
export * from "./counts";

// Lists for the procure-to-pay pages and API (receiving queue, invoiceable lines, receipts, payment runs, landed-cost preview).
export * from "./queries";
