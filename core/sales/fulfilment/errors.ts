// Fulfilment's stable error codes: API, never renamed or reused. Order codes are the order
// desk's own (core/sales/errors.ts), so a missing order reads the same everywhere.
import { SalesError } from "../errors";

export const FulfilmentError = {
  ORDER_NOT_FOUND: SalesError.ORDER_NOT_FOUND,
  ORDER_NOT_SHIPPABLE: "SALES_ORDER_NOT_SHIPPABLE",
  ORDER_LINE_NOT_FOUND: SalesError.ORDER_LINE_NOT_FOUND,
  NOTHING_TO_PICK: "SALES_NOTHING_TO_PICK",
  PICK_EXCEEDS_ALLOCATION: "SALES_PICK_EXCEEDS_ALLOCATION",
  SHIPMENT_NOT_FOUND: "SALES_SHIPMENT_NOT_FOUND",
  SHIPMENT_NOT_OPEN: "SALES_SHIPMENT_NOT_OPEN",
  SHIPMENT_EXCEEDS_ALLOCATION: "SALES_SHIPMENT_EXCEEDS_ALLOCATION",
} as const;
export type FulfilmentErrorCode = (typeof FulfilmentError)[keyof typeof FulfilmentError];

export const SHIPMENT_LINES_MAX = 500;
export const SHIPMENTS_PAGE_MAX = 200;
