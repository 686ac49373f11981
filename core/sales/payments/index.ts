// Collections' public surface: customer payments with applications (partial, full, over- and
// under-payment), unapplied cash applied later, credit memos applied to invoices, payment reads.
export { PaymentsError, type PaymentsErrorCode, APPLICATIONS_MAX, PAYMENTS_PAGE_MAX } from "./errors";
export { receiveCustomerPayment, ReceiveCustomerPaymentInput, PAYMENT_METHODS } from "./commands/receive-customer-payment";
export { applyUnappliedCash, ApplyUnappliedCashInput } from "./commands/apply-unapplied-cash";
export { applyCreditMemoToInvoice, ApplyCreditMemoInput } from "./commands/apply-credit-memo";
export { getPaymentOrThrow, listPayments, listInvoiceApplications, ListPaymentsInput, type PaymentDetail, type ApplicationDetail, type PaymentListRow } from "./queries/payments";
