// Tolerances and bounds of purchasing and payables. Rates are parts per million of the PO figure.

/** A receipt may exceed the open PO quantity by this share of the (confirmed) ordered quantity. */
export const OVER_RECEIPT_TOLERANCE_PPM = 50_000n;
/** An invoice unit price may differ from the PO price by this share and still match. */
export const PRICE_TOLERANCE_PPM = 20_000n;

export const PO_LINES_MAX = 500;
export const RECEIPT_LINES_MAX = 500;
export const INVOICE_LINES_MAX = 500;
export const LIST_ROWS_MAX = 500;
export const SCHEDULED_RECEIPTS_MAX = 5_000;
/** Receipt lines one invoice line may clear, FIFO (one per partial receipt of a PO line). */
export const RECEIPTS_PER_PO_LINE_MAX = 1_000;
export const PAYMENT_RUN_INVOICES_MAX = 2_000;
export const AGING_ROWS_MAX = 5_000;
export const BACKORDERS_LISTED_MAX = 199;
export const REBATE_TIERS_MAX = 20;
export const SUPPLIER_ITEMS_MAX = 1_000;
