/** Error codes of cycle counts. Codes are API: never rename or reuse one. */
export const CountError = {
  NOT_FOUND: "COUNT_NOT_FOUND",
  STATE: "COUNT_STATE",
  WAREHOUSE_INVALID: "COUNT_WAREHOUSE_INVALID",
  NO_ITEMS: "COUNT_NO_ITEMS",
  TOO_MANY_ITEMS: "COUNT_TOO_MANY_ITEMS",
  ITEM_NOT_FOUND: "COUNT_ITEM_NOT_FOUND",
  ITEM_NOT_ON_LIST: "COUNT_ITEM_NOT_ON_LIST",
  INCOMPLETE: "COUNT_INCOMPLETE",
} as const;

export type CountErrorCode = (typeof CountError)[keyof typeof CountError];
