/** Error codes of transfer orders. Codes are API: never rename or reuse one. */
export const TransferError = {
  ENTITY_NOT_FOUND: "TRANSFER_ENTITY_NOT_FOUND",
  NOT_FOUND: "TRANSFER_NOT_FOUND",
  STATE: "TRANSFER_STATE",
  WAREHOUSE_INVALID: "TRANSFER_WAREHOUSE_INVALID",
  ITEM_INVALID: "TRANSFER_ITEM_INVALID",
  DUPLICATE_ITEM: "TRANSFER_DUPLICATE_ITEM",
  LINE_NOT_FOUND: "TRANSFER_LINE_NOT_FOUND",
  RECEIVE_EXCEEDS_SHIPPED: "TRANSFER_RECEIVE_EXCEEDS_SHIPPED",
} as const;

export type TransferErrorCode = (typeof TransferError)[keyof typeof TransferError];
